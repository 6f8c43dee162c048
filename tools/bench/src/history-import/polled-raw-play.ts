import type { RawPlay, RawPlayAccount, RawPlayArtist } from '@spotify-pipeline/avro';
import type { simCatalogue, TruthPlay } from '@spotify-pipeline/spotify-sim';

type SimCatalogue = ReturnType<typeof simCatalogue>;

/**
 * A true play as the poller publishes it after recently-played listed it: the catalogue's track,
 * album and artists, ms-precision played_at, `source: 'api'`, no export fields. Mirrors
 * services/poller/src/poll/to-raw-play.ts applied to the sim's PlayHistoryObject (the sim serves no
 * context in its truth, so the context is null).
 */
export function polledRawPlay(play: TruthPlay, account: RawPlayAccount, catalogue: SimCatalogue): RawPlay {
  const track = play.trackId === null ? undefined : catalogue.track(play.trackId);
  if (!track || track.albumId === null)
    throw new RangeError(
      `polledRawPlay: the play at ${play.playedAt.toISOString()} is not a catalogue track`,
    );
  const album = catalogue.albums.get(track.albumId);
  if (!album)
    throw new RangeError(
      `polledRawPlay: album ${track.albumId} of track ${track.id} is not in the catalogue`,
    );
  const artist = (id: string): RawPlayArtist => {
    const found = catalogue.artists.get(id);
    if (!found)
      throw new RangeError(`polledRawPlay: artist ${id} of track ${track.id} is not in the catalogue`);
    return { id, uri: `spotify:artist:${id}`, name: found.name };
  };
  return {
    account,
    played_at: play.playedAt,
    source: 'api',
    fetched_at: play.syncedAt,
    context: null,
    track: {
      id: track.id,
      uri: `spotify:track:${track.id}`,
      name: track.name,
      duration_ms: track.durationMs,
      explicit: track.explicit,
      disc_number: track.discNumber,
      track_number: track.trackNumber,
      is_local: false,
      popularity: track.popularity,
      isrc: track.isrc,
      type: 'track',
      album: {
        id: album.id,
        uri: `spotify:album:${album.id}`,
        name: album.name,
        album_type: album.albumType,
        release_date: album.releaseDate,
        release_date_precision: album.releaseDatePrecision,
        total_tracks: album.totalTracks,
        images: [],
        artists: album.artistIds.map(artist),
      },
      artists: track.artistIds.map(artist),
    },
    history: null,
  };
}
