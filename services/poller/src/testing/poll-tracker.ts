import { waitUntil } from '@spotify-pipeline/runtime';
import type { PollHook } from '../schedule/poll-processor.ts';

/**
 * Records each poll's [start, end] per account and whether it succeeded; finds overlapping polls of
 * one account. "A poll after X" means a successful one: a failed poll is retried within seconds,
 * and a test that counted it as a poll could advance the simulator past plays no poll committed.
 */
export class PollTracker {
  readonly #open = new Map<string, number>();
  readonly polls: { accountId: string; start: number; end: number; succeeded: boolean }[] = [];
  overlaps = 0;
  #seq = 0;

  readonly onPoll: PollHook = (accountId, phase, succeeded = false) => {
    this.#seq += 1;
    if (phase === 'start') {
      if (this.#open.has(accountId)) this.overlaps += 1;
      this.#open.set(accountId, this.#seq);
    } else {
      const start = this.#open.get(accountId) ?? this.#seq;
      this.#open.delete(accountId);
      this.polls.push({ accountId, start, end: this.#seq, succeeded });
    }
  };

  get seq(): number {
    return this.#seq;
  }

  /** Waits until a successful poll of the account that started after `mark` has ended. */
  async pollAfter(accountId: string, mark: number, timeoutMs = 20_000): Promise<void> {
    await waitUntil(
      () => this.polls.some((p) => p.accountId === accountId && p.start > mark && p.succeeded),
      { what: `a successful poll of ${accountId}`, timeoutMs, intervalMs: 20 },
    );
  }
}
