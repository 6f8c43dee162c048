import type { PromSample } from '@spotify-pipeline/runtime';

/** A histogram's cumulative buckets (`le` -> count), ascending, the `+Inf` one last. */
export function histogramBuckets(samples: readonly PromSample[], name: string): [number, number][] {
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket` || s.labels.le === undefined) continue;
    const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + s.value);
  }
  return [...buckets].sort((a, b) => a[0] - b[0]);
}

/** `b - a` bucket by bucket: the observations made between two scrapes. */
export function bucketDelta(
  a: readonly [number, number][],
  b: readonly [number, number][],
): [number, number][] {
  const before = new Map(a);
  return b.map(([le, count]) => [le, count - (before.get(le) ?? 0)]);
}

/**
 * The q-quantile of cumulative buckets, interpolated linearly inside its bucket as Prometheus'
 * histogram_quantile does; NaN without observations. In the +Inf bucket it is the highest bound.
 */
export function bucketQuantile(buckets: readonly [number, number][], q: number): number {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket > 0 ? lowerBound + ((le - lowerBound) * (rank - lowerCount)) / inBucket : le;
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}
