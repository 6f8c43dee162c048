// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} placeholders are what these tests are about
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderTemplate } from './template.ts';

const infra = join(import.meta.dirname, '../../../infra/kafka');

test('renderTemplate fills every placeholder', () => {
  assert.equal(renderTemplate('a=${A}\nb=${B}:${A}', { A: 'x', B: 9092 }), 'a=x\nb=9092:x');
});

test('renderTemplate names a placeholder without a value', () => {
  assert.throws(
    () => renderTemplate('a=${A} b=${TYPO}', { A: 1 }, 'server.properties'),
    /server\.properties: no value for placeholder\(s\) \$\{TYPO\}/,
  );
});

test('renderTemplate names a value no placeholder uses', () => {
  assert.throws(() => renderTemplate('a=${A}', { A: 1, B: 2 }), /value\(s\) B match no placeholder/);
});

test('renderTemplate refuses a value that would inject another property', () => {
  assert.throws(
    () => renderTemplate('log.dirs=${DIR}', { DIR: '/tmp\nauto.create.topics.enable=true' }),
    /DIR contains a line break/,
  );
});

test('the broker template renders the single-node KRaft settings the stack relies on', () => {
  const template = readFileSync(join(infra, 'server.properties.template'), 'utf8');
  const text = renderTemplate(template, {
    HOST: '127.0.0.1',
    BROKER_PORT: 9192,
    CONTROLLER_PORT: 9193,
    DATA_DIR: '/tmp/k/data',
  });
  const props = new Map(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
  assert.equal(props.get('process.roles'), 'broker,controller');
  assert.equal(props.get('listeners'), 'PLAINTEXT://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193');
  assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:9192');
  assert.equal(props.get('controller.quorum.bootstrap.servers'), '127.0.0.1:9193');
  assert.equal(props.get('log.dirs'), '/tmp/k/data');
  assert.equal(props.get('auto.create.topics.enable'), 'false');
  assert.equal(props.get('offsets.topic.replication.factor'), '1');
  assert.equal(props.get('group.initial.rebalance.delay.ms'), '0');
});

test('the log4j2 template sends the broker log to the given file', () => {
  const template = readFileSync(join(infra, 'log4j2.properties.template'), 'utf8');
  const text = renderTemplate(template, { LOG_FILE: '/tmp/k/logs/server.log' });
  assert.match(text, /^appender\.file\.fileName = \/tmp\/k\/logs\/server\.log$/m);
});
