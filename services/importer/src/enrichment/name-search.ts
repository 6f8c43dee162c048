import { normaliseName } from '@spotify-pipeline/avro';
import { type CatalogueClient, SpotifyRequestError } from '@spotify-pipeline/spotify-client';
import type { NameToSearch } from '@spotify-pipeline/warehouse';

/** Episodes named like the play whose show is looked up, at most: each costs one more request. */
const MAX_EPISODE_LOOKUPS = 3;

/**
 * Whether a name-only play (an account-data export's artistName and trackName) is a podcast
 * episode. Exports before 2023 wrote episodes into the music files as show / episode, and nothing in
 * the row tells them apart from a song. One search, `GET /v1/search?type=track,episode` for the
 * track name, answers it the way Spotify's own data does:
 * - a track of that name credited to an artist of that name: music;
 * - else an episode of exactly that name whose show (`GET /v1/episodes/{id}`: search results carry
 *   no show) has exactly the artist name: an episode;
 * - else not known to be an episode (a song Spotify no longer has, an episode not available in the
 *   market, or renamed since): it stays a name-only music play.
 * Names compare as the warehouse compares them: NFC, any case, any spacing.
 */
export async function isPodcastEpisode(
  catalogue: CatalogueClient,
  name: NameToSearch,
  market: string,
): Promise<boolean> {
  const track = normaliseName(name.trackName);
  const artist = normaliseName(name.artistName);
  const { tracks, episodes } = await catalogue.searchTracksAndEpisodes(name.trackName, market);
  const isSong = tracks.some(
    (t) =>
      normaliseName(t.name ?? '') === track &&
      (t.artists ?? []).some((a) => normaliseName(a?.name ?? '') === artist),
  );
  if (isSong) return false;
  const named = episodes.filter((e) => normaliseName(e.name ?? '') === track).slice(0, MAX_EPISODE_LOOKUPS);
  for (const candidate of named) {
    try {
      const episode = await catalogue.episode(candidate.id, market);
      if (normaliseName(episode.show?.name ?? '') === artist) return true;
    } catch (error) {
      // Listed by the search but not served any more: not this play's episode.
      if (error instanceof SpotifyRequestError && error.status === 404) continue;
      throw error;
    }
  }
  return false;
}
