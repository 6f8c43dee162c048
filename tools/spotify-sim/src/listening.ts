import type { Catalogue } from './catalogue.ts';
import type { SimAccount } from './listeners.ts';
import type { SeededRandom } from './random.ts';

/** Spotify lists a play in recently-played only when at least this much of it was heard. */
export const MIN_VISIBLE_MS = 30_000;
/** Recently-played never reaches further back than this many plays. */
export const RECENTLY_PLAYED_DEPTH = 50;

export interface PlayContext {
  readonly type: 'album' | 'artist' | 'playlist';
  readonly id: string;
}

export interface Play {
  /** When the play ENDED (Spotify's played_at), ms precision. */
  readonly playedAtMs: number;
  readonly trackIndex: number;
  readonly msPlayed: number;
  readonly offline: boolean;
  /** When the play reached Spotify: playedAtMs for online plays, the device's later sync otherwise. */
  readonly syncedAtMs: number;
  readonly context: PlayContext | null;
}

export interface ListeningOptions {
  readonly startMs: number;
  /** Listening generated before the clock's start, so the first poll already finds a full page. */
  readonly historyMs: number;
  readonly playsPerHour: number;
  readonly offlineShare: number;
}

const HOUR = 3_600_000;

/** One formatter per zone, shared by every listener in it (thousands of listeners in a bench). */
const hourFormats = new Map<string, Intl.DateTimeFormat>();
function hourFormat(timeZone: string): Intl.DateTimeFormat {
  let format = hourFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
    hourFormats.set(timeZone, format);
  }
  return format;
}

/**
 * One listener's plays, generated session by session from the listener's own random stream, so the
 * result depends only on the seed and the start, never on when or how often anyone asks.
 */
export class ListeningHistory {
  readonly plays: Play[] = [];
  readonly #account: SimAccount;
  readonly #catalogue: Catalogue;
  readonly #random: SeededRandom;
  readonly #options: ListeningOptions;
  readonly #hourFormat: Intl.DateTimeFormat;
  #cursorMs: number;

  constructor(account: SimAccount, catalogue: Catalogue, random: SeededRandom, options: ListeningOptions) {
    this.#account = account;
    this.#catalogue = catalogue;
    this.#random = random;
    this.#options = options;
    this.#hourFormat = hourFormat(account.timeZone);
    this.#cursorMs = options.startMs - options.historyMs;
  }

