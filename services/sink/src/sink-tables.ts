import {
  type AccountRecord,
  type AlbumRecord,
  type ArtistRecord,
  codecs,
  type PlayFact,
  type TrackRecord,
} from '@spotify-pipeline/avro';
import type { TopicId } from '@spotify-pipeline/runtime';
import type { WarehouseBatch } from '@spotify-pipeline/warehouse';

/** The part of a WarehouseBatch one topic feeds. */
export type BatchTable = keyof WarehouseBatch;
export type WarehouseRecord = ArtistRecord | AlbumRecord | TrackRecord | AccountRecord | PlayFact;

export interface SinkTable {
  readonly topicId: TopicId;
  readonly batchKey: BatchTable;
  /** The warehouse table, for metrics and logs. */
  readonly table: string;
  readonly decode: (bytes: Buffer) => WarehouseRecord;
  /** The natural key: two records with the same key in one batch are one row, the later wins. */
  readonly naturalKey: (record: WarehouseRecord) => string;
}

/**
 * The five topics the sink consumes and where each goes. Dimensions come first so that a log
 * reads in the order the warehouse writes them.
 */
export const SINK_TABLES: readonly SinkTable[] = [
  {
    topicId: 'artists',
    batchKey: 'artists',
    table: 'dim_artist',
    decode: (b) => codecs.artist.decode(b),
    naturalKey: (r) => (r as ArtistRecord).artist_id,
  },
  {
    topicId: 'albums',
    batchKey: 'albums',
    table: 'dim_album',
    decode: (b) => codecs.album.decode(b),
    naturalKey: (r) => (r as AlbumRecord).album_id,
  },
  {
    topicId: 'tracks',
    batchKey: 'tracks',
    table: 'dim_track',
    decode: (b) => codecs.track.decode(b),
    naturalKey: (r) => (r as TrackRecord).track_id,
  },
  {
    topicId: 'accounts',
    batchKey: 'accounts',
    table: 'dim_account',
    decode: (b) => codecs.account.decode(b),
    naturalKey: (r) => (r as AccountRecord).account_id,
  },
  {
    topicId: 'plays',
    batchKey: 'plays',
    table: 'fact_play',
    decode: (b) => codecs.playFact.decode(b),
    // Not the row key alone: two different plays on one key must both reach the warehouse, which
    // refuses the collision (so one is dead-lettered) instead of one vanishing here; copies of one
    // listen (a replay) still collapse.
    naturalKey: (r) => {
      const p = r as PlayFact;
      return `${p.account_id}\u0000${p.played_at.getTime()}\u0000${p.source}\u0000${p.track_id}\u0000${p.ms_played ?? ''}`;
    },
  },
];
