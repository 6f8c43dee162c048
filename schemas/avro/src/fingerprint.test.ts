import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CRC64_AVRO_EMPTY,
  crc64Avro,
  fingerprintHex,
  parsingCanonicalForm,
  schemaFingerprint,
} from './fingerprint.ts';
import { parseSchema } from './schema-file.ts';

/**
 * From Apache Avro's share/test/data/schema-tests.txt, which Java's reference implementation
 * cross-checks: input schema, its Parsing Canonical Form, its fingerprint as a signed 64-bit decimal.
 */
const SPEC_VECTORS: readonly { input: unknown; canonical: string; fingerprint: string }[] = [
  { input: 'null', canonical: '"null"', fingerprint: '7195948357588979594' },
  { input: { type: 'null' }, canonical: '"null"', fingerprint: '7195948357588979594' },
  { input: 'boolean', canonical: '"boolean"', fingerprint: '-6970731678124411036' },
  { input: 'int', canonical: '"int"', fingerprint: '8247732601305521295' },
  { input: 'long', canonical: '"long"', fingerprint: '-3434872931120570953' },
  { input: 'float', canonical: '"float"', fingerprint: '5583340709985441680' },
  { input: 'double', canonical: '"double"', fingerprint: '-8181574048448539266' },
  { input: 'bytes', canonical: '"bytes"', fingerprint: '5746618253357095269' },
  { input: 'string', canonical: '"string"', fingerprint: '-8142146995180207161' },
  { input: ['int'], canonical: '["int"]', fingerprint: '-5232228896498058493' },
  { input: ['int', { type: 'boolean' }], canonical: '["int","boolean"]', fingerprint: '5392556393470105090' },
  {
    input: { fields: [], type: 'record', name: 'foo' },
    canonical: '{"name":"foo","type":"record","fields":[]}',
    fingerprint: '-4824392279771201922',
  },
  {
    input: { fields: [], type: 'record', name: 'foo', namespace: 'x.y' },
    canonical: '{"name":"x.y.foo","type":"record","fields":[]}',
    fingerprint: '5916914534497305771',
  },
  {
    input: { fields: [], type: 'record', name: 'a.b.foo', namespace: 'x.y' },
    canonical: '{"name":"a.b.foo","type":"record","fields":[]}',
    fingerprint: '-4616218487480524110',
  },
  {
    input: { fields: [], type: 'record', name: 'foo', doc: 'foo', aliases: ['foo', 'bar'] },
    canonical: '{"name":"foo","type":"record","fields":[]}',
    fingerprint: '-4824392279771201922',
  },
  {
    input: {
      fields: [
        { type: 'boolean', aliases: [], name: 'f1', default: true },
        { order: 'descending', name: 'f2', doc: 'Hello', type: 'int' },
      ],
      type: 'record',
      name: 'foo',
    },
    canonical:
      '{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"},{"name":"f2","type":"int"}]}',
    fingerprint: '-4860222112080293046',
  },
  {
    input: { namespace: 'x.y.z', type: 'enum', name: 'foo', doc: 'foo bar', symbols: ['A1', 'A2'] },
    canonical: '{"name":"x.y.z.foo","type":"enum","symbols":["A1","A2"]}',
    fingerprint: '-4448647247586288245',
  },
  {
    input: { namespace: 'x.y.z', type: 'fixed', name: 'foo', doc: 'foo bar', size: 32 },
    canonical: '{"name":"x.y.z.foo","type":"fixed","size":32}',
    fingerprint: '-3064184465700546786',
  },
  {
    input: { items: { type: 'null' }, type: 'array' },
    canonical: '{"type":"array","items":"null"}',
    fingerprint: '-589620603366471059',
  },
  {
    input: { values: 'string', type: 'map' },
    canonical: '{"type":"map","values":"string"}',
    fingerprint: '-8732877298790414990',
  },
  {
    input: {
      name: 'PigValue',
      type: 'record',
      fields: [{ name: 'value', type: ['null', 'int', 'long', 'PigValue'] }],
    },
    canonical:
      '{"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]}',
    fingerprint: '-1759257747318642341',
  },
];

describe('crc64Avro', () => {
  it("of the empty string is the spec's EMPTY seed", () => {
    assert.equal(crc64Avro(''), CRC64_AVRO_EMPTY);
    assert.equal(CRC64_AVRO_EMPTY, 0xc15d213aa4d7a795n);
  });

  it('matches the values other implementations print (goavro)', () => {
    assert.equal(fingerprintHex(crc64Avro('"int"')), '7275d51a3f395c8f');
    assert.equal(fingerprintHex(crc64Avro('"string"')), '8f014872634503c7');
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    assert.notEqual(crc64Avro('é'), crc64Avro('\u00e9'.normalize('NFD')));
    assert.equal(crc64Avro('é'), crc64Avro(Buffer.from([0xc3, 0xa9]).toString('utf8')));
  });
});

describe('parsingCanonicalForm and schemaFingerprint', () => {
  for (const vector of SPEC_VECTORS) {
    it(`match the spec for ${JSON.stringify(vector.input)}`, () => {
      const type = parseSchema(vector.input);
      assert.equal(parsingCanonicalForm(type), vector.canonical);
      assert.equal(schemaFingerprint(type), BigInt.asUintN(64, BigInt(vector.fingerprint)));
    });
  }

  it('strip logical types, as the spec requires', () => {
    const type = parseSchema({ type: 'long', logicalType: 'timestamp-millis' });
    assert.equal(parsingCanonicalForm(type), '"long"');
    assert.equal(schemaFingerprint(type), BigInt.asUintN(64, -3434872931120570953n));
  });
});

describe('fingerprintHex', () => {
  it('pads to 16 digits', () => {
    assert.equal(fingerprintHex(0x1fn), '000000000000001f');
  });
});
