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
