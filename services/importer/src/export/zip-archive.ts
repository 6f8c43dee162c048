import { basename } from 'node:path';
import yauzl from 'yauzl';
import { classifyExportFile } from './classify-file.ts';
import type { ExportFile } from './export-file.ts';
import { ExportReadError } from './export-read-error.ts';

export interface ZipArchive {
  /** The history files in the zip, by entry name; other entries are listed in `ignored`. */
  readonly files: readonly ExportFile[];
  readonly ignored: readonly string[];
  close(): void;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/**
 * Opens a zip (Spotify's `my_spotify_data.zip` or any zip holding the files) and lists its entries
 * from the central directory without reading them; each entry is decompressed only when opened,
 * as a stream. A corrupt entry fails when it is read, naming the zip and the entry.
 */
export async function openZipArchive(path: string): Promise<ZipArchive> {
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await openZip(path);
  } catch (error) {
    throw new ExportReadError('cannot open the zip', path, null, { cause: error });
  }
  try {
    entries = await listEntries(zip);
  } catch (error) {
    zip.close();
    throw new ExportReadError('cannot read the zip directory', path, null, { cause: error });
  }
  const files: ExportFile[] = [];
  const ignored: string[] = [];
  for (const entry of entries) {
    if (entry.fileName.endsWith('/')) continue;
    const kind = classifyExportFile(basename(entry.fileName));
    if (kind === null) {
      ignored.push(`${path}!${entry.fileName}`);
      continue;
    }
    files.push({
      name: `${path}!${entry.fileName}`,
      path,
      entry: entry.fileName,
      kind,
      size: entry.uncompressedSize,
      open: () =>
        new Promise((resolve, reject) => {
          zip.openReadStream(entry, (error, stream) => {
            if (error)
              reject(new ExportReadError('cannot open the entry', path, entry.fileName, { cause: error }));
            else resolve(stream);
          });
        }),
    });
  }
  return { files, ignored, close: () => zip.close() };
}
