import type { Resolver, Type } from 'avsc';
import { describeProblemsOf } from './describe-problems.ts';
import { AvroDecodeError } from './errors/avro-decode-error.ts';
import { AvroEncodeError } from './errors/avro-encode-error.ts';
import { UnknownSchemaError } from './errors/unknown-schema-error.ts';
import { fingerprintHex } from './fingerprint.ts';
import type { SchemaVersion } from './schema-file.ts';
import { HEADER_BYTES, headerFingerprintHex, singleObjectHeader } from './single-object.ts';

/** A writer version this codec can read, with its fingerprint split for allocation-free matching. */
interface KnownWriter {
  readonly version: number;
  readonly low: number;
  readonly high: number;
  /** Undefined for the newest version: it is the reader, no resolution needed. */
  readonly resolver: Resolver | undefined;
}

export interface CodecVersion {
  readonly version: number;
  /** 16 hex digits, most significant first. */
  readonly fingerprint: string;
  readonly file: string;
}

const INITIAL_SCRATCH_BYTES = 4096;

/**
 * Single-object encodes one record with its newest schema version and decodes any shipped version
 * of it, resolved to the newest. Resolvers are built once here, so decoding costs one table scan
 * of a few entries plus avsc's read.
 */
export class AvroCodec<T> {
  /** The codec's name in errors, e.g. `rawPlay`. */
  readonly name: string;
  /** The newest version: what `encode` writes and `decode` returns. */
  readonly version: number;
  /** The newest schema with docs and defaults, as in its .avsc file. */
  readonly writerSchema: object;
  /** The newest schema's fingerprint, 16 hex digits. */
  readonly writerFingerprint: string;
  /** Every readable version, newest first. */
  readonly versions: readonly CodecVersion[];
  /** Every readable version's fingerprint (hex), newest first. */
  readonly fingerprints: readonly string[];

  readonly #writer: Type;
  readonly #known: readonly KnownWriter[];
  #scratch: Buffer;

