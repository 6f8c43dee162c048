import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { NonRetriableError } from '@spotify-pipeline/runtime';
import type { ImportCounts } from './import-summary.ts';

/** How far one file has been imported: its first `entries` entries are published or skipped. */
export interface FileCheckpoint {
  entries: number;
  bytes: number;
  done: boolean;
}

export interface ImportCheckpoint {
  version: 1;
  account: string;
  updatedAt: string;
  files: Record<string, FileCheckpoint>;
  /** Counts of everything acknowledged so far, over every run. */
  total: ImportCounts;
}

/** The checkpoint file exists but cannot be used; deleting it restarts the import (harmlessly). */
export class CheckpointError extends NonRetriableError {}

export const DEFAULT_STATE_DIR = join(homedir(), '.cache', 'spotify-pipeline', 'imports');

/** What identifies an import: the same account, inputs and options resume the same checkpoint. */
export function importKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * The import's progress in a local file, `<dir>/<account>-<key>.json`. Local because it must outlive
 * a Redis restart and a new topic would be a new contract; written only after Kafka acknowledged
 * what it records, through a temporary file, fsync and rename, so a crash leaves the old or the new
 * checkpoint and never half of one.
 */
export class CheckpointStore {
  readonly path: string;

  constructor(dir: string, account: string, key: string) {
    if (!/^[\w.-]+$/.test(account))
      throw new CheckpointError(`account id ${JSON.stringify(account)} cannot name a file`);
    this.path = join(dir, `${account}-${key}.json`);
  }

  async load(): Promise<ImportCheckpoint | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new CheckpointError(`cannot read checkpoint ${this.path}`, { cause: error });
    }
    try {
      const checkpoint = JSON.parse(text) as ImportCheckpoint;
      if (checkpoint.version !== 1 || typeof checkpoint.files !== 'object') throw new Error('unknown layout');
      return checkpoint;
    } catch (error) {
      throw new CheckpointError(
        `checkpoint ${this.path} is not valid; delete it (or use --fresh) to start over`,
        {
          cause: error,
        },
      );
    }
  }

  async save(checkpoint: ImportCheckpoint): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(checkpoint));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
