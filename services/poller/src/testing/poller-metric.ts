import { scrape, sumOf } from '@spotify-pipeline/runtime';
import type { PollerHandle } from '../start.ts';

/** Sum of a metric's samples that carry every given label, from the poller's /metrics. */
export async function pollerMetric(
  handle: PollerHandle,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  return sumOf(await scrape(`${handle.url}/metrics`), name, labels);
}