  constructor(name: string, versions: readonly SchemaVersion[]) {
    if (versions.length === 0) throw new TypeError(`AvroCodec ${name}: needs at least one schema version`);
    const newestFirst = [...versions].sort((a, b) => b.version - a.version);
    const newest = newestFirst[0]!;
    const seen = new Map<bigint, SchemaVersion>();
    for (const v of newestFirst) {
      const clash = seen.get(v.fingerprint);
      if (clash) {
        throw new TypeError(`AvroCodec ${name}: ${v.file} and ${clash.file} have the same canonical form`);
      }
      seen.set(v.fingerprint, v);
    }
    if (new Set(newestFirst.map((v) => v.version)).size !== newestFirst.length) {
      throw new TypeError(`AvroCodec ${name}: a version number appears twice`);
    }

    this.name = name;
    this.version = newest.version;
    this.#writer = newest.type;
    this.writerSchema = newest.type.schema({ exportAttrs: true }) as object;
    this.writerFingerprint = fingerprintHex(newest.fingerprint);
    this.versions = Object.freeze(
      newestFirst.map((v) =>
        Object.freeze({
          version: v.version,
          fingerprint: fingerprintHex(v.fingerprint),
          file: v.file,
        }),
      ),
    );
    this.fingerprints = Object.freeze(this.versions.map((v) => v.fingerprint));
    this.#known = newestFirst.map((v) => ({
      version: v.version,
      low: Number(v.fingerprint & 0xffffffffn),
      high: Number(v.fingerprint >> 32n),
      resolver: v === newest ? undefined : resolverFor(name, newest, v),
    }));
    this.#scratch = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);
    singleObjectHeader(newest.fingerprint).copy(this.#scratch, 0);
  }

  /**
   * Single-object encodes `value` with the newest schema. Throws AvroEncodeError naming each bad field.
   *
   * It does not ask `isValid` first: avsc's writers check every value they write (type, int range,
   * enum symbol, union branch) and throw on the first bad one, so a valid value, nearly every one,
   * is walked once instead of twice. Only a failed write is walked again, to name every bad field.
   */
  encode(value: T): Buffer {
    const writer = this.#writer;
    let end: number;
    try {
      end = writer.encode(value, this.#scratch, HEADER_BYTES);
      if (end < 0) {
        // encode() returned minus the bytes missing; grow once to fit and write again.
        const grown = Buffer.allocUnsafe(Math.max(this.#scratch.length * 2, this.#scratch.length - end));
        this.#scratch.copy(grown, 0, 0, HEADER_BYTES);
        this.#scratch = grown;
        end = writer.encode(value, grown, HEADER_BYTES);
      }
    } catch (cause) {
      const problems = describeProblemsOf(writer, value);
      if (problems.length > 0) throw new AvroEncodeError(this.name, problems, { cause });
      throw new AvroEncodeError(
        this.name,
        [{ path: '(root)', expected: writer.name ?? writer.typeName, actual: (cause as Error).message }],
        { cause },
      );
    }
    const out = Buffer.allocUnsafe(end);
    this.#scratch.copy(out, 0, 0, end);
    return out;
  }

  /** Decodes any known version to the newest shape. Throws UnknownSchemaError or AvroDecodeError. */
  decode(input: Buffer | Uint8Array): T {
    const bytes = asBuffer(this.name, input);
    if (bytes.length >= 2 && (bytes[0] !== 0xc3 || bytes[1] !== 0x01)) {
      throw new AvroDecodeError(
        this.name,
        'bad-marker',
        `expected marker c3 01, got ${bytes
          .subarray(0, 2)
          .toString('hex')
          .replace(/(..)(..)/, '$1 $2')}`,
      );
    }
    if (bytes.length < HEADER_BYTES) {
      throw new AvroDecodeError(
        this.name,
        'too-short',
        `${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte single-object header`,
      );
    }
    const low = bytes.readUInt32LE(2);
    const high = bytes.readUInt32LE(6);
    const known = this.#known;
    let writer: KnownWriter | undefined;
    for (let i = 0; i < known.length; i++) {
      const candidate = known[i]!;
      if (candidate.low === low && candidate.high === high) {
        writer = candidate;
        break;
      }
    }
    if (writer === undefined) {
      throw new UnknownSchemaError(this.name, headerFingerprintHex(bytes), this.fingerprints);
    }
    let decoded: { value: unknown; offset: number };
    try {
      decoded = this.#writer.decode(bytes, HEADER_BYTES, writer.resolver);
    } catch (cause) {
      throw new AvroDecodeError(
        this.name,
        'corrupt',
        `body does not match v${writer.version}: ${(cause as Error).message}`,
        { cause },
      );
    }
    if (decoded.offset < 0) {
      throw new AvroDecodeError(this.name, 'truncated', `body ends before its v${writer.version} value does`);
    }
    if (decoded.offset !== bytes.length) {
      throw new AvroDecodeError(
        this.name,
        'trailing-bytes',
        `${bytes.length - decoded.offset} bytes left after the v${writer.version} value`,
      );
    }
    return decoded.value as T;
  }
}

function resolverFor(name: string, reader: SchemaVersion, writer: SchemaVersion): Resolver {
  try {
    return reader.type.createResolver(writer.type);
  } catch (cause) {
    throw new TypeError(
      `AvroCodec ${name}: ${reader.file} cannot read ${writer.file}: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** A Buffer view of the input without copying; kafkajs hands Buffers, so this is usually a no-op. */
function asBuffer(codec: string, input: unknown): Buffer {
  if (Buffer.isBuffer(input)) return input;
  if (input instanceof Uint8Array) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // A tombstone (null value) or a wrong argument: say so rather than fail inside avsc.
  throw new AvroDecodeError(codec, 'not-bytes', `expected a Buffer, got ${describe(input)}`);
}

function describe(value: unknown): string {
  return value === null
    ? 'null'
    : typeof value === 'object'
      ? (value.constructor?.name ?? 'object')
      : typeof value;
}
