import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DimensionCache } from './dimension-cache.ts';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('DimensionCache', () => {
  it('is fresh only for the remembered content', () => {
    const cache = new DimensionCache({ maxEntries: 10, ttlMs: 1_000 });
    assert.equal(cache.isFresh('track', '1', 'h1'), false);
    cache.remember('track', '1', 'h1');
    assert.equal(cache.isFresh('track', '1', 'h1'), true);
    // Changed content must be emitted again.
    assert.equal(cache.isFresh('track', '1', 'h2'), false);
    cache.remember('track', '1', 'h2');
    assert.equal(cache.isFresh('track', '1', 'h2'), true);
    assert.equal(cache.isFresh('track', '1', 'h1'), false);
  });

  it('forgets an entry ttlMs after it was emitted, however often it was hit', () => {
    const time = clock();
    const cache = new DimensionCache({ maxEntries: 10, ttlMs: 1_000, now: time.now });
    cache.remember('artist', 'a', 'h');
    time.advance(1_000); // ttlMs after the emit it still counts (lru-cache: stale once older than ttl)
    assert.equal(cache.isFresh('artist', 'a', 'h'), true);
    time.advance(1);
    assert.equal(cache.isFresh('artist', 'a', 'h'), false);
    assert.equal(cache.size, 0);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new DimensionCache({ maxEntries: 2, ttlMs: 60_000 });
    cache.remember('track', 'a', 'h');
    cache.remember('track', 'b', 'h');
    assert.equal(cache.isFresh('track', 'a', 'h'), true); // a is now more recent than b
    cache.remember('track', 'c', 'h');
    assert.equal(cache.size, 2);
    assert.equal(cache.isFresh('track', 'b', 'h'), false);
    assert.equal(cache.isFresh('track', 'a', 'h'), true);
    assert.equal(cache.isFresh('track', 'c', 'h'), true);
  });

  it('keeps the least recently used order when hits in the newer half do not move their entry', () => {
    const cache = new DimensionCache({ maxEntries: 4, ttlMs: 60_000 });
    for (const id of ['a', 'b', 'c', 'd']) cache.remember('track', id, 'h');
    assert.equal(cache.isFresh('track', 'd', 'h'), true); // the newest: stays where it is
    assert.equal(cache.isFresh('track', 'a', 'h'), true); // the oldest: becomes the newest
    cache.remember('track', 'e', 'h'); // evicts b, the least recently used
    assert.equal(cache.isFresh('track', 'b', 'h'), false);
    for (const id of ['a', 'c', 'd', 'e']) assert.equal(cache.isFresh('track', id, 'h'), true, id);
  });

  it('tells kinds apart: an id remembered as one kind is not fresh as another', () => {
    const cache = new DimensionCache({ maxEntries: 10, ttlMs: 60_000 });
    cache.remember('artist', 'x', 'h');
    assert.equal(cache.isFresh('album', 'x', 'h'), false);
    assert.equal(cache.isFresh('artist', 'x', 'h'), true);
  });

  it('keeps nothing with maxEntries 0', () => {
    const cache = new DimensionCache({ maxEntries: 0, ttlMs: 60_000 });
    cache.remember('track', 'a', 'h');
    assert.equal(cache.isFresh('track', 'a', 'h'), false);
  });

  it('refuses bad options by name', () => {
    assert.throws(() => new DimensionCache({ maxEntries: -1, ttlMs: 1 }), /maxEntries/);
    assert.throws(() => new DimensionCache({ maxEntries: 1.5, ttlMs: 1 }), /maxEntries/);
    assert.throws(() => new DimensionCache({ maxEntries: 1, ttlMs: 0 }), /ttlMs/);
  });
});
