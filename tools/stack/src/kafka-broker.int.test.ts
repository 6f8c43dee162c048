import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '@spotify-pipeline/runtime';
import { loadStackConfig } from './config.ts';
import { KafkaBroker } from './kafka-broker.ts';
import { readPidFile } from './process-info.ts';

// A private broker in a temporary folder on free ports: proves a cold start (jars, config, format,
// start, readiness) without touching the shared broker in .cache/kafka that other tests use.

const cacheDir = await mkdtemp(join(tmpdir(), 'stack-broker-test-'));
const shared = loadStackConfig({});
const broker = new KafkaBroker({
  cacheDir,
  pomPath: shared.pomPath,
  templatesDir: shared.templatesDir,
  host: '127.0.0.1',
  port: await freePort(),
  controllerPort: await freePort(),
  heap: '512m',
  readyTimeoutMs: 90_000,
  stopTimeoutMs: 30_000,
});

after(async () => {
  await broker.stop();
  await rm(cacheDir, { recursive: true, force: true });
});

test('a private broker starts cold, is reused when up, and stops idempotently', async () => {
  const first = await broker.start();
  assert.equal(first.action, 'started');
  assert.ok(first.notes.includes('fetched jars'), `notes: ${first.notes.join(', ')}`);
  assert.ok(first.notes.includes('formatted storage'), `notes: ${first.notes.join(', ')}`);
  assert.equal(await readPidFile(broker.paths.pidFile), first.pid);
  assert.match(
    await readFile(broker.paths.serverProperties, 'utf8'),
    new RegExp(`^listeners=PLAINTEXT://${broker.address},`, 'm'),
  );

  const status = await broker.status();
  assert.equal(status.ready, true, status.detail);
  assert.equal(status.pid, first.pid);

  const second = await broker.start();
  assert.equal(second.action, 'reused');
  assert.equal(second.pid, first.pid);
  assert.deepEqual(second.notes, []);

  assert.deepEqual(await broker.stop(), { action: 'stopped', pid: first.pid });
  assert.deepEqual(await broker.stop(), { action: 'not-running', pid: undefined });
  const down = await broker.status();
  assert.equal(down.ready, false);
  assert.equal(down.portOpen, false);
  assert.equal(down.pid, undefined);
});
