import {
  codecs,
  fingerprintHex,
  loadSchemaVersion,
  type RawPlay,
  type RawPlayHistory,
  singleObjectHeader,
} from '@spotify-pipeline/avro';

/** The part of an avsc type used here (the importer does not depend on avsc itself). */
interface AvroType {
  encode(value: unknown, buffer: Buffer, position: number): number;
  isValid(value: unknown): boolean;
  toBuffer(value: unknown): Buffer;
}

/** RawPlay's fields in schema order: a record's Avro encoding is its fields' encodings in a row. */
const FIELDS = ['account', 'played_at', 'source', 'fetched_at', 'context', 'track', 'history'] as const;

/** One play's track and history, encoded. */
export interface EncodedTail {
  /** The track's encoding, then the history's: a view of a scratch buffer, valid until the next call. */
  readonly bytes: Buffer;
  /** Offset of the history's encoding in `bytes`. */
  readonly historyAt: number;
}

/**
 * Writes RawPlay v2 single-object encodings (exactly the bytes of `codecs.rawPlay.encode`) in
 * pieces, so an import encodes each play's own fields once, when it reads the play, and adds its
 * key (`played_at`) when it publishes, without keeping the play object in between. The account,
 * source, fetch time and context are the same for every play of one import and are encoded once.
 *
 * Layout of a value: header + account | played_at | source + fetched_at + context | track | history.
 */
export class RawPlayFragments {
  /** Header and account. */
  readonly #head: Buffer;
  /** Source, fetched_at, context. */
  readonly #middle: Buffer;
  readonly #playedAt: AvroType;
  readonly #track: AvroType;
  readonly #history: AvroType;
  readonly #constant: Pick<RawPlay, 'account' | 'source' | 'fetched_at' | 'context'>;
  /** Whether the constant fields are valid; if not, every play is refused, as the codec would. */
  readonly #constantValid: boolean;
  readonly #scratch = Buffer.allocUnsafe(16);
  #tail = Buffer.allocUnsafe(4096);

  constructor(constant: Pick<RawPlay, 'account' | 'source' | 'fetched_at' | 'context'>) {
    const version = loadSchemaVersion('raw-play', codecs.rawPlay.version);
    if (fingerprintHex(version.fingerprint) !== codecs.rawPlay.writerFingerprint) {
      throw new Error('RawPlayFragments: the raw-play schema file is not the one codecs.rawPlay writes');
    }
    const fields = (version.type as unknown as { fields: readonly { name: string; type: AvroType }[] })
      .fields;
    if (fields.length !== FIELDS.length || fields.some((f, i) => f.name !== FIELDS[i])) {
      throw new Error(
        `RawPlayFragments: expects RawPlay fields ${FIELDS.join(', ')}, the schema has ${fields.map((f) => f.name).join(', ')}`,
      );
    }
    const type = (name: (typeof FIELDS)[number]) => fields[FIELDS.indexOf(name)]!.type;
    this.#constant = constant;
    this.#playedAt = type('played_at');
    this.#track = type('track');
    this.#history = type('history');
    this.#constantValid =
      type('account').isValid(constant.account) &&
      type('source').isValid(constant.source) &&
      type('fetched_at').isValid(constant.fetched_at) &&
      type('context').isValid(constant.context);
    this.#head = this.#constantValid
      ? Buffer.concat([singleObjectHeader(version.fingerprint), type('account').toBuffer(constant.account)])
      : Buffer.alloc(0);
    this.#middle = this.#constantValid
      ? Buffer.concat([
          type('source').toBuffer(constant.source),
          type('fetched_at').toBuffer(constant.fetched_at),
          type('context').toBuffer(constant.context),
        ])
      : Buffer.alloc(0);
  }

  /**
   * The play's track and history, encoded, or the contract's complaint (the message of
   * `codecs.rawPlay.encode`) when the play cannot be encoded. The play's account, source, fetch
   * time and context must be the constant ones this was made with.
   */
  encodeTail(play: RawPlay): EncodedTail | string {
    if (
      play.account !== this.#constant.account ||
      play.source !== this.#constant.source ||
      play.fetched_at !== this.#constant.fetched_at ||
      play.context !== this.#constant.context
    ) {
      throw new Error('RawPlayFragments.encodeTail: the play is not of this import');
    }
    if (!this.#constantValid || !this.#track.isValid(play.track) || !this.#history.isValid(play.history)) {
      return refusal(play);
    }
    for (;;) {
      const afterTrack = this.#track.encode(play.track, this.#tail, 0);
      const end = afterTrack < 0 ? afterTrack : this.#history.encode(play.history, this.#tail, afterTrack);
      if (end >= 0) return { bytes: this.#tail.subarray(0, end), historyAt: afterTrack };
      // Too short (avsc says so with a negative position): grow and write again.
      this.#tail = Buffer.allocUnsafe(this.#tail.length * 2);
    }
  }

  /** The encoded history, or null if the contract refuses it. */
  encodeHistory(history: RawPlayHistory | null): Buffer | null {
    return this.#history.isValid(history) ? this.#history.toBuffer(history) : null;
  }

  /** Bytes of a value with a tail of `tailLength` bytes and this played_at, at most. */
  maxValueBytes(tailLength: number): number {
    return this.#head.length + 10 + this.#middle.length + tailLength;
  }

  /**
   * Writes the whole value at `position`: head, `playedAtMs`, middle, then `tail` (the track and
   * history from writeTail, or the track and another history). Returns the position after it; the
   * buffer must have maxValueBytes of room.
   */
  writeValue(buffer: Buffer, position: number, playedAtMs: number, ...tail: readonly Uint8Array[]): number {
    let at = position + this.#head.copy(buffer, position);
    const end = this.#playedAt.encode(new Date(playedAtMs), this.#scratch, 0);
    at += this.#scratch.copy(buffer, at, 0, end);
    at += this.#middle.copy(buffer, at);
    for (const part of tail) {
      buffer.set(part, at);
      at += part.length;
    }
    return at;
  }
}

function refusal(play: RawPlay): string {
  try {
    codecs.rawPlay.encode(play);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('RawPlayFragments: a play the fragments refuse was accepted by codecs.rawPlay');
}
