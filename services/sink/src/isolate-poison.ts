import { NonRetriableError } from '@spotify-pipeline/runtime';

/**
 * Writes `entries`; when the warehouse refuses them for good (NonRetriableError), splits them in
 * halves until each refused entry stands alone, hands it to `onPoison`, and writes the rest. A
 * batch with k bad rows among n costs about k·log2(n) extra transactions, and a good row is never
 * dropped for a bad neighbour. Any other error (retriable, or a bug) ends the whole write.
 */
export async function writeIsolatingPoison<T>(
  entries: readonly T[],
  write: (subset: readonly T[]) => Promise<void>,
  onPoison: (entry: T, error: NonRetriableError) => Promise<void>,
): Promise<void> {
  if (entries.length === 0) return;
  try {
    await write(entries);
  } catch (error) {
    if (!(error instanceof NonRetriableError)) throw error;
    if (entries.length === 1) return onPoison(entries[0] as T, error);
    const middle = Math.ceil(entries.length / 2);
    await writeIsolatingPoison(entries.slice(0, middle), write, onPoison);
    await writeIsolatingPoison(entries.slice(middle), write, onPoison);
  }
}
