import type { DeadLetterRecord } from './dead-letter-record.ts';

export interface ReasonSummary {
  readonly reason: string;
  readonly count: number;
  readonly topics: string[];
  /** One example's explanation, so an operator sees what the reason means in practice. */
  readonly example: string;
}

export function summarizeByReason(records: readonly DeadLetterRecord[]): ReasonSummary[] {
  const byReason = new Map<string, { count: number; topics: Set<string>; example: string }>();
  for (const r of records) {
    const entry = byReason.get(r.reason) ?? { count: 0, topics: new Set<string>(), example: r.detail };
    entry.count += 1;
    if (r.sourceTopic) entry.topics.add(r.sourceTopic);
    byReason.set(r.reason, entry);
  }
  return [...byReason]
    .map(([reason, e]) => ({ reason, count: e.count, topics: [...e.topics].sort(), example: e.example }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
