import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSpotifySim } from './index.ts';
import { accessTokenFor, get } from './testing/client.ts';

const START = new Date('2026-10-24T23:00:00.000Z');
const options = (seed: number) => ({ seed, accounts: 4, clock: { mode: 'manual' as const, start: START } });

test('the same seed and start give the same accounts, listening and catalogue; another seed does not', async () => {
  const [a, b, c] = await Promise.all([
    startSpotifySim(options(77)),
    startSpotifySim(options(77)),
    startSpotifySim(options(78)),
  ]);
  try {
    assert.deepEqual(a.accounts(), b.accounts());
    assert.notDeepEqual(a.accounts(), c.accounts());
    for (const sim of [a, b, c]) sim.clock.advance(36 * 3_600_000);
    for (const account of a.accounts()) assert.deepEqual(a.truth(account.id), b.truth(account.id));
    assert.notDeepEqual(a.truth(a.accounts()[0]!.id), c.truth(c.accounts()[0]!.id));
    const id = a.accounts()[2]!.id;
    const [pa, pb] = await Promise.all([
      get(`${a.url}/v1/me/player/recently-played?limit=50`, await accessTokenFor(a, id)),
      get(`${b.url}/v1/me/player/recently-played?limit=50`, await accessTokenFor(b, id)),
    ]);
    const strip = (text: string, url: string) => text.replaceAll(url, '');
    assert.equal(strip(pa.text, a.url), strip(pb.text, b.url));
  } finally {
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  }
});

test('asking at different moments does not change what was generated', async () => {
  const [a, b] = await Promise.all([startSpotifySim(options(5)), startSpotifySim(options(5))]);
  try {
    const id = a.accounts()[0]!.id;
    for (let i = 0; i < 10; i++) {
      a.clock.advance(3 * 3_600_000);
      a.truth(id);
    }
    b.clock.advance(30 * 3_600_000);
    assert.deepEqual(a.truth(id), b.truth(id));
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
