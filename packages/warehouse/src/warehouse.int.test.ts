import assert from 'node:assert/strict';
import test, { type TestContext } from 'node:test';
import { parseEnv, retry, warehouseEnv } from '@spotify-pipeline/runtime';
import { uniqueName } from '@spotify-pipeline/test-support';
import { MigrationChecksumError } from './errors.ts';
import { loadMigrations, migrationsDirectory } from './migrations/migration-files.ts';
import { SqlServerWarehouse } from './mssql/sqlserver-warehouse.ts';
import { PostgresWarehouse } from './postgres/postgres-warehouse.ts';
import { account, album, artist, batchOf, keysIn, play, track } from './testing/fixtures.ts';
import type { Warehouse, WarehouseBatch } from './warehouse.ts';

/**
 * A batch written as the sink writes it: the warehouse tries once, and what may pass (a deadlock
 * victim between two concurrent writers) is retried by the caller.
 */
const written = (w: Warehouse, batch: WarehouseBatch) =>
  retry(() => w.writeBatch(batch), { attempts: 20, initialDelayMs: 50, maxDelayMs: 1_000 });

/**
 * The same cases against every configured database: PostgreSQL always (DATABASE_URL or the local
 * default), SQL Server only when MSSQL_URL is set. Each case gets a fresh random schema, dropped after.
 */
type TestWarehouse = Warehouse & {
  query<R>(text: string): Promise<R[]>;
  dropSchema(): Promise<void>;
};

interface Case {
  name: string;
  run(w: TestWarehouse, t: TestContext): Promise<void>;
}

const env = parseEnv(warehouseEnv);
const TABLES: Record<string, string> = {
  dim_artist: 'artist_id',
  dim_album: 'album_id',
  dim_track: 'track_id',
  bridge_track_artist: 'track_id, artist_position',
  dim_account: 'account_id',
  fact_play: 'account_id, played_at',
};

/** Every migration file's version, in order: what a fresh schema has pending and migrate applies. */
const migrationVersions = async (w: TestWarehouse) =>
  (await loadMigrations(migrationsDirectory(w.dialect))).map((f) => f.version);
const dump = async (w: TestWarehouse, table: string) =>
  w.query<Record<string, unknown>>(`SELECT * FROM ${w.schema}.${table} ORDER BY ${TABLES[table]}`);
const dumpAll = async (w: TestWarehouse) =>
  Object.fromEntries(await Promise.all(Object.keys(TABLES).map(async (t) => [t, await dump(w, t)] as const)));
