import { hash } from 'node:crypto';
import type { RawPlay, RawPlayHistory } from '@spotify-pipeline/avro';
import type { ExportFormat } from './classify-file.ts';

/**
 * Milliseconds a listen's key may be moved within the second its export names: plays that end in
 * the same second (extended history) or minute (account data) need distinct keys, and the warehouse
 * keys a play by (account, played_at) at millisecond precision.
 */
export const SLOTS_PER_SECOND = 1000;

/** Where an entry is in one import: its file (by index in the sorted file list) and its index. */
export function positionKey(fileIndex: number, entryIndex: number): number {
  return fileIndex * 100_000_000 + entryIndex;
}

/**
 * One entry of the plan. Kept small (no nested objects) because there is one per entry of the
 * whole export until plan(): an extended history's flags and reasons are kept for combining
 * Spotify's duplicate rows, its offline_timestamp as milliseconds.
 */
interface Position {
  readonly key: number;
  /** The export the file belongs to (its zip, or its folder): repeats are counted per export. */
  readonly container: string;
  readonly format: ExportFormat;
  readonly second: number;
  /** Null for account data; else the history, see packHistory. */
  readonly history: PackedHistory | null;
}

interface PackedHistory {
  readonly msPlayed: number;
  readonly reasonStart: string | null;
  readonly reasonEnd: string | null;
  /** shuffle, skipped, offline, incognito_mode: 2 bits each, 0 null, 1 false, 2 true. */
  readonly flags: number;
  readonly offlineTimestamp: number | null;
}

const FLAG_FIELDS = ['shuffle', 'skipped', 'offline', 'incognito_mode'] as const;

function packHistory(history: RawPlayHistory): PackedHistory {
  let flags = 0;
  for (let i = 0; i < FLAG_FIELDS.length; i++) {
    const value = history[FLAG_FIELDS[i]!];
    flags |= (value === null ? 0 : value ? 2 : 1) << (2 * i);
  }
  return {
    msPlayed: history.ms_played,
    reasonStart: history.reason_start,
    reasonEnd: history.reason_end,
    flags,
    offlineTimestamp: history.offline_timestamp === null ? null : history.offline_timestamp.getTime(),
  };
}

function unpackHistory(packed: PackedHistory): RawPlayHistory {
  const flag = (i: number) => {
    const bits = (packed.flags >> (2 * i)) & 3;
    return bits === 0 ? null : bits === 2;
  };
  return {
    ms_played: packed.msPlayed,
    reason_start: packed.reasonStart,
    reason_end: packed.reasonEnd,
    shuffle: flag(0),
    skipped: flag(1),
    offline: flag(2),
    offline_timestamp: packed.offlineTimestamp === null ? null : new Date(packed.offlineTimestamp),
    incognito_mode: flag(3),
  };
}

/** Where a published entry goes: its key, and the fields of its duplicates combined (or null). */
export interface PlannedListen {
  readonly playedAt: number;
  readonly history: RawPlayHistory | null;
}

/**
 * A listen's identity, whatever the files: the account (one import is one account), the second
 * the export names (its minute for account data), the track (Spotify uri, or the synthetic id of
 * the artist and track names), ms_played, and, in minute-precision account data, the ordinal among
 * rows that say exactly the same (a short track on repeat). The identity, not the row's position,
 * decides the listen's key: played_at = that second + a slot in [0, 1000) ms taken from a hash of
 * the identity (the next free slot, in hash order, on the rare equal hash). So a re-split export,
 * files in another order, a file or an export imported twice, or an overlapping later export give
 * every listen the same key, and two different listens of one second never share one.
 *
 * - Extended history rows with the same identity are one listen: Spotify writes such duplicates
 *   (differing only in flags such as skipped or incognito_mode); the first row (by file and index)
 *   is published with the flags of all of them combined (a flag is true if any row says so, a
 *   reason the greatest text: the warehouse's rule in listen-matching/merge-columns.ts, so an export that
 *   holds only some of the copies adds up to the same row); the others count as `duplicate-row`.
 * - Account-data rows with the same identity are that many listens (a repeat within one minute);
 *   counted per export (zip or folder), so the files of one export add up while two overlapping
 *   exports given together count the minute once (the export with more such rows wins).
 */
export class ListenPlanner {
  /** By identity: the one entry with it, or (rarely) every entry with it. */
  readonly #groups = new Map<string, Position | Position[]>();

