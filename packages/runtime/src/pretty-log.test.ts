import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logFormat, prettyLine } from './pretty-log.ts';

const plain = { colour: false, stacks: false };

test('a JSON line becomes time, level, service, message and its fields', () => {
  const line = JSON.stringify({
    level: 'info',
    time: '2026-12-06T12:03:04.567Z',
    service: 'sink',
    msg: 'wrote batch',
    plays: 500,
    topic: 'raw plays',
  });
  assert.equal(
    prettyLine(line, plain),
    '12:03:04.567 INFO  sink       wrote batch  plays=500 topic="raw plays"\n',
  );
});

test('an error shows its message and causes on the next line, its stack only when asked', () => {
  const err = {
    type: 'PipelineError',
    message: 'write failed',
    stack: 'PipelineError: write failed\n    at write (sink.ts:1:1)',
    cause: { type: 'Error', message: 'ECONNRESET' },
  };
  const line = JSON.stringify({
    level: 'error',
    time: '2026-12-06T12:03:04.567Z',
    service: 'sink',
    msg: 'batch',
    err,
  });
  assert.equal(
    prettyLine(line, plain),
    '12:03:04.567 ERROR sink       batch\n    PipelineError: write failed; caused by Error: ECONNRESET\n',
  );
  assert.match(prettyLine(line, { colour: false, stacks: true }), /\n {6}at write \(sink\.ts:1:1\)\n$/);
});

test('a line that is not JSON passes through', () => {
  assert.equal(prettyLine('plain text', plain), 'plain text\n');
});

test('LOG_FORMAT decides; unset, a terminal gets pretty lines and a pipe JSON', () => {
  assert.equal(logFormat({ LOG_FORMAT: 'json' }, true), 'json');
  assert.equal(logFormat({ LOG_FORMAT: 'pretty' }, false), 'pretty');
  assert.equal(logFormat({}, true), 'pretty');
  assert.equal(logFormat({}, false), 'json');
});
