import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { startSink } from './start.ts';
import { expectedPlays, makeDataset, SinkFixture, TEST_DATABASE_URL } from './testing/sink-fixture.ts';
import { TcpProxy } from './testing/tcp-proxy.ts';

let fx: SinkFixture;
const target = new URL(TEST_DATABASE_URL);
const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
before(async () => {
  fx = await SinkFixture.create('outage');
  await proxy.up();
});
after(async () => {
  await proxy.down();
  await fx.close();
});

test('while the database is unreachable the sink pauses and is not ready; it resumes and loses nothing', async () => {
  const viaProxy = new URL(TEST_DATABASE_URL);
  viaProxy.port = String(proxy.port);
  const sink = await startSink(
    fx.config({ DATABASE_URL: viaProxy.toString(), SINK_RETRY_MAX_DELAY_MS: '300' }),
    {
      logger: fx.logger,
    },
  );
  try {
    await waitUntil(() => sink.sink.inGroup, { what: 'the sink in its group', timeoutMs: 60_000 });
    await proxy.down();
    const data = makeDataset(3_000);
    await fx.produce(data);

    await waitUntil(() => sink.sink.paused, { what: 'the sink paused', timeoutMs: 60_000 });
    const notReady = await fetch(`${sink.opsUrl}/readyz`);
    assert.equal(notReady.status, 503);
    const body = (await notReady.json()) as { checks: Record<string, string> };
    assert.equal(body.checks.writing, 'not ready');
    assert.match(await (await fetch(`${sink.opsUrl}/metrics`)).text(), /sink_paused\{[^}]*\} 1/);
    assert.equal(await fx.count('fact_play'), 0, 'nothing written while the database is away');

    await proxy.up();
    await waitUntil(async () => (await fx.count('fact_play')) === data.plays.length, {
      what: 'the load completed after the outage',
      timeoutMs: 60_000,
    });
    assert.deepEqual((await fx.playsSnapshot()).sort(), expectedPlays(data.plays));
    await waitUntil(() => !sink.sink.paused, { what: 'the sink resumed', timeoutMs: 10_000 });
    await waitUntil(async () => (await fetch(`${sink.opsUrl}/readyz`)).status === 200, {
      what: 'ready again',
      timeoutMs: 10_000,
    });
    const retries = (await sink.metrics.writeRetries.get()).values[0]?.value ?? 0;
    assert.ok(retries > 0, 'the write was retried');
  } finally {
    await sink.stop();
  }
});
