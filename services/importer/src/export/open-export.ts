import type { Stats } from 'node:fs';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { classifyExportFile } from './classify-file.ts';
import type { ExportFile } from './export-file.ts';
import { ExportReadError } from './export-read-error.ts';
import { openZipArchive } from './zip-archive.ts';

/** A path given to the import does not exist (or cannot be looked at): a user error, nothing read. */
export class MissingInputError extends ExportReadError {
  constructor(path: string) {
    // One line for a person: the path and what is wrong with it, not the system call's wording.
    super('no such file or folder', path, null);
    this.name = 'MissingInputError';
  }
}

/** Every history file under the paths given, sorted by name, and what could not even be listed. */
export interface OpenedExport {
  readonly files: readonly ExportFile[];
  /** Files that are not listening history (Userdata.json, Playlist1.json, ...). */
  readonly ignored: readonly string[];
  /** Zips whose directory is unreadable: nothing in them can be imported. */
  readonly failures: readonly ExportReadError[];
  /** What the inputs are, for the checkpoint's key: absolute paths and sizes. */
  readonly fingerprint: readonly { path: string; size: number }[];
  close(): void;
}

function diskFile(
  path: string,
  size: number,
  kind: NonNullable<ReturnType<typeof classifyExportFile>>,
): ExportFile {
  return {
    name: path,
    path,
    entry: null,
    kind,
    size,
    open: async () => {
      const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
      // Surface "cannot open" here rather than in the middle of the read loop.
      await new Promise<void>((ok, fail) => {
        stream.once('open', () => ok());
        stream.once('error', (error) =>
          fail(new ExportReadError('cannot read the file', path, null, { cause: error })),
        );
      });
      return stream;
    },
  };
}

/**
 * Opens what a person points the import at: Spotify's zip, the folder it unpacked to (searched
 * recursively, zips inside included), or single files. A single file with an unusual name is still
 * read (its first entry tells its format); inside folders and zips, names decide.
 */
export async function openExport(paths: readonly string[]): Promise<OpenedExport> {
  if (paths.length === 0) throw new ExportReadError('no input given', '(none)', null);
  const files: ExportFile[] = [];
  const ignored: string[] = [];
  const failures: ExportReadError[] = [];
  const fingerprint: { path: string; size: number }[] = [];
  const zips: { close(): void }[] = [];

  const addZip = async (path: string) => {
    try {
      const zip = await openZipArchive(path);
      zips.push(zip);
      files.push(...zip.files);
      ignored.push(...zip.ignored);
    } catch (error) {
      failures.push(
        error instanceof ExportReadError
          ? error
          : new ExportReadError('cannot read', path, null, { cause: error }),
      );
    }
  };

  // Every path is checked before any is read: a typo stops the import before anything is published.
  const infos = new Map<string, Stats>();
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (info === null) throw new MissingInputError(path);
    infos.set(path, info);
  }
  for (const given of paths) {
    const path = resolve(given);
    const info = infos.get(path)!;
    if (info.isDirectory()) {
      const names = (await readdir(path, { recursive: true })).sort();
      for (const name of names) {
        const full = join(path, name);
        const fileInfo = await stat(full);
        if (!fileInfo.isFile()) continue;
        fingerprint.push({ path: full, size: fileInfo.size });
        if (/\.zip$/i.test(name)) await addZip(full);
        else {
          const kind = classifyExportFile(basename(name));
          if (kind === null) ignored.push(full);
          else files.push(diskFile(full, fileInfo.size, kind));
        }
      }
    } else {
      fingerprint.push({ path, size: info.size });
      if (/\.zip$/i.test(path)) await addZip(path);
      else
        files.push(
          diskFile(
            path,
            info.size,
            classifyExportFile(basename(path)) ?? { format: 'auto', content: 'audio' },
          ),
        );
    }
  }
  const unique = [...new Map(files.map((f) => [f.name, f])).values()].sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  return {
    files: unique,
    ignored,
    failures,
    fingerprint: fingerprint.sort((a, b) => (a.path < b.path ? -1 : 1)),
    close: () => {
      for (const zip of zips) zip.close();
    },
  };
}
