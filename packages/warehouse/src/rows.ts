/**
 * The records the warehouse loads are the decoded Avro contracts (docs/contracts.md), taken from
 * the codec package so a contract change breaks the type check instead of the load.
 */
export type { AccountRecord, AlbumRecord, ArtistRecord, PlayFact, TrackRecord } from '@spotify-pipeline/avro';
