import { dirname } from 'node:path';
import type { RawPlayAccount } from '@spotify-pipeline/avro';
import { codecs } from '@spotify-pipeline/avro';
import type { Logger } from '@spotify-pipeline/runtime';
import type { Kafka, Message } from 'kafkajs';
import { CheckpointStore, DEFAULT_STATE_DIR, type ImportCheckpoint, importKey } from './checkpoint-store.ts';
import { type ExportFormat, sniffFormat } from './export/classify-file.ts';
import type { ExportFile } from './export/export-file.ts';
import { ExportReadError } from './export/export-read-error.ts';
import { ListenPlanner, type PlannedListen, positionKey } from './export/listen-identity.ts';
import { openExport } from './export/open-export.ts';
import { ImportOptionsError } from './import-options-error.ts';
import {
  addCounts,
  emptyCounts,
  type FileOutcome,
  type ImportCounts,
  type ImportSummary,
  type MalformedExample,
} from './import-summary.ts';
import { type MapOptions, mapExportPlay } from './map-export-play.ts';
import { type ImportProgress, silentProgress } from './progress-bar.ts';
import { RawPlayPublisher } from './publish/raw-play-publisher.ts';
import { readExportEntries } from './read-export-entries.ts';

export interface ImportOptions {
  /** Spotify's zip, the folder it unpacked to, or single history files. */
  readonly paths: readonly string[];
  /** The account the plays belong to; `time_zone` sets local dates in the warehouse. */
  readonly account: RawPlayAccount;
  /** Shorter plays are skipped (default 30,000 ms, Spotify's own threshold for a stream). */
  readonly minPlayMs?: number;
  readonly skipIncognito?: boolean;
  /** Read and count everything, publish nothing, keep no checkpoint. */
  readonly dryRun?: boolean;
  /** Plays per sendBatch (default 1,000). */
  readonly batchSize?: number;
  /** Where checkpoints live (default ~/.cache/spotify-pipeline/imports). */
  readonly stateDir?: string;
  /** Ignore an existing checkpoint and import everything again. */
  readonly fresh?: boolean;
  /** Needed unless dryRun. */
  readonly kafka?: Kafka;
  /** The raw plays topic; needed unless dryRun. */
  readonly topic?: string;
  readonly logger: Logger;
  readonly progress?: ImportProgress;
  /** Stops after the batch in flight is acknowledged; the checkpoint lets the next run resume. */
  readonly signal?: AbortSignal;
  /** Called after each batch is acknowledged and checkpointed (tests interrupt here). */
  readonly onBatchAcknowledged?: (acknowledged: { batches: number; published: number }) => void;
  readonly now?: () => Date;
}

const MALFORMED_EXAMPLES = 20;
export const RESOLUTION_HEADER = 'import.resolution';

function validate(options: ImportOptions): void {
  const problems: string[] = [];
  if (options.paths.length === 0) problems.push('paths: name at least one file or folder');
  if (!options.account.id) problems.push('account.id must not be empty');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: options.account.time_zone });
  } catch {
    problems.push(`account.time_zone ${JSON.stringify(options.account.time_zone)} is not an IANA time zone`);
  }
  const min = options.minPlayMs ?? 30_000;
  if (!Number.isInteger(min) || min < 0) problems.push(`minPlayMs must be an integer >= 0, got ${min}`);
  const batch = options.batchSize ?? 1_000;
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) {
    problems.push(`batchSize must be an integer in [1, 10000], got ${batch}`);
  }
  if (!options.dryRun && (!options.kafka || !options.topic))
    problems.push('kafka and topic are required unless dryRun');
  if (problems.length > 0) throw new ImportOptionsError(`invalid import options: ${problems.join('; ')}`);
}

