import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newClusterId } from './storage.ts';

test('a cluster id never starts with "-", which the storage tool would take for an option', () => {
  // 0xf8 makes the first base64url character '-' (index 62).
  const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x11)];
  const id = newClusterId(() => draws.shift()!);
  assert.equal(id, Buffer.alloc(16, 0x11).toString('base64url'));
  assert.equal(Buffer.alloc(16, 0xf8).toString('base64url')[0], '-');
  for (let i = 0; i < 2_000; i += 1) assert.match(newClusterId(), /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
});
