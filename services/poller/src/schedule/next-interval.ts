export interface IntervalBounds {
  readonly activeMs: number;
  /** At most 20 min (config.ts): 50 shown plays take at least 25 min, so none can be missed. */
  readonly idleMs: number;
}

/**
 * Adaptive polling: an account that had new plays is listening now and is polled every `activeMs`;
 * each poll without new plays doubles the interval, up to `idleMs`.
 */
export function nextInterval(
  currentMs: number,
  hadNewPlays: boolean,
  { activeMs, idleMs }: IntervalBounds,
): number {
  if (hadNewPlays) return activeMs;
  return Math.min(idleMs, Math.max(activeMs, currentMs * 2));
}
