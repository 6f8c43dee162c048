import { InvalidRecordError } from '../errors.ts';
import {
  DEFAULT_LISTEN_MATCH_TOLERANCE_MS,
  matchListens,
  type PreparedPlay,
  toleranceFor,
} from '../listen-matching/match-listens.ts';
import { combineExported } from '../listen-matching/merge-columns.ts';
import type { AccountRecord, AlbumRecord, ArtistRecord, PlayFact, TrackRecord } from '../rows.ts';
import type { WarehouseBatch } from '../warehouse.ts';
import { hasUnstorable, withStorableText } from './storable-text.ts';

/** Longest key the SQL Server schema stores (NVARCHAR(128)); enforced for both dialects alike. */
export const MAX_KEY_LENGTH = 128;

export interface BridgeRow {
  track_id: string;
  /** 1-based, in Spotify's order. */
  artist_position: number;
  artist_id: string;
}

/**
 * A batch made ready for set-based statements: one record per key (the last one wins, as in a
 * compacted topic), every table sorted by key so that concurrent writers lock rows in the same order,
 * and the track-artist bridge rows derived from the tracks.
 */
export interface PreparedBatch {
  artists: ArtistRecord[];
  albums: AlbumRecord[];
  tracks: TrackRecord[];
  accounts: AccountRecord[];
  /** One per listen: a polled and an imported play of the same listen in this batch are merged. */
  plays: PreparedPlay[];
  bridge: BridgeRow[];
  /** Keys referenced by this batch but not described in it, sorted; candidates for inferred members. */
  referenced: { artistIds: string[]; albumIds: string[]; trackIds: string[]; accountIds: string[] };
}

export function isEmptyBatch(batch: PreparedBatch): boolean {
  return (
    batch.artists.length +
      batch.albums.length +
      batch.tracks.length +
      batch.accounts.length +
      batch.plays.length ===
    0
  );
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function checkKey(value: unknown, table: string, index: number, field: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidRecordError(table, index, field, 'must be a non-empty string');
  }
  if (value.length > MAX_KEY_LENGTH) {
    throw new InvalidRecordError(table, index, field, `is longer than ${MAX_KEY_LENGTH} characters`);
  }
  // A key is not cleaned like a name: a changed key would be another member. The play that refers
  // to such a key carries the same key and is refused with it, so no fact lands without its member.
  if (hasUnstorable(value)) {
    throw new InvalidRecordError(
      table,
      index,
      field,
      'has a character no warehouse stores (U+0000 or a lone surrogate)',
    );
  }
}

/** The key fields of each record: checked, never rewritten. */
const KEYS = {
  artist: new Set(['artist_id']),
  album: new Set(['album_id', 'primary_artist_id']),
  track: new Set(['track_id', 'album_id']),
  account: new Set(['account_id']),
  play: new Set(['account_id', 'track_id', 'album_id', 'primary_artist_id']),
} as const;

function checkOptionalKey(value: unknown, table: string, index: number, field: string): void {
  if (value !== null && value !== undefined) checkKey(value, table, index, field);
}

function lastByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) seen.set(key(row), row);
  return [...seen.entries()].sort((a, b) => byString(a[0], b[0])).map((entry) => entry[1]);
}

/** dim_date's range; facts outside it would have no calendar row. */
export const FIRST_DATE_KEY = 20000101;
export const LAST_DATE_KEY = 20501231;

