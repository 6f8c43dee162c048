import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createReportDatabase,
  loadAccounts,
  loadAccountYears,
  loadListeningReport,
  periodOf,
  type ReportDatabase,
} from '@spotify-pipeline/report';
import { parseEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { type PlayFact, PostgresWarehouse } from '@spotify-pipeline/warehouse';
import pg from 'pg';
import { localDateTime } from '../e2e/local-date-time.ts';
import { uniqueName } from '../support/unique.ts';
import { KNOWN_ACCOUNT, KNOWN_TIME_ZONE, knownListening } from './known-listening.ts';

/**
 * The report's PostgreSQL queries against a warehouse filled through its write path, checked
 * against the same figures computed here in TypeScript from the plays that were written (local
 * times by ICU): listening per day, top lists, heatmap, new artists per month, skips and completion,
 * sessions, busiest day and first play. Also migration 011: v_plays tells unavailable tracks.
 */
const env = parseEnv(warehouseEnv);
const schema = uniqueName('report_q');
const batch = knownListening();
const UNAVAILABLE = 'rt23';
let db: ReportDatabase;

before(async () => {
  const warehouse = new PostgresWarehouse({
    connectionString: env.DATABASE_URL,
    schema,
    listenMatchToleranceMs: 90_000,
  });
  try {
    await warehouse.migrate();
    await warehouse.writeBatch(batch);
    await warehouse.writeBatch({
      artists: [],
      albums: [],
      tracks: [],
      accounts: [{ account_id: 'solo', display_name: null, country: null, time_zone: 'UTC' }],
      plays: [{ ...batch.plays[0]!, account_id: 'solo', time_zone: 'UTC', local_time_key: 600 }],
    });
  } finally {
    await warehouse.close();
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  await client.query(`UPDATE "${schema}".dim_track SET is_unavailable = true WHERE track_id = $1`, [
    UNAVAILABLE,
  ]);
  await client.end();
  db = createReportDatabase({ ...env, MSSQL_URL: undefined, WAREHOUSE_SCHEMA: schema });
});

after(async () => {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  await db?.close();
});

const durations = new Map(batch.tracks.map((t) => [t.track_id, t.duration_ms]));
const artistName = new Map(batch.artists.map((a) => [a.artist_id, a.name]));
const minutesOf = (p: PlayFact) => (p.ms_played ?? durations.get(p.track_id)!) / 60_000;
const local = (p: PlayFact) => localDateTime(p.played_at, KNOWN_TIME_ZONE);
const in2025 = batch.plays.filter((p) => local(p).date.startsWith('2025-'));
const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

test('totals, skips and completion of a year equal the plays written', async () => {
  const report = await loadListeningReport(db, KNOWN_ACCOUNT, periodOf({ year: '2025' }));
  const imported = in2025.filter((p) => p.source === 'history_import');
  assert.equal(report.account.name, 'Report Listener');
  assert.equal(report.account.timeZone, KNOWN_TIME_ZONE);
  assert.equal(report.totals.plays, in2025.length);
  assert.ok(
    close(
      report.totals.minutesPlayed,
      in2025.reduce((m, p) => m + minutesOf(p), 0),
    ),
  );
  assert.equal(report.totals.tracks, new Set(in2025.map((p) => p.track_id)).size);
  assert.equal(report.totals.artists, 8);
  assert.equal(report.totals.daysListened, new Set(in2025.map((p) => local(p).date)).size);
  assert.equal(report.totals.skipKnown, imported.length);
  assert.equal(report.totals.skipped, imported.filter((p) => p.skipped).length);
  assert.equal(report.totals.endKnown, imported.length);
  assert.equal(report.totals.completed, imported.filter((p) => p.reason_end === 'trackdone').length);
  assert.equal(report.totals.estimated, in2025.length - imported.length);
});

test('per day, top artists, heatmap, busiest day and first play equal the plays written', async () => {
  const report = await loadListeningReport(db, KNOWN_ACCOUNT, periodOf({ year: '2025' }));
  const perDay = countBy(in2025, (p) => local(p).date);
  assert.deepEqual(
    report.byDay.map((d) => [d.day, d.plays]),
    [...perDay].sort(([a], [b]) => a.localeCompare(b)),
  );
  const artists = [...countBy(in2025, (p) => p.primary_artist_id)].sort((a, b) => b[1] - a[1]);
  assert.deepEqual(
    report.topArtists.map((a) => [a.name, a.plays]),
    artists.map(([id, n]) => [artistName.get(id), n]),
  );
  const weekday = (p: PlayFact) => {
    const day = new Date(`${local(p).date}T00:00:00Z`).getUTCDay();
    return day === 0 ? 7 : day;
  };
  const cells = countBy(in2025, (p) => `${weekday(p)}:${Number(local(p).time.slice(0, 2))}`);
  assert.deepEqual(new Map(report.heatmap.map((c) => [`${c.weekday}:${c.hour}`, c.plays])), cells);
  const busiest = Math.max(...perDay.values());
  assert.equal(report.busiestDay?.plays, busiest);
  assert.equal(
    report.busiestDay?.day,
    [...perDay.keys()].sort().find((d) => perDay.get(d) === busiest),
  );
  const first = in2025.reduce((a, b) => (a.played_at < b.played_at ? a : b));
  assert.deepEqual(report.firstPlay, {
    day: local(first).date,
    time: local(first).time,
    track: batch.tracks.find((t) => t.track_id === first.track_id)!.name,
    artist: artistName.get(first.primary_artist_id),
  });
});

test('new and already-heard artists per month count an artist new only in its first month ever', async () => {
  const report = await loadListeningReport(db, KNOWN_ACCOUNT, periodOf({ year: '2025' }));
  const month = (p: PlayFact) => Number(local(p).date.slice(0, 7).replace('-', ''));
  const firstMonth = new Map<string, number>();
  for (const p of batch.plays)
    firstMonth.set(p.primary_artist_id, Math.min(firstMonth.get(p.primary_artist_id) ?? 999999, month(p)));
  const expected = new Map<number, { newArtists: number; knownArtists: number }>();
  for (const [m, artists] of Map.groupBy(in2025, month)) {
    const distinct = new Set(artists.map((p) => p.primary_artist_id));
    const fresh = [...distinct].filter((a) => firstMonth.get(a) === m).length;
    expected.set(m, { newArtists: fresh, knownArtists: distinct.size - fresh });
  }
  assert.deepEqual(
    report.artistsByMonth,
    [...expected].sort(([a], [b]) => a - b).map(([m, counts]) => ({ month: m, ...counts })),
  );
  assert.ok(
    report.artistsByMonth.some((m) => m.knownArtists > 0),
    'artists heard in 2024 are familiar in 2025',
  );
});

test('longest sessions are the runs of plays without a 30-minute gap, longest first', async () => {
  const report = await loadListeningReport(db, KNOWN_ACCOUNT, periodOf({ year: '2025' }));
  const sorted = [...in2025].sort((a, b) => a.played_at.getTime() - b.played_at.getTime());
  const sessions: PlayFact[][] = [];
  for (const p of sorted) {
    const last = sessions.at(-1)?.at(-1);
    if (last && p.played_at.getTime() - last.played_at.getTime() <= 30 * 60_000) sessions.at(-1)!.push(p);
    else sessions.push([p]);
  }
  const expected = sessions
    .map((s) => ({
      localStart: `${local(s[0]!).date} ${local(s[0]!).time}`,
      plays: s.length,
      minutes: s.reduce((m, p) => m + minutesOf(p), 0),
    }))
    // Rounded: the warehouse sums exact decimals, JavaScript doubles (28.45 can differ in the 15th digit).
    .sort(
      (a, b) =>
        Math.round(b.minutes * 1e6) - Math.round(a.minutes * 1e6) ||
        b.plays - a.plays ||
        a.localStart.localeCompare(b.localStart),
    )
    .slice(0, 5);
  assert.deepEqual(
    report.longestSessions.map((s) => [s.localStart, s.plays, s.minutesPlayed.toFixed(6)]),
    expected.map((s) => [s.localStart, s.plays, s.minutes.toFixed(6)]),
  );
});

test('the account list, a listener with one play, and v_plays telling unavailable tracks', async () => {
  const accounts = await loadAccounts(db);
  assert.deepEqual(
    accounts.map((a) => [a.id, a.plays, a.years.map((y) => y.year)]),
    [
      [KNOWN_ACCOUNT, batch.plays.length, [2024, 2025]],
      ['solo', 1, [2025]],
    ],
  );
  assert.deepEqual(await loadAccountYears(db, KNOWN_ACCOUNT), accounts[0]);
  assert.equal(await loadAccountYears(db, 'nobody'), undefined);
  const solo = await loadListeningReport(db, 'solo', periodOf({}));
  assert.equal(solo.totals.plays, 1);
  assert.equal(solo.longestSessions.length, 1);
  assert.equal(solo.account.name, null);
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ unavailable: string; unresolved: string }>(
      `SELECT count(*) FILTER (WHERE is_unavailable) AS unavailable, count(*) FILTER (WHERE is_unresolved) AS unresolved
       FROM "${schema}".v_plays WHERE account_id = $1`,
      [KNOWN_ACCOUNT],
    );
    assert.equal(Number(rows[0]!.unavailable), batch.plays.filter((p) => p.track_id === UNAVAILABLE).length);
    assert.equal(Number(rows[0]!.unresolved), 0);
  } finally {
    await client.end();
  }
});
