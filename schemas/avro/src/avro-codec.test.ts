import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AvroCodec } from './avro-codec.ts';
import { schemaFingerprint } from './fingerprint.ts';
import { parseSchema, type SchemaVersion } from './schema-file.ts';
import { singleObjectHeader } from './single-object.ts';

function version(n: number, fields: unknown[]): SchemaVersion {
  const type = parseSchema({ type: 'record', name: 'test.Thing', fields });
  return {
    subject: 'thing',
    version: n,
    file: `thing.v${n}.avsc`,
    type,
    fingerprint: schemaFingerprint(type),
  };
}

const V1 = version(1, [{ name: 'id', type: 'string' }]);
const V2 = version(2, [
  { name: 'id', type: 'string' },
  { name: 'note', type: ['null', 'string'], default: null },
]);

describe('AvroCodec', () => {
  it('refuses to be built without versions', () => {
    assert.throws(() => new AvroCodec('thing', []), /thing: needs at least one schema version/);
  });

  it('refuses two versions with the same canonical form', () => {
    assert.throws(
      () => new AvroCodec('thing', [V1, { ...V1, version: 2, file: 'thing.v2.avsc' }]),
      /thing: thing\.v\d\.avsc and thing\.v\d\.avsc have the same canonical form/,
    );
  });

  it('refuses a newest version that cannot read an older one, naming both files', () => {
    const v2 = version(2, [
      { name: 'id', type: 'string' },
      { name: 'required', type: 'string' },
    ]);
    assert.throws(() => new AvroCodec('thing', [V1, v2]), /thing\.v2\.avsc cannot read thing\.v1\.avsc/);
  });

  it('encodes with the newest version whatever order versions come in, and reads both', () => {
    const codec = new AvroCodec<{ id: string; note: string | null }>('thing', [V2, V1]);
    assert.equal(codec.version, 2);
    assert.deepStrictEqual(codec.decode(codec.encode({ id: 'x', note: 'n' })), { id: 'x', note: 'n' });
    const old = Buffer.concat([singleObjectHeader(V1.fingerprint), V1.type.toBuffer({ id: 'y' })]);
    assert.deepStrictEqual(codec.decode(old), { id: 'y', note: null });
  });

  it('decodes plain objects, not class instances', () => {
    const codec = new AvroCodec<{ id: string }>('thing', [V1]);
    const value = codec.decode(codec.encode({ id: 'x' }));
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepStrictEqual(structuredClone(value), { id: 'x' });
  });
});
