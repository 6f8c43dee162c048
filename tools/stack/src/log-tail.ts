import { open } from 'node:fs/promises';

/** The last `lines` lines of a file, reading only its end; empty when it does not exist. */
export async function tailFile(path: string, lines = 30, maxBytes = 256 * 1024): Promise<string[]> {
  const file = await open(path, 'r').catch(() => undefined);
  if (file === undefined) return [];
  try {
    const { size } = await file.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').filter(Boolean).slice(-lines);
  } finally {
    await file.close();
  }
}
