import { dirname } from 'node:path';
import {
  type MapOptions,
  type MappedEntry,
  mapExportPlay,
  type Resolution,
  SKIP_REASONS,
  type SkipReason,
} from '../map-export-play.ts';
import type { EncodedTail, RawPlayFragments } from '../publish/raw-play-fragments.ts';
import { readExportEntries } from '../read-export-entries.ts';
import { type ExportFormat, sniffFormat } from './classify-file.ts';
import type { ExportFile } from './export-file.ts';
import { ExportReadError } from './export-read-error.ts';
import { ListenPlanner, type PlannedListen, positionKey } from './listen-identity.ts';

/** What one entry turned out to be, as a small integer per entry. */
const NOT_A_PLAY = 0;
/** SKIP_BASE + the index of the reason in SKIP_REASONS. */
const SKIP_BASE = 1;
/** PLAY_BASE + the index of the resolution in RESOLUTIONS: a play, encoded. */
const PLAY_BASE = 16;
/** A play the RawPlay contract refuses (its detail is kept). */
const REFUSED = 32;

const RESOLUTIONS: readonly Resolution[] = ['needs-enrichment', 'unresolved', 'local'];
const NOT_A_PLAY_DETAIL = 'neither extended nor account-data history';

/** One entry of a scanned file, as the publishing pass needs it. */
export type ScannedEntry =
  | { readonly kind: 'skipped'; readonly reason: SkipReason; readonly detail: string | null }
  | { readonly kind: 'not-a-play'; readonly detail: string }
  | { readonly kind: 'refused'; readonly detail: string }
  | { readonly kind: 'play'; readonly resolution: Resolution };

const CHUNK_BYTES = 1 << 20;

/** A growable column of numbers. */
class Column<T extends Int32Array | Float64Array> {
  #values: T;
  readonly #make: (length: number) => T;
  length = 0;

  constructor(make: (length: number) => T) {
    this.#make = make;
    this.#values = make(1024);
  }

  push(value: number): void {
    if (this.length === this.#values.length) {
      const grown = this.#make(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.length++] = value;
  }

  at(i: number): number {
    return this.#values[i]!;
  }
}

/**
 * What reading one export file once learned of each of its entries from `resumeFrom` on: what it
 * is (a play, or why it is skipped), where it ends in the file, and for a play its track and
 * history already encoded (see RawPlayFragments), kept in large shared buffers rather than as an
 * object per play. The publishing pass walks this instead of reading and parsing the file again.
 */
export class ScannedFile {
  readonly file: ExportFile;
  /** The file's position in the sorted file list (its plays' position keys start there). */
  readonly fileIndex: number;
  /** Entries before this were handled by an earlier run: planned, not kept. */
  readonly resumeFrom: number;
  /** Entries read, those before resumeFrom included. */
  entries = 0;
  /** Byte offset just after the last entry read. */
  lastEndOffset = 0;
  /** Why the file could not be read to its end, or null. */
  failure: ExportReadError | null = null;

  readonly #outcome = new Column((n) => new Int32Array(n));
  readonly #endOffset = new Column((n) => new Float64Array(n));
  readonly #chunk = new Column((n) => new Int32Array(n));
  readonly #start = new Column((n) => new Int32Array(n));
  readonly #length = new Column((n) => new Int32Array(n));
  readonly #historyAt = new Column((n) => new Int32Array(n));
  readonly #chunks: Buffer[] = [];
  #used = CHUNK_BYTES;
  readonly #details = new Map<number, string>();

  constructor(file: ExportFile, fileIndex: number, resumeFrom: number) {
    this.file = file;
    this.fileIndex = fileIndex;
    this.resumeFrom = resumeFrom;
  }

  /** Entries kept (from resumeFrom on). */
  get kept(): number {
    return this.#outcome.length;
  }

