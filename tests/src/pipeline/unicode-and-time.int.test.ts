import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codecs, type RawPlay, type RawPlayAccount, type RawPlayArtist } from '@spotify-pipeline/avro';
import { sampleRawPlay } from '@spotify-pipeline/avro/testing';
import { expectedWarehouse } from '../support/expected-warehouse.ts';
import { PipelineWorld } from '../support/pipeline-world.ts';
import { readTopics } from '../support/topic-reader.ts';
import { longestName, TRICKY_NAME_PARTS } from '../support/unicode-names.ts';
import { warehouseDifferences } from '../support/warehouse-differences.ts';

const TIMEOUT_MS = 60_000;
// SQL Server's columns hold names of up to 2,000 UTF-16 code units and URLs of 2,048; the pipeline
// must carry the longest on both warehouses, so these are the lengths tested.
const LONGEST_NAME = longestName(2_000);
const LONGEST_URL = `https://i.scdn.co/image/${'ab67616d0000b273'.repeat(128)}`.slice(0, 2_048);

const account = (id: string, time_zone: string, display_name: string): RawPlayAccount => ({
  id,
  time_zone,
  display_name,
  country: null,
});

const BERLIN = account('listener-berlin', 'Europe/Berlin', '👩‍👩‍👧‍👦 Familie Müller');
const NEW_YORK = account('listener-new-york', 'America/New_York', 'עומר אדם 🗽');
const KOLKATA = account('listener-kolkata', 'Asia/Kolkata', 'नमस्ते दुनिया');
const LONGEST = account('listener-longest', 'UTC', LONGEST_NAME);

/**
 * Local date, hour and minute worked out by hand from the 2026 rules (not by any code under test):
 * Berlin moves to CEST on 29 Mar at 01:00 UTC and back to CET on 25 Oct at 01:00 UTC; New York to
 * EDT on 8 Mar at 07:00 UTC and back to EST on 1 Nov at 06:00 UTC; Kolkata is +05:30 all year.
 */
const CLOCK_CASES: { account: RawPlayAccount; utc: string; date: string; time: string; weekday: number }[] = [
  { account: BERLIN, utc: '2026-03-28T23:30:00.000Z', date: '2026-03-29', time: '00:30', weekday: 7 },
  { account: BERLIN, utc: '2026-03-29T00:59:59.999Z', date: '2026-03-29', time: '01:59', weekday: 7 },
  { account: BERLIN, utc: '2026-03-29T01:00:00.000Z', date: '2026-03-29', time: '03:00', weekday: 7 },
  { account: BERLIN, utc: '2026-10-24T22:30:00.000Z', date: '2026-10-25', time: '00:30', weekday: 7 },
  { account: BERLIN, utc: '2026-10-25T00:30:00.000Z', date: '2026-10-25', time: '02:30', weekday: 7 },
  // An hour later in UTC, the same wall-clock time: the repeated hour after the clocks go back.
  { account: BERLIN, utc: '2026-10-25T01:30:00.000Z', date: '2026-10-25', time: '02:30', weekday: 7 },
  { account: NEW_YORK, utc: '2026-03-08T04:30:00.000Z', date: '2026-03-07', time: '23:30', weekday: 6 },
  { account: NEW_YORK, utc: '2026-03-08T06:59:00.000Z', date: '2026-03-08', time: '01:59', weekday: 7 },
  { account: NEW_YORK, utc: '2026-03-08T07:00:00.000Z', date: '2026-03-08', time: '03:00', weekday: 7 },
  { account: NEW_YORK, utc: '2026-11-01T05:30:00.000Z', date: '2026-11-01', time: '01:30', weekday: 7 },
  { account: NEW_YORK, utc: '2026-11-01T06:30:00.000Z', date: '2026-11-01', time: '01:30', weekday: 7 },
  { account: KOLKATA, utc: '2026-03-29T18:29:59.999Z', date: '2026-03-29', time: '23:59', weekday: 7 },
  { account: KOLKATA, utc: '2026-03-29T18:30:00.000Z', date: '2026-03-30', time: '00:00', weekday: 1 },
  { account: KOLKATA, utc: '2026-11-01T06:30:00.000Z', date: '2026-11-01', time: '12:00', weekday: 7 },
];

/** `name` with `suffix` when that still fits the longest name allowed, else `name` alone. */
const withSuffix = (name: string, suffix: string) =>
  name.length + suffix.length <= LONGEST_NAME.length ? `${name}${suffix}` : name;

/** A play of a track whose every name (track, album, artists, account) is `name`-flavoured. */
function playNamed(n: number, name: string, who: RawPlayAccount, playedAt: Date, imageUrl?: string): RawPlay {
  const base = sampleRawPlay({ history: null });
  const id = (kind: string) => `${kind}${String(n).padStart(4, '0')}Unicode0000000`.slice(0, 22);
  const artist = (k: number): RawPlayArtist => ({
    id: id(`ar${k}`),
    uri: `spotify:artist:${id(`ar${k}`)}`,
    name: k === 0 ? name : withSuffix(name, ` feat. ${k}`),
  });
  return {
    ...base,
    account: { ...who },
    played_at: playedAt,
    fetched_at: new Date(playedAt.getTime() + 60_000),
    track: {
      ...base.track,
      id: id('tr'),
      uri: `spotify:track:${id('tr')}`,
      name,
      album: {
        ...base.track.album,
        id: id('al'),
        uri: `spotify:album:${id('al')}`,
        name: withSuffix(name, ' (album)'),
        images: imageUrl ? [{ url: imageUrl, height: 640, width: 640 }] : [],
        artists: [artist(0)],
      },
      artists: [artist(0), artist(1)],
    },
  };
}

