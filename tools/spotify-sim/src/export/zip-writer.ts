import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

/** Where an entry's bytes are in the finished zip (tests corrupt entries on purpose). */
export interface ZipEntryInfo {
  readonly name: string;
  readonly headerOffset: number;
  readonly dataOffset: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly method: 'deflate' | 'store';
}

const FLAGS = 0x0808; // bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8
// 2024-01-01 00:00 in MS-DOS form; a fixed time keeps the same seed's zip byte-identical.
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

/**
 * Writes a zip file entry by entry, streaming: each entry's bytes go to disk as they come and its
 * CRC and sizes follow in a data descriptor, so no entry is ever held whole in memory. No zip64:
 * entries and the archive must stay under 4 GiB, which a listening history does.
 */
export class ZipWriter {
  readonly #handle: FileHandle;
  readonly #entries: ZipEntryInfo[] = [];
  #offset = 0;
  #crcs = new Map<string, number>();
  #closed: Promise<readonly ZipEntryInfo[]> | undefined;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  static async create(path: string): Promise<ZipWriter> {
    return new ZipWriter(await open(path, 'w'));
  }

  async add(
    name: string,
    content: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    { method = 'deflate' }: { method?: 'deflate' | 'store' } = {},
  ): Promise<void> {
    if (this.#closed) throw new Error('ZipWriter is closed');
    if (this.#crcs.has(name)) throw new Error(`zip entry ${name} is already written`);
    const nameBytes = Buffer.from(name, 'utf8');
    const headerOffset = this.#offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(method === 'deflate' ? 8 : 0, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    await this.#write(Buffer.concat([header, nameBytes]));
    const dataOffset = this.#offset;
    let crc = 0;
    let uncompressedSize = 0;
    async function* counted() {
      for await (const chunk of content) {
        crc = crc32(chunk, crc);
        uncompressedSize += chunk.length;
        yield chunk;
      }
    }
    const body =
      method === 'deflate' ? Readable.from(counted()).pipe(createDeflateRaw({ level: 6 })) : counted();
    for await (const chunk of body) await this.#write(chunk as Uint8Array);
    const compressedSize = this.#offset - dataOffset;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(uncompressedSize, 12);
    await this.#write(descriptor);
    this.#crcs.set(name, crc >>> 0);
    this.#entries.push({ name, headerOffset, dataOffset, compressedSize, uncompressedSize, method });
  }

  /** Writes the central directory and closes the file; idempotent. */
  close(): Promise<readonly ZipEntryInfo[]> {
    this.#closed ??= this.#finish();
    return this.#closed;
  }

  async #finish(): Promise<readonly ZipEntryInfo[]> {
    try {
      const directoryOffset = this.#offset;
      for (const entry of this.#entries) {
        const nameBytes = Buffer.from(entry.name, 'utf8');
        const record = Buffer.alloc(46);
        record.writeUInt32LE(0x02014b50, 0);
        record.writeUInt16LE(20, 4);
        record.writeUInt16LE(20, 6);
        record.writeUInt16LE(FLAGS, 8);
        record.writeUInt16LE(entry.method === 'deflate' ? 8 : 0, 10);
        record.writeUInt16LE(DOS_TIME, 12);
        record.writeUInt16LE(DOS_DATE, 14);
        record.writeUInt32LE(this.#crcs.get(entry.name)!, 16);
        record.writeUInt32LE(entry.compressedSize, 20);
        record.writeUInt32LE(entry.uncompressedSize, 24);
        record.writeUInt16LE(nameBytes.length, 28);
        record.writeUInt32LE(entry.headerOffset, 42);
        await this.#write(Buffer.concat([record, nameBytes]));
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(this.#entries.length, 8);
      end.writeUInt16LE(this.#entries.length, 10);
      end.writeUInt32LE(this.#offset - directoryOffset, 12);
      end.writeUInt32LE(directoryOffset, 16);
      await this.#write(end);
      return this.#entries;
    } finally {
      await this.#handle.close();
    }
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.#handle.write(
        bytes,
        written,
        bytes.length - written,
        this.#offset + written,
      );
      written += bytesWritten;
    }
    this.#offset += bytes.length;
  }
}
