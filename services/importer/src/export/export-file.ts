import type { ExportFileKind } from './classify-file.ts';

/** One history file of an export, on disk or inside a zip, opened only when it is read. */
export interface ExportFile {
  /** Unique within an import and stable across runs: the path, or `zip path!entry name`. */
  readonly name: string;
  /** The path on disk (the zip, for an entry). */
  readonly path: string;
  /** The entry inside the zip, or null. */
  readonly entry: string | null;
  readonly kind: ExportFileKind;
  /** Uncompressed size in bytes, for progress. */
  readonly size: number;
  /** A fresh stream of the file's bytes from its start. */
  open(): Promise<AsyncIterable<Uint8Array>>;
}
