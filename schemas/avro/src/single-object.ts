/**
 * Avro single-object encoding (spec, "Single object encoding"): a two-byte marker, the writer
 * schema's CRC-64-AVRO fingerprint little-endian, then the Avro binary body.
 */
export const SINGLE_OBJECT_MARKER = Buffer.from([0xc3, 0x01]);
export const FINGERPRINT_BYTES = 8;
export const HEADER_BYTES = SINGLE_OBJECT_MARKER.length + FINGERPRINT_BYTES;

/** The ten header bytes for a writer schema with this fingerprint. */
export function singleObjectHeader(fingerprint: bigint): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  SINGLE_OBJECT_MARKER.copy(header, 0);
  header.writeBigUInt64LE(fingerprint, SINGLE_OBJECT_MARKER.length);
  return header;
}

export function hasSingleObjectMarker(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0xc3 && bytes[1] === 0x01;
}

/** The fingerprint in a header, as hex for messages; only on the error path (allocates). */
export function headerFingerprintHex(bytes: Buffer): string {
  return bytes.readBigUInt64LE(SINGLE_OBJECT_MARKER.length).toString(16).padStart(16, '0');
}
