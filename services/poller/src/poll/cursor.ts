import { NonRetriableError } from '@spotify-pipeline/runtime';

/**
 * Where polling of one account stands. Stored as JSON (with `version`) in the compacted cursor
 * topic, key = account id, and cached in Redis.
 */
export interface PollCursor {
  readonly version: 1;
  readonly accountId: string;
  /** Grows with every write, so the newer of two copies (topic, Redis cache) is known. */
  readonly seq: number;
  /** Newest played_at (unix ms) published; null before the first play. */
  readonly watermark: number | null;
  /** Oldest played_at (unix ms) of the last response: the floor of Spotify's 50-play window. */
  readonly floor: number | null;
  /** played_at (unix ms) of every published play at or above `floor`, newest first. */
  readonly published: readonly number[];
  /**
   * SHA-256 (hex) of each item of the last response that has no readable played_at: already
   * dead-lettered, so the next poll, which sees it again, does not. Absent in older cursors.
   */
  readonly unreadable?: readonly string[];
  readonly updatedAt: number;
}

/** Kept even if the window were larger than Spotify's 50, so a cursor never grows without bound. */
export const MAX_PUBLISHED = 200;

export function emptyCursor(accountId: string): PollCursor {
  return { version: 1, accountId, seq: 0, watermark: null, floor: null, published: [], updatedAt: 0 };
}

export function encodeCursor(cursor: PollCursor): Buffer {
  return Buffer.from(JSON.stringify(cursor));
}

/** A cursor record this version cannot read. */
export class CursorFormatError extends NonRetriableError {}

export function decodeCursor(bytes: Buffer | string): PollCursor {
  const value = JSON.parse(bytes.toString()) as Partial<PollCursor>;
  if (value.version !== 1 || typeof value.accountId !== 'string' || !Array.isArray(value.published)) {
    throw new CursorFormatError(`cursor has an unknown shape (version ${String(value.version)})`);
  }
  return value as PollCursor;
}

/** The newer of two copies of one account's cursor (topic vs Redis cache). */
export function newerCursor(a: PollCursor | undefined, b: PollCursor | undefined): PollCursor | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}
