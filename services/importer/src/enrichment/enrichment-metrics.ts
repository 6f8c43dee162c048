import type { EnrichmentStore } from '@spotify-pipeline/warehouse';
import { Counter, Gauge, type Registry } from 'prom-client';

export const LOOKUP_OUTCOMES = [
  'enriched',
  'unavailable',
  'already-known',
  'episode',
  'not-episode',
  'rate-limited',
  'failed',
] as const;
export type LookupOutcome = (typeof LOOKUP_OUTCOMES)[number];

export interface EnrichmentMetrics {
  readonly lookups: Counter<'outcome'>;
}

/**
 * `importer_enrichment_lookups_total{outcome}` counts what each job did; the remaining gauge is read
 * from the warehouse at each scrape, so it is right whichever instance (or none) did the work.
 */
export function createEnrichmentMetrics(registry: Registry, store: EnrichmentStore): EnrichmentMetrics {
  const lookups = new Counter({
    name: 'importer_enrichment_lookups_total',
    help: 'Track lookups and name searches by outcome (enriched, unavailable = 404, already-known, episode, not-episode, rate-limited, failed)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of LOOKUP_OUTCOMES) lookups.inc({ outcome }, 0);
  new Gauge({
    name: 'importer_enrichment_remaining',
    help: 'Imported tracks still to look up on Spotify (inferred, not flagged unavailable)',
    registers: [registry],
    async collect() {
      this.set((await store.progress()).tracks);
    },
  });
  return { lookups };
}