  /** Notes one entry that maps to a play (before the minimum-play-time and incognito filters). */
  add(position: number, container: string, format: ExportFormat, play: RawPlay): void {
    const second = Math.floor(play.played_at.getTime() / 1000) * 1000;
    const ms = play.history?.ms_played ?? -1;
    const identity = `${format}\u001f${second}\u001f${play.track.uri}\u001f${ms}`;
    const entry: Position = {
      key: position,
      container,
      format,
      second,
      history: format === 'extended' && play.history !== null ? packHistory(play.history) : null,
    };
    const group = this.#groups.get(identity);
    if (group === undefined) this.#groups.set(identity, entry);
    else if (Array.isArray(group)) group.push(entry);
    else this.#groups.set(identity, [group, entry]);
  }

  /** Each published entry's played_at (ms); entries not in the plan are duplicates of one that is. */
  plan(): Map<number, PlannedListen> {
    /** By second: its one listen, or (rarely) all of them. */
    const bySecond = new Map<number, Listen | Listen[]>();
    const note = (second: number, listen: Listen) => {
      const listens = bySecond.get(second);
      if (listens === undefined) bySecond.set(second, listen);
      else if (Array.isArray(listens)) listens.push(listen);
      else bySecond.set(second, [listens, listen]);
    };
    for (const [identity, group] of this.#groups) {
      if (!Array.isArray(group)) {
        note(group.second, { identity: `${identity}\u001f0`, position: group.key, history: null });
        continue;
      }
      const published = publishedPositions(group);
      const history = published.length === 1 ? combinedHistory(group) : null;
      published.forEach((position, ordinal) => {
        note(group[0]!.second, { identity: `${identity}\u001f${ordinal}`, position, history });
      });
    }
    const plan = new Map<number, PlannedListen>();
    for (const [second, listens] of bySecond) {
      if (!Array.isArray(listens)) {
        // Most seconds hold one listen: its slot is its hash's, nothing to order or avoid.
        plan.set(listens.position, { playedAt: second + slotOf(listens.identity), history: listens.history });
        continue;
      }
      if (listens.length > SLOTS_PER_SECOND) {
        throw new Error(
          `more than ${SLOTS_PER_SECOND} different plays end at ${new Date(second).toISOString()}: not a listening history`,
        );
      }
      const hashed = listens
        .map((l) => ({ ...l, slot: slotOf(l.identity) }))
        .sort((a, b) => a.slot - b.slot || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
      const taken = new Set<number>();
      for (const listen of hashed) {
        let slot = listen.slot;
        while (taken.has(slot)) slot = (slot + 1) % SLOTS_PER_SECOND;
        taken.add(slot);
        plan.set(listen.position, { playedAt: second + slot, history: listen.history });
      }
    }
    this.#groups.clear();
    return plan;
  }
}

interface Listen {
  readonly identity: string;
  readonly position: number;
  readonly history: RawPlayHistory | null;
}

/** The positions of a group of more than one entry that are published, in ordinal order. */
function publishedPositions(positions: readonly Position[]): number[] {
  if (positions[0]!.format === 'extended') return [Math.min(...positions.map((p) => p.key))];
  const byContainer = new Map<string, number[]>();
  for (const p of positions) {
    const list = byContainer.get(p.container);
    if (list) list.push(p.key);
    else byContainer.set(p.container, [p.key]);
  }
  let owner: [string, number[]] | null = null;
  for (const entry of byContainer) {
    if (
      owner === null ||
      entry[1].length > owner[1].length ||
      (entry[1].length === owner[1].length && entry[0] < owner[0])
    ) {
      owner = entry;
    }
  }
  return owner![1].sort((a, b) => a - b);
}

const flag = (a: boolean | null, b: boolean | null) => (a === true || b === true ? true : (a ?? b));
const text = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

/** The flags of Spotify's copies of one listen, combined by the warehouse's rule. */
function combinedHistory(positions: readonly Position[]): RawPlayHistory | null {
  const all = [...positions]
    .sort((a, b) => a.key - b.key)
    .map((p) => (p.history === null ? null : unpackHistory(p.history)));
  return all.reduce<RawPlayHistory | null>(
    (out, h) => (out === null ? h : h === null ? out : combine(out, h)),
    null,
  );
}

function combine(a: RawPlayHistory, b: RawPlayHistory): RawPlayHistory {
  return {
    ...a,
    reason_start: text(a.reason_start, b.reason_start),
    reason_end: text(a.reason_end, b.reason_end),
    shuffle: flag(a.shuffle, b.shuffle),
    skipped: flag(a.skipped, b.skipped),
    offline: flag(a.offline, b.offline),
    incognito_mode: flag(a.incognito_mode, b.incognito_mode),
  };
}

/** The first 4 bytes of the identity's SHA-256, modulo the slots (one-shot hash: no Hash object). */
function slotOf(identity: string): number {
  return hash('sha256', identity, 'buffer').readUInt32BE(0) % SLOTS_PER_SECOND;
}
