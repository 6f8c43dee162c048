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

/**
 * Runs the import command and SIGKILLs it once it has published `killAfterMessages` plays: a kill
 * in the middle of a batch, between a batch's acknowledgement and its checkpoint, or anywhere else
 * the moment happens to fall.
 */
export async function killImportMidway(options: KillMidwayOptions): Promise<KilledImport> {
  if (!Number.isInteger(options.killAfterMessages) || options.killAfterMessages < 1)
    throw new RangeError(
      `killImportMidway: killAfterMessages must be an integer >= 1, got ${options.killAfterMessages}`,
    );
  const before = await topicEnd(options.admin, options.topic);
  const child = ImportCliProcess.start(options);
  try {
    let published = 0;
    await waitUntil(
      async () => {
        if (child.exited) return true;
        published = (await topicEnd(options.admin, options.topic)) - before;
        return published >= options.killAfterMessages;
      },
      {
        what: `the import command to publish ${options.killAfterMessages} plays`,
        timeoutMs: options.timeoutMs,
        intervalMs: 20,
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
