import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { accountDataEntry, type ExportPlay, extendedEntry } from './export-play.ts';
import { type ZipEntryInfo, ZipWriter } from './zip-writer.ts';

export type ExportFormatName = 'extended' | 'account-data';

export interface ExportWriterOptions {
  /** A `.zip` path (layout `zip`) or a folder (layout `folder`). */
  readonly out: string;
  readonly layout: 'zip' | 'folder';
  readonly formats: readonly ExportFormatName[];
  /** Entries per file; Spotify splits its files at roughly 12 MB (about 15,000 plays). */
  readonly entriesPerFile?: number;
  /**
   * Where else a file ends: a new file of a kind starts before its entry at each of these indexes
   * (counted per kind from 0), as a later export of the same history may split it elsewhere.
   */
  readonly fileStarts?: readonly number[];
  /** The number in the n-th file's name of each kind (default n): files named out of time order. */
  readonly fileNumbers?: readonly number[];
  /**
   * Account data as exports before 2023 wrote it: podcast episodes in the music files
   * (StreamingHistory_music_<n>.json, show as artistName, episode as trackName), with nothing that
   * marks them as episodes. Default false: episodes in StreamingHistory_podcast_<n>.json.
   */
  readonly podcastsInMusicFiles?: boolean;
}

export interface WrittenExport {
  readonly out: string;
  /** File names (inside the zip, or relative to the folder). */
  readonly files: readonly string[];
  /** Entries written per format. */
  readonly entries: Readonly<Record<ExportFormatName, number>>;
  /** Where each entry is in the zip (layout `zip` only). */
  readonly zipEntries: readonly ZipEntryInfo[];
}

const EXTENDED_DIR = 'Spotify Extended Streaming History';
const ACCOUNT_DIR = 'Spotify Account Data';

/**
 * Writes plays, in time order, as Spotify's export files: extended history split by count into
 * Streaming_History_Audio_<years>_<n>.json (videos into Streaming_History_Video_*), and account
 * data into StreamingHistory_music_<n>.json and StreamingHistory_podcast_<n>.json. Only one file
 * per kind is held in memory at a time.
 */
export class ExportWriter {
  readonly #options: ExportWriterOptions;
  readonly #perFile: number;
  readonly #pending = new Map<
    string,
    { entries: Record<string, unknown>[]; firstYear: number; lastYear: number; n: number; written: number }
  >();
  readonly #fileStarts: ReadonlySet<number>;
  readonly #files: string[] = [];
  readonly #entries: Record<ExportFormatName, number> = { extended: 0, 'account-data': 0 };
  #zip: ZipWriter | undefined;
  #ipIndex = 0;
  #closed: Promise<WrittenExport> | undefined;

  private constructor(options: ExportWriterOptions) {
    this.#options = options;
    this.#perFile = options.entriesPerFile ?? 15_000;
    this.#fileStarts = new Set(options.fileStarts ?? []);
    if (!Number.isInteger(this.#perFile) || this.#perFile < 1) {
      throw new RangeError(`entriesPerFile must be an integer >= 1, got ${options.entriesPerFile}`);
    }
  }

  static async create(options: ExportWriterOptions): Promise<ExportWriter> {
    const writer = new ExportWriter(options);
    if (options.layout === 'zip') {
      await mkdir(dirname(options.out), { recursive: true });
      writer.#zip = await ZipWriter.create(options.out);
    } else await mkdir(options.out, { recursive: true });
    return writer;
  }

  async add(play: ExportPlay): Promise<void> {
    if (this.#closed) throw new Error('ExportWriter is closed');
    const year = new Date(play.endMs).getUTCFullYear();
    if (this.#options.formats.includes('extended')) {
      const kind = play.kind === 'video' ? 'Video' : 'Audio';
      await this.#push(`extended-${kind}`, extendedEntry(play, this.#ipIndex++), year);
      this.#entries.extended += 1;
    }
    if (
      this.#options.formats.includes('account-data') &&
      play.kind !== 'video' &&
      play.kind !== 'audiobook'
    ) {
      await this.#push(
        play.kind === 'episode' && !this.#options.podcastsInMusicFiles ? 'account-podcast' : 'account-music',
        accountDataEntry(play),
        year,
      );
      this.#entries['account-data'] += 1;
    }
  }

  close(): Promise<WrittenExport> {
    this.#closed ??= (async () => {
      for (const key of [...this.#pending.keys()]) await this.#flush(key);
      const zipEntries = this.#zip ? await this.#zip.close() : [];
      return { out: this.#options.out, files: this.#files, entries: { ...this.#entries }, zipEntries };
    })();
    return this.#closed;
  }

  async #push(key: string, entry: Record<string, unknown>, year: number): Promise<void> {
    let file = this.#pending.get(key);
    if (!file) {
      file = { entries: [], firstYear: year, lastYear: year, n: 0, written: 0 };
      this.#pending.set(key, file);
    }
    if (file.entries.length > 0 && this.#fileStarts.has(file.written)) await this.#flush(key);
    if (file.entries.length === 0) file.firstYear = year;
    file.entries.push(entry);
    file.written += 1;
    file.lastYear = year;
    if (file.entries.length >= this.#perFile) await this.#flush(key);
  }

  async #flush(key: string): Promise<void> {
    const file = this.#pending.get(key);
    if (!file || file.entries.length === 0) return;
    const years =
      file.firstYear === file.lastYear ? `${file.firstYear}` : `${file.firstYear}-${file.lastYear}`;
    const n = this.#options.fileNumbers?.[file.n] ?? file.n;
    const name =
      key === 'extended-Audio' || key === 'extended-Video'
        ? `${EXTENDED_DIR}/Streaming_History_${key.slice(9)}_${years}_${n}.json`
        : `${ACCOUNT_DIR}/StreamingHistory_${key === 'account-podcast' ? 'podcast' : 'music'}_${n}.json`;
    const entries = file.entries;
    file.entries = [];
    file.n += 1;
    // Spotify writes one entry per line; the bytes are produced a slice at a time.
    function* chunks() {
      yield Buffer.from('[\n');
      for (let i = 0; i < entries.length; i += 500) {
        const part = entries.slice(i, i + 500).map((e) => `  ${JSON.stringify(e)}`);
        yield Buffer.from(part.join(',\n') + (i + 500 < entries.length ? ',\n' : '\n'), 'utf8');
      }
      yield Buffer.from(']\n');
    }
    if (this.#zip) await this.#zip.add(name, chunks());
    else {
      const path = join(this.#options.out, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, chunks());
    }
    this.#files.push(name);
  }
}