function isCalendarDay(key: number): boolean {
  if (!Number.isInteger(key) || key < FIRST_DATE_KEY || key > LAST_DATE_KEY) return false;
  const year = Math.floor(key / 10000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function validatePlay(play: PlayFact, index: number): void {
  checkKey(play.account_id, 'play', index, 'account_id');
  checkKey(play.track_id, 'play', index, 'track_id');
  checkOptionalKey(play.album_id, 'play', index, 'album_id');
  checkOptionalKey(play.primary_artist_id, 'play', index, 'primary_artist_id');
  if (!(play.played_at instanceof Date) || Number.isNaN(play.played_at.getTime())) {
    throw new InvalidRecordError('play', index, 'played_at', 'must be a valid Date');
  }
  const d = play.local_date_key;
  if (!isCalendarDay(d)) {
    throw new InvalidRecordError(
      'play',
      index,
      'local_date_key',
      `must be a yyyymmdd day between ${FIRST_DATE_KEY} and ${LAST_DATE_KEY} (dim_date), got ${d}`,
    );
  }
  const t = play.local_time_key;
  if (!Number.isInteger(t) || t < 0 || t > 2359 || t % 100 > 59) {
    throw new InvalidRecordError('play', index, 'local_time_key', `must be an hh*100+mm integer, got ${t}`);
  }
}

export interface PrepareOptions {
  /** How far apart a polled and an imported play of one listen may be (capped by the track's length). */
  listenMatchToleranceMs?: number;
}

/** Validates at the door and shapes the batch; throws InvalidRecordError naming the record. */
export function prepareBatch(batch: WarehouseBatch, options: PrepareOptions = {}): PreparedBatch {
  const toleranceMs = options.listenMatchToleranceMs ?? DEFAULT_LISTEN_MATCH_TOLERANCE_MS;
  batch.artists.forEach((r, i) => {
    checkKey(r.artist_id, 'artist', i, 'artist_id');
  });
  batch.albums.forEach((r, i) => {
    checkKey(r.album_id, 'album', i, 'album_id');
    checkOptionalKey(r.primary_artist_id, 'album', i, 'primary_artist_id');
  });
  batch.tracks.forEach((r, i) => {
    checkKey(r.track_id, 'track', i, 'track_id');
    checkKey(r.album_id, 'track', i, 'album_id');
    if (!Array.isArray(r.artist_ids))
      throw new InvalidRecordError('track', i, 'artist_ids', 'must be an array');
    r.artist_ids.forEach((id, p) => {
      checkKey(id, 'track', i, `artist_ids[${p}]`);
    });
  });
  batch.accounts.forEach((r, i) => {
    checkKey(r.account_id, 'account', i, 'account_id');
  });
  batch.plays.forEach(validatePlay);

  // Names and other text are made storable (U+0000 and lone surrogates become U+FFFD) rather than
  // refused: a refused member would leave its plays pointing at an empty inferred one.
  const artists = lastByKey(
    batch.artists.map((r) => withStorableText(r, KEYS.artist)),
    (r) => r.artist_id,
  );
  const albums = lastByKey(
    batch.albums.map((r) => withStorableText(r, KEYS.album)),
    (r) => r.album_id,
  );
  const tracks = lastByKey(
    batch.tracks.map((r) => withStorableText(r, KEYS.track)),
    (r) => r.track_id,
  );
  const accounts = lastByKey(
    batch.accounts.map((r) => withStorableText(r, KEYS.account)),
    (r) => r.account_id,
  );
  const durations = new Map(tracks.map((t) => [t.track_id, t.duration_ms]));
  const plays = oneRowPerKey(
    matchListens(dedupePlays(batch.plays.map((p) => withStorableText(p, KEYS.play))), (trackId) =>
      toleranceFor(toleranceMs, durations.get(trackId)),
    ),
  );

  const bridge: BridgeRow[] = [];
  for (const track of tracks) {
    track.artist_ids.forEach((artist_id, i) => {
      bridge.push({ track_id: track.track_id, artist_position: i + 1, artist_id });
    });
  }

  // Only the SQL Server writer stages the referenced keys (PostgreSQL finds them in its staging
  // tables): computed when first read, not for every batch.
  let referenced: PreparedBatch['referenced'] | undefined;
  return {
    artists,
    albums,
    tracks,
    accounts,
    plays,
    bridge,
    get referenced() {
      referenced ??= referencedKeys(artists, albums, tracks, accounts, plays, bridge);
      return referenced;
    },
  };
}

function referencedKeys(
  artists: readonly ArtistRecord[],
  albums: readonly AlbumRecord[],
  tracks: readonly TrackRecord[],
  accounts: readonly AccountRecord[],
  plays: readonly PreparedPlay[],
  bridge: readonly BridgeRow[],
): PreparedBatch['referenced'] {
  const missing = (known: ReadonlySet<string>, candidates: Iterable<string | null>) => {
    const out = new Set<string>();
    for (const id of candidates) if (id && !known.has(id)) out.add(id);
    return [...out].sort(byString);
  };
  const artistIds = new Set(artists.map((a) => a.artist_id));
  const albumIds = new Set(albums.map((a) => a.album_id));
  const trackIds = new Set(tracks.map((t) => t.track_id));
  const accountIds = new Set(accounts.map((a) => a.account_id));
  return {
    artistIds: missing(artistIds, [
      ...albums.map((a) => a.primary_artist_id),
      ...bridge.map((b) => b.artist_id),
      ...plays.map((p) => p.primary_artist_id),
    ]),
    albumIds: missing(albumIds, [...tracks.map((t) => t.album_id), ...plays.map((p) => p.album_id)]),
    trackIds: missing(
      trackIds,
      plays.map((p) => p.track_id),
    ),
    accountIds: missing(
      accountIds,
      plays.map((p) => p.account_id),
    ),
  };
}

/**
 * Two unmatched plays left on one (account, millisecond) are two different listens (a polled and
 * an imported play of one listen were merged): the row key allows one, and neither may be lost
 * silently, so the batch is refused; the sink then writes its plays apart and dead-letters the one
 * that finds the key taken, with the reason.
 */
function oneRowPerKey(plays: PreparedPlay[]): PreparedPlay[] {
  for (let i = 1; i < plays.length; i += 1) {
    if (sameKey(plays[i - 1]!, plays[i]!)) throw keyCollision(plays[i - 1]!, plays[i]!, i);
  }
  return plays;
}

function keyCollision(a: PlayFact, b: PlayFact, index: number): InvalidRecordError {
  return new InvalidRecordError(
    'play',
    index,
    'played_at',
    `${b.played_at.toISOString()} of account ${b.account_id} is also the key of a different play ` +
      `(${a.source} track ${a.track_id} vs ${b.source} track ${b.track_id}): one row per key, so one of them cannot be loaded`,
  );
}

/** Two records of one (account, millisecond, source) that are not the same listen. */
function differentListens(a: PlayFact, b: PlayFact): boolean {
  if (a.track_id !== b.track_id) return true;
  return a.source === 'history_import' && (a.ms_played ?? null) !== (b.ms_played ?? null);
}

function sameKey(a: PlayFact, b: PlayFact): boolean {
  return a.account_id === b.account_id && a.played_at.getTime() === b.played_at.getTime();
}

/**
 * One fact per (account, millisecond, source), the last one winning among records of the same listen
 * (a replay); records of different listens on one key refuse the batch (keyCollision). Sorted by that key (a polled
 * play before an imported one at the same millisecond, so the two can still be matched). Sorts an index
 * array over precomputed times (a stable sort keeps input order within a key, so the last of each
 * run is the latest record), which keeps a 20k-row batch to a few milliseconds.
 */
function dedupePlays(input: readonly PlayFact[]): PlayFact[] {
  const plays = [...input];
  const n = plays.length;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i += 1) times[i] = plays[i]!.played_at.getTime();
  const order = sortedOrder(plays, times);
  const out: PlayFact[] = [];
  for (let k = 0; k < n; k += 1) {
    const i = order[k]!;
    const next = order[k + 1];
    const sameAsNext =
      next !== undefined &&
      times[next] === times[i] &&
      plays[next]!.account_id === plays[i]!.account_id &&
      plays[next]!.source === plays[i]!.source;
    if (!sameAsNext) {
      out.push(plays[i]!);
      continue;
    }
    const [a, b] = [plays[i]!, plays[next]!];
    if (differentListens(a, b)) throw keyCollision(a, b, next);
    // Two exported records of one listen combine as the warehouse combines them (any order).
    if (b.source === 'history_import') plays[next] = combineExported(a, b);
  }
  return out;
}

/**
 * The indices of `plays` sorted by (account, time, source), stable. The plays of one account, in
 * input order, are gathered first and each account's run is sorted only when it is out of order:
 * a sink batch holds each account's plays in time order already (one partition each), so a
 * 20k-play batch takes a few string comparisons per account instead of ~300k.
 */
function sortedOrder(plays: readonly PlayFact[], times: Float64Array): number[] {
  const byAccount = new Map<string, number[]>();
  for (let i = 0; i < plays.length; i += 1) {
    const account = plays[i]!.account_id;
    const run = byAccount.get(account);
    if (run === undefined) byAccount.set(account, [i]);
    else run.push(i);
  }
  const inOrder = (a: number, b: number) =>
    times[a]! - times[b]! || byString(plays[a]!.source, plays[b]!.source);
  const order: number[] = [];
  for (const account of [...byAccount.keys()].sort(byString)) {
    const run = byAccount.get(account)!;
    let sorted = true;
    for (let k = 1; k < run.length && sorted; k += 1) sorted = inOrder(run[k - 1]!, run[k]!) <= 0;
    if (!sorted) run.sort(inOrder);
    for (const i of run) order.push(i);
  }
  return order;
}
