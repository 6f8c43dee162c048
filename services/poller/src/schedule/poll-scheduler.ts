import type { Logger } from '@spotify-pipeline/runtime';
import type { Queue } from 'bullmq';
import type { StateStore } from '../state/state-store.ts';
import type { IntervalBounds } from './next-interval.ts';
import { POLL_JOB_NAME, POLL_JOB_OPTIONS, type PollJobData } from './poll-job.ts';

export interface ReconcileReport {
  readonly created: readonly string[];
  readonly removed: readonly string[];
}

/**
 * One BullMQ job scheduler per active linked account, id = account id. The durable account list
 * (state topics) is the truth; `reconcile()` makes Redis agree with it, which is how schedulers
 * come back after Redis lost them and how one instance picks up links made through another.
 */
export class PollScheduler {
  readonly #queue: Queue<PollJobData>;
  readonly #state: StateStore;
  readonly #bounds: IntervalBounds;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  #stopped = false;

  constructor(queue: Queue<PollJobData>, state: StateStore, bounds: IntervalBounds, logger: Logger) {
    this.#queue = queue;
    this.#state = state;
    this.#bounds = bounds;
    this.#logger = logger;
  }

  /**
   * Creates or changes the scheduler of an account; a new account starts at the active interval and
   * is polled at once. `firstInMs` puts its next poll that far from now instead: BullMQ starts a
   * scheduler whose interval changed at once, which after a poll would be a second poll straight
   * away (skipped as too soon, but a whole job's Redis work: half of all jobs, measured).
   */
  async schedule(accountId: string, intervalMs = this.#bounds.activeMs, firstInMs?: number): Promise<void> {
    await this.#queue.upsertJobScheduler(
      accountId,
      firstInMs === undefined
        ? { every: intervalMs }
        : { every: intervalMs, startDate: Date.now() + firstInMs },
      { name: POLL_JOB_NAME, data: { accountId, intervalMs }, opts: POLL_JOB_OPTIONS },
    );
  }

  async unschedule(accountId: string): Promise<void> {
    await this.#queue.removeJobScheduler(accountId);
  }

  async reconcile(): Promise<ReconcileReport> {
    const schedulers = await this.#queue.getJobSchedulers(0, -1);
    const scheduled = new Set(schedulers.map((s) => s.key));
    const wanted = new Set(
      this.#state
        .accounts()
        .filter((a) => a.status === 'active')
        .map((a) => a.id),
    );
    const created: string[] = [];
    const removed: string[] = [];
    for (const id of wanted) {
      if (scheduled.has(id)) continue;
      await this.schedule(id);
      created.push(id);
    }
    for (const id of scheduled) {
      if (wanted.has(id)) continue;
      await this.unschedule(id);
      removed.push(id);
    }
    if (created.length + removed.length > 0) {
      this.#logger.info({ created, removed }, 'job schedulers reconciled with the linked accounts');
    }
    return { created, removed };
  }

  /** Reconciles now, then every `intervalMs`, and whenever an account changes. */
  start(intervalMs: number): void {
    const run = () => {
      if (this.#stopped) return;
      this.#running = this.#running
        .then(() => this.reconcile())
        .catch((error: unknown) => this.#logger.error({ err: error }, 'reconcile failed; will try again'));
    };
    this.#unsubscribe = this.#state.onAccountChange(run);
    run();
    this.#timer = setInterval(run, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    await this.#running;
  }
}
