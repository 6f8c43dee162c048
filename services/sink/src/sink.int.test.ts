import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { startSink } from './start.ts';
import { expectedPlays, makeDataset, SinkFixture } from './testing/sink-fixture.ts';

const DEADLINE_MS = 60_000;

describe('sink against the real broker and PostgreSQL', () => {
  let fx: SinkFixture;
  before(async () => {
    fx = await SinkFixture.create('once');
  });
  after(async () => {
    await fx.close();
  });

  test('facts and dimensions end as rows, once; a replay from the beginning leaves the warehouse identical', async () => {
    const data = makeDataset(2_500);
    await fx.produce(data);
    const committed: number[] = [];
    const sink = await startSink(fx.config({ SINK_BATCH_SIZE: '1000' }), {
      logger: fx.logger,
      onBatchCommitted: (b) => committed.push(b.messages),
    });
    try {
      await waitUntil(async () => (await fx.count('fact_play')) === data.plays.length, {
        what: 'every play in fact_play',
        timeoutMs: DEADLINE_MS,
      });
      assert.deepEqual((await fx.playsSnapshot()).sort(), expectedPlays(data.plays));
      assert.equal(await fx.count('dim_track', 'NOT is_inferred'), data.tracks.length);
      assert.equal(await fx.count('dim_artist', 'NOT is_inferred'), data.artists.length);
      assert.equal(await fx.count('dim_album', 'NOT is_inferred'), data.albums.length);
      assert.equal(await fx.count('dim_account', 'NOT is_inferred'), data.accounts.length);
      assert.ok(
        committed.every((n) => n <= 1000),
        `no batch above SINK_BATCH_SIZE: ${committed.join(',')}`,
      );
      const total =
        data.plays.length +
        data.tracks.length +
        data.artists.length +
        data.albums.length +
        data.accounts.length;
      await waitUntil(() => committed.reduce((a, b) => a + b, 0) === total, {
        what: 'every message committed',
        timeoutMs: DEADLINE_MS,
      });

      const ready = await fetch(`${sink.opsUrl}/readyz`);
      assert.equal(ready.status, 200, await ready.text());
      const metrics = await (await fetch(`${sink.opsUrl}/metrics`)).text();
      assert.match(metrics, /sink_records_consumed_total\{[^}]*topic="plays"[^}]*\} 2500/);
      assert.match(metrics, /sink_rows_written_total\{[^}]*table="fact_play"[^}]*\} 2500/);
    } finally {
      await sink.stop();
    }
    const before = await fx.warehouseSnapshot();

    // A new group reads every topic from the beginning again.
    const replay = await startSink(fx.config(), { logger: fx.logger });
    try {
      await waitUntil(
        async () =>
          Number(
            await replay.metrics.recordsConsumed.get().then((m) => m.values.reduce((a, v) => a + v.value, 0)),
          ) >= data.plays.length,
        {
          what: 'the replay consumed every play',
          timeoutMs: DEADLINE_MS,
        },
      );
      await waitUntil(
        async () => (await replay.metrics.batches.get()).values.some((v) => v.labels.outcome === 'committed'),
        {
          what: 'the replay committed',
          timeoutMs: DEADLINE_MS,
        },
      );
    } finally {
      await replay.stop();
    }
    assert.equal(await fx.warehouseSnapshot(), before);
    assert.equal(await fx.count('fact_play'), data.plays.length);
  });

  test('facts before their dimensions load with inferred members, completed when the dimensions arrive', async () => {
    const data = makeDataset(300, { tracks: 5 });
    // Other ids than the previous test's, so this test sees only its own members.
    const rename = (id: string) => `late_${id}`;
    const plays = data.plays.map((p) => ({
      ...p,
      account_id: rename(p.account_id),
      track_id: rename(p.track_id),
      album_id: p.album_id && rename(p.album_id),
      primary_artist_id: p.primary_artist_id && rename(p.primary_artist_id),
    }));
    const sink = await startSink(fx.config(), { logger: fx.logger });
    try {
      await fx.produce({ plays });
      await waitUntil(
        async () => (await fx.count('fact_play', "account_id LIKE 'late_%'")) === plays.length,
        {
          what: 'the early facts loaded',
          timeoutMs: DEADLINE_MS,
        },
      );
      assert.equal(await fx.count('dim_track', "track_id LIKE 'late_%' AND is_inferred"), 5);
      assert.equal(await fx.count('dim_account', "account_id LIKE 'late_%' AND is_inferred"), 3);

      await fx.produce({
        artists: data.artists.map((a) => ({ ...a, artist_id: rename(a.artist_id) })),
        albums: data.albums.map((a) => ({
          ...a,
          album_id: rename(a.album_id),
          primary_artist_id: a.primary_artist_id && rename(a.primary_artist_id),
        })),
        tracks: data.tracks.map((t) => ({
          ...t,
          track_id: rename(t.track_id),
          album_id: rename(t.album_id),
          artist_ids: t.artist_ids.map(rename),
        })),
        accounts: data.accounts.map((a) => ({ ...a, account_id: rename(a.account_id) })),
      });
      await waitUntil(
        async () =>
          (await fx.count('dim_track', "track_id LIKE 'late_%' AND NOT is_inferred AND name IS NOT NULL")) ===
            5 &&
          (await fx.count('dim_account', "account_id LIKE 'late_%' AND NOT is_inferred")) === 3 &&
          (await fx.count('dim_artist', "artist_id LIKE 'late_%' AND NOT is_inferred")) === 4,
        { what: 'inferred members completed', timeoutMs: DEADLINE_MS },
      );
      assert.equal(await fx.count('fact_play', "account_id LIKE 'late_%'"), plays.length);
      assert.equal(await fx.count('dim_track', "track_id LIKE 'late_%' AND is_inferred"), 0);
    } finally {
      await sink.stop();
    }
  });

  test('an undecodable message goes to the dead-letter topic with the contract headers, and the rest is written', async () => {
    const sink = await startSink(fx.config(), { logger: fx.logger });
    const letters: { headers: Record<string, string>; value: string }[] = [];
    const dlqConsumer = fx.kafka.consumer({ groupId: fx.newGroupId() });
    try {
      await dlqConsumer.connect();
      await dlqConsumer.subscribe({ topic: fx.topics.deadLetter.name, fromBeginning: true });
      await dlqConsumer.run({
        eachMessage: async ({ message }) => {
          letters.push({
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
            value: message.value?.toString('latin1') ?? '',
          });
        },
      });
      const good = { ...makeDataset(1).accounts[0]!, account_id: 'dlq_ok' };
      await fx.producer.send({
        topic: fx.topics.accounts.name,
        messages: [{ key: 'bad', value: Buffer.from('not avro at all') }],
      });
      await fx.produce({ accounts: [good] });
      await waitUntil(async () => (await fx.count('dim_account', "account_id = 'dlq_ok'")) === 1, {
        what: 'the good record written',
        timeoutMs: DEADLINE_MS,
      });
      const letter = await waitUntil(() => letters.find((l) => l.headers['dlq.service'] === 'sink'), {
        what: 'the dead letter',
        timeoutMs: DEADLINE_MS,
      });
      assert.equal(letter.value, 'not avro at all');
      assert.equal(letter.headers['dlq.reason'], 'undecodable');
      assert.equal(letter.headers['dlq.topic'], fx.topics.accounts.name);
      assert.match(letter.headers['dlq.offset'] ?? '', /^\d+$/);
      assert.match(letter.headers['dlq.partition'] ?? '', /^\d+$/);
      assert.ok(letter.headers['dlq.detail']);
      assert.ok(!Number.isNaN(Date.parse(letter.headers['dlq.at'] ?? '')));
      const metrics = await (await fetch(`${sink.opsUrl}/metrics`)).text();
      assert.match(metrics, /sink_dead_lettered_total\{[^}]*reason="undecodable"[^}]*\} 1/);
    } finally {
      await dlqConsumer.disconnect();
      await sink.stop();
    }
  });
});
