import type { JobSchedulerTemplateOptions } from 'bullmq';

export interface PollJobData {
  readonly accountId: string;
  /** The interval the scheduler currently runs at; the adaptive interval starts from it. */
  readonly intervalMs: number;
}

export const POLL_JOB_NAME = 'poll';

/**
 * 5xx and network errors are retried by BullMQ with exponential backoff and jitter; a scheduler's
 * next run comes anyway, so few attempts suffice. Finished jobs are not kept: the metrics and the
 * last-poll hash say what happened.
 */
export const POLL_JOB_OPTIONS: JobSchedulerTemplateOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: { count: 100 },
};