const count = async (w: TestWarehouse, table: string) =>
  Number((await w.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${w.schema}.${table}`))[0]!.n);
const row = async (w: TestWarehouse, table: string, where: string) =>
  (await w.query<Record<string, unknown>>(`SELECT * FROM ${w.schema}.${table} WHERE ${where}`))[0];

/** Every fact's played_at with its stored local keys, in key order. */
const factKeys = async (w: TestWarehouse) =>
  (await dump(w, 'fact_play')).map((r) => ({
    at: new Date(r.played_at as string).toISOString(),
    date: Number(r.date_key),
    time: Number(r.time_key),
  }));
/** The same facts with the keys they must have in `timeZone`. */
const expectedKeys = async (w: TestWarehouse, timeZone: string) =>
  (await factKeys(w)).map(({ at }) => ({ at, ...keysIn(at, timeZone) }));

const fullBatch = (): WarehouseBatch =>
  batchOf({
    artists: [artist('ar1'), artist('ar2')],
    albums: [album('al1', 'ar1')],
    tracks: [track('tr1', 'al1', ['ar1', 'ar2']), track('tr2', 'al1', ['ar2'])],
    accounts: [account('acc1', 'Europe/Berlin')],
    plays: [
      play('acc1', '2024-03-01T10:00:00.123Z', { date: 20240301, time: 1100 }, 'tr1', 'al1', 'ar1'),
      play('acc1', '2024-03-01T10:03:00.456Z', { date: 20240301, time: 1103 }, 'tr2', 'al1', 'ar2'),
    ],
  });

const cases: Case[] = [
  {
    name: 'a row imported before the listen identity (keyed at the export second) is found again, not doubled',
    async run(w) {
      const base = batchOf({
        artists: [artist('ar1')],
        albums: [album('al1', 'ar1')],
        tracks: [track('tr1', 'al1', ['ar1'])],
        accounts: [account('acc1', 'UTC')],
      });
      const imported = (at: string) =>
        play('acc1', at, { date: 20240301, time: 1000 }, 'tr1', 'al1', 'ar1', {
          source: 'history_import',
          ms_played: 200_000,
        });
      await w.writeBatch({ ...base, plays: [imported('2024-03-01T10:00:05.000Z')] });
      // As migration 009 flags the rows an earlier importer loaded.
      await w.query(
        `UPDATE ${w.schema}.fact_play SET history_is_legacy = ${w.dialect === 'mssql' ? 1 : 'true'}`,
      );
      const now = await w.writeBatch({ ...base, plays: [imported('2024-03-01T10:00:05.737Z')] });
      assert.deepEqual(now.plays, { inserted: 0, merged: 1, duplicates: 0 });
      const rows = await dump(w, 'fact_play');
      assert.equal(rows.length, 1);
      assert.equal(new Date(rows[0]!.history_played_at as string).toISOString(), '2024-03-01T10:00:05.737Z');
      // From then on it is found by its new export time, like any other row, and only by it: a
      // repeat in the same second with the same ms_played (account data) is another listen.
      const again = await w.writeBatch({ ...base, plays: [imported('2024-03-01T10:00:05.737Z')] });
      assert.deepEqual(again.plays, { inserted: 0, merged: 0, duplicates: 1 });
      const repeat = await w.writeBatch({ ...base, plays: [imported('2024-03-01T10:00:05.211Z')] });
      assert.deepEqual(repeat.plays, { inserted: 1, merged: 0, duplicates: 0 });
    },
  },
  {
    name: "an account's zone changed (linked again in another zone) re-derives the local keys of all its facts: polled, merged and import-only",
    async run(w) {
      const base = batchOf({
        artists: [artist('ar1')],
        albums: [album('al1', 'ar1')],
        tracks: [track('tr1', 'al1', ['ar1']), track('tr2', 'al1', ['ar1'])],
      });
      const berlin = { time_zone: 'Europe/Berlin' };
      const polledAt = ['2024-03-01T10:00:00.123Z', '2024-03-31T00:59:00.000Z', '2024-06-01T22:10:00.500Z'];
      await w.writeBatch({
        ...base,
        accounts: [account('acc1', 'Europe/Berlin')],
        plays: [
          ...polledAt.map((at) => play('acc1', at, keysIn(at, 'Europe/Berlin'), 'tr1', 'al1', 'ar1', berlin)),
          // Import-only, and the export's half of the last polled listen (merged into its row).
          play(
            'acc1',
            '2024-03-01T23:30:00.000Z',
            keysIn('2024-03-01T23:30:00.000Z', 'Europe/Berlin'),
            'tr2',
            'al1',
            'ar1',
            {
              ...berlin,
              source: 'history_import',
              ms_played: 200_000,
            },
          ),
          play(
            'acc1',
            '2024-06-01T22:10:01.000Z',
            keysIn('2024-06-01T22:10:01.000Z', 'Europe/Berlin'),
            'tr1',
            'al1',
            'ar1',
            {
              ...berlin,
              source: 'history_import',
              ms_played: 180_000,
            },
          ),
        ],
      });
      assert.equal(
        await count(w, 'fact_play'),
        4,
        'three polled rows (one merged with its export) and one imported',
      );
      assert.deepEqual(await factKeys(w), await expectedKeys(w, 'Europe/Berlin'));
      // Linked again from New York: the account record changes, and a new play comes in that zone.
      const ny = { time_zone: 'America/New_York' };
      const report = await w.writeBatch({
        ...base,
        accounts: [account('acc1', 'America/New_York')],
        plays: [
          play(
            'acc1',
            '2024-07-01T03:00:00.000Z',
            keysIn('2024-07-01T03:00:00.000Z', 'America/New_York'),
            'tr2',
            'al1',
            'ar1',
            ny,
          ),
        ],
      });
      assert.deepEqual(
        await factKeys(w),
        await expectedKeys(w, 'America/New_York'),
        'every fact in the new zone',
      );
      assert.equal(report.rekeyed, 4, 'the four earlier rows were re-keyed');
      const replay = await w.writeBatch({ ...base, accounts: [account('acc1', 'America/New_York')] });
      assert.equal(replay.rekeyed, 0, 'the same zone again changes nothing');
    },
  },
  {
    name: "plays keyed in another zone than their account's (an import run with another --time-zone) take the account's zone",
    async run(w) {
      const base = batchOf({
        artists: [artist('ar1')],
        albums: [album('al1', 'ar1')],
        tracks: [track('tr1', 'al1', ['ar1']), track('tr2', 'al1', ['ar1'])],
      });
      const at = '2024-03-01T20:00:00.000Z';
      await w.writeBatch({
        ...base,
        accounts: [account('acc1', 'Europe/Berlin')],
        plays: [
          play('acc1', at, keysIn(at, 'Europe/Berlin'), 'tr1', 'al1', 'ar1', { time_zone: 'Europe/Berlin' }),
        ],
      });
      const tokyo = (when: string, trackId: string, msPlayed: number) =>
        play('acc1', when, keysIn(when, 'Asia/Tokyo'), trackId, 'al1', 'ar1', {
          time_zone: 'Asia/Tokyo',
          source: 'history_import',
          ms_played: msPlayed,
        });
      const report = await w.writeBatch({
        ...base,
        plays: [
          tokyo('2024-03-01T20:00:02.000Z', 'tr1', 200_000),
          tokyo('2024-03-02T16:30:00.000Z', 'tr2', 100_000),
        ],
      });
      assert.equal(await count(w, 'fact_play'), 2, 'one merged listen and one imported');
      assert.deepEqual(
        await factKeys(w),
        await expectedKeys(w, 'Europe/Berlin'),
        "the account's zone, not the import's",
      );
      assert.ok(report.rekeyed >= 1);
    },
  },
  {
    name: "a zone change racing fact loads of the same account leaves every fact in the account's final zone",
    async run(w) {
      const base = batchOf({
        artists: [artist('ar1')],
        albums: [album('al1', 'ar1')],
        tracks: [track('tr1', 'al1', ['ar1'])],
      });
      await w.writeBatch({ ...base, accounts: [account('acc1', 'Europe/Berlin')] });
      const zones = ['America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Europe/Berlin'];
      for (const [round, zone] of zones.entries()) {
        // Plays polled in the old zone, loaded while the account moves to the next one.
        const old = zones[round - 1] ?? 'Europe/Berlin';
        const plays = Array.from({ length: 20 }, (_, i) => {
          const at = new Date(Date.UTC(2024, round * 3, 1 + i, 23, 30)).toISOString();
          return play('acc1', at, keysIn(at, old), 'tr1', 'al1', 'ar1', { time_zone: old });
        });
        await Promise.all([
          written(w, { ...base, plays: plays.slice(0, 10) }),
          written(w, { ...base, accounts: [account('acc1', zone)] }),
          written(w, { ...base, plays: plays.slice(10) }),
        ]);
        assert.deepEqual(await factKeys(w), await expectedKeys(w, zone), `round ${round}: all in ${zone}`);
      }
      assert.equal(await count(w, 'fact_play'), 80);
    },
  },
  {
    name: 'an account known only from an import takes the zone of its first poll for all its facts',
    async run(w) {
      const base = batchOf({
        artists: [artist('ar1')],
        albums: [album('al1', 'ar1')],
        tracks: [track('tr1', 'al1', ['ar1'])],
      });
      const imported = ['2024-01-10T23:30:00.000Z', '2024-08-10T12:00:00.000Z'].map((at) =>
        play('acc1', at, keysIn(at, 'Asia/Tokyo'), 'tr1', 'al1', 'ar1', {
          time_zone: 'Asia/Tokyo',
          source: 'history_import',
          ms_played: 200_000,
        }),
      );
      await w.writeBatch({ ...base, plays: imported });
      assert.deepEqual(
        await factKeys(w),
        await expectedKeys(w, 'Asia/Tokyo'),
        "the import's zone while no poller knows it",
      );
      await w.writeBatch({ ...base, accounts: [account('acc1', 'America/Los_Angeles')] });
      assert.deepEqual(await factKeys(w), await expectedKeys(w, 'America/Los_Angeles'));
    },
  },
  {
    name: 'importing again with a corrected time zone re-derives the local keys of imported rows',
    async run(w) {
      const base = batchOf({
        artists: [artist('ar1')],
        albums: [album('al1', 'ar1')],
        tracks: [track('tr1', 'al1', ['ar1'])],
      });
      // No account record: an import never sends one, so no zone is stored for an import-only account.
      const imported = (at: string, local: { date: number; time: number }, timeZone: string) =>
        play('acc1', at, local, 'tr1', 'al1', 'ar1', {
          source: 'history_import',
          ms_played: 200_000,
          time_zone: timeZone,
        });
      // 23:30 UTC: first imported as if the listener were in UTC, then in Berlin (00:30 next day).
      await w.writeBatch({
        ...base,
        plays: [imported('2024-03-01T23:30:00.000Z', { date: 20240301, time: 2330 }, 'UTC')],
      });
      const again = await w.writeBatch({
        ...base,
        plays: [imported('2024-03-01T23:30:00.000Z', { date: 20240302, time: 30 }, 'Europe/Berlin')],
      });
      assert.deepEqual(again.plays, { inserted: 0, merged: 1, duplicates: 0 });
      const row = (await dump(w, 'fact_play'))[0]!;
      assert.deepEqual(
        [Number(row.date_key), Number(row.time_key), await count(w, 'fact_play')],
        [20240302, 30, 1],
      );
    },
  },
  {
    name: 'a different play on a stored key is refused, never dropped or written over the stored one',
    async run(w) {
      const base = batchOf({
        artists: [artist('ar1')],
        albums: [album('al1', 'ar1')],
        tracks: [track('tr1', 'al1', ['ar1']), track('tr2', 'al1', ['ar1'])],
        accounts: [account('acc1', 'UTC')],
      });
      const imported = (trackId: string, msPlayed: number) =>
        play('acc1', '2024-03-01T10:00:00.000Z', { date: 20240301, time: 1000 }, trackId, 'al1', 'ar1', {
          source: 'history_import',
          ms_played: msPlayed,
        });
      await w.writeBatch({ ...base, plays: [imported('tr1', 1_523_954)] });
      const stored = await dump(w, 'fact_play');
      // The same track and second but another ms_played is another listen, not a replay.
      await assert.rejects(w.writeBatch({ ...base, plays: [imported('tr1', 38_775)] }), {
        name: 'InvalidRecordError',
        message: /already the key of a different play/,
      });
      await assert.rejects(w.writeBatch({ ...base, plays: [imported('tr2', 200_000)] }), {
        name: 'InvalidRecordError',
      });
      // Two different plays on one key within a batch: neither is dropped silently either.
      await assert.rejects(
        w.writeBatch({ ...base, plays: [imported('tr2', 200_000), imported('tr2', 100_000)] }),
        { name: 'InvalidRecordError' },
      );
      assert.deepEqual(await dump(w, 'fact_play'), stored, 'the stored play is untouched');
      const replay = await w.writeBatch({ ...base, plays: [imported('tr1', 1_523_954)] });
      assert.deepEqual(replay.plays, { inserted: 0, merged: 0, duplicates: 1 });
      assert.deepEqual(await dump(w, 'fact_play'), stored);
    },
  },
  {
    name: 'a play whose names hold U+0000 and a lone surrogate is written with its members, the names made storable',
    async run(w) {
      await w.writeBatch(
        batchOf({
          artists: [artist('ar1', { name: 'before\u0000after' })],
          albums: [album('al1', 'ar1', { name: 'lone \uD800 half' })],
          tracks: [track('tr1', 'al1', ['ar1'], { name: 'nul\u0000' })],
          accounts: [account('acc1', 'Europe/Berlin', { display_name: '\u0000' })],
          plays: [
            play('acc1', '2024-03-01T10:00:00.123Z', { date: 20240301, time: 1100 }, 'tr1', 'al1', 'ar1'),
          ],
        }),
      );
      const rows = await w.query<Record<string, unknown>>(
        `SELECT track_name, album_name, account_name FROM ${w.schema}.v_plays`,
      );
      assert.deepEqual(rows, [
        { track_name: 'nul\uFFFD', album_name: 'lone \uFFFD half', account_name: '\uFFFD' },
      ]);
      assert.equal((await row(w, 'dim_artist', "artist_id = 'ar1'"))?.name, 'before\uFFFDafter');
    },
  },
  {
    name: 'migrating twice is a no-op, and an edited applied migration is refused',
    async run(w) {
      const again = await w.migrate();
      assert.deepEqual(again.applied, []);
      const versions = await migrationVersions(w);
      assert.deepEqual(
        again.skipped.map((m) => m.version),
        versions,
      );
      assert.equal(await count(w, 'schema_migrations'), versions.length);
      await w.query(
        `UPDATE ${w.schema}.schema_migrations SET checksum = '${'0'.repeat(64)}' WHERE version = 2`,
      );
      await assert.rejects(w.migrate(), (error: unknown) => {
        assert.ok(error instanceof MigrationChecksumError);
        assert.match(error.message, /002_calendar\.sql/);
        return true;
      });
    },
  },
  {
    name: 'dim_date covers 2000..2050 with ISO weeks and weekends; dim_time has every minute',
    async run(w) {
      assert.equal(await count(w, 'dim_date'), 18_628);
      assert.equal(await count(w, 'dim_time'), 1_440);
      const day = async (key: number) => {
        const r = (await row(w, 'dim_date', `date_key = ${key}`))!;
        return [r.weekday, r.weekday_name, Boolean(r.is_weekend), r.iso_week, r.iso_year, r.month_name].map(
          (v) => (typeof v === 'string' ? v.trim() : v),
        );
      };
      assert.deepEqual(await day(20000101), [6, 'Saturday', true, 52, 1999, 'January']);
      assert.deepEqual(await day(20210101), [5, 'Friday', false, 53, 2020, 'January']);
      assert.deepEqual(await day(20241229), [7, 'Sunday', true, 52, 2024, 'December']);
      assert.deepEqual(await day(20241230), [1, 'Monday', false, 1, 2025, 'December']);
      assert.deepEqual(await day(20501231), [6, 'Saturday', true, 52, 2050, 'December']);
      const minute = (await row(w, 'dim_time', 'time_key = 2357'))!;
      assert.deepEqual(
        [minute.hour, minute.minute, minute.part_of_day, minute.label],
        [23, 57, 'evening', '23:57'],
      );
      const dawn = (await row(w, 'dim_time', 'time_key = 559'))!;
      assert.deepEqual([dawn.part_of_day, dawn.label], ['night', '05:59']);
    },
  },
  {
    name: 'writing the same batch twice leaves every table identical',
    async run(w) {
      const first = await w.writeBatch(fullBatch());
      assert.equal(first.plays.inserted, 2);
      assert.equal(first.artists.inserted, 2);
      assert.equal(first.bridge.inserted, 3);
      const before = await dumpAll(w);
      const second = await w.writeBatch(fullBatch());
      assert.deepEqual(second.plays, { inserted: 0, merged: 0, duplicates: 2 });
      assert.deepEqual(second.artists, { inserted: 0, updated: 0 });
      assert.deepEqual(second.bridge, { inserted: 0, updated: 0, deleted: 0 });
      assert.deepEqual(await dumpAll(w), before);
    },
  },
  {
    name: 'a batch of replays with a changed and a new play is matched whole: one merged, one inserted',
    async run(w) {
      await w.writeBatch(fullBatch());
      const [first, second] = fullBatch().plays;
      const again = await w.writeBatch(
        batchOf({
          plays: [
            first!,
            { ...second!, context_type: 'album', context_uri: 'spotify:album:0xOeVMOz2fVg5BJY3N6akT' },
            play('acc1', '2024-03-01T10:04:00.789Z', { date: 20240301, time: 1104 }, 'tr1', 'al1', 'ar1'),
          ],
        }),
      );
      assert.deepEqual(again.plays, { inserted: 1, merged: 1, duplicates: 1 });
      assert.equal(await count(w, 'fact_play'), 3);
      const changed = (await row(w, 'fact_play', `played_at = '2024-03-01T10:03:00.456Z'`))!;
      assert.equal(changed.context_uri, 'spotify:album:0xOeVMOz2fVg5BJY3N6akT');
      // A replay of the batch as written now changes nothing.
      const before = await dumpAll(w);
      const replay = await w.writeBatch(
        batchOf({
          plays: [
            first!,
            { ...second!, context_type: 'album', context_uri: 'spotify:album:0xOeVMOz2fVg5BJY3N6akT' },
            play('acc1', '2024-03-01T10:04:00.789Z', { date: 20240301, time: 1104 }, 'tr1', 'al1', 'ar1'),
          ],
        }),
      );
      assert.deepEqual(replay.plays, { inserted: 0, merged: 0, duplicates: 3 });
      assert.deepEqual(await dumpAll(w), before);
    },
  },
  {
    name: 'facts of known members infer nothing; a new key among them is still inferred',
    async run(w) {
      await w.writeBatch(fullBatch());
      const known = await w.writeBatch(
        batchOf({
          plays: [
            play('acc1', '2024-03-02T10:00:00.001Z', { date: 20240302, time: 1100 }, 'tr1', 'al1', 'ar1'),
          ],
        }),
      );
      assert.deepEqual(known.inferred, { artists: 0, albums: 0, tracks: 0, accounts: 0 });
      const fresh = await w.writeBatch(
        batchOf({
          plays: [
            play('acc1', '2024-03-03T10:00:00.001Z', { date: 20240303, time: 1100 }, 'tr1', 'al1', 'ar1'),
            play('acc2', '2024-03-03T10:05:00.001Z', { date: 20240303, time: 1105 }, 'tr9', 'al1', 'ar1'),
          ],
        }),
      );
      assert.deepEqual(fresh.inferred, { artists: 0, albums: 0, tracks: 1, accounts: 1 });
      assert.equal(Boolean((await row(w, 'dim_track', `track_id = 'tr9'`))!.is_inferred), true);
      assert.equal(Boolean((await row(w, 'dim_account', `account_id = 'acc2'`))!.is_inferred), true);
    },
  },
  {
    name: 'facts before dimensions load with inferred members, completed later',
    async run(w) {
      const early = await w.writeBatch(batchOf({ plays: fullBatch().plays }));
      assert.equal(early.plays.inserted, 2);
      assert.deepEqual(early.inferred, { artists: 2, albums: 1, tracks: 2, accounts: 1 });
      const inferred = (await row(w, 'dim_track', `track_id = 'tr1'`))!;
      assert.equal(Boolean(inferred.is_inferred), true);
      assert.equal(inferred.name, null);

      const late = await w.writeBatch({ ...fullBatch(), plays: [] });
      assert.deepEqual(late.artists, { inserted: 0, updated: 2 });
      assert.deepEqual(late.tracks, { inserted: 0, updated: 2 });
      assert.deepEqual(late.accounts, { inserted: 0, updated: 1 });
      for (const [table, key] of [
        ['dim_artist', `artist_id = 'ar2'`],
        ['dim_album', `album_id = 'al1'`],
        ['dim_track', `track_id = 'tr1'`],
        ['dim_account', `account_id = 'acc1'`],
      ] as const) {
        const r = (await row(w, table, key))!;
        assert.equal(Boolean(r.is_inferred), false, `${table} completed`);
      }
      assert.equal((await row(w, 'dim_track', `track_id = 'tr1'`))!.name, 'Track tr1');
      assert.equal((await row(w, 'dim_account', `account_id = 'acc1'`))!.time_zone, 'Europe/Berlin');
      assert.equal(await count(w, 'fact_play'), 2);
    },
  },
  {
    name: 'unchanged content keeps updated_at; changed content updates, bridge follows the new artist list',
    async run(w) {
      await w.writeBatch(fullBatch());
      const stamp = async (table: string, where: string) => (await row(w, table, where))!.updated_at as Date;
      const before = await stamp('dim_artist', `artist_id = 'ar1'`);
      const same = await w.writeBatch(batchOf({ artists: [artist('ar1')] }));
      assert.deepEqual(same.artists, { inserted: 0, updated: 0 });
      assert.equal((await stamp('dim_artist', `artist_id = 'ar1'`)).getTime(), before.getTime());

      const renamed = await w.writeBatch(
        batchOf({
          artists: [artist('ar1', { name: 'AR1 renamed' })],
          tracks: [track('tr1', 'al1', ['ar2'])],
        }),
      );
      assert.deepEqual(renamed.artists, { inserted: 0, updated: 1 });
      assert.deepEqual(renamed.bridge, { inserted: 0, updated: 1, deleted: 1 });
      const after = (await row(w, 'dim_artist', `artist_id = 'ar1'`))!;
      assert.equal(after.name, 'AR1 renamed');
      assert.ok((after.updated_at as Date).getTime() >= before.getTime());
      const bridge = (await dump(w, 'bridge_track_artist')).filter((b) => b.track_id === 'tr1');
      assert.deepEqual(
        bridge.map((b) => [b.artist_position, b.artist_id]),
        [[1, 'ar2']],
      );
    },
  },
  {
    name: 'emoji, right-to-left, 4-byte, escape-worthy and long names round-trip',
    async run(w) {
      const names = {
        e1: 'Beyoncé 🐝 ✨',
        e2: 'محمد عبده — عربي',
        e3: '𝄞 𠜎𠜱 🎸🤘🏽 (4-byte)',
        e4: 'tab\tnewline\nreturn\rback\\slash \\N literal',
        e5: `${'Ünïcödé 🎵 '.repeat(150)}`.slice(0, 1500),
      };
      await w.writeBatch(
        batchOf({ artists: Object.entries(names).map(([id, name]) => artist(id, { name })) }),
      );
      for (const [id, name] of Object.entries(names)) {
        assert.equal((await row(w, 'dim_artist', `artist_id = '${id}'`))!.name, name, id);
      }
      const again = await w.writeBatch(
        batchOf({ artists: Object.entries(names).map(([id, name]) => artist(id, { name })) }),
      );
      assert.deepEqual(again.artists, { inserted: 0, updated: 0 });
    },
  },
  {
    name: 'played_at keeps its milliseconds exactly',
    async run(w) {
      const instants = ['2024-03-01T10:00:00.001Z', '2024-03-01T10:00:00.999Z', '2011-11-11T11:11:11.011Z'];
      await w.writeBatch(
        batchOf({
          plays: instants.map((at) => play('accms', at, { date: 20240301, time: 1000 }, 'tr1', 'al1', 'ar1')),
        }),
      );
      const stored = (await dump(w, 'fact_play')).map((r) => (r.played_at as Date).toISOString());
      assert.deepEqual(stored, [...instants].sort());
    },
  },
  {
    name: 'two concurrent batches on overlapping keys both succeed without duplicates',
    async run(w) {
      const make = (from: number, to: number) => {
        const b = batchOf({});
        for (let i = from; i < to; i += 1) {
          const n = String(i).padStart(4, '0');
          b.artists.push(artist(`a${n}`));
          b.albums.push(album(`b${n}`, `a${n}`));
          b.tracks.push(track(`t${n}`, `b${n}`, [`a${n}`]));
          b.plays.push(
            play(
              'conc',
              new Date(Date.UTC(2024, 0, 1, 0, 0, 0, i)).toISOString(),
              { date: 20240101, time: 100 },
              `t${n}`,
              `b${n}`,
              `a${n}`,
            ),
          );
        }
        b.accounts.push(account('conc', 'UTC'));
        return b;
      };
      const [a, b] = await Promise.all([written(w, make(0, 600)), written(w, make(300, 900))]);
      assert.equal(a.plays.inserted + b.plays.inserted, 900);
      assert.equal(await count(w, 'fact_play'), 900);
      assert.equal(await count(w, 'dim_artist'), 900);
      assert.equal(await count(w, 'dim_track'), 900);
      assert.equal(await count(w, 'bridge_track_artist'), 900);
      assert.equal(await count(w, 'dim_account'), 1);
      // Every fact's keys resolve (PostgreSQL does not declare fact_play's foreign keys; see sql/postgres/005).
      const orphans = await w.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM ${w.schema}.fact_play f
         LEFT JOIN ${w.schema}.dim_track tr ON tr.track_id = f.track_id
         LEFT JOIN ${w.schema}.dim_album al ON al.album_id = f.album_id
         LEFT JOIN ${w.schema}.dim_artist ar ON ar.artist_id = f.primary_artist_id
         LEFT JOIN ${w.schema}.dim_account ac ON ac.account_id = f.account_id
         LEFT JOIN ${w.schema}.dim_date d ON d.date_key = f.date_key
         LEFT JOIN ${w.schema}.dim_time tm ON tm.time_key = f.time_key
         WHERE tr.track_id IS NULL OR al.album_id IS NULL OR ar.artist_id IS NULL OR ac.account_id IS NULL
            OR d.date_key IS NULL OR tm.time_key IS NULL`,
      );
      assert.equal(Number(orphans[0]!.n), 0);
    },
  },
  {
    // Two writers of one sink: each describes the artists the other's albums reference. Each
    // dimension table is written in one key order (real and inferred rows alike), so they wait
    // for each other rather than deadlock, and the real records win whichever commits first.
    name: 'two concurrent batches, each describing what the other references, end with every member real',
    async run(w) {
      const half = (own: string, other: string) => {
        const b = batchOf({});
        for (let i = 0; i < 300; i += 1) {
          const n = String(i).padStart(3, '0');
          b.artists.push(artist(`${own}${n}`, { name: `Artist ${own}${n}` }));
          b.albums.push(album(`al${own}${n}`, `${other}${n}`));
        }
        return b;
      };
      await Promise.all([written(w, half('x', 'y')), written(w, half('y', 'x'))]);
      assert.equal(await count(w, 'dim_artist'), 600);
      assert.equal(await count(w, 'dim_album'), 600);
      const inferred = await w.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM ${w.schema}.dim_artist WHERE is_inferred OR name IS NULL`,
      );
      assert.equal(Number(inferred[0]!.n), 0);
    },
  },
  {
    // PostgreSQL serialises fact loads per bucket of accounts, but a batch of hundreds of accounts
    // takes one schema-wide lock instead (see LOCK_ALL_ACCOUNTS); both kinds must still exclude
    // each other.
    name: 'a batch of many accounts and a concurrent batch of a few of them load every play once',
    async run(w) {
      const at = (i: number) => new Date(Date.UTC(2024, 0, 1, 12, 0, 0, i)).toISOString();
      const many = batchOf({});
      for (let a = 0; a < 300; a += 1) {
        for (let i = 0; i < 2; i += 1) {
          many.plays.push(play(`many${a}`, at(i), { date: 20240101, time: 1200 }, 'tr1', 'al1', 'ar1'));
        }
      }
      const few = batchOf({});
      for (const a of [0, 150, 299]) {
        for (let i = 0; i < 3; i += 1) {
          few.plays.push(play(`many${a}`, at(i), { date: 20240101, time: 1200 }, 'tr1', 'al1', 'ar1'));
        }
      }
      const [x, y] = await Promise.all([written(w, many), written(w, few)]);
      assert.equal(x.plays.inserted + y.plays.inserted, 603);
      assert.equal(await count(w, 'fact_play'), 603);
      assert.equal(await count(w, 'dim_account'), 300);
    },
  },
  {
    name: "views show plays in each listener's local date and time",
    async run(w) {
      // The same instant, 2024-03-31 22:30 UTC: 2024-04-01 00:30 in Berlin (CEST), 15:30 in Los Angeles (PDT).
      await w.writeBatch(
        batchOf({
          artists: [artist('ar1', { name: 'Robyn' }), artist('ar2', { name: 'Björk' })],
          albums: [album('al1', 'ar1', { name: 'Honey' })],
          tracks: [track('tr1', 'al1', ['ar1'], { name: 'Dancing On My Own', duration_ms: 240_000 })],
          accounts: [account('ber', 'Europe/Berlin'), account('lax', 'America/Los_Angeles')],
          plays: [
            play('ber', '2024-03-31T22:30:00.000Z', { date: 20240401, time: 30 }, 'tr1', 'al1', 'ar1'),
            play('lax', '2024-03-31T22:30:00.000Z', { date: 20240331, time: 1530 }, 'tr1', 'al1', 'ar1', {
              ms_played: 120_000,
            }),
            play('lax', '2024-03-31T23:30:00.000Z', { date: 20240331, time: 1630 }, 'tr1', 'al1', 'ar1'),
          ],
        }),
      );
      const plays = await w.query<Record<string, unknown>>(
        `SELECT account_id, local_year, local_month, local_day_of_month, local_weekday_name, local_time, part_of_day, track_name, artist_name, album_name, minutes_played FROM ${w.schema}.v_plays ORDER BY account_id, played_at_utc`,
      );
      assert.deepEqual(
        plays.map((p) => [
          p.account_id,
          p.local_year,
          p.local_month,
          p.local_day_of_month,
          p.local_weekday_name,
          p.local_time,
          p.part_of_day,
          p.track_name,
          p.artist_name,
          p.album_name,
          Number(p.minutes_played),
        ]),
        [
          ['ber', 2024, 4, 1, 'Monday', '00:30', 'night', 'Dancing On My Own', 'Robyn', 'Honey', 4],
          ['lax', 2024, 3, 31, 'Sunday', '15:30', 'afternoon', 'Dancing On My Own', 'Robyn', 'Honey', 2],
          ['lax', 2024, 3, 31, 'Sunday', '16:30', 'afternoon', 'Dancing On My Own', 'Robyn', 'Honey', 4],
        ],
      );
      const top = await w.query<Record<string, unknown>>(
        `SELECT account_id, artist_name, plays, rank_in_month FROM ${w.schema}.v_top_artists_by_month ORDER BY account_id`,
      );
      assert.deepEqual(
        top.map((r) => [r.account_id, r.artist_name, Number(r.plays), Number(r.rank_in_month)]),
        [
          ['ber', 'Robyn', 1, 1],
          ['lax', 'Robyn', 2, 1],
        ],
      );
      const tracks = await w.query<Record<string, unknown>>(
        `SELECT account_id, track_name, plays FROM ${w.schema}.v_top_tracks_by_month ORDER BY account_id`,
      );
      assert.deepEqual(
        tracks.map((r) => [r.account_id, r.track_name, Number(r.plays)]),
        [
          ['ber', 'Dancing On My Own', 1],
          ['lax', 'Dancing On My Own', 2],
        ],
      );
      const albums = await w.query<Record<string, unknown>>(
        `SELECT account_id, album_name, plays FROM ${w.schema}.v_top_albums_by_month ORDER BY account_id`,
      );
      assert.deepEqual(
        albums.map((r) => [r.account_id, r.album_name, Number(r.plays)]),
        [
          ['ber', 'Honey', 1],
          ['lax', 'Honey', 2],
        ],
      );
      const hours = await w.query<Record<string, unknown>>(
        `SELECT account_id, local_weekday, local_hour, plays FROM ${w.schema}.v_plays_by_hour_weekday ORDER BY account_id, local_hour`,
      );
      assert.deepEqual(
        hours.map((r) => [r.account_id, r.local_weekday, r.local_hour, Number(r.plays)]),
        [
          ['ber', 1, 0, 1],
          ['lax', 7, 15, 1],
          ['lax', 7, 16, 1],
        ],
      );
    },
  },
];

async function runCases(t: TestContext, make: (schema: string) => TestWarehouse): Promise<void> {
  for (const c of cases) {
    await t.test(c.name, async (tt) => {
      const w = make(uniqueName('wh'));
      try {
        assert.deepEqual(
          (await w.pendingMigrations()).map((m) => m.version),
          await migrationVersions(w),
          'a schema never migrated has every migration pending',
        );
        const first = await w.migrate();
        assert.deepEqual(await w.pendingMigrations(), [], 'nothing is pending after migrate');
        assert.deepEqual(
          first.applied.map((m) => m.version),
          await migrationVersions(w),
        );
        await c.run(w, tt);
      } finally {
        await w.dropSchema().catch(() => undefined);
        await w.close();
      }
    });
  }
}

test('PostgreSQL warehouse', async (t) => {
  await runCases(t, (schema) => new PostgresWarehouse({ connectionString: env.DATABASE_URL, schema }));
});

test('SQL Server warehouse', async (t) => {
  const url = env.MSSQL_URL;
  if (!url) {
    t.skip('MSSQL_URL not set: SQL Server suite skipped');
    return;
  }
  await runCases(t, (schema) => new SqlServerWarehouse({ url, schema }));
});