test('names with emoji, right-to-left scripts, 4-byte characters and the longest lengths round-trip through Kafka and the warehouse', async (t) => {
  const world = await PipelineWorld.create('unicode');
  t.after(() => world.close());
  const accounts = [BERLIN, NEW_YORK, KOLKATA];
  const plays = TRICKY_NAME_PARTS.map((name, i) =>
    playNamed(
      i,
      name,
      accounts[i % accounts.length] as RawPlayAccount,
      new Date(Date.UTC(2026, 5, 1, 12, i)),
    ),
  );
  const longest = playNamed(999, LONGEST_NAME, LONGEST, new Date('2026-06-02T12:00:00.000Z'), LONGEST_URL);
  plays.push(longest);
  assert.equal(LONGEST_NAME.length, 2_000, 'UTF-16 code units');
  assert.ok(Buffer.byteLength(LONGEST_NAME) > 4_000, 'and far more UTF-8 bytes');
  assert.equal(LONGEST_URL.length, 2_048);

  await world.startNormalizer();
  await world.startSink();
  await world.produceRawPlays(plays);
  await world.waitUntilLoaded({ timeoutMs: TIMEOUT_MS });

  // Through Kafka: the dimension records the normalizer wrote carry the names unchanged.
  const expected = expectedWarehouse(plays);
  const { tracks, artists, albums, accounts: accountTopic } = world.topics;
  const onKafka = await readTopics(
    world.kafka.kafka,
    [tracks.name, artists.name, albums.name, accountTopic.name],
    {
      atLeast: expected.tracks.size + expected.artists.size + expected.albums.size + expected.accounts.size,
      timeoutMs: TIMEOUT_MS,
    },
  );
  const kafkaNames = new Map<string, string | null>();
  for (const { topic, message } of onKafka) {
    const value = message.value as Buffer;
    if (topic === tracks.name) kafkaNames.set(`track ${message.key}`, codecs.track.decode(value).name);
    if (topic === artists.name) kafkaNames.set(`artist ${message.key}`, codecs.artist.decode(value).name);
    if (topic === albums.name) kafkaNames.set(`album ${message.key}`, codecs.album.decode(value).name);
    if (topic === accountTopic.name)
      kafkaNames.set(`account ${message.key}`, codecs.account.decode(value).display_name);
  }
  const sourceNames = new Map<string, string | null>([
    ...[...expected.tracks].map(([id, v]) => [`track ${id}`, v.name] as const),
    ...[...expected.artists].map(([id, v]) => [`artist ${id}`, v.name] as const),
    ...[...expected.albums].map(([id, v]) => [`album ${id}`, v.name] as const),
    ...[...expected.accounts].map(([id, v]) => [`account ${id}`, v.display_name] as const),
  ]);
  assert.deepEqual(kafkaNames, sourceNames);

  // Through the warehouse: every name equal, code unit for code unit (no normalization, no truncation).
  assert.deepEqual(await warehouseDifferences(world.inspect, expected), []);
  const [stored] = await world.warehouse.query<{ name: string; image_url: string; code_points: number }>(
    `SELECT t.name, al.image_url, char_length(t.name)::int AS code_points
       FROM "${world.schema}".dim_track t JOIN "${world.schema}".dim_album al ON al.album_id = t.album_id
      WHERE t.track_id = $1`,
    [longest.track.id],
  );
  assert.equal(stored?.name, LONGEST_NAME);
  assert.equal(stored?.code_points, [...LONGEST_NAME].length, 'code points as PostgreSQL counts them');
  assert.equal(stored?.image_url, LONGEST_URL);
  const decomposed = await world.warehouse.query<{ name: string }>(
    `SELECT name FROM "${world.schema}".dim_track WHERE name IN ($1, $2) ORDER BY name`,
    ['Beyonce\u0301', 'Beyoncé'],
  );
  assert.deepEqual(
    decomposed.map((r) => r.name),
    ['Beyonce\u0301', 'Beyoncé'],
    'a decomposed and a precomposed é stay two different names',
  );
});

test('local date and hour in v_plays follow each account’s zone across the 2026 DST changes', async (t) => {
  const world = await PipelineWorld.create('clock');
  t.after(() => world.close());
  const plays = CLOCK_CASES.map((c, i) => playNamed(i, `Clock ${i}`, c.account, new Date(c.utc)));

  await world.startNormalizer();
  await world.startSink();
  await world.produceRawPlays(plays);
  await world.waitUntilLoaded({ timeoutMs: TIMEOUT_MS });

  const rows = await world.warehouse.query<{
    account_id: string;
    utc: string;
    local_date: string;
    local_time: string;
    local_hour: number;
    local_weekday: number;
  }>(
    `SELECT account_id, to_char(played_at_utc AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS utc,
            local_date::text AS local_date, local_time::text AS local_time, local_hour::int AS local_hour,
            local_weekday::int AS local_weekday
       FROM "${world.schema}".v_plays ORDER BY account_id, played_at_utc`,
  );
  const expected = CLOCK_CASES.map((c) => ({
    account_id: c.account.id,
    utc: c.utc,
    local_date: c.date,
    local_time: c.time,
    local_hour: Number(c.time.slice(0, 2)),
    local_weekday: c.weekday,
  })).sort((a, b) =>
    a.account_id === b.account_id ? a.utc.localeCompare(b.utc) : a.account_id < b.account_id ? -1 : 1,
  );
  assert.deepEqual(rows, expected);
  assert.equal(await world.inspect.localKeyMismatches(), 0, 'PostgreSQL’s zone rules agree');
});