/**
 * Publishes every play of a Spotify data export as a RawPlay v2 (`source: 'history_import'`) to the
 * raw plays topic, keyed by account, in acknowledged batches. After each acknowledged batch a
 * checkpoint records how far each file is done, so an interrupted import resumes where it stopped;
 * the few plays a crash may publish twice carry the same keys (a listen's key comes from its
 * identity in the whole export, see listen-identity.ts), so the warehouse loads them once.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  validate(options);
  const { account, logger, signal } = options;
  const dryRun = options.dryRun ?? false;
  const progress = options.progress ?? silentProgress;
  const batchSize = options.batchSize ?? 1_000;
  const mapOptions: MapOptions = {
    account,
    fetchedAt: (options.now ?? (() => new Date()))(),
    minPlayMs: options.minPlayMs ?? 30_000,
    skipIncognito: options.skipIncognito ?? false,
  };
  const startedAt = Date.now();
  const opened = await openExport(options.paths);
  let publisher: RawPlayPublisher | undefined;
  // The batch before the one being read: sent, then recorded once Kafka has acknowledged it.
  let acknowledging: Promise<void> = Promise.resolve();
  try {
    const key = importKey({
      account: account.id,
      timeZone: account.time_zone,
      inputs: opened.fingerprint,
      minPlayMs: mapOptions.minPlayMs,
      skipIncognito: mapOptions.skipIncognito,
    });
    const store = dryRun ? null : new CheckpointStore(options.stateDir ?? DEFAULT_STATE_DIR, account.id, key);
    const previous = store && !options.fresh ? await store.load() : null;
    const checkpoint: ImportCheckpoint = previous ?? {
      version: 1,
      account: account.id,
      updatedAt: new Date().toISOString(),
      files: {},
      total: emptyCounts(),
    };
    if (previous) logger.info({ checkpoint: store?.path }, 'resuming an earlier import of the same export');

    if (!dryRun) {
      publisher = new RawPlayPublisher(options.kafka!, options.topic!);
      await publisher.connect();
    }

    const counts = emptyCounts();
    const malformed: MalformedExample[] = [];
    const outcomes: FileOutcome[] = opened.failures.map((f) => ({
      name: f.file,
      status: 'failed',
      error: f.message,
    }));
    let resumedEntries = 0;
    let batches = 0;
    let interrupted = false;
    let batch: Message[] = [];
    let pending = emptyCounts();

    const todo = opened.files.filter((f) => !checkpoint.files[f.name]?.done);
    for (const file of opened.files) {
      const done = checkpoint.files[file.name];
      if (done?.done) {
        resumedEntries += done.entries;
        outcomes.push({ name: file.name, status: 'done-earlier' });
      }
    }
    let bytesBefore = 0;
    progress.start(todo.reduce((sum, f) => sum + f.size, 0));

    /**
     * Sends what is pending once the batch before it is acknowledged and recorded (one send at a
     * time, in order), and records it, in the checkpoint too, only once Kafka has acknowledged it.
     * Returns as soon as the send has started, so the next batch is read, mapped and encoded while
     * this one travels: awaiting each acknowledgement before reading on left the import idle most
     * of the time. A batch whose turn comes after the signal was aborted is not sent.
     */
    const flush = async (file: ExportFile, entries: number, bytes: number, fileDone: boolean) => {
      const messages = batch;
      const acknowledged = pending;
      batch = [];
      pending = emptyCounts();
      await acknowledging;
      if (signal?.aborted) {
        interrupted = true;
        return;
      }
      acknowledging = (async () => {
        if (publisher) await publisher.send(messages);
        batches += 1;
        addCounts(counts, acknowledged);
        addCounts(checkpoint.total, acknowledged);
        checkpoint.files[file.name] = { entries, bytes, done: fileDone };
        checkpoint.updatedAt = new Date().toISOString();
        if (store) await store.save(checkpoint);
        options.onBatchAcknowledged?.({ batches, published: counts.published });
      })();
      // Awaited by the next flush or at the end; a failure must not be unhandled meanwhile.
      acknowledging.catch(() => undefined);
    };

    // Pass 1: every listen's key, from the whole export (see listen-identity.ts).
    const plan = await planListens(opened.files, mapOptions);
    const fileIndex = new Map(opened.files.map((f, i) => [f.name, i]));

    for (const file of todo) {
      if (interrupted) break;
      const resumeFrom = checkpoint.files[file.name]?.entries ?? 0;
      resumedEntries += resumeFrom;
      const index = fileIndex.get(file.name)!;
      let readThisRun = 0;
      let format: ExportFormat | null = file.kind.format === 'auto' ? null : file.kind.format;
      let next = 0;
      let bytes = 0;
      let failure: ExportReadError | null = null;
      try {
        for await (const element of readExportEntries(file)) {
          if (signal?.aborted) {
            interrupted = true;
            break;
          }
          format ??= sniffFormat(element.value);
          next = element.index + 1;
          bytes = element.endOffset;
          if (element.index < resumeFrom) continue;
          const mapped = format === null ? null : mapExportPlay(element.value, format, file.kind, mapOptions);
          const planned = mapped?.ok ? plan.get(positionKey(index, element.index)) : undefined;
          const play =
            mapped?.ok && planned !== undefined
              ? {
                  ...mapped.play,
                  played_at: new Date(planned.playedAt),
                  history: planned.history ?? mapped.play.history,
                }
              : null;
          pending.read += 1;
          readThisRun += 1;
          if (mapped?.ok && play === null) {
            // Another row of the export is this listen (see listen-identity.ts): counted, not published.
            pending.skipped['duplicate-row'] += 1;
          } else if (mapped === null || !mapped.ok) {
            pending.skipped.malformed += mapped === null ? 1 : 0;
            if (mapped) pending.skipped[mapped.reason] += 1;
            const detail = mapped === null ? 'neither extended nor account-data history' : mapped.detail;
            if ((mapped === null || mapped.reason === 'malformed') && malformed.length < MALFORMED_EXAMPLES) {
              malformed.push({ file: file.name, index: element.index, detail });
            }
          } else if (play) {
            let value: Buffer | null = null;
            try {
              value = codecs.rawPlay.encode(play);
            } catch (error) {
              // A value the contract refuses (e.g. a name that is not a string) is this entry's fault.
              pending.skipped.malformed += 1;
              if (malformed.length < MALFORMED_EXAMPLES) {
                malformed.push({ file: file.name, index: element.index, detail: (error as Error).message });
              }
            }
            if (value) {
              pending.published += 1;
              pending.resolution[mapped.resolution] += 1;
              batch.push({ key: account.id, value, headers: { [RESOLUTION_HEADER]: mapped.resolution } });
            }
          }
          if (batch.length >= batchSize) {
            await flush(file, next, bytes, false);
            if (signal?.aborted) {
              interrupted = true;
              break;
            }
          }
          progress.update({
            bytes: bytesBefore + bytes,
            read: counts.read + pending.read,
            published: counts.published,
          });
        }
      } catch (error) {
        if (!(error instanceof ExportReadError)) throw error;
        failure = error;
        logger.error({ err: error, file: file.name }, 'cannot read an export file; going on with the others');
      }
      if (interrupted) break;
      // A failed file keeps its position (not done): a later run retries it from there.
      await flush(file, next, bytes, failure === null);
      if (interrupted) break;
      outcomes.push(
        failure
          ? { name: file.name, status: 'failed', error: failure.message, entriesBeforeError: readThisRun }
          : { name: file.name, status: 'imported' },
      );
      bytesBefore += file.size;
    }
    // The last batch sent: recorded before the summary is told.
    await acknowledging;
    if (interrupted) {
      for (const file of todo) {
        if (!outcomes.some((o) => o.name === file.name))
          outcomes.push({ name: file.name, status: 'interrupted' });
      }
    }
    progress.update({ bytes: bytesBefore, read: counts.read, published: counts.published });
    return {
      account: account.id,
      dryRun,
      counts,
      total: checkpoint.total,
      resumedEntries,
      malformed,
      files: outcomes,
      ignored: opened.ignored,
      alreadyPresent: null,
      interrupted,
      checkpointPath: store?.path ?? null,
      durationMs: Date.now() - startedAt,
    } satisfies ImportSummary;
  } finally {
    progress.finish();
    // A send still in flight after a failure ends (and is recorded, if acknowledged) first.
    await acknowledging.catch(() => undefined);
    await publisher?.close();
    opened.close();
  }
}

/**
 * Pass 1 of an import: reads every file once and decides each listen's key from the whole export,
 * so that no file boundary, file order or resumed run changes it. A file that breaks is planned up
 * to the break, as pass 2 will read it.
 */
async function planListens(
  files: readonly ExportFile[],
  options: MapOptions,
): Promise<Map<number, PlannedListen>> {
  const planner = new ListenPlanner();
  const unfiltered: MapOptions = { ...options, minPlayMs: 0, skipIncognito: false };
  for (const [index, file] of files.entries()) {
    if (file.kind.content !== 'audio') continue;
    const container = file.entry === null ? dirname(file.path) : file.path;
    let format: ExportFormat | null = file.kind.format === 'auto' ? null : file.kind.format;
    try {
      for await (const element of readExportEntries(file)) {
        format ??= sniffFormat(element.value);
        if (format === null) continue;
        const mapped = mapExportPlay(element.value, format, file.kind, unfiltered);
        if (mapped.ok) planner.add(positionKey(index, element.index), container, format, mapped.play);
      }
    } catch (error) {
      if (!(error instanceof ExportReadError)) throw error;
    }
  }
  return planner.plan();
}

export type { ImportCounts };
