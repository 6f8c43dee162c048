// The poller's `./testing` export: what tests outside the poller use to run one.
export { PollTracker } from './poll-tracker.ts';
export { countRedisPrefix, deleteRedisPrefix, TEST_REDIS_URL } from './redis-prefix.ts';
