import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AccountRecord,
  type AlbumRecord,
  type ArtistRecord,
  codecs,
  type PlayFact,
  type TrackRecord,
} from '@spotify-pipeline/avro';
import { normalizePlay } from '@spotify-pipeline/normalizer';
import { waitUntil } from '@spotify-pipeline/runtime';
import { consumerLag } from '../support/consumer-lag.ts';
import { expectedWarehouse } from '../support/expected-warehouse.ts';
import { generateListening } from '../support/listening-generator.ts';
import { PipelineWorld } from '../support/pipeline-world.ts';
import { warehouseDifferences } from '../support/warehouse-differences.ts';

const TIMEOUT_MS = 60_000;

test('facts published before their dimension records load at once with inferred members, completed when the records arrive', async (t) => {
  const world = await PipelineWorld.create('facts_first');
  t.after(() => world.close());
  const { plays } = generateListening({ plays: 3_000, accounts: 20, tracks: 300, seed: 11 });
  const expected = expectedWarehouse(plays);

  // The star records the normalizer would publish, published here by hand in a hostile order.
  const facts: PlayFact[] = [];
  const tracks = new Map<string, TrackRecord>();
  const albums = new Map<string, AlbumRecord>();
  const artists = new Map<string, ArtistRecord>();
  const accounts = new Map<string, AccountRecord>();
  for (const raw of plays) {
    const result = normalizePlay(raw);
    if (!result.ok) throw new Error(`the generator made a play the normalizer rejects: ${result.detail}`);
    facts.push(result.value.play);
    const { track, account } = result.value;
    if (track === null)
      throw new Error(`no track record for a play of ${raw.track.id}: the generator gives ids`);
    tracks.set(track.track_id, track);
    for (const a of result.value.albums) albums.set(a.album_id, a);
    for (const a of result.value.artists) artists.set(a.artist_id, a);
    // Imported plays describe no account; the polled ones do.
    if (account !== null) accounts.set(account.account_id, account);
  }
  const t2 = world.topics;
  const sinkGroup = world.groupId('sink');
  const drained = (topic: string) =>
    waitUntil(async () => (await consumerLag(world.kafka.admin, sinkGroup, [topic])) === 0, {
      what: `the sink to commit ${topic}`,
      timeoutMs: TIMEOUT_MS,
    });
  await world.startSink({ SINK_GROUP_ID: sinkGroup });

  // 1. Facts alone: every one is stored at once, pointing at key-only (inferred) members.
  await world.produce(
    t2.plays.name,
    facts.map((f) => ({ key: f.account_id, value: codecs.playFact.encode(f) })),
  );
  await drained(t2.plays.name);
  assert.deepEqual(
    new Set(await world.inspect.factKeys()),
    expected.facts,
    'every fact stored, each once, before any dimension record',
  );
  const referencedArtists = new Set(facts.map((f) => f.primary_artist_id));
  assert.deepEqual(await world.inspect.inferredCounts(), {
    dim_artist: referencedArtists.size,
    dim_album: albums.size,
    dim_track: tracks.size,
    dim_account: accounts.size,
  });
  assert.equal(
    await world.inspect.count('dim_track', 'name IS NOT NULL'),
    0,
    'inferred members have only a key',
  );
  assert.deepEqual(await world.inspect.orphanFacts(), {
    account: 0,
    track: 0,
    album: 0,
    artist: 0,
    date: 0,
    time: 0,
  });
  assert.equal(await world.inspect.count('v_plays'), facts.length, 'Tableau sees every play already');
  const factsBefore = (await world.inspect.contentDigest()).fact_play;

  // 2. Tracks next: they complete themselves but point at albums and artists still unknown.
  await world.produce(
    t2.tracks.name,
    [...tracks.values()].map((r) => ({ key: r.track_id, value: codecs.track.encode(r) })),
  );
  await drained(t2.tracks.name);
  const trackArtists = new Set([
    ...referencedArtists,
    ...[...tracks.values()].flatMap((tr) => tr.artist_ids),
  ]);
  assert.deepEqual(await world.inspect.inferredCounts(), {
    dim_artist: trackArtists.size,
    dim_album: albums.size,
    dim_track: 0,
    dim_account: accounts.size,
  });
  assert.equal(
    await world.inspect.count('bridge_track_artist'),
    [...tracks.values()].flatMap((tr) => tr.artist_ids).length,
  );

  // 3. The rest: every member complete, names from the source, the facts themselves untouched.
  await world.produce(
    t2.accounts.name,
    [...accounts.values()].map((r) => ({ key: r.account_id, value: codecs.account.encode(r) })),
  );
  await world.produce(
    t2.albums.name,
    [...albums.values()].map((r) => ({ key: r.album_id, value: codecs.album.encode(r) })),
  );
  await world.produce(
    t2.artists.name,
    [...artists.values()].map((r) => ({ key: r.artist_id, value: codecs.artist.encode(r) })),
  );
  for (const topic of [t2.accounts, t2.albums, t2.artists]) await drained(topic.name);
  assert.deepEqual(await warehouseDifferences(world.inspect, expected), []);
  assert.deepEqual(
    (await world.inspect.contentDigest()).fact_play,
    factsBefore,
    'completing members leaves the facts as they were',
  );
  assert.equal(
    await world.inspect.count('v_plays', 'track_name IS NULL OR album_name IS NULL OR artist_name IS NULL'),
    0,
    'v_plays now names every play’s track, album and artist',
  );
});
