import { AvroCodec } from './avro-codec.ts';
import type { AccountRecord, AlbumRecord, ArtistRecord, PlayFact, RawPlay, TrackRecord } from './records.ts';
import { loadSchemaVersion } from './schema-file.ts';

/** Every shipped version per subject. Adding a version: add the file, then its number here. */
export const SHIPPED_VERSIONS = {
  'raw-play': [1, 2],
  artist: [1],
  album: [1],
  track: [1],
  account: [1],
  'play-fact': [1, 2],
} as const satisfies Record<string, readonly number[]>;

function codecFor<T>(name: string, subject: keyof typeof SHIPPED_VERSIONS): AvroCodec<T> {
  return new AvroCodec<T>(
    name,
    SHIPPED_VERSIONS[subject].map((version) => loadSchemaVersion(subject, version)),
  );
}

export interface Codecs {
  readonly rawPlay: AvroCodec<RawPlay>;
  readonly artist: AvroCodec<ArtistRecord>;
  readonly album: AvroCodec<AlbumRecord>;
  readonly track: AvroCodec<TrackRecord>;
  readonly account: AvroCodec<AccountRecord>;
  readonly playFact: AvroCodec<PlayFact>;
}

/** The codec of every record on the topics (docs/contracts.md), built once at module load. */
export const codecs: Codecs = Object.freeze({
  rawPlay: codecFor<RawPlay>('rawPlay', 'raw-play'),
  artist: codecFor<ArtistRecord>('artist', 'artist'),
  album: codecFor<AlbumRecord>('album', 'album'),
  track: codecFor<TrackRecord>('track', 'track'),
  account: codecFor<AccountRecord>('account', 'account'),
  playFact: codecFor<PlayFact>('playFact', 'play-fact'),
});
