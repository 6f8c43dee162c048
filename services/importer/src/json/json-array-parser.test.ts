import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonArrayParser, readJsonArray } from './json-array-parser.ts';
import { JsonArraySyntaxError } from './json-array-syntax-error.ts';

const SAMPLE = [
  { ts: '2024-01-01T00:00:00Z', name: 'plain', n: 1 },
  {
    name: 'quote " and backslash \\ and slash /',
    braces: '{[}]',
    comma: 'a,b',
    nested: { deep: [1, { x: '}' }] },
  },
  { name: 'Ünïcödé 夜に駆ける حبيبي 👩‍🎤🏳️‍🌈', combining: 'Beyonce\u0301', control: 'tab\tnl\n' },
  'a string',
  42,
  null,
  [1, 2, [3]],
  { escaped: '\u0000\u001f\u2028', emoji: '🫶' },
];
// JSON.stringify never writes \uXXXX for printable characters; write some by hand as exports do.
const TEXT = ` \n[ ${SAMPLE.map((v) => JSON.stringify(v, null, 1)).join(' ,\n')},{"u":"\\u00e9\\ud83d\\ude00\\"\\\\"} ]\n`;
const EXPECTED = [...SAMPLE, { u: 'é😀"\\' }];

function parseAll(chunks: Uint8Array[]): unknown[] {
  const parser = new JsonArrayParser();
  const values = chunks.flatMap((chunk) => parser.write(chunk).map((e) => e.value));
  parser.end();
  return values;
}

describe('JsonArrayParser', () => {
  it('reads every element whole, however the bytes are split in two', () => {
    const bytes = Buffer.from(TEXT, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepEqual(
        parseAll([bytes.subarray(0, cut), bytes.subarray(cut)]),
        EXPECTED,
        `cut at byte ${cut}`,
      );
    }
  });

  it('reads one byte at a time (chunks end inside multi-byte characters)', () => {
    const bytes = Buffer.from(TEXT, 'utf8');
    assert.deepEqual(parseAll([...bytes].map((b) => Uint8Array.of(b))), EXPECTED);
  });

  it('gives each element its index and the byte offset where it ends', () => {
    const text = '[{"a":1}, {"b":2}]';
    const elements = new JsonArrayParser().write(Buffer.from(text));
    assert.deepEqual(
      elements.map((e) => [e.index, e.endOffset]),
      [
        [0, text.indexOf('}') + 1],
        [1, text.lastIndexOf('}') + 1],
      ],
    );
  });

  it('accepts an empty array and a byte order mark', () => {
    assert.deepEqual(parseAll([Buffer.from('\ufeff[ ]', 'utf8')]), []);
  });

  it('rejects what is not one JSON array, naming the byte', () => {
    const cases: [string, RegExp][] = [
      ['{"a":1}', /expected a JSON array.*byte 0/],
      ['', /empty input/],
      ['[{"a":1},', /truncated/],
      ['[{"a":1}', /truncated/],
      ['[{"a":"unterminated}]', /truncated/],
      ['[{"a":1},]', /trailing comma/],
      ['[,{"a":1}]', /missing element/],
      ['[{"a":1}] x', /unexpected data after the end/],
      ['[{"a":1}}]', /unbalanced/],
      ['[{"a":tru}]', /element 0 is not valid JSON at byte 1/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseAll([Buffer.from(text)]),
        (e: unknown) => e instanceof JsonArraySyntaxError && message.test(e.message),
        text,
      );
    }
  });

  it('reads a long stream element by element', async () => {
    const element = JSON.stringify({ ts: '2024-01-01T00:00:00Z', pad: 'x'.repeat(500) });
    async function* chunks() {
      yield Buffer.from('[');
      for (let i = 0; i < 20_000; i++) yield Buffer.from(i === 0 ? element : `,${element}`);
      yield Buffer.from(']');
    }
    let count = 0;
    for await (const e of readJsonArray(chunks())) {
      assert.equal((e.value as { pad: string }).pad.length, 500);
      count++;
    }
    assert.equal(count, 20_000);
  });
});
