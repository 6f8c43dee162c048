import type { AccountRecord, AlbumRecord, ArtistRecord, TrackRecord } from '@spotify-pipeline/avro';
import { hash32, spotifyId, unit } from './spotify-id.ts';

export interface CatalogueSize {
  readonly artists: number;
  readonly albums: number;
  readonly tracks: number;
  readonly accounts: number;
}

/** The catalogue the task names as realistic for one deployment. */
export const DEFAULT_CATALOGUE: CatalogueSize = {
  artists: 1_500,
  albums: 2_000,
  tracks: 5_000,
  accounts: 50,
};

/** Zones whose offsets change on the hour only (see LocalKeys); a half-hour zone among them. */
const TIME_ZONES = [
  'Europe/Stockholm',
  'America/New_York',
  'Asia/Tokyo',
  'UTC',
  'Australia/Sydney',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Europe/London',
  'America/Los_Angeles',
  'Africa/Lagos',
] as const;

const ALBUM_TYPES = ['album', 'single', 'compilation'] as const;

/**
 * A deterministic star catalogue: every record is a pure function of its index, so the bench can
 * produce a million facts, and later check them, without holding them in memory.
 */
export class Catalogue {
  readonly size: CatalogueSize;
  readonly #artists: ArtistRecord[];
  readonly #albums: AlbumRecord[];
  readonly #tracks: TrackRecord[];
  readonly #accounts: AccountRecord[];
  #artistsById: Map<string, ArtistRecord> | undefined;
  #albumsById: Map<string, AlbumRecord> | undefined;

  constructor(size: CatalogueSize = DEFAULT_CATALOGUE) {
    for (const [what, n] of Object.entries(size)) {
      if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`Catalogue: ${what} must be an integer >= 1, got ${n}`);
    }
    this.size = size;
    this.#artists = Array.from({ length: size.artists }, (_, i) => {
      const id = spotifyId(1, i);
      return { artist_id: id, name: `Artist ${i}`, uri: `spotify:artist:${id}` };
    });
    this.#albums = Array.from({ length: size.albums }, (_, i) => {
      const id = spotifyId(2, i);
      const year = 1970 + (hash32(i) % 55);
      return {
        album_id: id,
        name: `Album ${i}`,
        uri: `spotify:album:${id}`,
        album_type: ALBUM_TYPES[i % ALBUM_TYPES.length]!,
        release_date: `${year}-0${1 + (i % 9)}-1${i % 10}`,
        release_date_precision: 'day',
        release_year: year,
        total_tracks: 1 + (i % 20),
        image_url: `https://i.scdn.co/image/ab67616d0000b273${id}`,
        primary_artist_id: this.#artists[i % size.artists]!.artist_id,
      };
    });
    this.#tracks = Array.from({ length: size.tracks }, (_, i) => {
      const id = spotifyId(3, i);
      const album = this.#albums[i % size.albums]!;
      const featured = i % 3 === 0 ? [this.#artists[(i * 7 + 1) % size.artists]!.artist_id] : [];
      const artistIds = [album.primary_artist_id!, ...featured.filter((a) => a !== album.primary_artist_id)];
      return {
        track_id: id,
        name: `Track ${i}`,
        uri: `spotify:track:${id}`,
        duration_ms: 90_000 + (hash32(i + 17) % 300_000),
        explicit: i % 7 === 0,
        disc_number: 1,
        track_number: 1 + Math.floor(i / size.albums),
        album_id: album.album_id,
        artist_ids: artistIds,
        isrc: `US${id.slice(0, 10).toUpperCase()}`,
      };
    });
    this.#accounts = Array.from({ length: size.accounts }, (_, i) => ({
      account_id: `bench-listener-${String(i).padStart(5, '0')}`,
      display_name: `Listener ${i}`,
      country: ['SE', 'US', 'JP', 'DE', 'AU', 'BR', 'IN', 'GB', 'US', 'NG'][i % 10]!,
      time_zone: TIME_ZONES[i % TIME_ZONES.length]!,
    }));
  }

  get artists(): readonly ArtistRecord[] {
    return this.#artists;
  }

  get albums(): readonly AlbumRecord[] {
    return this.#albums;
  }

  get tracks(): readonly TrackRecord[] {
    return this.#tracks;
  }

  get accounts(): readonly AccountRecord[] {
    return this.#accounts;
  }

  artistById(id: string): ArtistRecord | undefined {
    this.#artistsById ??= new Map(this.#artists.map((a) => [a.artist_id, a]));
    return this.#artistsById.get(id);
  }

  albumById(id: string): AlbumRecord | undefined {
    this.#albumsById ??= new Map(this.#albums.map((a) => [a.album_id, a]));
    return this.#albumsById.get(id);
  }

  /** Which track the i-th play is: skewed towards a popular head, as listening is. */
  trackOfPlay(i: number): TrackRecord {
    const u = unit(i * 2 + 1);
    return this.#tracks[Math.floor(u * u * this.size.tracks)]!;
  }
}
