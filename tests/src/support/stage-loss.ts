import type { Admin, Kafka } from 'kafkajs';
import { logEndTotal } from './consumer-lag.ts';
import { playFactKey, rawPlayKey } from './play-keys.ts';
import { readTopics } from './topic-reader.ts';
import type { WarehouseInspector } from './warehouse-inspector.ts';

/** Offsets as compact ranges, e.g. "0:100-180,0:200". */
function ranges(located: { partition: number; offset: number }[]): string {
  const sorted = [...located].sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  const runs: { partition: number; first: number; last: number }[] = [];
  for (const { partition, offset } of sorted) {
    const run = runs.at(-1);
    if (run && run.partition === partition && run.last + 1 === offset) run.last = offset;
    else runs.push({ partition, first: offset, last: offset });
  }
  return runs.map((r) => `${r.partition}:${r.first}${r.last !== r.first ? `-${r.last}` : ''}`).join(',');
}

/**
 * Where plays went missing between the expected plays, the raw topic, the fact topic and the
 * warehouse: for a failing run's report, so that a loss names its stage and its offsets.
 */
export async function stageLossReport(
  kafka: Kafka,
  admin: Admin,
  topics: { raw: string; fact: string },
  expectedKeys: readonly string[],
  inspector: WarehouseInspector,
): Promise<string> {
  const rawEnd = await logEndTotal(admin, topics.raw);
  const factEnd = await logEndTotal(admin, topics.fact);
  const raw = await readTopics(kafka, [topics.raw], { atLeast: rawEnd, timeoutMs: 120_000 });
  const fact = await readTopics(kafka, [topics.fact], { atLeast: factEnd, timeoutMs: 120_000 });
  const rawAt = new Map<string, { partition: number; offset: number }>();
  for (const m of raw) {
    rawAt.set(rawPlayKey(m.message.value!), {
      partition: m.partition,
      offset: Number(m.message.offset),
    });
  }
  const factAt = new Map<string, { partition: number; offset: number }>();
  for (const m of fact) {
    factAt.set(playFactKey(m.message.value!), {
      partition: m.partition,
      offset: Number(m.message.offset),
    });
  }
  const stored = new Set(
    (await inspector.factKeys()).map((k) => {
      const [a, ms] = String(k).split('|');
      return `${a}@${ms}`;
    }),
  );
  const notInRaw = expectedKeys.filter((k) => !rawAt.has(k));
  const notInFact = [...rawAt.keys()].filter((k) => !factAt.has(k));
  const notStored = [...factAt.keys()].filter((k) => !stored.has(k));
  return [
    `raw: ${raw.length} records (${rawAt.size} distinct), fact: ${fact.length} records (${factAt.size} distinct), warehouse ${stored.size}`,
    `expected but not on raw: ${notInRaw.length}`,
    `on raw, not on fact: ${notInFact.length} at raw ${ranges(notInFact.map((k) => rawAt.get(k)!))}`,
    `on fact, not stored: ${notStored.length} at fact ${ranges(notStored.map((k) => factAt.get(k)!))}`,
  ].join('\n');
}
