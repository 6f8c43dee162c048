// Kept for the poller's own tests and its `./testing` export; the helpers live in test-support.
export { countRedisPrefix, deleteRedisPrefix, TEST_REDIS_URL } from '@spotify-pipeline/test-support';
