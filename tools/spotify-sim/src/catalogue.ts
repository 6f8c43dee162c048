import { makeName, makeTitle } from './names.ts';
import { Podcasts } from './podcasts.ts';
import { SeededRandom, spotifyId } from './random.ts';

export type AlbumType = 'album' | 'single' | 'compilation';
export type ReleaseDatePrecision = 'year' | 'month' | 'day';

export interface Artist {
  readonly id: string;
  readonly name: string;
}

export interface Album {
  readonly id: string;
  readonly name: string;
  readonly albumType: AlbumType;
  readonly releaseDate: string;
  readonly releaseDatePrecision: ReleaseDatePrecision;
  readonly totalTracks: number;
  readonly artistIds: readonly string[];
  readonly imageHash: string;
  readonly availableMarkets: readonly string[];
  readonly upc: string;
}

export interface CatalogueTrack {
  /** Position in `Catalogue.tracks`; plays refer to tracks by it because local tracks have no id. */
  readonly index: number;
  /** null for local files. */
  readonly id: string | null;
  readonly name: string;
  readonly durationMs: number;
  readonly explicit: boolean;
  readonly discNumber: number;
  readonly trackNumber: number;
  readonly albumId: string | null;
  /** In credit order: the first is the primary artist. */
  readonly artistIds: readonly string[];
  readonly isrc: string | null;
  readonly popularity: number;
  /** Only for local files, which exist in no catalogue: names as the user's file tags have them. */
  readonly local: { readonly artistName: string; readonly albumName: string } | null;
}

export interface Playlist {
  readonly id: string;
  readonly trackIndexes: readonly number[];
}

export interface CatalogueOptions {
  readonly seed: number;
  readonly size: number;
}

const MARKETS = [
  'AR',
  'AU',
  'BR',
  'CA',
  'DE',
  'EG',
  'ES',
  'FR',
  'GB',
  'GR',
  'IL',
  'IN',
  'JP',
  'KR',
  'MX',
  'NP',
  'NZ',
  'RU',
  'SE',
  'TH',
  'US',
];
const ISRC_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'JP', 'KR', 'SE', 'BR', 'IN', 'QM', 'QZ'];
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Artists, albums, tracks and playlists generated from a seed; the same seed gives the same ids. */
export class Catalogue {
  readonly artists = new Map<string, Artist>();
  readonly albums = new Map<string, Album>();
  readonly tracks: CatalogueTrack[] = [];
  readonly playlists: Playlist[] = [];
  readonly allTrackIndexes: readonly number[];
  /** Podcast shows and episodes (a seed of their own: the music's ids do not depend on them). */
  readonly podcasts: Podcasts;
  readonly #byId = new Map<string, CatalogueTrack>();
  readonly #playlists = new Map<string, Playlist>();
  readonly #byAlbum = new Map<string, number[]>();
  readonly #byArtist = new Map<string, number[]>();

  constructor(options: CatalogueOptions) {
    if (!Number.isInteger(options.size) || options.size < 10) {
      throw new RangeError(`catalogueSize must be an integer >= 10, got ${options.size}`);
    }
    const random = new SeededRandom(options.seed ^ 0x5eed_ca7a);
    const artistList = this.#makeArtists(random, Math.max(4, Math.ceil(options.size / 8)));
    const various: Artist = { id: spotifyId(random), name: 'Various Artists' };
    this.artists.set(various.id, various);
    const localShare = 0.15;
    while (this.tracks.length < options.size) {
      if (random.chance(localShare)) this.#addLocalTrack(random);
      else this.#addAlbum(random, artistList, various);
    }
    this.tracks.length = options.size;
    for (const track of this.tracks) {
      if (track.id !== null) this.#byId.set(track.id, track);
    }
    this.#indexByAlbumAndArtist();
    for (let i = 0; i < Math.max(3, Math.ceil(options.size / 50)); i++) {
      const length = random.int(5, 60);
      const trackIndexes = Array.from({ length }, () => random.int(0, this.tracks.length - 1));
      const playlist = { id: spotifyId(random), trackIndexes };
      this.playlists.push(playlist);
      this.#playlists.set(playlist.id, playlist);
    }
    this.allTrackIndexes = this.tracks.map((t) => t.index);
    this.podcasts = new Podcasts(options.seed, Math.max(3, Math.ceil(options.size / 200)));
  }

  playlist(id: string): Playlist | undefined {
    return this.#playlists.get(id);
  }

  track(id: string): CatalogueTrack | undefined {
    return this.#byId.get(id);
  }

