import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntil } from '@spotify-pipeline/runtime';
import { type SinkHandle, startSink } from './start.ts';
import { expectedPlays, makeDataset, SinkFixture } from './testing/sink-fixture.ts';

let fx: SinkFixture;
before(async () => {
  fx = await SinkFixture.create('group');
});
after(async () => {
  await fx.close();
});

test('three sinks in one group split the partitions and every play is stored once', async () => {
  const groupId = fx.newGroupId();
  const sinks: SinkHandle[] = [];
  // Each sink is one member of the group per writer (one consumer each).
  const { SINK_WRITERS: writers } = fx.config();
  try {
    for (let i = 0; i < 3; i += 1) {
      sinks.push(
        await startSink(fx.config({ SINK_GROUP_ID: groupId, SINK_BATCH_SIZE: '500' }), { logger: fx.logger }),
      );
    }
    // Wait for one stable generation with all three members before producing, so the split is real.
    const assignment = await waitUntil(
      async () => {
        const { groups } = await fx.admin.describeGroups([groupId]);
        const group = groups[0];
        if (group?.state !== 'Stable' || group.members.length !== 3 * writers) return undefined;
        return group.members;
      },
      { what: 'a stable group of three sinks', timeoutMs: 60_000 },
    );
    assert.equal(assignment.length, 3 * writers);

    const data = makeDataset(6_000, { accounts: 12 });
    await fx.produce(data);
    await waitUntil(async () => (await fx.count('fact_play')) === data.plays.length, {
      what: 'every play stored',
      timeoutMs: 90_000,
    });
    assert.deepEqual((await fx.playsSnapshot()).sort(), expectedPlays(data.plays));

    const consumedBy = await Promise.all(
      sinks.map(async (s) =>
        (await s.metrics.recordsConsumed.get()).values.reduce((sum, v) => sum + v.value, 0),
      ),
    );
    assert.equal(
      consumedBy.filter((n) => n > 0).length,
      3,
      `each sink consumed a share: ${consumedBy.join(', ')}`,
    );
    const total =
      data.plays.length +
      data.tracks.length +
      data.artists.length +
      data.albums.length +
      data.accounts.length;
    assert.equal(
      consumedBy.reduce((a, b) => a + b, 0),
      total,
      'no message was consumed by two members (the group did not rebalance mid-test)',
    );
  } finally {
    await Promise.all(sinks.map((s) => s.stop()));
  }
});
