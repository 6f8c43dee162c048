import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKafka, waitUntil } from '@spotify-pipeline/runtime';
import { countRedisPrefix } from '@spotify-pipeline/test-support';
import { silentLogger } from './harness.ts';
import { PollerFixture } from './poller-fixture.ts';

/** The topics under the test's prefix that exist on the shared broker. */
async function topicsUnder(prefix: string, brokers: string[]): Promise<string[]> {
  const admin = createKafka({ brokers, clientId: 'fixture-test', logger: silentLogger() }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  } finally {
    await admin.disconnect();
  }
}

describe('PollerFixture (simulator, real Kafka and Redis)', () => {
  it('links and polls every account, then closes once, in order, leaving no topic or Redis key', async () => {
    const fx = new PollerFixture();
    try {
      await fx.start({
        sim: { seed: 3, accounts: 2, clock: { mode: 'manual' } },
        readRawPlays: true,
        linkEveryAccount: true,
      });
      const ids = fx.accountIds;
      assert.deepEqual(new Set(fx.tracker.polls.map((p) => p.accountId)), new Set(ids));
      await waitUntil(() => ids.every((id) => fx.plays.some((p) => p.account.id === id)), {
        what: 'plays of every account on the raw topic',
        timeoutMs: 30_000,
        intervalMs: 50,
      });
      assert.ok((await countRedisPrefix(fx.config.REDIS_PREFIX)) > 0);
    } finally {
      const closing = fx.close();
      assert.equal(fx.close(), closing, 'a second close gets the first one');
      await closing;
    }
    assert.deepEqual(await topicsUnder(fx.config.TOPIC_PREFIX, fx.config.KAFKA_BROKERS), []);
    assert.equal(await countRedisPrefix(fx.config.REDIS_PREFIX), 0);
  });

  it('closes what started when start failed half-way, and a fixture never started', async () => {
    await new PollerFixture().close();
    const fx = new PollerFixture();
    await assert.rejects(
      fx.start({ sim: { seed: 3, accounts: 1 }, env: { POLL_INTERVAL_ACTIVE_MS: 'soon' } }),
      /POLL_INTERVAL_ACTIVE_MS/,
    );
    const simUrl = fx.sim.url;
    assert.ok((await fetch(`${simUrl}/authorize`)).status < 500, 'the simulator runs');
    await fx.close();
    await assert.rejects(fetch(`${simUrl}/authorize`), 'the simulator is stopped');
    assert.throws(() => fx.config, /the configuration not started/);
  });
});
