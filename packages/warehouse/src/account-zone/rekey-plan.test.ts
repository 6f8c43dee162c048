import assert from 'node:assert/strict';
import test from 'node:test';
import { asPrepared } from '../listen-matching/match-listens.ts';
import { account, play } from '../testing/fixtures.ts';
import { changedZones, mismatchedStretches, rekeyTargets } from './rekey-plan.ts';

const at = (iso: string, zone: string, id = 'acc1') =>
  asPrepared(play(id, iso, { date: 0, time: 0 }, 'tr1', 'al1', 'ar1', { time_zone: zone }));

test('a zone changes for an account the warehouse holds with another zone, or with none (import only)', () => {
  const targets = changedZones(
    [
      { account_id: 'same', time_zone: 'Europe/Berlin' },
      { account_id: 'moved', time_zone: 'Europe/Berlin' },
      { account_id: 'imported', time_zone: null },
    ],
    [
      account('same', 'Europe/Berlin'),
      account('moved', 'America/New_York'),
      account('imported', 'Asia/Tokyo'),
      account('new', 'UTC'),
    ],
  );
  assert.deepEqual(targets, [
    { accountId: 'moved', timeZone: 'America/New_York' },
    { accountId: 'imported', timeZone: 'Asia/Tokyo' },
  ]);
});

test('plays keyed in another zone than the stored one give their stretch, widened by the tolerance', () => {
  const stretches = mismatchedStretches(
    [
      at('2024-03-01T10:00:00.000Z', 'Asia/Tokyo'),
      at('2024-03-02T10:00:00.000Z', 'Asia/Tokyo'),
      at('2024-03-01T10:00:00.000Z', 'Europe/Berlin', 'acc2'),
      at('2024-03-01T10:00:00.000Z', 'UTC', 'acc3'),
      at('2024-03-01T10:00:00.000Z', 'UTC', 'whole'),
    ],
    [
      { account_id: 'acc1', time_zone: 'Europe/Berlin' },
      { account_id: 'acc2', time_zone: 'Europe/Berlin' },
      { account_id: 'acc3', time_zone: null },
      { account_id: 'whole', time_zone: 'Europe/Berlin' },
    ],
    [{ accountId: 'whole', timeZone: 'Europe/Berlin' }],
    90_000,
  );
  assert.deepEqual(stretches, [
    {
      accountId: 'acc1',
      timeZone: 'Europe/Berlin',
      stretch: {
        fromMs: Date.parse('2024-03-01T10:00:00.000Z') - 90_000,
        toMs: Date.parse('2024-03-02T10:00:00.000Z') + 90_000,
      },
    },
  ]);
});

test('re-keying a whole account asks for its span; an account without facts is skipped', async () => {
  const asked: string[] = [];
  const rekeyed: { account: string; spans: number }[] = [];
  const total = await rekeyTargets(
    [
      { accountId: 'with', timeZone: 'Europe/Berlin' },
      { accountId: 'without', timeZone: 'Europe/Berlin' },
      { accountId: 'stretch', timeZone: 'UTC', stretch: { fromMs: 0, toMs: 1_000 } },
    ],
    {
      accountSpan: async (id) => {
        asked.push(id);
        return id === 'with' ? { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 11, 31) } : null;
      },
      rekey: async (account, spans) => {
        rekeyed.push({ account, spans: spans.length });
        return 2;
      },
    },
  );
  assert.deepEqual(asked, ['with', 'without']);
  assert.deepEqual(rekeyed, [
    { account: 'with', spans: 3 },
    { account: 'stretch', spans: 1 },
  ]);
  assert.equal(total, 4);
});
