import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
