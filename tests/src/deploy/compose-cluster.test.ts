import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type ComposeFile, environmentOf, loadCompose } from './compose-file.ts';
import { readReference, repoPath } from './repo-paths.ts';

// ajv and ajv-formats are CommonJS with a default export.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

const base = loadCompose();
const override = loadCompose(await readFile(repoPath('docker-compose.cluster.yml'), 'utf8'));

/**
 * `docker compose -f docker-compose.yml -f docker-compose.cluster.yml` as Compose merges them:
 * mappings merge key by key (the override wins), sequences append.
 */
function merge(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [key, value] of Object.entries(b)) out[key] = key in out ? merge(out[key], value) : value;
    return out;
  }
  return b === undefined ? a : b;
}

async function validator() {
  const schema = JSON.parse(await readReference('compose/compose-spec.json'));
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const merged = merge(base, override) as ComposeFile;

test('the 3-broker override, alone and merged with docker-compose.yml, is valid against the Compose schema', async () => {
  const validate = await validator();
  for (const [name, doc] of [
    ['docker-compose.cluster.yml', override],
    ['the merged files', merged],
  ] as const) {
    validate(doc);
    assert.deepEqual(validate.errors ?? [], [], `schema errors in ${name}`);
  }
});

test('three KRaft nodes, a quorum of three, replication factor 3 and min.insync.replicas=2', () => {
  const nodes = ['kafka', 'kafka-2', 'kafka-3'].map((name) => {
    const service = merged.services[name];
    assert.ok(service, `service ${name}`);
    return environmentOf(service);
  });
  assert.deepEqual(
    nodes.map((env) => env.get('KAFKA_NODE_ID')),
    ['1', '2', '3'],
  );
  for (const env of nodes) {
    assert.equal(env.get('KAFKA_CONTROLLER_QUORUM_VOTERS'), '1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093');
    assert.equal(env.get('KAFKA_DEFAULT_REPLICATION_FACTOR'), '3');
    assert.equal(env.get('KAFKA_MIN_INSYNC_REPLICAS'), '2');
    assert.equal(env.get('KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR'), '3');
    assert.equal(env.get('KAFKA_TRANSACTION_STATE_LOG_MIN_ISR'), '2');
    assert.equal(env.get('KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE'), 'false');
  }
  // Each node keeps its data in a volume of its own.
  const declared = Object.keys(merged.volumes ?? {});
  for (const volume of ['kafka-data', 'kafka-2-data', 'kafka-3-data'])
    assert.ok(declared.includes(volume), volume);
});

test('every program that talks to Kafka bootstraps from all three nodes', () => {
  const clients = Object.entries(base.services).filter(([, s]) => environmentOf(s).has('KAFKA_BROKERS'));
  assert.ok(clients.length >= 4, 'poller, normalizer, sink and the topics job');
  for (const [name] of clients) {
    assert.equal(
      environmentOf(merged.services[name]!).get('KAFKA_BROKERS'),
      'kafka:9092,kafka-2:9092,kafka-3:9092',
      name,
    );
  }
});