  /** The kept entry `index` (counted from the file's start, so >= resumeFrom). */
  entry(index: number): ScannedEntry {
    const i = index - this.resumeFrom;
    const outcome = this.#outcome.at(i);
    if (outcome >= REFUSED) return { kind: 'refused', detail: this.#details.get(index)! };
    if (outcome >= PLAY_BASE) return { kind: 'play', resolution: RESOLUTIONS[outcome - PLAY_BASE]! };
    if (outcome === NOT_A_PLAY) return { kind: 'not-a-play', detail: NOT_A_PLAY_DETAIL };
    return {
      kind: 'skipped',
      reason: SKIP_REASONS[outcome - SKIP_BASE]!,
      detail: this.#details.get(index) ?? null,
    };
  }

  /** Byte offset just after the kept entry `index`. */
  endOffset(index: number): number {
    return this.#endOffset.at(index - this.resumeFrom);
  }

  /** The encoded track of the play at `index`, and its encoded history. */
  tail(index: number): { track: Buffer; history: Buffer } {
    const i = index - this.resumeFrom;
    const chunk = this.#chunks[this.#chunk.at(i)]!;
    const start = this.#start.at(i);
    const historyAt = start + this.#historyAt.at(i);
    return {
      track: chunk.subarray(start, historyAt),
      history: chunk.subarray(historyAt, start + this.#length.at(i)),
    };
  }

  /** Lets the kept entries go (after publishing them). */
  release(): void {
    this.#chunks.length = 0;
    this.#details.clear();
  }

  addSkipped(endOffset: number, reason: SkipReason, detail: string | null): void {
    if (detail !== null) this.#details.set(this.resumeFrom + this.kept, detail);
    this.#add(endOffset, SKIP_BASE + SKIP_REASONS.indexOf(reason));
  }

  addNotAPlay(endOffset: number): void {
    this.#add(endOffset, NOT_A_PLAY);
  }

  addRefused(endOffset: number, detail: string): void {
    this.#details.set(this.resumeFrom + this.kept, detail);
    this.#add(endOffset, REFUSED);
  }

  addPlay(endOffset: number, resolution: Resolution, tail: EncodedTail): void {
    const { bytes } = tail;
    if (this.#used + bytes.length > (this.#chunks.at(-1)?.length ?? 0)) {
      this.#chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, bytes.length)));
      this.#used = 0;
    }
    bytes.copy(this.#chunks.at(-1)!, this.#used);
    this.#chunk.push(this.#chunks.length - 1);
    this.#start.push(this.#used);
    this.#length.push(bytes.length);
    this.#historyAt.push(tail.historyAt);
    this.#used += bytes.length;
    this.#add(endOffset, PLAY_BASE + RESOLUTIONS.indexOf(resolution));
  }

  #add(endOffset: number, outcome: number): void {
    // Entries that are not plays take no room in the tail columns: keep them aligned anyway.
    if (outcome < PLAY_BASE || outcome >= REFUSED) {
      this.#chunk.push(-1);
      this.#start.push(0);
      this.#length.push(0);
      this.#historyAt.push(0);
    }
    this.#outcome.push(outcome);
    this.#endOffset.push(endOffset);
  }
}

export interface ScanOptions {
  /** Every file of the export, sorted (a listen's key depends on all of them). */
  readonly files: readonly ExportFile[];
  /** Where this run starts in each file; null for a file an earlier run finished. */
  readonly resumeFrom: (file: ExportFile) => number | null;
  readonly mapOptions: MapOptions;
  readonly fragments: RawPlayFragments;
  /** Detail texts of malformed entries kept, at most (the summary shows the first few). */
  readonly malformedDetails: number;
  readonly signal?: AbortSignal | undefined;
}

export interface ExportScan {
  /** The files this run publishes from, in order. */
  readonly files: readonly ScannedFile[];
  /** Each published entry's key (see listen-identity.ts), by positionKey. */
  readonly plan: Map<number, PlannedListen>;
}

/**
 * Reads every file of the export once: plans every listen's key from the whole export (see
 * listen-identity.ts: no file boundary, file order or resumed run changes it), and keeps what the
 * publishing pass needs of each entry this run publishes, mapped and encoded. A file that breaks is
 * planned and kept up to the break, with the error. Returns null if the signal is aborted first.
 */
export async function scanExport(options: ScanOptions): Promise<ExportScan | null> {
  const { mapOptions, fragments, signal } = options;
  const unfiltered: MapOptions = { ...mapOptions, minPlayMs: 0, skipIncognito: false };
  const planner = new ListenPlanner();
  const scanned: ScannedFile[] = [];
  let detailsLeft = options.malformedDetails;
  for (const [index, file] of options.files.entries()) {
    const resumeFrom = options.resumeFrom(file);
    const audio = file.kind.content === 'audio';
    // Done earlier: read only to plan, and only audio files take part in the plan.
    if (resumeFrom === null && !audio) continue;
    const scan = resumeFrom === null ? null : new ScannedFile(file, index, resumeFrom);
    if (scan) scanned.push(scan);
    const container = file.entry === null ? dirname(file.path) : file.path;
    let format: ExportFormat | null = file.kind.format === 'auto' ? null : file.kind.format;
    try {
      for await (const element of readExportEntries(file)) {
        if (signal?.aborted) return null;
        format ??= sniffFormat(element.value);
        if (scan) {
          scan.entries = element.index + 1;
          scan.lastEndOffset = element.endOffset;
        }
        let mapped: MappedEntry | null = null;
        if (scan && element.index >= scan.resumeFrom) {
          if (format === null) {
            scan.addNotAPlay(element.endOffset);
            continue;
          }
          mapped = mapExportPlay(element.value, format, file.kind, mapOptions);
          if (mapped.ok) {
            const tail = fragments.encodeTail(mapped.play);
            if (typeof tail === 'string') scan.addRefused(element.endOffset, tail);
            else scan.addPlay(element.endOffset, mapped.resolution, tail);
          } else {
            const keep = mapped.reason === 'malformed' && detailsLeft > 0;
            if (keep) detailsLeft -= 1;
            scan.addSkipped(element.endOffset, mapped.reason, keep ? mapped.detail : null);
            // Filtered out by this run's options, yet a listen: planned as one.
            if (mapped.reason === 'under-minimum-play-time' || mapped.reason === 'incognito') mapped = null;
          }
        }
        if (!audio || format === null) continue;
        mapped ??= mapExportPlay(element.value, format, file.kind, unfiltered);
        if (mapped.ok) planner.add(positionKey(index, element.index), container, format, mapped.play);
      }
    } catch (error) {
      if (!(error instanceof ExportReadError)) throw error;
      if (scan) scan.failure = error;
    }
  }
  if (signal?.aborted) return null;
  return { files: scanned, plan: planner.plan() };
}
