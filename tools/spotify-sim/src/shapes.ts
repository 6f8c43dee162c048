import type { Album, Catalogue, CatalogueTrack } from './catalogue.ts';
import type { SimAccount } from './listeners.ts';
import type { Play, PlayContext } from './listening.ts';
import type { Episode, Show } from './podcasts.ts';

/**
 * JSON bodies exactly as the Web API sends them (OpenAPI components.schemas), built from the
 * catalogue. `api` is the base of every `href` (`${sim.url}/v1`), so that following an href goes to
 * the simulator the way it goes to api.spotify.com for real.
 */
const OPEN = 'https://open.spotify.com';
const IMAGE_SIZES = [640, 300, 64];
const IMAGE_PREFIX: Record<number, string> = {
  640: 'ab67616d0000b273',
  300: 'ab67616d00001e02',
  64: 'ab67616d00004851',
};

export function artistObject(catalogue: Catalogue, id: string, api: string) {
  const artist = catalogue.artists.get(id);
  return {
    external_urls: { spotify: `${OPEN}/artist/${id}` },
    href: `${api}/artists/${id}`,
    id,
    name: artist?.name ?? '',
    type: 'artist' as const,
    uri: `spotify:artist:${id}`,
  };
}

export function albumObject(catalogue: Catalogue, album: Album, api: string) {
  return {
    album_type: album.albumType,
    total_tracks: album.totalTracks,
    available_markets: [...album.availableMarkets],
    external_urls: { spotify: `${OPEN}/album/${album.id}` },
    href: `${api}/albums/${album.id}`,
    id: album.id,
    images: IMAGE_SIZES.map((size) => ({
      url: `https://i.scdn.co/image/${IMAGE_PREFIX[size]}${album.imageHash}`,
      height: size,
      width: size,
    })),
    name: album.name,
    release_date: album.releaseDate,
    release_date_precision: album.releaseDatePrecision,
    type: 'album' as const,
    uri: `spotify:album:${album.id}`,
    artists: album.artistIds.map((id) => artistObject(catalogue, id, api)),
  };
}

/** Spotify's local-file URI: the file's tags, URL-encoded with `+` for spaces, and whole seconds. */
export function localUri(track: CatalogueTrack): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  const local = track.local!;
  return `spotify:local:${enc(local.artistName)}:${enc(local.albumName)}:${enc(track.name)}:${Math.round(track.durationMs / 1000)}`;
}

export function trackObject(catalogue: Catalogue, track: CatalogueTrack, api: string) {
  if (track.local !== null) return localTrackObject(track);
  const album = catalogue.albums.get(track.albumId!)!;
  return {
    album: albumObject(catalogue, album, api),
    artists: track.artistIds.map((id) => artistObject(catalogue, id, api)),
    available_markets: [...album.availableMarkets],
    disc_number: track.discNumber,
    duration_ms: track.durationMs,
    explicit: track.explicit,
    external_ids: track.isrc === null ? {} : { isrc: track.isrc },
    external_urls: { spotify: `${OPEN}/track/${track.id}` },
    href: `${api}/tracks/${track.id}`,
    id: track.id,
    is_local: false,
    name: track.name,
    popularity: track.popularity,
    preview_url: null,
    track_number: track.trackNumber,
    type: 'track' as const,
    uri: `spotify:track:${track.id}`,
  };
}

/** A file from the user's own disk: no ids, no hrefs, only the names its tags carry. */
function localTrackObject(track: CatalogueTrack) {
  const local = track.local!;
  return {
    album: {
      album_type: null,
      total_tracks: 0,
      available_markets: [],
      external_urls: {},
      href: null,
      id: null,
      images: [],
      name: local.albumName,
      release_date: null,
      release_date_precision: null,
      type: 'album' as const,
      uri: null,
      artists: [],
    },
    artists: [
      { external_urls: {}, href: null, id: null, name: local.artistName, type: 'artist' as const, uri: null },
    ],
    available_markets: [],
    disc_number: 0,
    duration_ms: track.durationMs,
    explicit: false,
    external_ids: {},
    external_urls: {},
    href: null,
    id: null,
    is_local: true,
    name: track.name,
    popularity: 0,
    preview_url: null,
    track_number: 0,
    type: 'track' as const,
    uri: localUri(track),
  };
}

