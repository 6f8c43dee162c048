import type { RawPlayAccount } from '@spotify-pipeline/avro';
import type { Logger } from '@spotify-pipeline/runtime';
import type { Kafka, Message } from 'kafkajs';
import { CheckpointStore, DEFAULT_STATE_DIR, type ImportCheckpoint, importKey } from './checkpoint-store.ts';
import type { ExportFile } from './export/export-file.ts';
import { scanExport } from './export/export-scan.ts';
import { positionKey } from './export/listen-identity.ts';
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
import type { MapOptions, Resolution } from './map-export-play.ts';
import { type ImportProgress, silentProgress } from './progress-bar.ts';
import { RawPlayFragments } from './publish/raw-play-fragments.ts';
import { RawPlayPublisher } from './publish/raw-play-publisher.ts';

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
/** One headers object per resolution, shared by every message (kafkajs only reads it). */
const RESOLUTION_HEADERS: Record<Resolution, Record<string, string>> = {
  'needs-enrichment': Object.freeze({ [RESOLUTION_HEADER]: 'needs-enrichment' }),
  unresolved: Object.freeze({ [RESOLUTION_HEADER]: 'unresolved' }),
  local: Object.freeze({ [RESOLUTION_HEADER]: 'local' }),
};

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

    // Pass 1: read every file once; every listen's key from the whole export (listen-identity.ts),
    // and this run's entries mapped and encoded, so that publishing does not read them again.
    const fragments = new RawPlayFragments({
      account,
      source: 'history_import',
      fetched_at: mapOptions.fetchedAt,
      context: null,
    });
    const scan = await scanExport({
      files: opened.files,
      resumeFrom: (file) =>
        checkpoint.files[file.name]?.done ? null : (checkpoint.files[file.name]?.entries ?? 0),
      mapOptions,
      fragments,
      malformedDetails: MALFORMED_EXAMPLES,
      signal,
    });
    if (scan === null) interrupted = true;
    const messageKey = Buffer.from(account.id);

    // Pass 2: publish.
    for (const scanned of scan?.files ?? []) {
      if (interrupted) break;
      const { file, resumeFrom } = scanned;
      resumedEntries += resumeFrom;
      let readThisRun = 0;
      // As read: the entries before resumeFrom count for the checkpoint's position too.
      let next = Math.min(resumeFrom, scanned.entries);
      let bytes = 0;
      if (scanned.entries > 0 && signal?.aborted) {
        interrupted = true;
        break;
      }
      for (let index = resumeFrom; index < scanned.entries; index++) {
        if (signal?.aborted) {
          interrupted = true;
          break;
        }
        next = index + 1;
        bytes = scanned.endOffset(index);
        const entry = scanned.entry(index);
        pending.read += 1;
        readThisRun += 1;
        let problem: string | null = null;
        if (entry.kind === 'play' || entry.kind === 'refused') {
          const planned = scan!.plan.get(positionKey(scanned.fileIndex, index));
          if (planned === undefined) {
            // Another row of the export is this listen (see listen-identity.ts): counted, not published.
            pending.skipped['duplicate-row'] += 1;
          } else if (entry.kind === 'refused') {
            // A value the contract refuses (e.g. a name that is not a string) is this entry's fault.
            problem = entry.detail;
          } else {
            const tail = scanned.tail(index);
            const history = planned.history ? fragments.encodeHistory(planned.history) : tail.history;
            if (history === null) {
              problem = 'the combined history of its duplicate rows is not a valid RawPlay history';
            } else {
              const value = Buffer.allocUnsafe(fragments.maxValueBytes(tail.track.length + history.length));
              const end = fragments.writeValue(value, 0, planned.playedAt, tail.track, history);
              pending.published += 1;
              pending.resolution[entry.resolution] += 1;
              batch.push({
                key: messageKey,
                value: value.subarray(0, end),
                headers: RESOLUTION_HEADERS[entry.resolution],
              });
            }
          }
        } else if (entry.kind === 'not-a-play') {
          problem = entry.detail;
        } else {
          pending.skipped[entry.reason] += 1;
          if (
            entry.reason === 'malformed' &&
            entry.detail !== null &&
            malformed.length < MALFORMED_EXAMPLES
          ) {
            malformed.push({ file: file.name, index, detail: entry.detail });
          }
        }
        if (problem !== null) {
          pending.skipped.malformed += 1;
          if (malformed.length < MALFORMED_EXAMPLES)
            malformed.push({ file: file.name, index, detail: problem });
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
      if (interrupted) break;
      if (next > 0 && scanned.kept === 0) bytes = scanned.lastEndOffset;
      scanned.release();
      const failure = scanned.failure;
      if (failure) {
        logger.error(
          { err: failure, file: file.name },
          'cannot read an export file; going on with the others',
        );
      }
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

export type { ImportCounts };
