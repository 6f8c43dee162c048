import type { ExpectedWarehouse } from './expected-warehouse.ts';
import type { WarehouseInspector } from './warehouse-inspector.ts';

const SAMPLES = 5;

/**
 * Everything in which the warehouse differs from what it must hold, as sentences (at most a few
 * examples per kind); an empty list means: exactly the expected facts, each once, every dimension
 * member complete (none inferred), every key resolving, names equal to the source, and local
 * date/time keys agreeing with PostgreSQL's zone rules.
 */
export async function warehouseDifferences(
  inspector: WarehouseInspector,
  expected: ExpectedWarehouse,
): Promise<string[]> {
  const problems: string[] = [];
  const note = (kind: string, items: string[]) => {
    if (items.length > 0)
      problems.push(
        `${kind}: ${items.length} (e.g. ${items
          .slice(0, SAMPLES)
          .map((i) => JSON.stringify(i))
          .join(', ')})`,
      );
  };

  const keys = await inspector.factKeys();
  const stored = new Set(keys);
  if (stored.size !== keys.length) problems.push(`fact rows: ${keys.length - stored.size} duplicate keys`);
  note(
    'facts missing',
    [...expected.facts].filter((k) => !stored.has(k)),
  );
  note(
    'facts not produced',
    [...stored].filter((k) => !expected.facts.has(k)),
  );

  for (const [table, n] of Object.entries(await inspector.inferredCounts()))
    if (n > 0) problems.push(`${table}: ${n} members still inferred`);
  for (const [key, n] of Object.entries(await inspector.orphanFacts()))
    if (n > 0) problems.push(`facts without their ${key} member: ${n}`);
  const zoneMismatches = await inspector.localKeyMismatches();
  if (zoneMismatches > 0)
    problems.push(`facts whose local date/time keys disagree with PostgreSQL: ${zoneMismatches}`);

  note('artists', differences(expected.artists, await inspector.artists(), same));
  note('albums', differences(expected.albums, await inspector.albums(), same));
  note('tracks', differences(expected.tracks, await inspector.tracks(), same));
  note('accounts', differences(expected.accounts, await inspector.accounts(), same));
  return problems;
}

/** Ids whose stored member differs from the expected one, is missing, or was never expected. */
function differences<E, A>(
  expected: ReadonlyMap<string, E>,
  actual: ReadonlyMap<string, A>,
  equal: (e: E, a: A | undefined) => boolean,
): string[] {
  const out: string[] = [];
  for (const [id, e] of expected) {
    const a = actual.get(id);
    if (a === undefined) out.push(`${id} missing`);
    else if (!equal(e, a)) out.push(`${id}: expected ${JSON.stringify(e)}, stored ${JSON.stringify(a)}`);
  }
  for (const id of actual.keys()) if (!expected.has(id)) out.push(`${id} not in the source`);
  return out;
}

/** Field-by-field equality over the expected object's own fields. */
function same(expected: object, actual: object | undefined): boolean {
  if (actual === undefined) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected).every(([k, v]) => JSON.stringify(v) === JSON.stringify(a[k]));
}
