import { JsonArraySyntaxError } from './json-array-syntax-error.ts';

/** One element of the array, parsed, with where it ended so progress can be told in bytes. */
export interface JsonArrayElement {
  readonly value: unknown;
  /** 0-based position in the array. */
  readonly index: number;
  /** Byte offset just after the element's last byte. */
  readonly endOffset: number;
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

type State = 'start' | 'before-element' | 'after-comma' | 'element' | 'done';

/**
 * An incremental reader of one JSON array, fed chunks of bytes in any sizes, yielding each element
 * as soon as its last byte arrives. Only the element being read is buffered, so memory stays flat
 * however long the array is (Spotify's history files are tens of MB).
 *
 * It finds element boundaries by scanning bytes for the structural characters outside strings;
 * every structural character is ASCII and never part of a multi-byte UTF-8 sequence, so a chunk
 * may end anywhere, even inside a character. Each element is then handed to JSON.parse, which
 * does the full validation (escapes, numbers, unicode).
 */
export class JsonArrayParser {
  #state: State = 'start';
  /** Bytes of the element being read (from its first byte), possibly spanning chunks. */
  #pending: Buffer = Buffer.alloc(0);
  /** File offset of #pending[0]. */
  #pendingOffset = 0;
  /** File offset of the next byte to be fed. */
  #offset = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;
  #index = 0;

  /** Feeds the next bytes; returns the elements they complete, in order. */
  write(chunk: Uint8Array): JsonArrayElement[] {
    const out: JsonArrayElement[] = [];
    const buffer = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : Buffer.from(chunk);
    const base = this.#pending.length > 0 ? this.#pendingOffset : this.#offset;
    let elementStart = this.#state === 'element' ? 0 : -1;
    let i = this.#pending.length;
    for (; i < buffer.length; i++) {
      const b = buffer[i]!;
      switch (this.#state) {
        case 'start':
          if (isSpace(b)) break;
          // A UTF-8 byte order mark, which some editors add when a file is saved again.
          if (base + i < 3 && (b === 0xef || b === 0xbb || b === 0xbf)) break;
          if (b !== OPEN_BRACKET) throw this.#error('expected a JSON array ("[")', base + i);
          this.#state = 'before-element';
          break;
        case 'before-element':
        case 'after-comma':
          if (isSpace(b)) break;
          if (b === CLOSE_BRACKET) {
            if (this.#state === 'after-comma') throw this.#error('trailing comma before "]"', base + i);
            this.#state = 'done';
            break;
          }
          if (b === COMMA) throw this.#error('missing element before ","', base + i);
          this.#state = 'element';
          this.#depth = 0;
          this.#inString = false;
          this.#escaped = false;
          elementStart = i;
          i -= 1; // read this byte again as the element's first
          break;
        case 'element': {
          if (this.#inString) {
            if (this.#escaped) this.#escaped = false;
            else if (b === BACKSLASH) this.#escaped = true;
            else if (b === QUOTE) this.#inString = false;
            break;
          }
          if (b === QUOTE) this.#inString = true;
          else if (b === OPEN_BRACE || b === OPEN_BRACKET) this.#depth++;
          else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && this.#depth > 0) this.#depth--;
          else if (this.#depth === 0 && (b === COMMA || b === CLOSE_BRACKET || b === CLOSE_BRACE)) {
            if (b === CLOSE_BRACE) throw this.#error('unbalanced "}"', base + i);
            out.push(this.#parse(buffer.subarray(elementStart, i), base + elementStart));
            this.#state = b === COMMA ? 'after-comma' : 'done';
            elementStart = -1;
          }
          break;
        }
        case 'done':
          if (!isSpace(b)) throw this.#error('unexpected data after the end of the array', base + i);
          break;
      }
    }
    this.#offset = base + buffer.length;
    if (this.#state === 'element' && elementStart >= 0) {
      // Copy, so the (large) chunk the element started in can be garbage-collected.
      this.#pending = Buffer.from(buffer.subarray(elementStart));
      this.#pendingOffset = base + elementStart;
    } else {
      this.#pending = Buffer.alloc(0);
      this.#pendingOffset = this.#offset;
    }
    return out;
  }

  /** Says the input is complete; throws if the array was not closed. */
  end(): void {
    if (this.#state !== 'done') {
      throw this.#error(
        this.#state === 'start' ? 'empty input, expected a JSON array' : 'truncated: the array is not closed',
        this.#offset,
      );
    }
  }

  /** Bytes fed so far. */
  get offset(): number {
    return this.#offset;
  }

  #parse(bytes: Buffer, offset: number): JsonArrayElement {
    const text = bytes.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.#error(`element ${this.#index} is not valid JSON`, offset, error);
    }
    return { value, index: this.#index++, endOffset: offset + bytes.length };
  }

  #error(message: string, offset: number, cause?: unknown): JsonArraySyntaxError {
    return new JsonArraySyntaxError(message, offset, cause === undefined ? {} : { cause });
  }
}

/** Reads a byte stream holding one JSON array, one element at a time. */
export async function* readJsonArray(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<JsonArrayElement> {
  const parser = new JsonArrayParser();
  for await (const chunk of bytes) yield* parser.write(chunk);
  parser.end();
}
