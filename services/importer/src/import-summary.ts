import { type Resolution, SKIP_REASONS, type SkipReason } from './map-export-play.ts';

/** Plays counted once their batch is acknowledged (or, in a dry run, once read). */
export interface ImportCounts {
  read: number;
  published: number;
  skipped: Record<SkipReason, number>;
  /** Published plays by how much of the track the export names. */
  resolution: Record<Resolution, number>;
}

export interface MalformedExample {
  readonly file: string;
  readonly index: number;
  readonly detail: string;
}

export interface FileOutcome {
  readonly name: string;
  readonly status: 'imported' | 'done-earlier' | 'failed' | 'interrupted';
  readonly error?: string;
  /** For a file that broke: how many of its entries this run read (and counted) before the break. */
  readonly entriesBeforeError?: number;
}

export interface ImportSummary {
  readonly account: string;
  readonly dryRun: boolean;
  /** This run's counts. */
  readonly counts: ImportCounts;
  /** Every run of this import so far, this one included (from the checkpoint). */
  readonly total: ImportCounts;
  /** Entries a previous run had already handled, not read again for publishing. */
  readonly resumedEntries: number;
  /** The first malformed entries (all are counted in `skipped.malformed`). */
  readonly malformed: readonly MalformedExample[];
  readonly files: readonly FileOutcome[];
  readonly ignored: readonly string[];
  /**
   * Plays the warehouse already had. Unknown (null) until import part 2 matches plays against it;
   * a listen already loaded is found by its key (its identity, see listen-identity.ts) either way.
   */
  readonly alreadyPresent: number | null;
  readonly interrupted: boolean;
  readonly checkpointPath: string | null;
  readonly durationMs: number;
}

export function emptyCounts(): ImportCounts {
  return {
    read: 0,
    published: 0,
    skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>,
    resolution: { 'needs-enrichment': 0, unresolved: 0, local: 0 },
  };
}

export function addCounts(into: ImportCounts, from: ImportCounts): void {
  into.read += from.read;
  into.published += from.published;
  for (const r of SKIP_REASONS) into.skipped[r] += from.skipped[r] ?? 0;
  for (const r of Object.keys(into.resolution) as Resolution[]) into.resolution[r] += from.resolution[r] ?? 0;
}

export function skippedTotal(counts: ImportCounts): number {
  return SKIP_REASONS.reduce((sum, r) => sum + counts.skipped[r], 0);
}

/** The summary as a person reads it at the end of the command. */
export function formatSummary(s: ImportSummary): string {
  const c = s.counts;
  const lines = [
    `${s.dryRun ? 'Dry run (nothing published)' : s.interrupted ? 'Import interrupted (resumable)' : 'Import finished'} for account ${s.account} in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  read       ${c.read}`,
    `  ${s.dryRun ? 'publishable' : 'published  '} ${c.published}  (track id known: ${c.resolution['needs-enrichment']}, names only: ${c.resolution.unresolved}, local files: ${c.resolution.local})`,
    `  skipped    ${skippedTotal(c)}`,
    ...SKIP_REASONS.filter((r) => c.skipped[r] > 0).map((r) => `    ${r.padEnd(24)} ${c.skipped[r]}`),
    `  already in the warehouse: ${s.alreadyPresent ?? 'unknown (a listen already loaded is left as it is)'}`,
    "  read = published + skipped; each published play becomes one row, completes its listen's row, or goes to the dead-letter topic with a reason",
  ];
  if (s.resumedEntries > 0) {
    lines.push(
      `  resumed: ${s.resumedEntries} entries were handled by an earlier run; all runs: read ${s.total.read}, published ${s.total.published}, skipped ${skippedTotal(s.total)}`,
    );
  }
  if (s.malformed.length > 0) {
    lines.push('  malformed entries (first ones):');
    for (const m of s.malformed) lines.push(`    ${m.file} [${m.index}]: ${m.detail}`);
  }
  const failed = s.files.filter((f) => f.status === 'failed');
  if (failed.length > 0) {
    lines.push('  files that could not be read (the rest were imported):');
    for (const f of failed) {
      const before =
        f.entriesBeforeError === undefined
          ? ''
          : ` (${f.entriesBeforeError} entries before the break were imported)`;
      lines.push(`    ${f.error}${before}`);
    }
  }
  if (s.ignored.length > 0)
    lines.push(`  ignored ${s.ignored.length} file(s) that hold no listening history`);
  if (s.interrupted && s.checkpointPath)
    lines.push(`  run the same command again to resume (${s.checkpointPath})`);
  return lines.join('\n');
}
