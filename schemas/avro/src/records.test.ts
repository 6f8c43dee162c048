import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codecs, SHIPPED_VERSIONS } from './codecs.ts';
import type { AccountRecord, AlbumRecord, ArtistRecord, PlayFact, RawPlay, TrackRecord } from './records.ts';
import { AVSC_DIRECTORY, loadSchemaVersion } from './schema-file.ts';
import {
  sampleAccount,
  sampleAlbum,
  sampleArtist,
  samplePlayFact,
  sampleRawPlay,
  sampleTrack,
} from './testing/samples.ts';

/**
 * The hand-written types in records.ts cannot be read at run time, so the link is made through the
 * samples: the compiler holds each sample to exactly its type (every field present, no extra one),
 * and this test holds each sample's keys, at every depth, to the schema's field names.
 */
type SchemaNode =
  | string
  | SchemaNode[]
  | { type: string | SchemaNode; name?: string; fields?: SchemaField[]; items?: SchemaNode };
interface SchemaField {
  name: string;
  type: SchemaNode;
  doc?: string;
  default?: unknown;
}

function fieldNamesDiffer(
  schema: SchemaNode,
  value: unknown,
  path: string,
  named: Map<string, SchemaNode>,
): string[] {
  if (typeof schema === 'string') {
    const ref = named.get(schema) ?? named.get(`spotify.pipeline.${schema}`);
    return ref ? fieldNamesDiffer(ref, value, path, named) : [];
  }
  if (Array.isArray(schema)) {
    if (value === null) return [];
    const branch = schema.find((s) => s !== 'null');
    return branch === undefined ? [] : fieldNamesDiffer(branch, value, path, named);
  }
  if (schema.name)
    named.set(schema.name.includes('.') ? schema.name : `spotify.pipeline.${schema.name}`, schema);
  if (schema.type === 'array') {
    assert.ok(Array.isArray(value), `${path}: the sample must be an array`);
    assert.ok(value.length > 0, `${path}: the sample array must not be empty, or its items go unchecked`);
    return value.flatMap((item, i) => fieldNamesDiffer(schema.items!, item, `${path}[${i}]`, named));
  }
  if (typeof schema.type === 'object' || Array.isArray(schema.type)) {
    return fieldNamesDiffer(schema.type, value, path, named);
  }
  if (schema.type !== 'record') return [];
  assert.ok(
    value !== null && typeof value === 'object',
    `${path}: the sample must set this record (not null)`,
  );
  const fromSchema = schema.fields!.map((f) => f.name);
  const fromType = Object.keys(value);
  const problems: string[] = [];
  for (const name of fromSchema)
    if (!fromType.includes(name)) problems.push(`${path}.${name} is in the schema but not the type`);
  for (const name of fromType)
    if (!fromSchema.includes(name)) problems.push(`${path}.${name} is in the type but not the schema`);
  for (const field of schema.fields!) {
    problems.push(
      ...fieldNamesDiffer(
        field.type,
        (value as Record<string, unknown>)[field.name],
        `${path}.${field.name}`,
        named,
      ),
    );
  }
  return problems;
}

const NEWEST = {
  'raw-play': sampleRawPlay() satisfies RawPlay,
  artist: sampleArtist() satisfies ArtistRecord,
  album: sampleAlbum() satisfies AlbumRecord,
  track: sampleTrack() satisfies TrackRecord,
  account: sampleAccount() satisfies AccountRecord,
  'play-fact': samplePlayFact() satisfies PlayFact,
} as const;

function readAvsc(
  subject: string,
  version: number,
): SchemaField & { namespace?: string; fields: SchemaField[] } {
  return JSON.parse(readFileSync(join(AVSC_DIRECTORY, `${subject}.v${version}.avsc`), 'utf8'));
}

describe('records.ts matches the newest .avsc of each record', () => {
  for (const [subject, sample] of Object.entries(NEWEST)) {
    it(subject, () => {
      const versions = SHIPPED_VERSIONS[subject as keyof typeof SHIPPED_VERSIONS];
      const newest = readAvsc(subject, Math.max(...versions));
      assert.deepEqual(fieldNamesDiffer(newest as SchemaNode, sample, subject, new Map()), []);
    });
  }
});

/**
 * A shipped .avsc is never edited, only succeeded. If one of these fails, put the file back and
 * add a new version instead; only a new version adds a line here.
 */
