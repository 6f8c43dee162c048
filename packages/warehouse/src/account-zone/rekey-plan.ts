import type { PreparedPlay } from '../listen-matching/match-listens.ts';
import type { AccountRecord } from '../rows.ts';
import { isKnownZone, type OffsetSpan, zoneOffsetSpans } from './zone-offsets.ts';

/** An account's zone as dim_account holds it (null for an account only an import has named). */
export interface StoredZone {
  readonly account_id: string;
  readonly time_zone: string | null;
}

/** Facts of one account whose local keys are re-derived in `timeZone`: all of them, or a stretch. */
export interface RekeyTarget {
  readonly accountId: string;
  readonly timeZone: string;
  /** The stretch of played_at (ms, both ends included); absent: every fact of the account. */
  readonly stretch?: { readonly fromMs: number; readonly toMs: number };
}

/** What a dialect does for the re-keying: read an account's span of facts, re-key a set of spans. */
export interface RekeyPort {
  accountSpan(accountId: string): Promise<{ fromMs: number; toMs: number } | null>;
  rekey(accountId: string, spans: readonly OffsetSpan[]): Promise<number>;
}

/**
 * The accounts whose zone this batch changes: a described account already in the warehouse whose
 * stored zone differs (one known only from an import has none: its facts so far were keyed in the
 * import's zone). An account new to the warehouse has no facts yet but this batch's, which the
 * mismatch rule below covers.
 */
export function changedZones(
  before: readonly StoredZone[],
  accounts: readonly AccountRecord[],
): RekeyTarget[] {
  const stored = new Map(before.map((z) => [z.account_id, z.time_zone]));
  return accounts
    .filter(
      (a) => stored.has(a.account_id) && stored.get(a.account_id) !== a.time_zone && isKnownZone(a.time_zone),
    )
    .map((a) => ({ accountId: a.account_id, timeZone: a.time_zone }));
}

/**
 * The stretches of the batch's plays that were keyed in a zone other than their account's stored
 * one (an import given another --time-zone, a play polled before a relink in another zone and
 * written after it), widened by the listen-matching tolerance so that the rows they merged into are
 * covered. Accounts re-keyed whole (`whole`) are left out.
 */
export function mismatchedStretches(
  plays: readonly PreparedPlay[],
  zones: readonly StoredZone[],
  whole: readonly RekeyTarget[],
  toleranceMs: number,
): RekeyTarget[] {
  const zoneOf = new Map(zones.map((z) => [z.account_id, z.time_zone]));
  const skip = new Set(whole.map((w) => w.accountId));
  const stretches = new Map<string, { timeZone: string; fromMs: number; toMs: number }>();
  for (const play of plays) {
    const zone = zoneOf.get(play.account_id);
    if (!zone || zone === play.time_zone || skip.has(play.account_id) || !isKnownZone(zone)) continue;
    const ms = play.played_at.getTime();
    const s = stretches.get(play.account_id);
    if (!s) stretches.set(play.account_id, { timeZone: zone, fromMs: ms, toMs: ms });
    else {
      s.fromMs = Math.min(s.fromMs, ms);
      s.toMs = Math.max(s.toMs, ms);
    }
  }
  return [...stretches].map(([accountId, s]) => ({
    accountId,
    timeZone: s.timeZone,
    stretch: { fromMs: s.fromMs - toleranceMs, toMs: s.toMs + toleranceMs },
  }));
}

/** Re-keys each target's facts; returns how many rows changed in all. */
export async function rekeyTargets(targets: readonly RekeyTarget[], port: RekeyPort): Promise<number> {
  let rekeyed = 0;
  for (const target of targets) {
    const span = target.stretch ?? (await port.accountSpan(target.accountId));
    if (!span) continue;
    rekeyed += await port.rekey(target.accountId, zoneOffsetSpans(target.timeZone, span.fromMs, span.toMs));
  }
  return rekeyed;
}
