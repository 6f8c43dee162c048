import assert from 'node:assert/strict';
import test from 'node:test';
import { ALL_TIME, monthPeriod, PeriodError, periodOf, rangePeriod, yearPeriod } from './period.ts';

test('a year, a month and a range are half-open runs of local days', () => {
  assert.deepEqual(yearPeriod('2025'), { kind: 'year', from: '2025-01-01', to: '2026-01-01', label: '2025' });
  assert.deepEqual(monthPeriod('2024-02'), {
    kind: 'month',
    from: '2024-02-01',
    to: '2024-03-01',
    label: 'February 2024',
  });
  assert.deepEqual(monthPeriod('2025-12').to, '2026-01-01');
  assert.deepEqual(rangePeriod('2024-02-28', '2024-02-29'), {
    kind: 'range',
    from: '2024-02-28',
    to: '2024-03-01',
    label: '2024-02-28 to 2024-02-29',
  });
  assert.equal(periodOf({}), ALL_TIME);
  assert.equal(periodOf({ year: '2030' }).from, '2030-01-01');
});

test('a wrong period is a PeriodError that names the option and the value', () => {
  const cases: [Parameters<typeof periodOf>[0], RegExp][] = [
    [{ year: '1999' }, /--year must be a year from 2000 to 2050, got "1999"/],
    [{ year: 'twenty' }, /--year .* got "twenty"/],
    [{ month: '2025-13' }, /--month must be YYYY-MM, got "2025-13"/],
    [{ from: '2025-02-30', to: '2025-03-01' }, /--from must be a date YYYY-MM-DD, got "2025-02-30"/],
    [{ from: '2025-03-02', to: '2025-03-01' }, /--to 2025-03-01 is before --from 2025-03-02/],
    [{ from: '2025-03-02' }, /--from and --to go together/],
    [{ year: '2025', month: '2025-01' }, /give one of --year, --month, or --from with --to/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => periodOf(options),
      (error: unknown) => error instanceof PeriodError && message.test(error.message),
    );
  }
});
