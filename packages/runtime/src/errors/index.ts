export { ConfigError, type ConfigProblem } from './config-error.ts';
export { isRetriable, NonRetriableError, PipelineError, RetriableError } from './pipeline-error.ts';
