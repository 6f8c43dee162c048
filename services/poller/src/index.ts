export * from '@spotify-pipeline/spotify-client';
export { runCli } from './cli.ts';
export { loadPollerConfig, MAX_IDLE_INTERVAL_MS, type PollerConfig, pollerEnv } from './config.ts';
export { TokenCipher } from './crypto/token-cipher.ts';
export { TokenDecryptionError } from './crypto/token-cipher-error.ts';
export type { PollCursor } from './poll/cursor.ts';
export { selectNewPlays } from './poll/select-new-plays.ts';
export { type PollerDeps, type PollerHandle, startPoller } from './start.ts';
export type { LinkedAccount } from './state/linked-account.ts';
