import type { PlayFact } from '../rows.ts';

/** Default of LISTEN_MATCH_TOLERANCE_MS: how far apart an imported and a polled play of one listen may be. */
export const DEFAULT_LISTEN_MATCH_TOLERANCE_MS = 90_000;

/**
 * A fact as the warehouse stores it: a PlayFact plus `history_played_at`, the data export's time of
 * the listen when the row carries the export's fields (an imported play, or a polled play merged with
 * its imported twin); null for a polled play alone.
 */
export interface PreparedPlay extends PlayFact {
  history_played_at: Date | null;
}

/** The tolerance for one track: the option, never wider than the track's length when known. */
export function toleranceFor(optionMs: number, durationMs: number | null | undefined): number {
  return durationMs !== null && durationMs !== undefined && durationMs > 0
    ? Math.min(optionMs, durationMs)
    : optionMs;
}

/** The stored form of a fact alone: an imported play is its own export time. */
export function asPrepared(play: PlayFact): PreparedPlay {
  return { ...play, history_played_at: play.source === 'history_import' ? play.played_at : null };
}

/**
 * One row for one listen: the polled play's time, keys and context, with the export's fields. The
 * export's names are kept only where the polled play has none (they feed inferred members).
 */
export function mergeListen(polled: PlayFact, imported: PlayFact): PreparedPlay {
  return {
    ...polled,
    source: 'api',
    ms_played: imported.ms_played,
    reason_start: imported.reason_start,
    reason_end: imported.reason_end,
    shuffle: imported.shuffle,
    skipped: imported.skipped,
    offline: imported.offline,
    track_name: polled.track_name ?? null,
    album_name: polled.album_name ?? null,
    artist_name: polled.artist_name ?? null,
    history_played_at: imported.played_at,
  };
}

interface Candidate {
  readonly polled: number;
  readonly imported: number;
  readonly distance: number;
}

/**
 * Pairs the polled and the imported plays of one listen within a batch: same account, same track,
 * |Δplayed_at| <= the track's tolerance. Closest pairs first, each play in at most one pair, so a
 * track on repeat (listens a track length apart) pairs each listen with its own twin. Two polled or
 * two imported plays are never one listen. Plays without a twin are returned as they are.
 * `plays` must be sorted by account and time (dedupePlays does).
 */
export function matchListens(
  plays: readonly PlayFact[],
  toleranceMs: (trackId: string) => number,
): PreparedPlay[] {
  if (!plays.some((p) => p.source === 'history_import') || !plays.some((p) => p.source === 'api')) {
    return plays.map(asPrepared);
  }
  const candidates: Candidate[] = [];
  // plays are sorted by (account, played_at): scan forward while within the widest possible window.
  for (let i = 0; i < plays.length; i += 1) {
    const a = plays[i]!;
    const limit = toleranceMs(a.track_id);
    for (let j = i + 1; j < plays.length; j += 1) {
      const b = plays[j]!;
      if (b.account_id !== a.account_id) break;
      const distance = b.played_at.getTime() - a.played_at.getTime();
      if (distance > limit) break;
      if (b.track_id !== a.track_id || b.source === a.source) continue;
      candidates.push(
        a.source === 'api' ? { polled: i, imported: j, distance } : { polled: j, imported: i, distance },
      );
    }
  }
  if (candidates.length === 0) return plays.map(asPrepared);
  candidates.sort((x, y) => x.distance - y.distance || x.polled - y.polled || x.imported - y.imported);
  const partner = new Map<number, number>();
  for (const c of candidates) {
    if (partner.has(c.polled) || partner.has(c.imported)) continue;
    partner.set(c.polled, c.imported);
    partner.set(c.imported, c.polled);
  }
  const out: PreparedPlay[] = [];
  for (let i = 0; i < plays.length; i += 1) {
    const play = plays[i]!;
    const twin = partner.get(i);
    if (twin === undefined) out.push(asPrepared(play));
    else if (play.source === 'api') out.push(mergeListen(play, plays[twin]!));
  }
  return out;
}
