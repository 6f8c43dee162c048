import { z } from 'zod';
import { envHostPorts, envInt, envLogLevel, envUrl } from './fields.ts';

/**
 * The variables more than one program reads, declared once. Each service spreads the fragments it
 * needs into its own shape, so the README's configuration table and the code cannot drift apart
 * without a test noticing (see readme-config.test.ts).
 */
export const kafkaEnv = {
  KAFKA_BROKERS: envHostPorts.default(['127.0.0.1:9092']),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
};

export const redisEnv = {
  REDIS_URL: envUrl(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /** Every Redis key this deployment writes starts with it, so tests and deployments never collide. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]+$/, 'letters, digits and : . _ - only')
    .default('spotify-pipeline'),
};

export const warehouseEnv = {
  /** PostgreSQL connection string; the warehouse used when MSSQL_URL is not set. */
  DATABASE_URL: envUrl(['postgres', 'postgresql']).default('postgresql://postgres@127.0.0.1:5432/postgres'),
  /** SQL Server connection string (mssql://user:password@host:port/database); when set, the warehouse. */
  MSSQL_URL: envUrl(['mssql', 'sqlserver']).optional(),
  /** Schema that holds the warehouse tables. */
  WAREHOUSE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .default('spotify'),
  /**
   * How far apart (ms) an imported and a polled play of the same account and track may be and still
   * be one listen (one fact_play row); never wider than the track's length, so repeats stay apart.
   */
  LISTEN_MATCH_TOLERANCE_MS: envInt(0, 3_600_000).default(90_000),
};

export const serviceEnv = {
  LOG_LEVEL: envLogLevel.default('info'),
  /** Port of /healthz, /readyz and /metrics; 0 picks a free port. */
  HTTP_PORT: envInt(0, 65535).optional(),
  HTTP_HOST: z.string().default('127.0.0.1'),
};

/** Topic names carry a prefix so that tests and several deployments can share one cluster. */
export const topicsEnv = {
  TOPIC_PREFIX: z
    .string()
    .regex(/^[\w.-]*$/, 'letters, digits and . _ - only')
    .default(''),
};
