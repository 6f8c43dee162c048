import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter } from 'prom-client';
import { createMetricsRegistry } from '../metrics.ts';
import { startOpsServer } from './ops-server.ts';

describe('ops server', () => {
  it('serves health, readiness naming each check, and the service metrics', async () => {
    const registry = createMetricsRegistry('test');
    new Counter({ name: 'things_total', help: 'things', registers: [registry] }).inc(3);
    let kafkaReady = false;
    const server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      readiness: { kafka: () => kafkaReady, db: async () => true },
    });
    try {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const notReady = await fetch(`${server.url}/readyz`);
      assert.equal(notReady.status, 503);
      assert.deepEqual(((await notReady.json()) as { checks: unknown }).checks, {
        kafka: 'not ready',
        db: 'ok',
      });
      kafkaReady = true;
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(metrics, /things_total\{service="test"\} 3/);
      assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    } finally {
      await server.close();
      await server.close();
    }
  });
});
