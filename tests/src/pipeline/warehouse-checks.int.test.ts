import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedWarehouse } from '../support/expected-warehouse.ts';
import { generateListening } from '../support/listening-generator.ts';
import { PipelineWorld } from '../support/pipeline-world.ts';
import { warehouseDifferences } from '../support/warehouse-differences.ts';

// The pipeline tests conclude "exactly the produced set, complete and named as the source" from an
// empty warehouseDifferences(); this proves that check sees each kind of damage it claims to.
test('the warehouse checks report a lost and an extra fact, a renamed and an inferred member and a wrong local hour', async (t) => {
  const world = await PipelineWorld.create('checks');
  t.after(() => world.close());
  const { plays } = generateListening({ plays: 500, accounts: 5, tracks: 40, seed: 13 });
  const expected = expectedWarehouse(plays);
  await world.startNormalizer();
  await world.startSink();
  await world.produceRawPlays(plays);
  await world.waitUntilLoaded({ timeoutMs: 60_000 });
  assert.deepEqual(await warehouseDifferences(world.inspect, expected), [], 'intact at first');
  const before = await world.inspect.contentDigest();

  const s = `"${world.schema}"`;
  const [victim] = await world.warehouse.query<{ account_id: string; played_at: Date }>(
    `SELECT account_id, played_at FROM ${s}.fact_play ORDER BY account_id, played_at LIMIT 1`,
  );
  await world.warehouse.query(`DELETE FROM ${s}.fact_play WHERE account_id = $1 AND played_at = $2`, [
    victim?.account_id,
    victim?.played_at,
  ]);
  await world.warehouse.query(
    `INSERT INTO ${s}.fact_play (account_id, played_at, date_key, time_key, track_id, album_id, primary_artist_id, source)
     SELECT account_id, played_at + interval '1 ms', date_key, time_key, track_id, album_id, primary_artist_id, source
       FROM ${s}.fact_play ORDER BY account_id DESC, played_at DESC LIMIT 1`,
  );
  await world.warehouse.query(
    `UPDATE ${s}.dim_track SET name = name || ' ' WHERE track_id = (SELECT min(track_id) FROM ${s}.dim_track)`,
  );
  await world.warehouse.query(
    `UPDATE ${s}.dim_album SET is_inferred = true WHERE album_id = (SELECT min(album_id) FROM ${s}.dim_album)`,
  );
  await world.warehouse.query(
    `UPDATE ${s}.fact_play SET time_key = (time_key + 100) % 2400
      WHERE (account_id, played_at) = (SELECT account_id, played_at FROM ${s}.fact_play ORDER BY played_at DESC LIMIT 1)`,
  );

  const problems = await warehouseDifferences(world.inspect, expected);
  const kinds = problems.map((p) => p.split(':')[0]).sort();
  assert.deepEqual(
    kinds,
    [
      'dim_album',
      'facts missing',
      'facts not produced',
      'facts whose local date/time keys disagree with PostgreSQL',
      'tracks',
    ],
    problems.join('\n'),
  );
  assert.notDeepEqual(await world.inspect.contentDigest(), before, 'the content digest changes too');
});
