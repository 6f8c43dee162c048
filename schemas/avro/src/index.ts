export { AvroCodec, type CodecVersion } from './avro-codec.ts';
export { type Codecs, codecs, SHIPPED_VERSIONS } from './codecs.ts';
export * from './contracts/dead-letter-headers.ts';
export * from './contracts/fact-play-columns.ts';
export * from './contracts/local-time.ts';
export * from './contracts/member-ids.ts';
export * from './contracts/queues.ts';
export * from './contracts/topics.ts';
export * from './errors/index.ts';
export {
  CRC64_AVRO_EMPTY,
  crc64Avro,
  fingerprintHex,
  parsingCanonicalForm,
  schemaFingerprint,
} from './fingerprint.ts';
export type {
  AccountRecord,
  AlbumRecord,
  ArtistRecord,
  PlayFact,
  PlaySource,
  RawPlay,
  RawPlayAccount,
  RawPlayAlbum,
  RawPlayArtist,
  RawPlayContext,
  RawPlayHistory,
  RawPlayImage,
  RawPlayTrack,
  TrackRecord,
} from './records.ts';
export { AVSC_DIRECTORY, loadSchemaVersion, parseSchema, type SchemaVersion } from './schema-file.ts';
export { HEADER_BYTES, SINGLE_OBJECT_MARKER, singleObjectHeader } from './single-object.ts';
export { TimestampMillisType } from './timestamp-millis-type.ts';
