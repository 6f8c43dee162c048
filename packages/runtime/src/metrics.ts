import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry of the service's own, never prom-client's global one: tests start several services in
 * one process, and each must expose only its own figures.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
