import type { Kafka } from 'kafkajs';
import { playFactKey, rawPlayKey } from '../support/play-keys.ts';
import { readCommittedToEnd } from '../support/topic-reader.ts';
import type { CommittedCursor, StageInputs } from './lost-play-stages.ts';

/**
 * What the pipeline left behind, to say where a missing play was lost (lost-play-stages.ts): the
 * plays on the raw and fact topics and the poller's committed cursors, each topic read committed
 * to its end. Undefined when one could not be read to the end: then no missing play is excused.
 */
export async function readLossEvidence(
  kafka: Kafka,
  topics: { readonly raw: string; readonly fact: string; readonly cursors: string },
  timeoutMs = 120_000,
): Promise<Omit<StageInputs, 'simTimeAt'> | undefined> {
  const [raw, fact, cursors] = await Promise.all(
    [topics.raw, topics.fact, topics.cursors].map((topic) =>
      readCommittedToEnd(kafka, [topic], { timeoutMs }),
    ),
  );
  if (!raw?.complete || !fact?.complete || !cursors?.complete) return undefined;
  const values = (read: typeof raw) =>
    read.messages.flatMap((m) => (m.message.value === null ? [] : [m.message.value]));
  return {
    rawKeys: new Set(values(raw).map(rawPlayKey)),
    factKeys: new Set(values(fact).map(playFactKey)),
    cursors: values(cursors).map((v) => JSON.parse(v.toString()) as CommittedCursor),
  };
}
