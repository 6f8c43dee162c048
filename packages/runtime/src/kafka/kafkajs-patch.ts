import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NonRetriableError } from '../errors/pipeline-error.ts';

/** The line that the project's copy of kafkajs's producer (patches/kafkajs@2.2.4) carries. */
const MARKER = 'spotify-pipeline patch (patches/kafkajs@';

let verified = false;

/** Why the kafkajs producer file at `file` cannot be trusted, or undefined when it is patched. */
export function kafkajsPatchProblem(file: string): string | undefined {
  if (readFileSync(file, 'utf8').includes(MARKER)) return undefined;
  return `kafkajs at ${file} lacks the project's patch (a leader change can lose messages); run \`node scripts/patch-dependencies.mjs\` (npm ci runs it unless scripts are ignored)`;
}

/**
 * Refuses to create Kafka clients on an unpatched kafkajs 2.2.4: its producer can resolve a
 * send whose messages it never sent when a partition leader dies (tulios/kafkajs#1303), which
 * would lose plays without a trace. The patch is applied at install (npm's postinstall, the
 * Dockerfile); this catches an install that skipped scripts.
 */
export function assertKafkajsPatched(): void {
  if (verified) return;
  const problem = kafkajsPatchProblem(
    createRequire(import.meta.url).resolve('kafkajs/src/producer/sendMessages.js'),
  );
  if (problem) throw new NonRetriableError(problem);
  verified = true;
}
