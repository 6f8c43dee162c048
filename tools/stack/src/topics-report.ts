import { formatTable, type TopicDrift } from '@spotify-pipeline/runtime';

export interface TopicsOutcome {
  readonly created: readonly string[];
  readonly existing: readonly string[];
  readonly missing: readonly string[];
  readonly drift: readonly TopicDrift[];
}

/** One row a topic: created / existing / missing / drift (with every differing setting). */
export function formatTopicsReport(names: readonly string[], outcome: TopicsOutcome): string {
  const rows = names.map((name) => {
    const drift = outcome.drift.filter((d) => d.topic === name);
    const state = outcome.created.includes(name)
      ? 'created'
      : outcome.missing.includes(name)
        ? 'missing'
        : drift.length > 0
          ? 'drift'
          : 'existing';
    return [
      name,
      state,
      drift.map((d) => `${d.setting}: declared ${d.declared}, actual ${d.actual}`).join('; '),
    ];
  });
  return formatTable(['topic', 'state', 'drift'], rows);
}

/** `--check` fails on anything missing or drifted; creating fails on nothing it could fix. */
export function topicsOk(outcome: TopicsOutcome, check: boolean): boolean {
  return check ? outcome.missing.length === 0 && outcome.drift.length === 0 : true;
}