const SHIPPED_FINGERPRINTS: Record<string, string> = {
  'raw-play.v1': '37508990effbfada',
  'raw-play.v2': 'd8b98d09b8235bc2',
  'artist.v1': 'ca5a246bbf5767bd',
  'album.v1': '6a7c9a198d07e2d7',
  'track.v1': '6bce3445f6e965c1',
  'account.v1': 'fff795967505d01d',
  'play-fact.v1': 'ce2e0a1fba1f8886',
  'play-fact.v2': 'ec5fe430b84b6c82',
};

describe('shipped .avsc files', () => {
  const files = readdirSync(AVSC_DIRECTORY).filter((f) => f.endsWith('.avsc'));

  it('are exactly the versions the codecs load', () => {
    const loaded = Object.entries(SHIPPED_VERSIONS).flatMap(([subject, versions]) =>
      versions.map((v) => `${subject}.v${v}.avsc`),
    );
    assert.deepEqual([...files].sort(), [...loaded].sort());
  });

  it('keep the canonical form they shipped with', () => {
    const actual = Object.fromEntries(
      Object.entries(SHIPPED_VERSIONS).flatMap(([subject, versions]) =>
        versions.map((v) => [
          `${subject}.v${v}`,
          loadSchemaVersion(subject, v).fingerprint.toString(16).padStart(16, '0'),
        ]),
      ),
    );
    assert.deepEqual(actual, SHIPPED_FINGERPRINTS);
  });

  it('the codecs carry the same fingerprints', () => {
    assert.equal(codecs.rawPlay.writerFingerprint, SHIPPED_FINGERPRINTS['raw-play.v2']);
    assert.deepEqual(codecs.rawPlay.fingerprints, [
      SHIPPED_FINGERPRINTS['raw-play.v2'],
      SHIPPED_FINGERPRINTS['raw-play.v1'],
    ]);
    assert.equal(codecs.playFact.writerFingerprint, SHIPPED_FINGERPRINTS['play-fact.v2']);
    assert.deepEqual(codecs.playFact.fingerprints, [
      SHIPPED_FINGERPRINTS['play-fact.v2'],
      SHIPPED_FINGERPRINTS['play-fact.v1'],
    ]);
  });

  for (const file of files) {
    it(`${file} follows the conventions`, () => {
      const schema = JSON.parse(readFileSync(join(AVSC_DIRECTORY, file), 'utf8'));
      assert.equal(schema.type, 'record');
      assert.equal(schema.namespace, 'spotify.pipeline');
      const names = new Set<string>();
      const visit = (node: unknown, where: string): void => {
        if (Array.isArray(node)) {
          assert.equal(node.length, 2, `${where}: unions are ["null", T]`);
          assert.equal(node[0], 'null', `${where}: unions are ["null", T]`);
          visit(node[1], where);
          return;
        }
        if (node === null || typeof node !== 'object') return;
        const n = node as {
          type: unknown;
          name?: string;
          fields?: SchemaField[];
          items?: unknown;
          logicalType?: string;
        };
        if (n.name !== undefined) {
          assert.ok(!names.has(n.name), `${where}: the name ${n.name} is defined twice`);
          names.add(n.name);
          assert.ok(typeof (n as { doc?: unknown }).doc === 'string', `${where}: ${n.name} has a doc`);
        }
        if (n.type === 'long' && n.logicalType !== undefined) assert.equal(n.logicalType, 'timestamp-millis');
        for (const field of n.fields ?? []) {
          const at = `${where}.${field.name}`;
          assert.match(field.name, /^[a-z][a-z0-9_]*$/, `${at}: snake_case`);
          assert.ok(typeof field.doc === 'string' && field.doc.length > 10, `${at}: has a doc`);
          if (Array.isArray(field.type))
            assert.ok('default' in field && field.default === null, `${at}: nullable fields default to null`);
          else assert.ok(!('default' in field), `${at}: only nullable fields have defaults`);
          visit(field.type, at);
        }
        if (n.items !== undefined) visit(n.items, `${where}[]`);
        if (typeof n.type === 'object') visit(n.type, where);
      };
      visit(schema, file);
    });
  }

  it('v2 of RawPlay is v1 plus history and nothing else', () => {
    const v1 = readAvsc('raw-play', 1);
    const v2 = readAvsc('raw-play', 2);
    assert.deepEqual(v2.fields.slice(0, -1), v1.fields);
    assert.equal(v2.fields.at(-1)?.name, 'history');
    assert.equal(v2.fields.at(-1)?.default, null);
  });
});
