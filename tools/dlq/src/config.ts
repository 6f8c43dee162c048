import { kafkaEnv, parseEnv, serviceEnv, topicsEnv } from '@spotify-pipeline/runtime';

export const dlqEnv = { ...kafkaEnv, ...topicsEnv, LOG_LEVEL: serviceEnv.LOG_LEVEL };

export function loadDlqConfig(env: NodeJS.ProcessEnv = process.env) {
  return parseEnv(dlqEnv, env);
}
