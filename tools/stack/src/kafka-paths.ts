import { join } from 'node:path';

/** Where everything of one local broker lives, all under one cache folder (git-ignored). */
export interface KafkaPaths {
  readonly cacheDir: string;
  readonly libsDir: string;
  /** Holds the hash of the pom the jars were fetched for; a changed pom fetches again. */
  readonly jarsMarker: string;
  readonly serverProperties: string;
  readonly log4j2Properties: string;
  readonly dataDir: string;
  /** Written by `kafka-storage format`; its presence means the storage is formatted. */
  readonly metaProperties: string;
  readonly logsDir: string;
  readonly serverLog: string;
  readonly stdoutLog: string;
  readonly pidFile: string;
}

export function kafkaPaths(cacheDir: string): KafkaPaths {
  const dataDir = join(cacheDir, 'data');
  const logsDir = join(cacheDir, 'logs');
  const libsDir = join(cacheDir, 'libs');
  return {
    cacheDir,
    libsDir,
    jarsMarker: join(libsDir, '.pom.sha256'),
    serverProperties: join(cacheDir, 'server.properties'),
    log4j2Properties: join(cacheDir, 'log4j2.properties'),
    dataDir,
    metaProperties: join(dataDir, 'meta.properties'),
    logsDir,
    serverLog: join(logsDir, 'server.log'),
    stdoutLog: join(logsDir, 'stdout.log'),
    pidFile: join(cacheDir, 'kafka.pid'),
  };
}
