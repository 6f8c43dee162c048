export {
  assertReachable,
  type Dependency,
  kafkaDependency,
  redisDependency,
  UnreachableError,
  warehouseDependency,
} from './reachable.ts';
export {
  type CommandOutcome,
  describeFailure,
  EXIT_UNAVAILABLE,
  EXIT_USAGE,
  runCommand,
} from './run-command.ts';
export { parseCommandArgs, UsageError } from './usage-error.ts';
