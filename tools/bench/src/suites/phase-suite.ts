import { codecs, type PlayFact } from '@spotify-pipeline/avro';
import { PostgresWarehouse, type WarehouseBatch } from '@spotify-pipeline/warehouse';
import type { BenchWorld } from '../bench-world.ts';
import type { PlayFactSeries } from '../data/play-fact-series.ts';
import { readCpuAccounts } from '../measure/cpu-accounts.ts';
import { PgStatementTimer, statementProfile } from '../measure/pg-statement-timer.ts';
import type { Measurement } from '../report/results.ts';

/** The sink's default SINK_BATCH_SIZE: what one writeBatch gets under load. */
const WRITE_BATCH_ROWS = 20_000;

/**
 * The sink's cost split into parts measured alone, on the first `rows` facts: Avro decoding of
 * PlayFacts, and `PostgresWarehouse.writeBatch` with 20k-row batches (COPY to staging + INSERT ..
 * SELECT + commit) into a fresh schema, first load and replay. Inputs are built before each clock.
 */
export async function runPhaseSuite(
  world: BenchWorld,
  series: PlayFactSeries,
  rows: number,
): Promise<{ measurements: Measurement[]; profile: Record<string, string> }> {
  const n = Math.min(rows, series.count);
  const measurements: Measurement[] = [];
  const profile: Record<string, string> = {};

  const encoded = Array.from({ length: n }, (_, i) => codecs.playFact.encode(series.at(i)));
  let started = performance.now();
  for (const bytes of encoded) codecs.playFact.decode(bytes);
  measurements.push({
    id: 'phase.decode',
    name: 'phase: Avro decode PlayFact alone',
    rows: n,
    seconds: (performance.now() - started) / 1000,
    compareWith: 'copy',
  });
  encoded.length = 0;

  const warehouse = new PostgresWarehouse({
    connectionString: world.databaseUrl,
    schema: world.schema('split'),
  });
  try {
    await warehouse.migrate();
    const { artists, albums, tracks, accounts } = series.catalogue;
    await warehouse.writeBatch({
      artists: [...artists],
      albums: [...albums],
      tracks: [...tracks],
      accounts: [...accounts],
      plays: [],
    });
    for (const [run, label] of [
      ['first-load', 'phase: warehouse.writeBatch alone, 20k-row batches'],
      ['replay', 'phase: warehouse.writeBatch alone, replay (all conflicts)'],
    ] as const) {
      let busyMs = 0;
      const statements = new PgStatementTimer();
      const cpu = process.cpuUsage();
      const postgresBefore = readCpuAccounts().postgres;
      for (let from = 0; from < n; from += WRITE_BATCH_ROWS) {
        const plays: PlayFact[] = [];
        for (let i = from; i < Math.min(n, from + WRITE_BATCH_ROWS); i += 1) plays.push(series.at(i));
        const batch: WarehouseBatch = { artists: [], albums: [], tracks: [], accounts: [], plays };
        started = performance.now();
        statements.install();
        try {
          await warehouse.writeBatch(batch);
        } finally {
          statements.uninstall();
        }
        busyMs += performance.now() - started;
      }
      const used = process.cpuUsage(cpu);
      const postgresAfter = readCpuAccounts().postgres;
      if (postgresBefore !== null && postgresAfter !== null)
        profile[`writeBatch alone, ${run}: PostgreSQL CPU`] =
          `${(postgresAfter - postgresBefore).toFixed(2)} s`;
      profile[`writeBatch alone, ${run}: wall`] = `${(busyMs / 1000).toFixed(2)} s for ${n} rows`;
      profile[`writeBatch alone, ${run}: Node CPU (user+system)`] =
        `${((used.user + used.system) / 1e6).toFixed(2)} s`;
      for (const [k, v] of Object.entries(statementProfile(statements, busyMs)))
        profile[`writeBatch alone, ${run}: ${k.trim()}`] = v;
      measurements.push({
        id: `phase.write-batch.${run}`,
        name: label,
        rows: n,
        seconds: busyMs / 1000,
        compareWith: 'copy',
      });
    }
  } finally {
    await warehouse.close();
  }
  return { measurements, profile };
}
