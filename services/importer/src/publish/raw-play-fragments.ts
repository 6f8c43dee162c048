import {
  codecs,
  fingerprintHex,
  loadSchemaVersion,
  parseSchema,
  type RawPlay,
  type RawPlayHistory,
  type RawPlayTrack,
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

/** The fields of a track, its album and an artist that the track cache knows (see exportTrackKey). */
const TRACK_FIELDS = [
  'id',
  'uri',
  'name',
  'duration_ms',
  'explicit',
  'disc_number',
  'track_number',
  'is_local',
  'popularity',
  'isrc',
  'type',
  'album',
  'artists',
];
const ALBUM_FIELDS = [
  'id',
  'uri',
  'name',
  'album_type',
  'release_date',
  'release_date_precision',
  'total_tracks',
  'images',
  'artists',
];
const ARTIST_FIELDS = ['id', 'uri', 'name'];

/** What the history's plain type is given instead of a bad offline_timestamp: never valid. */
const NOT_A_DATE = Symbol('not a Date');

interface RecordShape {
  readonly fields: readonly { name: string; type: RecordShape & { itemsType?: RecordShape } }[];
}

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
  /**
   * The history's union with offline_timestamp as a plain long (the same bytes: timestamp-millis
   * is a long), written from its milliseconds. The logical branch of ["null", timestamp-millis]
   * costs avsc a thrown and caught TypeError for every null it checks or writes (it tries the
   * value on the branch), twice a play; most plays have no offline_timestamp. Null if the schema's
   * history is not the shape this knows: then the history type itself is used.
   */
  readonly #plainHistory: AvroType | null;
  readonly #constant: Pick<RawPlay, 'account' | 'source' | 'fetched_at' | 'context'>;
  /** Whether the constant fields are valid; if not, every play is refused, as the codec would. */
  readonly #constantValid: boolean;
  readonly #scratch = Buffer.allocUnsafe(16);
  #tail = Buffer.allocUnsafe(4096);
  /**
   * Encoded tracks by exportTrackKey: a ten-year history plays a few thousand tracks hundreds of
   * thousands of times, and a track as an export names it is the same bytes every time. Null when
   * the schema's track is not the shape the key was written for (then every track is encoded).
   */
  readonly #tracks: Map<string, Buffer> | null;

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
    // A long: the bytes of timestamp-millis, without a Date to make and take apart per play.
    this.#playedAt = (type('played_at') as unknown as { underlyingType: AvroType }).underlyingType;
    this.#track = type('track');
    this.#history = type('history');
    this.#plainHistory = plainHistoryType(codecs.rawPlay.writerSchema);
    this.#tracks = knowsTrackShape(type('track') as unknown as RecordShape) ? new Map() : null;
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
    const key = this.#tracks === null ? null : exportTrackKey(play.track);
    const known = key === null ? undefined : this.#tracks!.get(key);
    const [historyType, history] = this.#historyValue(play.history);
    if (
      !this.#constantValid ||
      (known === undefined && !this.#track.isValid(play.track)) ||
      !historyType.isValid(history)
    ) {
      return refusal(play);
    }
    for (;;) {
      let afterTrack: number;
      if (known === undefined) {
        afterTrack = this.#track.encode(play.track, this.#tail, 0);
        if (afterTrack >= 0 && key !== null)
          this.#tracks!.set(key, Buffer.from(this.#tail.subarray(0, afterTrack)));
      } else {
        afterTrack = known.length <= this.#tail.length ? known.copy(this.#tail, 0) : -1;
      }
      const end = afterTrack < 0 ? afterTrack : historyType.encode(history, this.#tail, afterTrack);
      if (end >= 0) return { bytes: this.#tail.subarray(0, end), historyAt: afterTrack };
      // Too short (avsc says so with a negative position): grow and write again.
      this.#tail = Buffer.allocUnsafe(this.#tail.length * 2);
    }
  }

  /** The encoded history, or null if the contract refuses it. */
  encodeHistory(history: RawPlayHistory | null): Buffer | null {
    const [type, value] = this.#historyValue(history);
    return type.isValid(value) ? type.toBuffer(value) : null;
  }

  /** The type to write a history with, and the value to give it. */
  #historyValue(history: RawPlayHistory | null): [AvroType, unknown] {
    const plain = this.#plainHistory;
    if (plain === null || history === null || history.offline_timestamp === null) {
      return [plain ?? this.#history, history];
    }
    const at = history.offline_timestamp;
    return [plain, { ...history, offline_timestamp: at instanceof Date ? at.getTime() : NOT_A_DATE }];
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
    const end = this.#playedAt.encode(playedAtMs, this.#scratch, 0);
    at += this.#scratch.copy(buffer, at, 0, end);
    at += this.#middle.copy(buffer, at);
    for (const part of tail) {
      buffer.set(part, at);
      at += part.length;
    }
    return at;
  }
}

/**
 * The history field's type with offline_timestamp, its one timestamp, as ["null", "long"]; null
 * unless the history is a union of null and a record whose only logical type that is.
 */
function plainHistoryType(writerSchema: object): AvroType | null {
  type Schema = { name?: string; type?: unknown; logicalType?: string; fields?: Schema[] };
  const history = (writerSchema as Schema).fields?.find((f) => f.name === 'history')?.type;
  if (!Array.isArray(history) || history.length !== 2 || history[0] !== 'null') return null;
  const copy = structuredClone(history) as ['null', Schema];
  const record = copy[1];
  if (record?.type !== 'record' || !Array.isArray(record.fields)) return null;
  const logical = (s: unknown): boolean =>
    typeof s === 'object' &&
    s !== null &&
    (Array.isArray(s)
      ? s.some(logical)
      : 'logicalType' in s ||
        logical((s as Schema).type) ||
        (s as Schema).fields?.some((f) => logical(f.type)) === true);
  for (const field of record.fields) {
    if (field.name !== 'offline_timestamp') {
      if (logical(field.type)) return null;
      continue;
    }
    const union = field.type;
    if (
      !Array.isArray(union) ||
      union.length !== 2 ||
      union[0] !== 'null' ||
      union[1]?.type !== 'long' ||
      union[1]?.logicalType !== 'timestamp-millis'
    ) {
      return null;
    }
    field.type = ['null', 'long'];
  }
  return parseSchema(copy, 'RawPlay history, offline_timestamp as a long') as unknown as AvroType;
}

/** Whether the schema's track, album and artist have exactly the fields exportTrackKey knows. */
function knowsTrackShape(track: RecordShape): boolean {
  const names = (r: RecordShape | undefined) => r?.fields.map((f) => f.name).join(',');
  const field = (r: RecordShape, name: string) => r.fields.find((f) => f.name === name)?.type;
  const album = field(track, 'album');
  return (
    names(track) === TRACK_FIELDS.join(',') &&
    names(album) === ALBUM_FIELDS.join(',') &&
    names(field(track, 'artists')?.itemsType) === ARTIST_FIELDS.join(',') &&
    names(album && field(album, 'artists')?.itemsType) === ARTIST_FIELDS.join(',')
  );
}

/** A string, unambiguously within a key (length first), or '-' for null; undefined otherwise. */
function part(value: unknown): string | undefined {
  if (value === null) return '-';
  return typeof value === 'string' ? `${value.length}:${value}` : undefined;
}

/**
 * The key of a track shaped as an export's play makes it (map-export-play.ts: names and ids only,
 * every other field empty, one artist or none, the album's artists the track's), made of every
 * field that can differ between such tracks; null for any other track, which is then encoded on
 * its own. Two tracks with one key encode to the same bytes.
 */
export function exportTrackKey(track: RawPlayTrack): string | null {
  const album = track.album;
  const artists = track.artists;
  if (
    track.duration_ms !== 0 ||
    track.explicit !== false ||
    track.disc_number !== 0 ||
    track.track_number !== 0 ||
    track.popularity !== null ||
    track.isrc !== null ||
    track.type !== 'track' ||
    typeof track.is_local !== 'boolean' ||
    album === null ||
    typeof album !== 'object' ||
    album.id !== null ||
    album.uri !== null ||
    album.album_type !== null ||
    album.release_date !== null ||
    album.release_date_precision !== null ||
    album.total_tracks !== null ||
    !Array.isArray(album.images) ||
    album.images.length !== 0 ||
    album.artists !== artists ||
    !Array.isArray(artists) ||
    artists.length > 1
  ) {
    return null;
  }
  const artist = artists[0];
  if (artist !== undefined && (artist === null || artist.id !== null || artist.uri !== null)) return null;
  const id = part(track.id);
  const uri = typeof track.uri === 'string' ? part(track.uri) : undefined;
  const name = typeof track.name === 'string' ? part(track.name) : undefined;
  const albumName = typeof album.name === 'string' ? part(album.name) : undefined;
  const artistName =
    artist === undefined ? '-' : typeof artist.name === 'string' ? part(artist.name) : undefined;
  if (
    id === undefined ||
    uri === undefined ||
    name === undefined ||
    albumName === undefined ||
    artistName === undefined
  ) {
    return null;
  }
  return `${track.is_local ? 'L' : 'S'}${id}${uri}${name}${albumName}${artistName}`;
}

function refusal(play: RawPlay): string {
  try {
    codecs.rawPlay.encode(play);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('RawPlayFragments: a play the fragments refuse was accepted by codecs.rawPlay');
}
