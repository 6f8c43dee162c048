import { waitUntil } from '@spotify-pipeline/runtime';
import type { Admin } from 'kafkajs';
import { topicEnd } from '../kafka/topic-end.ts';
import { type ImportCliExit, type ImportCliOptions, ImportCliProcess } from './import-cli-process.ts';

export interface KillMidwayOptions extends ImportCliOptions {
  readonly admin: Admin;
  /** The raw plays topic the command publishes to. */
  readonly topic: string;
  /** SIGKILL once the topic holds this many more messages than when the command started. */
  readonly killAfterMessages: number;
  readonly timeoutMs: number;
}

export interface KilledImport {
  /** False when the command finished before the kill landed (the rerun then has nothing to do). */
  readonly killed: boolean;
  /** Messages the command had published when it was killed (as the topic's end offsets said). */
  readonly publishedBeforeKill: number;
  readonly exit: ImportCliExit;
}

/** How long the command runs between two looks at the topic. */
const RUN_SLICE_MS = 10;

/**
 * Runs the import command and SIGKILLs it once it has published `killAfterMessages` plays: a kill
 * in the middle of a batch, between a batch's acknowledgement and its checkpoint, or anywhere else
 * the moment happens to fall.
 *
 * Why the command runs in slices: polled while it ran freely, a small import on a loaded machine
 * finished between two looks at the topic and was never killed (CI saw "killed: false after 341 of
 * 341"). So it runs RUN_SLICE_MS at a time and is frozen (SIGSTOP) while the topic is read; the
 * kill lands on the frozen process, at most one slice of work after the aim.
 */
export async function killImportMidway(options: KillMidwayOptions): Promise<KilledImport> {
  if (!Number.isInteger(options.killAfterMessages) || options.killAfterMessages < 1)
    throw new RangeError(
      `killImportMidway: killAfterMessages must be an integer >= 1, got ${options.killAfterMessages}`,
    );
  const before = await topicEnd(options.admin, options.topic);
  const child = ImportCliProcess.start(options);
  try {
    await waitUntil(
      async () => {
        child.freeze(true);
        const published = (await topicEnd(options.admin, options.topic)) - before;
        if (child.exited || published >= options.killAfterMessages) return true;
        child.freeze(false);
        return false;
      },
      {
        what: `the import command to publish ${options.killAfterMessages} plays`,
        timeoutMs: options.timeoutMs,
        intervalMs: RUN_SLICE_MS,
      },
    );
    const killed = !child.exited;
    const exit = await child.kill();
    const publishedBeforeKill = (await topicEnd(options.admin, options.topic)) - before;
    if (!killed && exit.code !== 0)
      throw new Error(
        `the import command failed before it could be killed (exit ${exit.code}): ${exit.stderr.slice(-2_000)}`,
      );
    return { killed: killed && exit.signal === 'SIGKILL', publishedBeforeKill, exit };
  } finally {
    await child.stop();
  }
}

/** Runs the import command to its end; throws with its stderr unless it exits 0. */
export async function importToEnd(
  options: ImportCliOptions & { readonly timeoutMs: number },
): Promise<ImportCliExit> {
  const child = ImportCliProcess.start(options);
  try {
    const exit = await waitUntil(() => (child.exited ? child.exit() : undefined), {
      what: 'the import command to finish',
      timeoutMs: options.timeoutMs,
      intervalMs: 100,
    });
    if (exit.code !== 0)
      throw new Error(`the import command exited ${exit.code ?? exit.signal}: ${exit.stderr.slice(-2_000)}`);
    return exit;
  } finally {
    await child.stop();
  }
}
