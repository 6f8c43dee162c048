import { NonRetriableError } from '@spotify-pipeline/runtime';
import { DEFAULT_LISTEN_MATCH_TOLERANCE_MS } from './match-listens.ts';

/** The listen-match tolerance option, validated at the door: whole milliseconds, 0 to one hour. */
export function checkTolerance(owner: string, value: number | undefined): number {
  const ms = value ?? DEFAULT_LISTEN_MATCH_TOLERANCE_MS;
  if (!Number.isInteger(ms) || ms < 0 || ms > 3_600_000) {
    throw new NonRetriableError(
      `${owner}: listenMatchToleranceMs must be an integer in [0, 3600000] ms, got ${value}`,
    );
  }
  return ms;
}
