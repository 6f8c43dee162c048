import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchema } from './schema-file.ts';

const timestamp = parseSchema({ type: 'long', logicalType: 'timestamp-millis' });

describe('TimestampMillisType', () => {
  it('round-trips a Date with its milliseconds', () => {
    const at = new Date('2024-02-29T23:59:59.999Z');
    const back = timestamp.fromBuffer(timestamp.toBuffer(at)) as Date;
    assert.ok(back instanceof Date);
    assert.equal(back.getTime(), at.getTime());
  });

  it('round-trips dates before 1970 and far in the future', () => {
    for (const iso of ['1969-07-20T20:17:40.001Z', '1900-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const at = new Date(iso);
      assert.equal((timestamp.fromBuffer(timestamp.toBuffer(at)) as Date).toISOString(), iso);
    }
  });

  it('writes the epoch milliseconds as a plain Avro long', () => {
    const long = parseSchema('long');
    const at = new Date('2024-01-01T00:00:00.123Z');
    assert.deepEqual(timestamp.toBuffer(at), long.toBuffer(at.getTime()));
  });

  it('rejects an invalid Date with a message that says so', () => {
    assert.equal(timestamp.isValid(new Date(Number.NaN)), false);
    assert.throws(
      () => timestamp.toBuffer(new Date('not a date')),
      /expected a valid Date, got Invalid Date/,
    );
  });

  it('rejects a number or string instead of a Date', () => {
    assert.equal(timestamp.isValid(1_700_000_000_000), false);
    assert.throws(() => timestamp.toBuffer('2024-01-01'), /expected a Date, got string 2024-01-01/);
  });

  it('reads a value written as a plain long (schema evolution from long)', () => {
    const long = parseSchema('long');
    const resolver = timestamp.createResolver(long);
    const back = timestamp.fromBuffer(long.toBuffer(1_700_000_000_123), resolver) as Date;
    assert.equal(back.toISOString(), new Date(1_700_000_000_123).toISOString());
  });

  it('reads a nullable timestamp written by another timestamp-millis schema', () => {
    const reader = parseSchema(['null', { type: 'long', logicalType: 'timestamp-millis' }]);
    const writer = parseSchema(['null', { type: 'long', logicalType: 'timestamp-millis' }]);
    const at = new Date('2020-05-05T05:05:05.555Z');
    const back = reader.fromBuffer(writer.toBuffer(at), reader.createResolver(writer)) as Date;
    assert.equal(back.getTime(), at.getTime());
  });
});
