import { isRetriable, type Logger } from '@spotify-pipeline/runtime';
import {
  type AccessTokenCache,
  SpotifyInvalidGrantError,
  SpotifyRateLimitedError,
} from '@spotify-pipeline/spotify-client';
import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { PollerMetrics } from '../metrics.ts';
import type { AccountPoller } from '../poll/account-poller.ts';
import { type AccountHealth, failureReason } from '../state/account-health.ts';
import type { StateStore } from '../state/state-store.ts';
import { type IntervalBounds, nextInterval } from './next-interval.ts';
import type { PollJobData } from './poll-job.ts';
import type { PollLock } from './poll-lock.ts';
import type { PollPace } from './poll-pace.ts';
import type { PollScheduler } from './poll-scheduler.ts';

export interface PollProcessorOptions {
  readonly queue: Queue<PollJobData>;
  readonly state: StateStore;
  readonly poller: AccountPoller;
  readonly scheduler: PollScheduler;
  readonly lock: PollLock;
  readonly pace: PollPace;
  readonly health: AccountHealth;
  readonly tokens: AccessTokenCache;
  readonly bounds: IntervalBounds;
  readonly metrics: PollerMetrics;
  readonly logger: Logger;
  /** Test seam: sees every poll that holds the lock, start and end. */
  readonly onPoll?: PollHook;
}

/**
 * Called when a poll that holds the account's lock starts and when it ends; at the end,
 * `succeeded` says whether the poll's plays and cursor were committed (a failed poll is retried,
 * so a test waiting for "a poll after X" waits for a successful one).
 */
export type PollHook = (accountId: string, phase: 'start' | 'end', succeeded?: boolean) => void;

/**
 * What the BullMQ worker does with one poll job, and how each failure is answered:
 * - 429: the whole queue (every instance) pauses for Retry-After; the job goes back to wait
 *   without spending an attempt.
 * - 5xx, network: thrown, so BullMQ retries with exponential backoff and jitter.
 * - invalid_grant: the account is marked needs-relink and its scheduler removed; no one else is
 *   affected.
 * - anything else not retriable: UnrecoverableError; the scheduler's next run tries again.
 * Every poll that failed for good (retries spent, or not retriable) counts toward the account's
 * health (state/account-health.ts): after a few in a row it is `failing`, which is logged once (and its recovery once), counted, and named by /readyz and
 * `accounts`; single failed polls log at debug only, so a stuck account is one line, not thousands.
 * A job that comes less than half its interval after the account's last poll (the backlog of a
 * 429 pause) is skipped: see poll-pace.ts.
 */
export function createPollProcessor(o: PollProcessorOptions) {
  return async (job: Job<PollJobData>): Promise<{ outcome: string; published?: number }> => {
    const { accountId, intervalMs } = job.data;
    const account = o.state.account(accountId);
    if (account?.status !== 'active') {
      // Unlinked or waiting for relink since this job was scheduled.
      await o.scheduler.unschedule(accountId);
      o.metrics.polls.inc({ outcome: 'skipped' });
      return { outcome: 'skipped' };
    }
    const token = await o.lock.acquire(accountId);
    if (token === undefined) {
      o.metrics.polls.inc({ outcome: 'locked' });
      return { outcome: 'locked' };
    }
    if (job.attemptsMade === 0 && (await o.pace.tooSoon(accountId, intervalMs / 2))) {
      await o.lock.release(accountId, token).catch(() => undefined);
      o.metrics.polls.inc({ outcome: 'too-soon' });
      return { outcome: 'too-soon' };
    }
    o.onPoll?.(accountId, 'start');
    let succeeded = false;
    try {
      const { published } = await o.poller.poll(account);
      succeeded = true;
      o.metrics.polls.inc({ outcome: published > 0 ? 'published' : 'no-new-plays' });
      await noteSuccess(o, accountId);
      const next = nextInterval(intervalMs, published > 0, o.bounds);
      if (next !== intervalMs && o.state.account(accountId)?.status === 'active') {
        await o.scheduler.schedule(accountId, next, next);
      }
      return { outcome: 'polled', published };
    } catch (error) {
      if (error instanceof SpotifyRateLimitedError) {
        o.metrics.polls.inc({ outcome: 'rate-limited' });
        o.metrics.rateLimitPauses.inc();
        o.logger.warn(
          { accountId, retryAfterMs: error.retryAfterMs },
          'Spotify rate limit: pausing the poll queue',
        );
        await o.queue.rateLimit(error.retryAfterMs);
        throw Worker.RateLimitError();
      }
      if (error instanceof SpotifyInvalidGrantError) {
        await markNeedsRelink(o, accountId, error);
        return { outcome: 'needs-relink' };
      }
      o.metrics.polls.inc({ outcome: 'failed' });
      // A poll has failed for good when BullMQ will not try it again; only those make an account failing.
      const attempt = job.attemptsMade + 1;
      const final = !isRetriable(error) || attempt >= (job.opts.attempts ?? 1);
      await noteFailure(o, accountId, error, attempt, final);
      if (!isRetriable(error)) {
        throw new UnrecoverableError(error instanceof Error ? error.message : 'poll failed');
      }
      throw error;
    } finally {
      o.onPoll?.(accountId, 'end', succeeded);
      await o.lock.release(accountId, token).catch((error: unknown) => {
        o.logger.warn({ err: error, accountId }, 'could not release the poll lock; it will expire');
      });
    }
  };
}

async function markNeedsRelink(o: PollProcessorOptions, accountId: string, error: SpotifyInvalidGrantError) {
  o.metrics.polls.inc({ outcome: 'needs-relink' });
  o.metrics.relinksNeeded.inc();
  const account = o.state.account(accountId);
  if (account && account.status !== 'needs-relink') {
    await o.state.putAccount({ ...account, status: 'needs-relink', updatedAt: Date.now() });
  }
  await o.scheduler.unschedule(accountId);
  await o.tokens.drop(accountId);
  // Not polled any more: it is needs-relink, not failing.
  await o.health.forget(accountId).catch(() => undefined);
  o.logger.warn(
    { accountId, reason: error.message },
    'Spotify refused the refresh token: account needs to be linked again',
  );
}

async function noteSuccess(o: PollProcessorOptions, accountId: string): Promise<void> {
  try {
    if ((await o.health.recordSuccess(accountId)) === 'recovered') {
      o.logger.info({ accountId }, 'account recovered: its polls succeed again');
    }
  } catch (error) {
    o.logger.warn({ err: error, accountId }, 'could not record the account as healthy');
  }
}

async function noteFailure(
  o: PollProcessorOptions,
  accountId: string,
  error: unknown,
  attempt: number,
  final: boolean,
) {
  o.metrics.pollFailures.inc({ reason: failureReason(error) });
  if (!final) {
    o.logger.debug({ err: error, accountId, attempt }, 'poll attempt failed; BullMQ retries it');
    return;
  }
  try {
    const { change, record } = await o.health.recordFailure(accountId, error);
    if (change === 'became-failing') {
      o.logger.error(
        {
          err: error,
          accountId,
          reason: record.reason,
          failures: record.failures,
          since: new Date(record.since).toISOString(),
        },
        'account failing: its polls keep failing (logged once; see `accounts`, /readyz, poller_accounts_failing)',
      );
    } else {
      o.logger.debug({ err: error, accountId, attempt, failures: record.failures }, 'poll failed');
    }
  } catch (healthError) {
    o.logger.error({ err: error, healthError, accountId, attempt }, 'poll failed');
  }
}
