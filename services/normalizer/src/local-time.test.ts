import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isKnownTimeZone, localTimeKeys } from './local-time.ts';

const keys = (iso: string, zone: string) => localTimeKeys(new Date(iso), zone);

describe('localTimeKeys', () => {
  it('follows Europe/Berlin into summer time (last Sunday of March: 02:00 becomes 03:00)', () => {
    assert.deepEqual(keys('2024-03-31T00:59:59Z', 'Europe/Berlin'), { dateKey: 20240331, timeKey: 159 });
    assert.deepEqual(keys('2024-03-31T01:00:00Z', 'Europe/Berlin'), { dateKey: 20240331, timeKey: 300 });
    // 02:30 does not exist that night; half an hour after 03:00 is 03:30.
    assert.deepEqual(keys('2024-03-31T01:30:00Z', 'Europe/Berlin'), { dateKey: 20240331, timeKey: 330 });
  });

  it('follows Europe/Berlin back to winter time (last Sunday of October: 02:30 happens twice)', () => {
    assert.deepEqual(keys('2024-10-26T23:59:00Z', 'Europe/Berlin'), { dateKey: 20241027, timeKey: 159 });
    assert.deepEqual(keys('2024-10-27T00:30:00Z', 'Europe/Berlin'), { dateKey: 20241027, timeKey: 230 });
    assert.deepEqual(keys('2024-10-27T01:30:00Z', 'Europe/Berlin'), { dateKey: 20241027, timeKey: 230 });
    assert.deepEqual(keys('2024-10-27T02:00:00Z', 'Europe/Berlin'), { dateKey: 20241027, timeKey: 300 });
  });

  it('follows America/New_York across its DST change and the UTC date line', () => {
    assert.deepEqual(keys('2024-03-10T06:59:00Z', 'America/New_York'), { dateKey: 20240310, timeKey: 159 });
    assert.deepEqual(keys('2024-03-10T07:00:00Z', 'America/New_York'), { dateKey: 20240310, timeKey: 300 });
    assert.deepEqual(keys('2024-01-01T03:00:00Z', 'America/New_York'), { dateKey: 20231231, timeKey: 2200 });
  });

  it('handles the half-hour offset of Asia/Kolkata (+05:30), crossing midnight', () => {
    assert.deepEqual(keys('2024-06-15T18:45:00Z', 'Asia/Kolkata'), { dateKey: 20240616, timeKey: 15 });
  });

  it("handles Australia/Lord_Howe's half-hour DST (+10:30 to +11:00)", () => {
    assert.deepEqual(keys('2024-07-15T12:00:00Z', 'Australia/Lord_Howe'), {
      dateKey: 20240715,
      timeKey: 2230,
    });
    assert.deepEqual(keys('2024-10-05T15:29:00Z', 'Australia/Lord_Howe'), {
      dateKey: 20241006,
      timeKey: 159,
    });
    assert.deepEqual(keys('2024-10-05T15:30:00Z', 'Australia/Lord_Howe'), {
      dateKey: 20241006,
      timeKey: 230,
    });
  });

  it('renders midnight as hour 0, not 24', () => {
    assert.deepEqual(keys('2024-02-29T23:00:00Z', 'Europe/Berlin'), { dateKey: 20240301, timeKey: 0 });
    assert.deepEqual(keys('2024-02-29T00:00:00Z', 'UTC'), { dateKey: 20240229, timeKey: 0 });
  });
});

describe('isKnownTimeZone', () => {
  it('accepts IANA zones and refuses unknown or empty ones', () => {
    assert.equal(isKnownTimeZone('Europe/Berlin'), true);
    assert.equal(isKnownTimeZone('UTC'), true);
    assert.equal(isKnownTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isKnownTimeZone(''), false);
    assert.equal(isKnownTimeZone('  '), false);
  });
});

describe('localTimeKeys against ICU play by play (property)', () => {
  // The oracle formats every instant with ICU, as localTimeKeys did before its per-hour memo.
  const formats = new Map<string, Intl.DateTimeFormat>();
  const oracle = (instant: Date, timeZone: string) => {
    const format =
      formats.get(timeZone) ??
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    formats.set(timeZone, format);
    const parts = format.formatToParts(instant);
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return {
      dateKey: n('year') * 10_000 + n('month') * 100 + n('day'),
      timeKey: n('hour') * 100 + n('minute'),
    };
  };
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'America/St_Johns',
    'Pacific/Chatham',
    'Africa/Casablanca',
    'America/Sao_Paulo',
    'Europe/Dublin',
    'Pacific/Apia',
  ];

  it('gives the same keys for any instant of 1990-2040 in zones with odd offsets and DST', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        (t, zone) => {
          assert.deepEqual(localTimeKeys(new Date(t), zone), oracle(new Date(t), zone));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('gives the same keys every 15 minutes of each day of 2024 whose offset changes (changes fall on such marks)', () => {
    const DAY = 86_400_000;
    // The zone's offset at an instant, from the oracle's wall clock (minute precision is enough here).
    const offset = (t: number, zone: string) => {
      const { dateKey, timeKey } = oracle(new Date(t), zone);
      const wall = Date.UTC(
        Math.floor(dateKey / 10_000),
        (Math.floor(dateKey / 100) % 100) - 1,
        dateKey % 100,
      );
      return wall + Math.floor(timeKey / 100) * 3_600_000 + (timeKey % 100) * 60_000 - t;
    };
    let changes = 0;
    for (const zone of zones) {
      for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2025, 0, 1); day += DAY) {
        if (offset(day, zone) === offset(day + DAY, zone)) continue;
        changes += 1;
        for (let t = day; t <= day + DAY; t += 15 * 60_000) {
          const instant = new Date(t);
          assert.deepEqual(
            localTimeKeys(instant, zone),
            oracle(instant, zone),
            `${zone} ${instant.toISOString()}`,
          );
        }
      }
    }
    assert.ok(changes >= 14, `offset changes found in 2024: ${changes}`);
  });
});
