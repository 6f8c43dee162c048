import type { Type } from 'avsc';
import avro from 'avsc';

/**
 * `{"type":"long","logicalType":"timestamp-millis"}` as a `Date`. avsc leaves logical types to the
 * caller; without this class timestamps would decode as bare numbers.
 */
export class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(millis: number): Date {
    return new Date(millis);
  }

  protected override _toValue(value: unknown): number {
    if (!(value instanceof Date)) {
      throw new TypeError(`timestamp-millis: expected a Date, got ${describe(value)}`);
    }
    const millis = value.getTime();
    if (Number.isNaN(millis)) {
      throw new TypeError('timestamp-millis: expected a valid Date, got Invalid Date');
    }
    return millis;
  }

  protected override _resolve(writer: Type): ((value: unknown) => unknown) | undefined {
    // A writer of the same logical type already hands over a Date; a plain long needs wrapping.
    if (writer instanceof TimestampMillisType) return (value) => value;
    if (writer.typeName === 'long') return (value) => new Date(value as number);
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
}
