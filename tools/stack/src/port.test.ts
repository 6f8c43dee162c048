import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { isLoopback, isPortOpen, parseHostPort } from './port.ts';

test('parseHostPort splits host and port and names the source of a bad value', () => {
  assert.deepEqual(parseHostPort('127.0.0.1:9092', 'KAFKA_BROKERS'), { host: '127.0.0.1', port: 9092 });
  assert.deepEqual(parseHostPort('[::1]:6379', 'REDIS_URL'), { host: '::1', port: 6379 });
  assert.throws(
    () => parseHostPort('127.0.0.1', 'KAFKA_BROKERS'),
    /KAFKA_BROKERS: expected host:port, got "127.0.0.1"/,
  );
  assert.throws(() => parseHostPort('h:70000', 'X'), /X: expected host:port/);
});

test('isLoopback', () => {
  assert.equal(isLoopback('127.0.0.1'), true);
  assert.equal(isLoopback('localhost'), true);
  assert.equal(isLoopback('::1'), true);
  assert.equal(isLoopback('10.0.0.5'), false);
});

test('isPortOpen tells a listening port from a closed one', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  try {
    assert.equal(await isPortOpen('127.0.0.1', port), true);
  } finally {
    await new Promise((r) => server.close(r));
  }
  assert.equal(await isPortOpen('127.0.0.1', port), false);
});
