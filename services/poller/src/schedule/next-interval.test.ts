import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextInterval } from './next-interval.ts';

const bounds = { activeMs: 60_000, idleMs: 600_000 };

describe('nextInterval', () => {
  it('drops to the active interval on new plays and doubles up to the idle bound otherwise', () => {
    assert.equal(nextInterval(600_000, true, bounds), 60_000);
    assert.equal(nextInterval(60_000, false, bounds), 120_000);
    assert.equal(nextInterval(480_000, false, bounds), 600_000);
    assert.equal(nextInterval(600_000, false, bounds), 600_000);
    assert.equal(nextInterval(1, false, bounds), 60_000);
  });
});
