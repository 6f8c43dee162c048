export { kafkaEnv, redisEnv, serviceEnv, topicsEnv, warehouseEnv } from './common.ts';
export { envBool, envHostPorts, envInt, envLogLevel, envUrl } from './fields.ts';
export { type EnvOf, type EnvShape, parseEnv } from './parse-env.ts';
