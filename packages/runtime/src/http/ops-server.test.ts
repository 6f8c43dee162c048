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

  it('answers /healthz and a "starting" /readyz before the service hands in its checks', async () => {
    const server = await startOpsServer({ host: '127.0.0.1', port: 0, registry: createMetricsRegistry('t') });
    try {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const starting = await fetch(`${server.url}/readyz`);
      assert.equal(starting.status, 503);
      assert.deepEqual(((await starting.json()) as { checks: unknown }).checks, { startup: 'starting' });
      assert.equal((await fetch(`${server.url}/link`)).status, 404);
      server.setReadiness({ kafka: () => true });
      server.setRoutes({ '/link': (_req, res) => void res.end('here') });
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      assert.equal(await (await fetch(`${server.url}/link`)).text(), 'here');
    } finally {
      await server.close();
    }
  });

  it('fails a check that does not answer in time, naming it, while the others answer', async () => {
    const server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry: createMetricsRegistry('t'),
      checkTimeoutMs: 50,
      readiness: {
        redis: () => new Promise<boolean>(() => undefined),
        kafka: async () => {
          throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1');
        },
        db: () => true,
      },
    });
    try {
      const res = await fetch(`${server.url}/readyz`);
      assert.equal(res.status, 503);
      assert.deepEqual(((await res.json()) as { checks: unknown }).checks, {
        redis: 'no answer within 50 ms',
        kafka: 'Connection error: connect ECONNREFUSED 127.0.0.1:1',
        db: 'ok',
      });
    } finally {
      await server.close();
    }
  });

  it('reports notes beside the checks without letting them decide readiness', async () => {
    const server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry: createMetricsRegistry('t'),
      checkTimeoutMs: 50,
    });
    let failing: string | undefined = '1 failing: acc-1';
    server.setReadiness(
      { kafka: () => true },
      {
        accounts: () => failing,
        hung: () => new Promise<string>(() => undefined),
        broken: () => {
          throw new Error('redis down');
        },
      },
    );
    try {
      const res = await fetch(`${server.url}/readyz`);
      assert.equal(res.status, 200);
      assert.deepEqual(((await res.json()) as { notes: unknown }).notes, {
        accounts: '1 failing: acc-1',
        hung: 'no answer within 50 ms',
        broken: 'could not be read: redis down',
      });
      failing = undefined;
      const later = (await (await fetch(`${server.url}/readyz`)).json()) as { notes: Record<string, string> };
      assert.equal(later.notes.accounts, undefined, 'a note with nothing to say is left out');
    } finally {
      await server.close();
    }
  });
});