export function contextObject(context: PlayContext | null, api: string) {
  if (context === null) return null;
  const plural = `${context.type}s`;
  return {
    type: context.type,
    href: `${api}/${plural}/${context.id}`,
    external_urls: { spotify: `${OPEN}/${context.type}/${context.id}` },
    uri: `spotify:${context.type}:${context.id}`,
  };
}

export function playHistoryObject(catalogue: Catalogue, play: Play, api: string) {
  return {
    track: trackObject(catalogue, catalogue.tracks[play.trackIndex]!, api),
    played_at: new Date(play.playedAtMs).toISOString(),
    context: contextObject(play.context, api),
  };
}

/** What /v1/me shows depends on the scopes granted, as on Spotify. */
export function privateUserObject(account: SimAccount, scopes: ReadonlySet<string>, api: string) {
  const user: Record<string, unknown> = {
    display_name: account.displayName,
    external_urls: { spotify: `${OPEN}/user/${account.id}` },
    followers: { href: null, total: account.followers },
    href: `${api}/users/${account.id}`,
    id: account.id,
    images: [],
    type: 'user',
    uri: `spotify:user:${account.id}`,
  };
  if (scopes.has('user-read-private')) {
    user.country = account.country;
    user.product = account.product;
    user.explicit_content = { filter_enabled: false, filter_locked: false };
  }
  if (scopes.has('user-read-email')) user.email = account.email;
  return user;
}

export function errorBody(status: number, message: string) {
  return { error: { status, message } };
}

/** SimplifiedShowObject: a show as an episode lookup embeds it. */
export function simplifiedShowObject(show: Show, api: string) {
  return {
    available_markets: [...show.availableMarkets],
    copyrights: [],
    description: `${show.name}, by ${show.publisher}.`,
    html_description: `<p>${escapeHtml(show.name)}, by ${escapeHtml(show.publisher)}.</p>`,
    explicit: false,
    external_urls: { spotify: `${OPEN}/show/${show.id}` },
    href: `${api}/shows/${show.id}`,
    id: show.id,
    images: [],
    is_externally_hosted: false,
    languages: ['en'],
    media_type: 'audio',
    name: show.name,
    publisher: show.publisher,
    total_episodes: show.episodeIds.length,
    type: 'show' as const,
    uri: `spotify:show:${show.id}`,
  };
}

/** SimplifiedEpisodeObject: an episode in search results (no show: Spotify leaves it out there). */
export function simplifiedEpisodeObject(episode: Episode, show: Show, api: string) {
  return {
    audio_preview_url: null,
    description: `An episode of ${show.name}.`,
    html_description: `<p>An episode of ${escapeHtml(show.name)}.</p>`,
    duration_ms: episode.durationMs,
    explicit: episode.explicit,
    external_urls: { spotify: `${OPEN}/episode/${episode.id}` },
    href: `${api}/episodes/${episode.id}`,
    id: episode.id,
    images: [],
    is_externally_hosted: false,
    is_playable: true,
    language: 'en',
    languages: ['en'],
    name: episode.name,
    release_date: episode.releaseDate,
    release_date_precision: 'day' as const,
    type: 'episode' as const,
    uri: `spotify:episode:${episode.id}`,
  };
}

/** EpisodeObject: `GET /v1/episodes/{id}`, with its show. */
export function episodeObject(episode: Episode, show: Show, api: string) {
  return { ...simplifiedEpisodeObject(episode, show, api), show: simplifiedShowObject(show, api) };
}

/** A paging object of `items`, its links built from the request's own query (search's shape). */
export function pagingObject<T>(
  items: readonly T[],
  { base, limit, offset, total }: { base: URL; limit: number; offset: number; total: number },
) {
  const at = (o: number) => {
    const url = new URL(base);
    url.searchParams.set('offset', String(o));
    url.searchParams.set('limit', String(limit));
    return url.toString();
  };
  return {
    href: at(offset),
    limit,
    next: offset + limit < total ? at(offset + limit) : null,
    offset,
    previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
    total,
    items: [...items],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
