// The placeholder member keys of export plays are an agreement with the importer, the enrichment
// and the warehouse: their home is the contracts package.
export {
  EXPORT_ALBUM_PREFIX,
  EXPORT_ARTIST_PREFIX,
  exportAlbumId,
  exportArtistId,
  normaliseName,
} from '@spotify-pipeline/avro';
