import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codecs, type RawPlay } from '@spotify-pipeline/avro';
import { sampleLocalRawPlay } from '@spotify-pipeline/avro/testing';
import { logEndTotal } from '../support/consumer-lag.ts';
import { expectedWarehouse } from '../support/expected-warehouse.ts';
import { generateListening } from '../support/listening-generator.ts';
import { PipelineWorld } from '../support/pipeline-world.ts';
import { readTopics } from '../support/topic-reader.ts';
import { warehouseDifferences } from '../support/warehouse-differences.ts';

const TIMEOUT_MS = 60_000;

const sameBytes = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b));

test('poisoned raw plays go to the dead-letter topic with their reasons and the plays after them still land', async (t) => {
  const world = await PipelineWorld.create('poison');
  t.after(() => world.close());
  // One account: every message has the same key, so the poison sits in one partition between the
  // good plays, and the plays after it are only loaded if the normalizer really goes on.
  const { plays } = generateListening({ plays: 200, accounts: 1, tracks: 50, seed: 7 });
  const before = plays.slice(0, 100);
  const after = plays.slice(100);
  const key = plays[0]?.account.id as string;
  const template = plays[0] as RawPlay;

  const local: RawPlay = {
    ...sampleLocalRawPlay(),
    account: template.account,
    played_at: new Date('2026-03-01T10:00:00Z'),
  };
  const episode: RawPlay = {
    ...template,
    played_at: new Date('2026-03-01T11:00:00Z'),
    track: {
      ...template.track,
      type: 'episode',
      uri: 'spotify:episode:512ojhOuo1ktJprKbVcKyQ',
      id: '512ojhOuo1ktJprKbVcKyQ',
    },
  };
  // A play without an album id is no poison (it lands on inferred members); one without an account is.
  const noAccountId: RawPlay = {
    ...template,
    played_at: new Date('2026-03-01T12:00:00Z'),
    account: { ...template.account, id: '' },
  };
  const badZone: RawPlay = {
    ...template,
    played_at: new Date('2026-03-01T13:00:00Z'),
    account: { ...template.account, time_zone: 'Mars/Olympus_Mons' },
  };
  const poison: { reason: string; value: Buffer | null }[] = [
    { reason: 'undecodable', value: Buffer.from('this is not Avro at all \u{1F4A9}') },
    // A tombstone on the raw topic: a value of nothing.
    { reason: 'undecodable', value: null },
    // The single-object marker, a fingerprint no schema has, then a plausible body.
    {
      reason: 'undecodable',
      value: Buffer.concat([
        Buffer.from([0xc3, 0x01]),
        Buffer.from('0badc0ffee15bad0', 'hex'),
        codecs.rawPlay.encode(template).subarray(10),
      ]),
    },
    { reason: 'local-track', value: codecs.rawPlay.encode(local) },
    { reason: 'episode', value: codecs.rawPlay.encode(episode) },
    { reason: 'missing-field', value: codecs.rawPlay.encode(noAccountId) },
    { reason: 'invalid-time-zone', value: codecs.rawPlay.encode(badZone) },
  ];

  await world.startNormalizer();
  await world.startSink();
  await world.produceRawPlays(before);
  await world.produce(
    world.topics.rawPlays.name,
    poison.map((p) => ({ key, value: p.value, headers: { 'test.origin': 'poison' } })),
  );
  await world.produceRawPlays(after);
  await world.waitUntilLoaded({ timeoutMs: TIMEOUT_MS });

  // The stream went on: every good play, before and after the poison, is in the warehouse.
  assert.equal(await world.inspect.count('fact_play'), plays.length);
  assert.deepEqual(await warehouseDifferences(world.inspect, expectedWarehouse(plays)), []);

  // Exactly the poisoned messages were dead-lettered, each once, with the reason and the way back.
  assert.equal(await logEndTotal(world.kafka.admin, world.topics.deadLetter.name), poison.length);
  const raw = await readTopics(world.kafka.kafka, [world.topics.rawPlays.name], {
    atLeast: plays.length + poison.length,
    timeoutMs: TIMEOUT_MS,
  });
  const rawAt = new Map(raw.map((r) => [`${r.partition}:${r.message.offset}`, r.message.value]));
  const dead = await readTopics(world.kafka.kafka, [world.topics.deadLetter.name], {
    atLeast: poison.length,
    timeoutMs: TIMEOUT_MS,
  });
  const header = (m: (typeof dead)[number], name: string) => m.message.headers?.[name]?.toString();
  const found = dead
    .map((d) => ({
      reason: header(d, 'dlq.reason'),
      index: poison.findIndex((p) => sameBytes(p.value, d.message.value)),
    }))
    .sort((a, b) => a.index - b.index);
  assert.deepEqual(
    found,
    poison.map((p, index) => ({ reason: p.reason, index })),
    'each poisoned message, byte for byte, under its reason',
  );
  for (const d of dead) {
    assert.equal(d.message.key?.toString(), key, 'the original key');
    assert.equal(header(d, 'dlq.topic'), world.topics.rawPlays.name);
    assert.equal(header(d, 'dlq.service'), 'normalizer');
    const origin = `${header(d, 'dlq.partition')}:${header(d, 'dlq.offset')}`;
    assert.ok(
      rawAt.has(origin) && sameBytes(rawAt.get(origin) ?? null, d.message.value),
      `dlq.partition/offset ${origin} locate the original`,
    );
    assert.ok((header(d, 'dlq.detail') ?? '').length > 10, `dlq.detail explains: ${header(d, 'dlq.detail')}`);
    assert.ok(
      Math.abs(Date.parse(header(d, 'dlq.at') ?? '') - Date.now()) < 10 * 60_000,
      'dlq.at is a recent time',
    );
  }
  const detailOf = (reason: string) =>
    dead.filter((d) => header(d, 'dlq.reason') === reason).map((d) => header(d, 'dlq.detail') ?? '');
  // Named in either byte order: the wire's little-endian or the big-endian that registries print.
  assert.ok(
    detailOf('undecodable').some((d) => /0badc0ffee15bad0|d0ba15eeffc0ad0b/i.test(d)),
    `the unknown fingerprint is named: ${detailOf('undecodable').join(' / ')}`,
  );
  assert.match(detailOf('episode')[0] ?? '', /spotify:episode:512ojhOuo1ktJprKbVcKyQ/);
  assert.match(detailOf('local-track')[0] ?? '', /spotify:local:/);
  assert.match(detailOf('missing-field')[0] ?? '', /account\.id/);
  assert.match(detailOf('invalid-time-zone')[0] ?? '', /Mars\/Olympus_Mons/);
});
