export { type LauncherConfig, launcherEnv, loadLauncherConfig } from './config.ts';
export { type Pipeline, startPipeline } from './start.ts';
