import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localDateTime } from './local-date-time.ts';

test('local date and time across zones, half- and quarter-hour offsets and a DST change', () => {
  const at = new Date('2026-03-29T00:59:00Z');
  assert.deepEqual(localDateTime(at, 'Europe/Berlin'), { date: '2026-03-29', time: '01:59' });
  // Berlin springs forward at 01:00 UTC: 02:00 local never happens.
  assert.deepEqual(localDateTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin'), {
    date: '2026-03-29',
    time: '03:00',
  });
  // St John's is on daylight time (UTC-2:30) since 8 March.
  assert.deepEqual(localDateTime(at, 'America/St_Johns'), { date: '2026-03-28', time: '22:29' });
  assert.deepEqual(localDateTime(at, 'Asia/Kathmandu'), { date: '2026-03-29', time: '06:44' });
  assert.deepEqual(localDateTime(at, 'Pacific/Chatham'), { date: '2026-03-29', time: '14:44' });
  assert.deepEqual(localDateTime(new Date('2026-03-29T00:00:00Z'), 'UTC'), {
    date: '2026-03-29',
    time: '00:00',
  });
});

test('an unknown zone is a RangeError, not a wrong answer', () => {
  assert.throws(() => localDateTime(new Date(), 'Mars/Olympus_Mons'), RangeError);
});
