import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertKafkajsPatched, kafkajsPatchProblem } from './kafkajs-patch.ts';

const installed = createRequire(import.meta.url).resolve('kafkajs/src/producer/sendMessages.js');

test('the installed kafkajs producer is the patched copy', () => {
  assert.equal(kafkajsPatchProblem(installed), undefined);
  assert.doesNotThrow(() => assertKafkajsPatched());
});

test('an unpatched producer file is named with how to patch it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkajs-patch-'));
  const upstream = join(dir, 'sendMessages.js');
  // The upstream file has no marker: strip it from the patched copy to stand in for it.
  writeFileSync(upstream, readFileSync(installed, 'utf8').replaceAll('spotify-pipeline patch', 'patch'));
  const problem = kafkajsPatchProblem(upstream);
  assert.ok(problem?.includes(upstream), problem);
  assert.match(problem!, /scripts\/patch-dependencies\.mjs/);
});

test('the installed kafkajs groups a send by partition in linear time, each partition in order', () => {
  const file = createRequire(import.meta.url).resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
  // The upstream copy spread each partition's list again for every message (quadratic).
  assert.match(readFileSync(file, 'utf8'), /spotify-pipeline patch/);
  const group = createRequire(import.meta.url)(file) as (args: {
    topic: string;
    partitionMetadata: readonly unknown[];
    messages: readonly { value: string }[];
    partitioner: (args: { message: { value: string } }) => number;
  }) => Record<number, { value: string }[]>;
  const messages = Array.from({ length: 20_000 }, (_, i) => ({ value: String(i) }));
  const grouped = group({
    topic: 't',
    partitionMetadata: [{}, {}, {}],
    messages,
    partitioner: ({ message }) => Number(message.value) % 3,
  });
  assert.deepEqual(Object.keys(grouped), ['0', '1', '2']);
  for (const p of [0, 1, 2]) {
    assert.deepEqual(
      grouped[p]!.map((m) => m.value),
      messages.filter((_, i) => i % 3 === p).map((m) => m.value),
    );
  }
  assert.deepEqual(group({ topic: 't', partitionMetadata: [], messages, partitioner: () => 0 }), {});
});
