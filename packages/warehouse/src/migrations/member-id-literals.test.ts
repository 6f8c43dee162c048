import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { EXPORT_ALBUM_PREFIX, EXPORT_ARTIST_PREFIX, UNRESOLVED_TRACK_PREFIX } from '@spotify-pipeline/avro';
import { migrationsDirectory } from './migration-files.ts';

// A migration is frozen once applied (its checksum is recorded), so it cannot import the contracts'
// member-id prefixes as the TypeScript statements do. This keeps the literals it holds honest.
test('every member-id prefix a migration matches with LIKE is one the contracts define', async () => {
  const known = new Set([UNRESOLVED_TRACK_PREFIX, EXPORT_ALBUM_PREFIX, EXPORT_ARTIST_PREFIX]);
  let seen = 0;
  for (const dialect of ['postgres', 'mssql'] as const) {
    const directory = migrationsDirectory(dialect);
    for (const file of (await readdir(directory)).filter((f) => f.endsWith('.sql'))) {
      const text = await readFile(`${directory}${file}`, 'utf8');
      for (const match of text.matchAll(/LIKE\s+N?'([a-z-]+:)%'/g)) {
        seen += 1;
        assert.ok(known.has(match[1]!), `${dialect}/${file}: LIKE '${match[1]}%' is no contract prefix`);
      }
    }
  }
  assert.ok(seen > 0, 'the migrations match member ids by prefix somewhere');
});