  tracksOfAlbum(albumId: string): readonly number[] {
    return this.#byAlbum.get(albumId) ?? [];
  }

  tracksOfArtist(artistId: string): readonly number[] {
    return this.#byArtist.get(artistId) ?? [];
  }

  #makeArtists(random: SeededRandom, count: number): Artist[] {
    const list: Artist[] = [];
    for (let i = 0; i < count; i++) {
      const artist = { id: spotifyId(random), name: makeName(random) };
      this.artists.set(artist.id, artist);
      list.push(artist);
    }
    return list;
  }

  #addAlbum(random: SeededRandom, artists: readonly Artist[], various: Artist): void {
    const roll = random.next();
    const albumType: AlbumType = roll < 0.55 ? 'album' : roll < 0.9 ? 'single' : 'compilation';
    const totalTracks =
      albumType === 'single'
        ? random.int(1, 3)
        : albumType === 'album'
          ? random.int(6, 18)
          : random.int(10, 24);
    const primary = albumType === 'compilation' ? various : random.pick(artists);
    const albumArtists = [primary.id];
    if (albumType !== 'compilation' && random.chance(0.1)) albumArtists.push(random.pick(artists).id);
    const year = random.int(1955, 2026);
    const precisionRoll = random.next();
    const releaseDatePrecision: ReleaseDatePrecision =
      precisionRoll < 0.15 ? 'year' : precisionRoll < 0.25 ? 'month' : 'day';
    const month = String(random.int(1, 12)).padStart(2, '0');
    const day = String(random.int(1, 28)).padStart(2, '0');
    const releaseDate =
      releaseDatePrecision === 'year'
        ? `${year}`
        : releaseDatePrecision === 'month'
          ? `${year}-${month}`
          : `${year}-${month}-${day}`;
    const album: Album = {
      id: spotifyId(random),
      name: makeTitle(random),
      albumType,
      releaseDate,
      releaseDatePrecision,
      totalTracks,
      artistIds: albumArtists,
      imageHash: random.string(24, '0123456789abcdef'),
      availableMarkets: MARKETS.filter(() => random.chance(0.8)),
      upc: random.string(12, '0123456789'),
    };
    this.albums.set(album.id, album);
    const discs = totalTracks > 14 && random.chance(0.3) ? 2 : 1;
    const perDisc = Math.ceil(totalTracks / discs);
    for (let n = 0; n < totalTracks; n++) {
      const trackArtists = albumType === 'compilation' ? [random.pick(artists).id] : [...albumArtists];
      while (trackArtists.length < 4 && random.chance(0.25)) {
        const featured = random.pick(artists).id;
        if (!trackArtists.includes(featured)) trackArtists.push(featured);
      }
      this.tracks.push({
        index: this.tracks.length,
        id: spotifyId(random),
        name: makeTitle(random),
        durationMs: this.#duration(random),
        explicit: random.chance(0.15),
        discNumber: Math.floor(n / perDisc) + 1,
        trackNumber: (n % perDisc) + 1,
        albumId: album.id,
        artistIds: trackArtists,
        isrc: random.chance(0.97)
          ? `${random.pick(ISRC_COUNTRIES)}${random.string(3, ALNUM)}${String(year % 100).padStart(2, '0')}${random.string(5, '0123456789')}`
          : null,
        popularity: random.int(0, 100),
        local: null,
      });
    }
  }

  #addLocalTrack(random: SeededRandom): void {
    this.tracks.push({
      index: this.tracks.length,
      id: null,
      name: makeName(random),
      durationMs: this.#duration(random),
      explicit: false,
      discNumber: 0,
      trackNumber: 0,
      albumId: null,
      artistIds: [],
      isrc: null,
      popularity: 0,
      local: { artistName: makeName(random), albumName: random.chance(0.2) ? '' : makeName(random) },
    });
  }

  /** Mostly 2-6 minutes; a few interludes shorter than 30 s (never listed even when played whole). */
  #duration(random: SeededRandom): number {
    const roll = random.next();
    if (roll < 0.02) return random.int(8_000, 29_000);
    if (roll < 0.05) return random.int(420_000, 1_200_000);
    return random.int(120_000, 360_000);
  }

  #indexByAlbumAndArtist(): void {
    for (const track of this.tracks) {
      if (track.albumId !== null) {
        const list = this.#byAlbum.get(track.albumId) ?? [];
        list.push(track.index);
        this.#byAlbum.set(track.albumId, list);
      }
      for (const artistId of track.artistIds) {
        const list = this.#byArtist.get(artistId) ?? [];
        list.push(track.index);
        this.#byArtist.set(artistId, list);
      }
    }
  }
}
