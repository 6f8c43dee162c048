import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createKafka, createLogger, topicsFor } from '@spotify-pipeline/runtime';
import { TEST_BROKERS, uniqueName } from '@spotify-pipeline/test-support';
import kafkajs from 'kafkajs';

// kafkajs is CommonJS; Node's ESM loader cannot see its enums as named exports.
const { ConfigResourceTypes } = kafkajs;

const prefix = `${uniqueName('stack')}.`;
const names = Object.values(topicsFor(prefix)).map((s) => s.name);
const brokers = [...TEST_BROKERS];
const admin = createKafka({
  brokers,
  clientId: 'stack-topics-test',
  logger: createLogger('test', 'silent'),
}).admin();

function topicsCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(import.meta.dirname, 'topics-cli.ts'), ...args], (error, stdout) => {
      resolve({ code: error ? Number(error.code) : 0, stdout });
    });
  });
}

function stateOf(stdout: string, topic: string): string | undefined {
  return stdout
    .split('\n')
    .find((l) => l.startsWith(`${topic} `))
    ?.split(/\s+/)[1];
}

after(async () => {
  const existing = (await admin.listTopics()).filter((n) => n.startsWith(prefix));
  if (existing.length > 0) await admin.deleteTopics({ topics: existing });
  await admin.disconnect();
});

test('topics: --check reports missing, a run creates them, a second run finds them, --check catches drift', async () => {
  await admin.connect();

  const missing = await topicsCli('--prefix', prefix, '--check');
  assert.equal(missing.code, 1);
  for (const name of names) assert.equal(stateOf(missing.stdout, name), 'missing', missing.stdout);
  assert.deepEqual(
    (await admin.listTopics()).filter((n) => n.startsWith(prefix)),
    [],
    '--check must not create',
  );

  const created = await topicsCli('--prefix', prefix);
  assert.equal(created.code, 0, created.stdout);
  for (const name of names) assert.equal(stateOf(created.stdout, name), 'created', created.stdout);
  assert.deepEqual((await admin.listTopics()).filter((n) => n.startsWith(prefix)).sort(), [...names].sort());

  const again = await topicsCli('--prefix', prefix);
  assert.equal(again.code, 0);
  for (const name of names) assert.equal(stateOf(again.stdout, name), 'existing', again.stdout);

  const drifted = topicsFor(prefix).deadLetter.name;
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: ConfigResourceTypes.TOPIC,
        name: drifted,
        configEntries: [{ name: 'retention.ms', value: '1000' }],
      },
    ],
  });
  const drift = await topicsCli('--prefix', prefix, '--check');
  assert.equal(drift.code, 1);
  assert.equal(stateOf(drift.stdout, drifted), 'drift');
  assert.match(drift.stdout, /retention\.ms: declared 2592000000, actual 1000/);
});

test('topics: an unknown option is a usage error', async () => {
  const { code } = await topicsCli('--bogus');
  assert.equal(code, 2);
});
