import type { RawPlay, RawPlayArtist } from '@spotify-pipeline/avro';
import type { Catalogue } from './catalogue.ts';
import { PlayFactSeries } from './play-fact-series.ts';

/**
 * The i-th of `count` RawPlay v2 records, as the poller (source api) or the importer (source
 * history_import, with `history`) would write them, over the catalogue's tracks and accounts.
 */
export class RawPlaySeries {
  readonly catalogue: Catalogue;
  readonly count: number;
  readonly #facts: PlayFactSeries;

  constructor(catalogue: Catalogue, count: number) {
    this.catalogue = catalogue;
    this.count = count;
    this.#facts = new PlayFactSeries(catalogue, count);
  }

  at(i: number): RawPlay {
    const { catalogue } = this;
    const account = catalogue.accounts[i % catalogue.size.accounts]!;
    const track = catalogue.trackOfPlay(i);
    const album = catalogue.albumById(track.album_id);
    const fact = this.#facts.at(i);
    const artist = (id: string): RawPlayArtist => {
      const a = catalogue.artistById(id);
      return { id, uri: a?.uri ?? null, name: a?.name ?? id };
    };
    const imported = fact.source === 'history_import';
    return {
      account: {
        id: account.account_id,
        time_zone: account.time_zone,
        display_name: account.display_name,
        country: account.country,
      },
      played_at: fact.played_at,
      source: fact.source as RawPlay['source'],
      fetched_at: new Date(fact.played_at.getTime() + 600_000),
      context:
        fact.context_type === null || fact.context_uri === null
          ? null
          : { type: fact.context_type, uri: fact.context_uri, href: null, external_url: null },
      track: {
        id: track.track_id,
        uri: track.uri,
        name: track.name,
        duration_ms: track.duration_ms,
        explicit: track.explicit,
        disc_number: track.disc_number,
        track_number: track.track_number,
        is_local: false,
        popularity: 50,
        isrc: track.isrc,
        type: 'track',
        album: {
          id: track.album_id,
          uri: album?.uri ?? null,
          name: album?.name ?? 'Unknown album',
          album_type: album?.album_type ?? null,
          release_date: album?.release_date ?? null,
          release_date_precision: album?.release_date_precision ?? null,
          total_tracks: album?.total_tracks ?? null,
          images: album?.image_url ? [{ url: album.image_url, height: 640, width: 640 }] : [],
          artists: album?.primary_artist_id ? [artist(album.primary_artist_id)] : [],
        },
        artists: track.artist_ids.map(artist),
      },
      history: imported
        ? {
            ms_played: fact.ms_played ?? 0,
            reason_start: fact.reason_start,
            reason_end: fact.reason_end,
            shuffle: fact.shuffle,
            skipped: fact.skipped,
            offline: fact.offline,
            offline_timestamp: null,
            incognito_mode: false,
          }
        : null,
    };
  }
}
