import { createHash } from 'node:crypto';
import type { PlayFact } from '@spotify-pipeline/avro';
import type { Catalogue } from './catalogue.ts';
import { LocalKeys } from './local-keys.ts';
import { hash32 } from './spotify-id.ts';

/** 2024-01-01T00:00:00Z: the generated history starts here. */
export const SERIES_START_MS = Date.UTC(2024, 0, 1);
/**
 * Each account plays one track every three minutes (the millisecond part varies per play). Wider
 * than the warehouse's listen-matching tolerance (90 s at most): a polled and an imported play of
 * one account closer than that may be merged into one listen, and the bench counts facts.
 */
export const PLAY_SPACING_MS = 180_000;

const CONTEXTS = [
  { type: 'playlist', uri: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M' },
  { type: 'album', uri: 'spotify:album:0xOeVMOz2fVg5BJY3N6akT' },
  { type: 'artist', uri: 'spotify:artist:0OdUWJ0sBjDrqHygGUXeCF' },
  null,
] as const;

/**
 * The i-th of `count` PlayFacts, computed rather than stored. Play i belongs to account
 * `i % accounts` and is that account's `floor(i / accounts)`-th play, so (account_id, played_at)
 * is unique and every played_at carries its own milliseconds (the bench checks none are lost).
 */
export class PlayFactSeries {
  readonly catalogue: Catalogue;
  readonly count: number;
  readonly #localKeys = new LocalKeys();
  #fingerprint: string | undefined;

  constructor(catalogue: Catalogue, count: number) {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`PlayFactSeries: count must be an integer >= 1, got ${count}`);
    this.catalogue = catalogue;
    this.count = count;
  }

  playedAtMs(i: number): number {
    const accounts = this.catalogue.size.accounts;
    return SERIES_START_MS + Math.floor(i / accounts) * PLAY_SPACING_MS + (hash32(i) % 1000);
  }

  at(i: number): PlayFact {
    const account = this.catalogue.accounts[i % this.catalogue.size.accounts]!;
    const track = this.catalogue.trackOfPlay(i);
    const playedAtMs = this.playedAtMs(i);
    const { dateKey, timeKey } = this.#localKeys.of(playedAtMs, account.time_zone);
    const context = CONTEXTS[i % CONTEXTS.length]!;
    const imported = i % 5 === 0;
    return {
      account_id: account.account_id,
      played_at: new Date(playedAtMs),
      time_zone: account.time_zone,
      local_date_key: dateKey,
      local_time_key: timeKey,
      track_id: track.track_id,
      album_id: track.album_id,
      primary_artist_id: track.artist_ids[0]!,
      context_type: context?.type ?? null,
      context_uri: context?.uri ?? null,
      ms_played: imported ? hash32(i + 3) % track.duration_ms : null,
      source: imported ? 'history_import' : 'api',
      reason_start: imported ? 'trackdone' : null,
      reason_end: imported ? (i % 2 === 0 ? 'endplay' : 'fwdbtn') : null,
      shuffle: imported ? i % 3 === 0 : null,
      skipped: imported ? i % 4 === 0 : null,
      offline: imported ? false : null,
    };
  }

  /**
   * MD5 over every `account_id:epoch_ms` line in key order (account, then time): what
   * `fingerprintSql` computes over fact_play, so equal fingerprints mean every key, to the
   * millisecond, arrived and nothing else did.
   */
  keyFingerprint(): string {
    this.#fingerprint ??= this.#computeFingerprint();
    return this.#fingerprint;
  }

  #computeFingerprint(): string {
    const md5 = createHash('md5');
    const accounts = this.catalogue.accounts
      .map((a, index) => ({ id: a.account_id, index }))
      .toSorted((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const step = this.catalogue.size.accounts;
    const chunk: string[] = [];
    for (const { id, index } of accounts) {
      for (let i = index; i < this.count; i += step) {
        chunk.push(`${id}:${this.playedAtMs(i)}\n`);
        if (chunk.length === 10_000) {
          md5.update(chunk.join(''));
          chunk.length = 0;
        }
      }
    }
    md5.update(chunk.join(''));
    return md5.digest('hex');
  }
}

/** The SQL twin of keyFingerprint for a table shaped like fact_play (`table` is trusted, quoted). */
export function fingerprintSql(qualifiedTable: string): string {
  // string_agg builds the whole text; md5 of it equals the streamed MD5 above byte for byte.
  return `SELECT count(*)::bigint AS rows,
  md5(coalesce(string_agg(account_id || ':' || (extract(epoch from played_at) * 1000)::bigint || E'\\n', '' ORDER BY account_id, played_at), '')) AS fingerprint
FROM ${qualifiedTable}`;
}
