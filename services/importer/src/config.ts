import { envBool, envInt, envLogLevel, kafkaEnv, serviceEnv, topicsEnv } from '@spotify-pipeline/runtime';
import { z } from 'zod';

/** The importer's environment; command-line options override the IMPORT_* defaults. */
export const importerEnv = {
  ...kafkaEnv,
  ...topicsEnv,
  ...serviceEnv,
  // A command prints its own progress and summary; routine log lines would only interleave.
  LOG_LEVEL: envLogLevel.default('warn'),
  /** Plays heard for less are skipped (Spotify counts a stream from 30 s). */
  IMPORT_MIN_PLAY_MS: envInt(0, 86_400_000).default(30_000),
  /** Plays per Kafka send. */
  IMPORT_BATCH_SIZE: envInt(1, 10_000).default(1_000),
  /** Where resumable checkpoints are kept (default ~/.cache/spotify-pipeline/imports). */
  IMPORT_STATE_DIR: z.string().min(1).optional(),
  /** IANA zone of the account when --time-zone is not given. */
  IMPORT_TIME_ZONE: z.string().min(1).optional(),
  IMPORT_SKIP_INCOGNITO: envBool.default(false),
};
