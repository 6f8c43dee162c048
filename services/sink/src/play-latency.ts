import type { BatchItem } from './batch-item.ts';

/**
 * At most this many facts of a batch are observed: a histogram observation costs ~0.4 µs, which a
 * 20,000-record catch-up batch would pay 20,000 times; an even sample keeps the quantiles.
 */
export const MAX_LATENCY_SAMPLES_PER_BATCH = 1_000;

/**
 * Seconds from each fact's record timestamp to `committedAtMs`, for an evenly spaced sample of at
 * most `max` of the batch's facts (dimension records and dead letters are not plays).
 */
export function playLatencies(
  items: readonly BatchItem[],
  committedAtMs: number,
  max = MAX_LATENCY_SAMPLES_PER_BATCH,
): number[] {
  const facts: string[] = [];
  for (const { entry, source } of items)
    if (entry?.table.batchKey === 'plays' && source.timestamp !== undefined) facts.push(source.timestamp);
  const count = Math.min(facts.length, max);
  const out: number[] = [];
  for (let k = 0; k < count; k += 1) {
    const ms = committedAtMs - Number(facts[Math.floor((k * facts.length) / count)]);
    // A producer with a clock ahead of ours must not make a negative latency.
    if (Number.isFinite(ms)) out.push(Math.max(0, ms) / 1000);
  }
  return out;
}
