// The ids of name-only tracks are an agreement with the normalizer and the warehouse: their home is
// the contracts package.
export {
  isSyntheticTrackId,
  normaliseName,
  syntheticTrackId,
  UNRESOLVED_TRACK_PREFIX as UNRESOLVED_PREFIX,
} from '@spotify-pipeline/avro';
