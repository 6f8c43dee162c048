/** What the warehouse says about track enrichment: the durable truth of what is left to look up. */
export interface EnrichmentProgress {
  /** Tracks still to look up: inferred, not flagged unavailable, with a Spotify id. */
  readonly tracks: number;
  /** Facts of an import still on placeholder album/artist keys. */
  readonly placeholderPlays: number;
  /** Tracks Spotify answered 404 for, kept with the export's names. */
  readonly unavailable: number;
  /** Name-only tracks (account-data exports) not yet searched for by name. */
  readonly namesToSearch: number;
  /** Name-only tracks the search found to be podcast episodes (kept out of the music views). */
  readonly episodes: number;
  /** Plays of those episodes. */
  readonly episodePlays: number;
}

/** A name-only track as the search needs it: the names the export gave. */
export interface NameToSearch {
  readonly trackId: string;
  readonly trackName: string;
  readonly artistName: string;
}

/**
 * The warehouse side of enriching imported tracks. Reads say what is left; the two writes are
 * idempotent and touch only inferred members and placeholder keys, so they never undo the sink.
 */
export interface EnrichmentStore {
  /** Every track id still to look up, in id order. */
  tracksToEnrich(): Promise<string[]>;
  /** Those of `ids` still to look up (a track completed or flagged meanwhile drops out). */
  filterTracksToEnrich(ids: readonly string[]): Promise<Set<string>>;
  progress(): Promise<EnrichmentProgress>;
  /** Flags inferred tracks Spotify no longer serves; returns how many changed. */
  markUnavailable(ids: readonly string[]): Promise<number>;
  /** Every name-only track not searched for yet, in id order. */
  namesToSearch(): Promise<NameToSearch[]>;
  /** Those of `ids` not searched for yet. */
  filterNamesToSearch(ids: readonly string[]): Promise<Set<string>>;
  /** Records a name search's answer (once per track); returns whether the row changed. */
  markNameSearched(id: string, isEpisode: boolean): Promise<boolean>;
  /** Moves facts of now-complete tracks off placeholder album/artist keys; returns how many. */
  repointPlaceholderPlays(): Promise<number>;
  /** Idempotent. */
  close(): Promise<void>;
}

/** The counts row of count_tracks_to_enrich, both dialects. */
export interface ProgressRow {
  tracks: number;
  placeholder_plays: number;
  unavailable: number;
  names_to_search: number;
  episodes: number;
  episode_plays: number;
}

export function progressOf(row: ProgressRow): EnrichmentProgress {
  return {
    tracks: row.tracks,
    placeholderPlays: row.placeholder_plays,
    unavailable: row.unavailable,
    namesToSearch: row.names_to_search,
    episodes: row.episodes,
    episodePlays: row.episode_plays,
  };
}
