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

// States as small integers: the scan below runs once per byte of a file of tens of MB.
const START = 0;
const BEFORE_ELEMENT = 1;
const AFTER_COMMA = 2;
const ELEMENT = 3;
const DONE = 4;
type State = typeof START | typeof BEFORE_ELEMENT | typeof AFTER_COMMA | typeof ELEMENT | typeof DONE;

/**
 * An incremental reader of one JSON array, fed chunks of bytes in any sizes, yielding each element
 * as soon as its last byte arrives. Only the element being read is buffered, so memory stays flat
 * however long the array is (Spotify's history files are tens of MB).
 *
 * It finds element boundaries by scanning bytes for the structural characters outside strings;
 * every structural character is ASCII and never part of a multi-byte UTF-8 sequence, so a chunk
 * may end anywhere, even inside a character. Each element is then handed to JSON.parse, which
 * does the full validation (escapes, numbers, unicode).
 *
 * The scan keeps its state in locals and jumps over string contents with indexOf (a native search):
 * kept in fields and read byte by byte, it took about as long as inflating and JSON.parse together.
 */
export class JsonArrayParser {
  #state: State = START;
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
    const length = buffer.length;
    let state = this.#state;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    let elementStart = state === ELEMENT ? 0 : -1;
    let i = this.#pending.length;
    /** Where the next backslash at or after i is (length: none), once searched for. */
    let nextBackslash = -1;
    while (i < length) {
      if (state === ELEMENT) {
        if (inString) {
          if (escaped) {
            escaped = false;
            i += 1;
            continue;
          }
          // Skip to the next quote or backslash: nothing else inside a string matters here. The
          // next backslash is searched for again only once passed (most strings have none), so
          // the buffer is not searched to its end for every string.
          const quote = buffer.indexOf(QUOTE, i);
          if (nextBackslash < i) nextBackslash = buffer.indexOf(BACKSLASH, i);
          if (nextBackslash === -1) nextBackslash = length;
          const stop = quote === -1 ? nextBackslash : Math.min(quote, nextBackslash);
          if (stop >= length) {
            i = length;
            break;
          }
          if (stop === nextBackslash) escaped = true;
          else inString = false;
          i = stop + 1;
          continue;
        }
        const b = buffer[i]!;
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && depth > 0) depth--;
        else if (depth === 0 && (b === COMMA || b === CLOSE_BRACKET || b === CLOSE_BRACE)) {
          if (b === CLOSE_BRACE) throw this.#error('unbalanced "}"', base + i);
          out.push(this.#parse(buffer.subarray(elementStart, i), base + elementStart));
          state = b === COMMA ? AFTER_COMMA : DONE;
          elementStart = -1;
        }
        i += 1;
        continue;
      }
      const b = buffer[i]!;
      if (state === START) {
        // A UTF-8 byte order mark, which some editors add when a file is saved again.
        if (!isSpace(b) && !(base + i < 3 && (b === 0xef || b === 0xbb || b === 0xbf))) {
          if (b !== OPEN_BRACKET) throw this.#error('expected a JSON array ("[")', base + i);
          state = BEFORE_ELEMENT;
        }
      } else if (state === BEFORE_ELEMENT || state === AFTER_COMMA) {
        if (!isSpace(b)) {
          if (b === CLOSE_BRACKET) {
            if (state === AFTER_COMMA) throw this.#error('trailing comma before "]"', base + i);
            state = DONE;
          } else {
            if (b === COMMA) throw this.#error('missing element before ","', base + i);
            state = ELEMENT;
            depth = 0;
            inString = false;
            escaped = false;
            elementStart = i;
            continue; // read this byte again as the element's first
          }
        }
      } else if (!isSpace(b)) {
        throw this.#error('unexpected data after the end of the array', base + i);
      }
      i += 1;
    }
    this.#state = state;
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    this.#offset = base + length;
    if (state === ELEMENT && elementStart >= 0) {
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
    if (this.#state !== DONE) {
      throw this.#error(
        this.#state === START ? 'empty input, expected a JSON array' : 'truncated: the array is not closed',
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
