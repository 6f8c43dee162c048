export { assertGoldenFiles } from './golden-files.ts';
export { countRedisPrefix, deleteRedisPrefix } from './redis-prefix.ts';
export {
  ARTIFACTS_DIR,
  CHROMIUM_PATH,
  CRASH_AT,
  envWith,
  propertyRuns,
  TEST_BROKERS,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testLogLevel,
  UPDATE_GOLDEN,
} from './test-env.ts';
export { uniqueName } from './unique-name.ts';
