export { CommandFailedError } from './command-failed-error.ts';
export { PrerequisiteError } from './prerequisite-error.ts';
export { ServiceStartError } from './service-start-error.ts';
