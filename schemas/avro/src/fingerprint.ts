import type { Type } from 'avsc';

/** The CRC-64-AVRO seed: the fingerprint of the empty string (Avro spec, "Schema Fingerprints"). */
export const CRC64_AVRO_EMPTY = 0xc15d213aa4d7a795n;

const MASK64 = 0xffffffffffffffffn;

const TABLE: readonly bigint[] = (() => {
  const table: bigint[] = [];
  for (let i = 0; i < 256; i++) {
    let fp = BigInt(i);
    for (let j = 0; j < 8; j++) {
      fp = (fp >> 1n) ^ (CRC64_AVRO_EMPTY & -(fp & 1n));
    }
    table.push(fp & MASK64);
  }
  return table;
})();

/** The 64-bit Rabin fingerprint the Avro spec calls CRC-64-AVRO, over the UTF-8 bytes of `text`. */
export function crc64Avro(text: string): bigint {
  let fp = CRC64_AVRO_EMPTY;
  for (const byte of Buffer.from(text, 'utf8')) {
    fp = (fp >> 8n) ^ TABLE[Number((fp ^ BigInt(byte)) & 0xffn)]!;
  }
  return fp;
}

/**
 * The schema's Parsing Canonical Form. avsc's `schema()` without `exportAttrs` already gives it:
 * full names, only name/type/fields/symbols/items/values/size in that order, no docs, defaults or
 * logical types (checked against the spec's test vectors in fingerprint.test.ts).
 */
export function parsingCanonicalForm(type: Type): string {
  return JSON.stringify(type.schema());
}

/** CRC-64-AVRO of the schema's Parsing Canonical Form: the id single-object encoding carries. */
export function schemaFingerprint(type: Type): bigint {
  return crc64Avro(parsingCanonicalForm(type));
}

/** 16 hex digits, most significant first (how Java's `SchemaNormalization` and registries print it). */
export function fingerprintHex(fingerprint: bigint): string {
  return fingerprint.toString(16).padStart(16, '0');
}
