import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatSettings, writeSettingsFile } from './settings-file.ts';
import { withoutPassword } from './startup-summary.ts';

test('only the settings the CLI needs are recorded, one KEY=value line each', () => {
  const text = formatSettings({
    KAFKA_BROKERS: '127.0.0.1:9092',
    SPOTIFY_CLIENT_ID: 'sim-client-id',
    TOKEN_ENCRYPTION_KEY: 'k',
    HOME: '/root',
    TOPIC_PREFIX: '',
    REDIS_URL: 'redis://x\nINJECTED=1',
  });
  assert.deepEqual(text.split('\n').slice(1), [
    'KAFKA_BROKERS=127.0.0.1:9092',
    'SPOTIFY_CLIENT_ID=sim-client-id',
    'TOKEN_ENCRYPTION_KEY=k',
    '',
  ]);
});

test('the file is readable by its owner only (it holds the token key)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'settings-'));
  try {
    const path = join(dir, 'sub', 'pipeline.env');
    writeSettingsFile(path, { KAFKA_BROKERS: 'b:1' });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.match(readFileSync(path, 'utf8'), /^KAFKA_BROKERS=b:1$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a connection string is shown without its password', () => {
  assert.equal(withoutPassword('mssql://sa:S3cret@db:1433/spotify'), 'mssql://sa:***@db:1433/spotify');
  assert.equal(
    withoutPassword('postgresql://postgres@127.0.0.1:5432/postgres'),
    'postgresql://postgres@127.0.0.1:5432/postgres',
  );
});
