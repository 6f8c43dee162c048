import type { Registry } from 'prom-client';

/**
 * The sum of a metric's samples whose labels include every one of `labels` (0 when the metric has
 * no such sample yet). Reads the registry itself, so no HTTP scrape and no text parsing.
 */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new RangeError(`metricValue: the registry has no metric named ${name}`);
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}
