import assert from 'node:assert/strict';
import { test } from 'node:test';
import kafkajs from 'kafkajs';
import { kafkaLogLevel } from './client.ts';

const { logLevel } = kafkajs;

test("kafkajs's routine INFO lines become debug", () => {
  assert.equal(
    kafkaLogLevel('ConsumerGroup', logLevel.INFO, { message: 'Consumer has joined the group' }),
    'debug',
  );
});

test('an error response the connection layer logs (and kafkajs retries) is debug', () => {
  assert.equal(
    kafkaLogLevel('Connection', logLevel.ERROR, { message: 'Response Metadata(key: 3, version: 6)' }),
    'debug',
  );
});

test('a failed attempt of an operation kafkajs retries (its line has retryCount) is debug', () => {
  const attempt = { message: 'Failed to send messages: CONCURRENT_TRANSACTIONS', retryCount: 0 };
  assert.equal(kafkaLogLevel('Producer', logLevel.ERROR, attempt), 'debug');
});

test("the idempotent producer's notice at creation is debug, other warnings stay warnings", () => {
  const notice = { message: 'Limiting retries for the idempotent producer to Number.MAX_SAFE_INTEGER' };
  assert.equal(kafkaLogLevel('Producer', logLevel.WARN, notice), 'debug');
  assert.equal(kafkaLogLevel('Consumer', logLevel.WARN, { message: 'Heartbeat failed' }), 'warn');
});

test('other errors stay errors: a refused connection, a crashed consumer', () => {
  assert.equal(
    kafkaLogLevel('Connection', logLevel.ERROR, { message: 'Connection error: connect ECONNREFUSED' }),
    'error',
  );
  assert.equal(
    kafkaLogLevel('Consumer', logLevel.ERROR, { message: 'Crash: KafkaJSNumberOfRetriesExceeded' }),
    'error',
  );
});
