import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Type } from 'avsc';
import avro from 'avsc';
import { schemaFingerprint } from './fingerprint.ts';
import { TimestampMillisType } from './timestamp-millis-type.ts';

/** Where the shipped .avsc files live: the contract itself, not a copy of it. */
export const AVSC_DIRECTORY = join(import.meta.dirname, '..', 'avsc');

/** One shipped version of one record schema. */
export interface SchemaVersion {
  /** e.g. `raw-play` (the file is `raw-play.v2.avsc`). */
  readonly subject: string;
  readonly version: number;
  readonly file: string;
  readonly type: Type;
  readonly fingerprint: bigint;
}

/** Parses a schema the way every codec does: timestamps as `Date`, records as plain objects. */
export function parseSchema(schema: unknown, where = 'schema'): Type {
  let type: Type;
  try {
    type = avro.Type.forSchema(schema as avro.Schema, {
      logicalTypes: { 'timestamp-millis': TimestampMillisType },
      omitRecordMethods: true,
    });
  } catch (cause) {
    throw new Error(`${where}: not a valid Avro schema: ${(cause as Error).message}`, { cause });
  }
  makeRecordsPlain(type, new Set());
  return type;
}

/** Reads and parses `<subject>.v<version>.avsc` from AVSC_DIRECTORY. */
export function loadSchemaVersion(
  subject: string,
  version: number,
  directory = AVSC_DIRECTORY,
): SchemaVersion {
  if (!/^[a-z][a-z0-9-]*$/.test(subject) || !Number.isInteger(version) || version < 1) {
    throw new TypeError(`loadSchemaVersion: bad subject ${JSON.stringify(subject)} or version ${version}`);
  }
  const file = join(directory, `${subject}.v${version}.avsc`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new Error(`${file}: cannot read the schema: ${(cause as Error).message}`, { cause });
  }
  const type = parseSchema(json, file);
  return { subject, version, file, type, fingerprint: schemaFingerprint(type) };
}

/**
 * Decoded records become instances of a generated class unless told otherwise; point that class's
 * prototype at Object.prototype so consumers get plain objects (deepStrictEqual, spreading, logging
 * and structuredClone all then behave as for any object literal).
 */
function makeRecordsPlain(type: Type, seen: Set<Type>): void {
  if (seen.has(type)) return;
  seen.add(type);
  const t = type as Type & {
    recordConstructor?: { prototype: object };
    fields?: readonly { type: Type }[];
    types?: readonly Type[];
    itemsType?: Type;
    valuesType?: Type;
    underlyingType?: Type;
  };
  if (t.recordConstructor) t.recordConstructor.prototype = Object.prototype;
  for (const field of t.fields ?? []) makeRecordsPlain(field.type, seen);
  for (const branch of t.types ?? []) makeRecordsPlain(branch, seen);
  if (t.itemsType) makeRecordsPlain(t.itemsType, seen);
  if (t.valuesType) makeRecordsPlain(t.valuesType, seen);
  if (t.underlyingType) makeRecordsPlain(t.underlyingType, seen);
}
