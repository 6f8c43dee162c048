import type { Catalogue, CatalogueTrack } from '../catalogue.ts';
import { makeName, makeTitle } from '../names.ts';
import { type SeededRandom, spotifyId } from '../random.ts';
import type { ExportPlay } from './export-play.ts';

const PLATFORMS = ['android', 'ios', 'windows', 'osx', 'linux', 'web_player', 'cast_to_device'];
const REASONS_START = ['trackdone', 'clickrow', 'fwdbtn', 'backbtn', 'playbtn', 'appload', 'remote'];

type Base = Pick<ExportPlay, 'endMs' | 'msPlayed' | 'offline' | 'country'>;

function common(random: SeededRandom, base: Base, durationMs: number) {
  const whole = base.msPlayed >= durationMs;
  const quirk = random.next();
  return {
    ...base,
    // Offline plays carry the device's time; exports write it in ms, in seconds, or as 0.
    offlineTimestamp: (quirk < 0.2
      ? 'zero'
      : quirk < 0.45
        ? 'seconds'
        : 'ms') as ExportPlay['offlineTimestamp'],
    incognito: random.chance(0.01),
    shuffle: random.chance(0.4),
    skipped: random.chance(0.05) ? null : !whole,
    reasonStart: random.pick(REASONS_START),
    reasonEnd: whole ? 'trackdone' : random.pick(['fwdbtn', 'endplay', 'logout', 'unexpected-exit']),
    platform: random.pick(PLATFORMS),
  };
}

/** A catalogue track's play with the names the export writes (album artist, album, title). */
export function trackPlay(
  random: SeededRandom,
  catalogue: Catalogue,
  track: CatalogueTrack,
  base: Base,
): ExportPlay {
  if (track.local) {
    return {
      ...common(random, base, track.durationMs),
      kind: 'local',
      id: null,
      title: track.name,
      artistName: track.local.artistName,
      albumName: track.local.albumName,
    };
  }
  const album = track.albumId === null ? undefined : catalogue.albums.get(track.albumId);
  const albumArtist = catalogue.artists.get(album?.artistIds[0] ?? track.artistIds[0] ?? '');
  return {
    ...common(random, base, track.durationMs),
    kind: 'track',
    id: track.id,
    title: track.name,
    artistName: albumArtist?.name ?? null,
    albumName: album?.name ?? null,
  };
}

/** A local file play when only the fact of it is known (the truth does not say which file). */
export function unknownLocalPlay(random: SeededRandom, base: Base): ExportPlay {
  return {
    ...common(random, base, base.msPlayed),
    kind: 'local',
    id: null,
    title: makeName(random),
    artistName: makeName(random),
    albumName: null,
  };
}

/** A track Spotify has since removed: its id answers 404 on /v1/tracks/{id}. */
export function removedTrackPlay(random: SeededRandom, catalogue: Catalogue, base: Base): ExportPlay {
  let id = spotifyId(random);
  while (catalogue.track(id)) id = spotifyId(random);
  return {
    ...common(random, base, base.msPlayed + 1),
    kind: 'track',
    id,
    title: makeTitle(random),
    artistName: makeName(random),
    albumName: makeTitle(random),
  };
}

export function episodePlay(random: SeededRandom, base: Base): ExportPlay {
  return {
    ...common(random, base, base.msPlayed + 1),
    kind: 'episode',
    id: spotifyId(random),
    title: `Episode ${random.int(1, 400)}: ${makeTitle(random)}`,
    artistName: `${makeName(random)} Podcast`,
    albumName: null,
  };
}

/**
 * A play of an episode of the catalogue's podcasts: the show and episode names the simulator's
 * search and `/v1/episodes/{id}` serve, so an enrichment can find it again by its names.
 */
export function catalogueEpisodePlay(random: SeededRandom, catalogue: Catalogue, base: Base): ExportPlay {
  const { podcasts } = catalogue;
  const show = random.pick(podcasts.shows);
  const episode = podcasts.episode(random.pick(show.episodeIds))!;
  return {
    ...common(random, base, episode.durationMs),
    kind: 'episode',
    id: episode.id,
    title: episode.name,
    artistName: show.name,
    albumName: null,
  };
}

export function audiobookPlay(random: SeededRandom, base: Base): ExportPlay {
  return {
    ...common(random, base, base.msPlayed + 1),
    kind: 'audiobook',
    id: spotifyId(random),
    title: `Chapter ${random.int(1, 40)}`,
    artistName: makeName(random),
    albumName: makeTitle(random),
  };
}

export function videoPlay(random: SeededRandom, catalogue: Catalogue, base: Base): ExportPlay {
  return { ...trackPlay(random, catalogue, random.pick(catalogue.tracks), base), kind: 'video' };
}
