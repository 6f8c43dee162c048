import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codecs, type RawPlay, UnknownSchemaError } from '@spotify-pipeline/avro';
import { waitUntil } from '@spotify-pipeline/runtime';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { type TestKafka, testKafka } from '../support/kafka.ts';
import { uniqueName } from '../support/unique.ts';

function rawPlay(n: number): RawPlay {
  return {
    account: { id: `acct-${n % 3}`, time_zone: 'Europe/Berlin', display_name: 'Zoë 🎧', country: 'DE' },
    played_at: new Date(Date.UTC(2026, 10, 26, 12, 0, n, 123)),
    source: 'api',
    fetched_at: new Date(Date.UTC(2026, 10, 26, 12, 5, 0, 0)),
    context:
      n % 2 === 0 ? null : { type: 'playlist', uri: 'spotify:playlist:x', href: null, external_url: null },
    track: {
      id: `track${n}`,
      uri: `spotify:track:track${n}`,
      name: `שיר ${n} 🎶`,
      duration_ms: 180_000,
      explicit: false,
      disc_number: 1,
      track_number: n,
      is_local: false,
      popularity: null,
      isrc: null,
      type: 'track',
      album: {
        id: 'album1',
        uri: 'spotify:album:album1',
        name: 'Альбом',
        album_type: 'album',
        release_date: '1999',
        release_date_precision: 'year',
        total_tracks: 12,
        images: [],
        artists: [{ id: 'artist1', uri: 'spotify:artist:artist1', name: '𝄞 Artist' }],
      },
      artists: [
        { id: 'artist1', uri: 'spotify:artist:artist1', name: '𝄞 Artist' },
        { id: 'artist2', uri: 'spotify:artist:artist2', name: 'الفنان' },
      ],
    },
    history: null,
  };
}

describe('Avro events through the real broker', () => {
  let env: TestKafka;
  let consumer: Consumer | undefined;
  before(async () => {
    env = await testKafka('avro');
  });
  after(async () => {
    await consumer?.disconnect();
    await env.close();
  });

  it('round-trips raw plays, keyed by account, in partition order, and flags an unknown schema', async () => {
    const producer = env.kafka.producer({ idempotent: true });
    await producer.connect();
    const sent = Array.from({ length: 30 }, (_, n) => rawPlay(n));
    await producer.send({
      topic: env.topics.rawPlays.name,
      messages: [
        ...sent.map((play) => ({ key: play.account.id, value: codecs.rawPlay.encode(play) })),
        // A message from a writer schema nobody knows: the marker, a made-up fingerprint, a body.
        { key: 'stranger', value: Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0]) },
      ],
    });
    await producer.disconnect();

    const received: KafkaMessage[] = [];
    consumer = env.kafka.consumer({ groupId: uniqueName('avro-group') });
    await consumer.connect();
    await consumer.subscribe({ topic: env.topics.rawPlays.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push(message);
      },
    });
    await waitUntil(() => received.length >= sent.length + 1, {
      what: 'every message consumed',
      timeoutMs: 30_000,
    });

    const decoded = received
      .filter((m) => m.key?.toString() !== 'stranger')
      .map((m) => codecs.rawPlay.decode(m.value!));
    const byPlayedAt = (a: RawPlay, b: RawPlay) => a.played_at.getTime() - b.played_at.getTime();
    assert.deepEqual(decoded.toSorted(byPlayedAt), sent);
    for (const m of received.filter((m) => m.key?.toString() !== 'stranger')) {
      assert.equal(codecs.rawPlay.decode(m.value!).account.id, m.key?.toString());
    }
    // Within one account (one partition) the order of production is kept.
    for (const account of ['acct-0', 'acct-1', 'acct-2']) {
      const times = decoded.filter((p) => p.account.id === account).map((p) => p.played_at.getTime());
      assert.deepEqual(
        times,
        times.toSorted((a, b) => a - b),
      );
    }
    const stranger = received.find((m) => m.key?.toString() === 'stranger')!;
    assert.throws(() => codecs.rawPlay.decode(stranger.value!), UnknownSchemaError);
  });
});
