import { localTimeKeys } from '@spotify-pipeline/normalizer';

const HOUR_MS = 3_600_000;

/**
 * The normalizer's local date/time keys, memoised per zone and UTC hour: ICU is asked once per
 * hour of the generated history instead of once per row, which keeps a million facts cheap to make.
 * Exact for every zone whose offset changes only on an hour boundary (all zones the bench uses).
 */
export class LocalKeys {
  readonly #offsets = new Map<string, number>();

  of(epochMs: number, timeZone: string): { dateKey: number; timeKey: number } {
    const hourStart = Math.floor(epochMs / HOUR_MS) * HOUR_MS;
    const id = `${timeZone}\u0000${hourStart}`;
    let offset = this.#offsets.get(id);
    if (offset === undefined) {
      const keys = localTimeKeys(new Date(hourStart), timeZone);
      const wall = Date.UTC(
        Math.floor(keys.dateKey / 10_000),
        (Math.floor(keys.dateKey / 100) % 100) - 1,
        keys.dateKey % 100,
        Math.floor(keys.timeKey / 100),
        keys.timeKey % 100,
      );
      offset = wall - hourStart;
      this.#offsets.set(id, offset);
    }
    const local = new Date(epochMs + offset);
    return {
      dateKey: local.getUTCFullYear() * 10_000 + (local.getUTCMonth() + 1) * 100 + local.getUTCDate(),
      timeKey: local.getUTCHours() * 100 + local.getUTCMinutes(),
    };
  }
}
