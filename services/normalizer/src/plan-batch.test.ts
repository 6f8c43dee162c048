import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codecs } from '@spotify-pipeline/avro';
import type { DeadLetterSource } from '@spotify-pipeline/runtime';
import { topicsFor } from '@spotify-pipeline/runtime';
import type { Message } from 'kafkajs';
import { DimensionCache } from './dimension-cache.ts';
import { type BatchPlan, type PlanContext, planBatch } from './plan-batch.ts';
import { type RawPlayOverrides, rawPlayFixture } from './raw-play.fixture.ts';

const topics = topicsFor('unit.');
const AT = new Date('2024-06-01T13:00:00.000Z');

function context(cache = new DimensionCache({ maxEntries: 100, ttlMs: 60_000 })): PlanContext {
  return { topics, codecs, cache, service: 'normalizer', now: () => AT };
}

let offset = 0;
function message(value: Buffer | null, key = 'account-1'): DeadLetterSource {
  offset += 1;
  return { topic: topics.rawPlays.name, partition: 2, offset: String(offset), key: Buffer.from(key), value };
}
const play = (overrides: RawPlayOverrides = {}) => message(codecs.rawPlay.encode(rawPlayFixture(overrides)));

function sent(plan: BatchPlan, topic: string): Message[] {
  return plan.topicMessages.find((t) => t.topic === topic)?.messages ?? [];
}

describe('planBatch', () => {
  it('emits one fact per play and each dimension member once per batch', () => {
    const plan = planBatch([play(), play({ played_at: new Date('2024-06-01T12:40:00Z') })], context());
    const facts = sent(plan, topics.plays.name);
    assert.equal(facts.length, 2);
    assert.deepEqual(
      facts.map((m) => codecs.playFact.decode(m.value as Buffer).played_at),
      [new Date('2024-06-01T12:34:56.789Z'), new Date('2024-06-01T12:40:00Z')],
    );
    assert.equal(facts[0]?.key, 'account-1');
    assert.deepEqual(
      sent(plan, topics.artists.name).map((m) => m.key),
      ['artist-a', 'artist-b'],
    );
    assert.deepEqual(
      sent(plan, topics.albums.name).map((m) => m.key),
      ['album-1'],
    );
    assert.deepEqual(
      sent(plan, topics.tracks.name).map((m) => codecs.track.decode(m.value as Buffer).artist_ids),
      [['artist-a', 'artist-b']],
    );
    assert.equal(sent(plan, topics.accounts.name).length, 1);
    assert.deepEqual(plan.counts.dimensions, { artist: 2, album: 1, track: 1, account: 1 });
    assert.deepEqual(plan.counts.skipped, { artist: 2, album: 1, track: 1, account: 1 });
    assert.equal(plan.counts.facts, 2);
    assert.equal(plan.emitted.length, 5);
  });

  it("gives each fact its raw record's timestamp (when the poller received the play), and none without one", () => {
    const stamped = { ...play(), timestamp: '1717246800123' };
    const plan = planBatch([stamped, play({ played_at: new Date('2024-06-01T12:40:00Z') })], context());
    assert.deepEqual(
      sent(plan, topics.plays.name).map((m) => m.timestamp),
      ['1717246800123', undefined],
    );
  });

  it('skips dimensions the cache remembers unchanged, and re-emits changed ones', () => {
    const cache = new DimensionCache({ maxEntries: 100, ttlMs: 60_000 });
    const first = planBatch([play()], context(cache));
    for (const e of first.emitted) cache.remember(e.kind, e.id, e.content);

    const repeat = planBatch([play()], context(cache));
    assert.equal(sent(repeat, topics.plays.name).length, 1);
    assert.equal(repeat.topicMessages.length, 1, 'a re-played track costs one fact message');

    const renamed = planBatch([play({ track: { name: 'Song One (Remastered)' } })], context(cache));
    assert.deepEqual(
      renamed.topicMessages.map((t) => t.topic).sort(),
      [topics.plays.name, topics.tracks.name].sort(),
    );
  });

  it('does not suppress a dimension that was planned but never remembered (send failed)', () => {
    const cache = new DimensionCache({ maxEntries: 100, ttlMs: 60_000 });
    planBatch([play()], context(cache));
    const retry = planBatch([play()], context(cache));
    assert.equal(sent(retry, topics.tracks.name).length, 1);
  });

  it('dead-letters poison with its original key, bytes and the reason headers, and goes on', () => {
    const garbage = message(Buffer.from('not avro at all'), 'k-garbage');
    const unknown = message(Buffer.from([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0]), 'k-unknown');
    const local = play({ track: { is_local: true, id: null, uri: 'spotify:local:x' } });
    const tombstone = message(null, 'k-tomb');
    const valid = play();
    const plan = planBatch([garbage, unknown, local, tombstone, valid], context());

    const dead = sent(plan, topics.deadLetter.name);
    assert.equal(dead.length, 4);
    assert.deepEqual(
      dead.map((m) => m.headers?.['dlq.reason']),
      ['undecodable', 'undecodable', 'local-track', 'undecodable'],
    );
    assert.deepEqual(dead[0]?.key, Buffer.from('k-garbage'));
    assert.deepEqual(dead[0]?.value, Buffer.from('not avro at all'));
    assert.match(String(dead[1]?.headers?.['dlq.detail']), /fingerprint/);
    assert.deepEqual(dead[2]?.headers, {
      'dlq.reason': 'local-track',
      'dlq.detail': 'spotify:local:x is a local file (is_local)',
      'dlq.topic': topics.rawPlays.name,
      'dlq.partition': '2',
      'dlq.offset': local.offset,
      'dlq.service': 'normalizer',
      'dlq.at': AT.toISOString(),
    });
    assert.equal(sent(plan, topics.plays.name).length, 1);
    assert.deepEqual(plan.counts.deadLettered, { undecodable: 3, 'local-track': 1 });
    assert.equal(plan.counts.consumed, 5);
  });
});
