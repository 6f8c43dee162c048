import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import test from 'node:test';
import { MigrationChecksumError, MigrationFileError } from '../errors.ts';
import {
  checksumOf,
  loadMigrations,
  migrationsDirectory,
  renderMigration,
  splitBatches,
  verifyChecksums,
} from './migration-files.ts';

test('T-SQL is split on lines holding only GO, and comment-only batches are dropped', () => {
  const text = "SELECT 1;\nGO\n-- only a comment\ngo\nSELECT N'GO';\nSELECT 2 -- GO\n  GO  \nSELECT 3";
  assert.deepEqual(splitBatches(text), ['SELECT 1;', "SELECT N'GO';\nSELECT 2 -- GO", 'SELECT 3']);
});

test('the schema is substituted only when it is a safe identifier', () => {
  assert.equal(
    renderMigration('CREATE SCHEMA "{{schema}}"; SELECT 1 FROM "{{schema}}".t', 'wh_1'),
    'CREATE SCHEMA "wh_1"; SELECT 1 FROM "wh_1".t',
  );
  assert.throws(() => renderMigration('x', 'a"; DROP TABLE x; --'), MigrationFileError);
});

test('both dialects ship the same migration versions, each with a header comment', async () => {
  const pg = await loadMigrations(migrationsDirectory('postgres'));
  const ms = await loadMigrations(migrationsDirectory('mssql'));
  assert.deepEqual(
    pg.map((m) => `${m.version}_${m.name}`),
    ms.map((m) => `${m.version}_${m.name}`),
  );
  for (const m of [...pg, ...ms]) {
    assert.match(m.text, /^-- \d{3}_[a-z_]+: /, `${m.fileName} starts with a header comment`);
    assert.equal(m.checksum, checksumOf(m.text));
  }
});

test('badly named files and edited applied migrations are refused', async () => {
  const dir = `${await mkdtemp(`${tmpdir()}/migrations-`)}/`;
  try {
    await writeFile(`${dir}001_a.sql`, 'SELECT 1;');
    const [file] = await loadMigrations(dir);
    assert.throws(
      () => verifyChecksums([{ version: 1, checksum: checksumOf('SELECT 2;') }], [file!]),
      MigrationChecksumError,
    );
    verifyChecksums([{ version: 1, checksum: file!.checksum }], [file!]);
    await writeFile(`${dir}2_b.sql`, 'SELECT 1;');
    await assert.rejects(loadMigrations(dir), MigrationFileError);
  } finally {
    await rm(dir, { recursive: true });
  }
});