  /** Generates sessions until every session that starts at or before `untilMs` exists. */
  ensure(untilMs: number): void {
    while (this.#cursorMs <= untilMs) this.#addSession();
  }

  /**
   * What recently-played holds at `nowMs`: the newest RECENTLY_PLAYED_DEPTH plays that were heard for
   * at least 30 s and have reached Spotify, newest first.
   */
  recentlyPlayed(nowMs: number): Play[] {
    this.ensure(nowMs);
    const out: Play[] = [];
    for (let i = this.#lastIndexAtOrBefore(nowMs); i >= 0 && out.length < RECENTLY_PLAYED_DEPTH; i--) {
      const play = this.plays[i]!;
      if (play.msPlayed >= MIN_VISIBLE_MS && play.syncedAtMs <= nowMs) out.push(play);
    }
    return out;
  }

  /** Plays that have happened by `nowMs`, oldest first. */
  playsUntil(nowMs: number): Play[] {
    this.ensure(nowMs);
    return this.plays.slice(0, this.#lastIndexAtOrBefore(nowMs) + 1);
  }

  /**
   * Whether recently-played will ever list the play: heard >= 30 s and, when it reaches Spotify, not
   * already pushed out of the newest 50 (an offline session synced late behind 50 newer plays never
   * shows up).
   */
  everVisible(play: Play): boolean {
    if (play.msPlayed < MIN_VISIBLE_MS) return false;
    if (!play.offline) return true;
    this.ensure(play.syncedAtMs);
    let newer = 0;
    for (let i = this.#lastIndexAtOrBefore(play.playedAtMs) + 1; i < this.plays.length; i++) {
      const other = this.plays[i]!;
      if (other.playedAtMs > play.syncedAtMs) break;
      if (other.msPlayed >= MIN_VISIBLE_MS && other.syncedAtMs <= play.syncedAtMs) newer++;
    }
    return newer < RECENTLY_PLAYED_DEPTH;
  }

  #lastIndexAtOrBefore(ms: number): number {
    let low = 0;
    let high = this.plays.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.plays[mid]!.playedAtMs <= ms) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  #addSession(): void {
    const random = this.#random;
    const hour = this.#localHour(this.#cursorMs);
    // People listen less at night: longer gaps between sessions in the small hours.
    const meanGap = hour >= 1 && hour < 7 ? 4 * HOUR : HOUR;
    let atMs = this.#cursorMs + Math.round(random.exponential(meanGap)) + 1_000;
    const offline = random.chance(this.#options.offlineShare);
    const context = this.#pickContext();
    const pool = this.#poolFor(context);
    const length = 1 + Math.round(random.exponential(8));
    const intervalMs = HOUR / this.#options.playsPerHour;
    const sessionPlays: Play[] = [];
    let position = random.int(0, pool.length - 1);
    let previous: number | undefined;
    for (let n = 0; n < length; n++) {
      const repeat = previous !== undefined && random.chance(0.06);
      let trackIndex: number;
      if (repeat && previous !== undefined) trackIndex = previous;
      else if (context?.type === 'album') trackIndex = pool[position++ % pool.length]!;
      else trackIndex = random.pick(pool);
      const msPlayed = this.#msPlayed(this.#catalogue.tracks[trackIndex]!.durationMs, intervalMs);
      const playedAtMs = atMs + msPlayed;
      sessionPlays.push({ playedAtMs, trackIndex, msPlayed, offline, syncedAtMs: playedAtMs, context });
      previous = trackIndex;
      atMs = playedAtMs + Math.round(random.exponential(Math.max(300, intervalMs - msPlayed)));
    }
    const endMs = sessionPlays.at(-1)!.playedAtMs;
    if (offline) {
      const syncedAtMs = endMs + random.int(2 * 60_000, 6 * HOUR);
      for (const play of sessionPlays) this.plays.push({ ...play, syncedAtMs });
    } else this.plays.push(...sessionPlays);
    this.#cursorMs = atMs;
  }

  #msPlayed(durationMs: number, intervalMs: number): number {
    const random = this.#random;
    const roll = random.next();
    let ms = durationMs;
    if (roll < 0.12) ms = Math.min(durationMs, random.int(1_000, MIN_VISIBLE_MS - 1));
    else if (roll < 0.22 && durationMs > MIN_VISIBLE_MS) ms = random.int(MIN_VISIBLE_MS, durationMs);
    // At load-test rates there is no time to hear whole tracks: skip through them.
    if (this.#options.playsPerHour > 30 && ms > 2 * intervalMs)
      ms = Math.max(MIN_VISIBLE_MS, Math.round(intervalMs));
    return ms;
  }

  #pickContext(): PlayContext | null {
    const random = this.#random;
    const catalogue = this.#catalogue;
    const roll = random.next();
    if (roll < 0.3) return null;
    if (roll < 0.65) return { type: 'playlist', id: random.pick(catalogue.playlists).id };
    const track = catalogue.tracks[random.int(0, catalogue.tracks.length - 1)]!;
    if (track.albumId === null) return null;
    if (roll < 0.85) return { type: 'album', id: track.albumId };
    return { type: 'artist', id: track.artistIds[0]! };
  }

  #poolFor(context: PlayContext | null): readonly number[] {
    const catalogue = this.#catalogue;
    if (context?.type === 'album') return catalogue.tracksOfAlbum(context.id);
    if (context?.type === 'artist') return catalogue.tracksOfArtist(context.id);
    if (context?.type === 'playlist')
      return catalogue.playlist(context.id)?.trackIndexes ?? catalogue.allTrackIndexes;
    return catalogue.allTrackIndexes;
  }

  #localHour(ms: number): number {
    const part = this.#hourFormat.formatToParts(new Date(ms)).find((p) => p.type === 'hour');
    return Number(part?.value ?? 12);
  }

  get account(): SimAccount {
    return this.#account;
  }
}
