import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimClock } from './clock.ts';

test('a manual clock stands still until advanced', () => {
  const clock = new SimClock({ mode: 'manual', start: new Date('2026-01-01T00:00:00Z') });
  assert.equal(clock.now().toISOString(), '2026-01-01T00:00:00.000Z');
  clock.advance(1_500);
  assert.equal(clock.now().toISOString(), '2026-01-01T00:00:01.500Z');
  assert.throws(() => clock.advance(-1), /advance/);
});

test('a scaled clock never runs behind its start and advance adds an offset', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const clock = new SimClock({ mode: 'scaled', speed: 60, start });
  const before = clock.nowMs();
  assert.ok(before >= start.getTime());
  clock.advance(86_400_000);
  assert.ok(clock.nowMs() >= before + 86_400_000);
  assert.throws(() => new SimClock({ mode: 'scaled', speed: 0 }), /speed/);
});
