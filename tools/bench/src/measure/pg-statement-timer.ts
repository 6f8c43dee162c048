import pg from 'pg';

export interface StatementTotal {
  /** Milliseconds from sending the statement until its result (or, for COPY, the server's end). */
  ms: number;
  count: number;
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * Times every statement any `pg.Client` in this process sends while installed, grouped by what
 * the statement does (COPY into a staging table, inferring members, inserting facts, COMMIT ...).
 * It wraps `Client.prototype.query`, so the warehouse's own code path is measured unchanged: the
 * bench may not edit the warehouse, but may watch it. Statements of one transaction run one after
 * the other, so the totals add up to the time the database (and the wire) took.
 */
export class PgStatementTimer {
  readonly totals = new Map<string, StatementTotal>();
  #original: QueryFn | undefined;

  install(): this {
    if (this.#original) return this;
    const proto = pg.Client.prototype as unknown as { query: QueryFn };
    const original = proto.query;
    this.#original = original;
    const record = (label: string, started: number) => {
      const total = this.totals.get(label) ?? { ms: 0, count: 0 };
      total.ms += performance.now() - started;
      total.count += 1;
      this.totals.set(label, total);
    };
    proto.query = function (this: pg.Client, ...args: unknown[]): unknown {
      const first = args[0] as { text?: unknown; submit?: unknown; once?: unknown } | string | undefined;
      const text =
        typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : undefined;
      const started = performance.now();
      const result = original.apply(this, args);
      if (text === undefined) return result;
      const label = statementLabel(text);
      if (result instanceof Promise) {
        result.then(
          () => record(label, started),
          () => record(label, started),
        );
      } else if (typeof first === 'object' && typeof first.once === 'function') {
        // A COPY FROM STDIN stream: pg-copy-streams emits 'finish' once the server has the rows.
        const stream = first as { once: (event: string, f: () => void) => void };
        let done = false;
        const end = () => {
          if (!done) record(label, started);
          done = true;
        };
        stream.once('finish', end);
        stream.once('error', end);
      }
      return result;
    };
    return this;
  }

  /** Idempotent. */
  uninstall(): void {
    if (!this.#original) return;
    (pg.Client.prototype as unknown as { query: QueryFn }).query = this.#original;
    this.#original = undefined;
  }

  totalMs(): number {
    let sum = 0;
    for (const t of this.totals.values()) sum += t.ms;
    return sum;
  }
}

/**
 * What a statement does, in a few words, from its shape rather than its exact text (the
 * warehouse's statements change; the labels should not): the schema is left out so totals group.
 */
export function statementLabel(text: string): string {
  const t = text.trimStart();
  const keyword = t.match(/^(BEGIN|COMMIT|ROLLBACK)\b/i);
  if (keyword) return keyword[1]!.toUpperCase();
  if (/^CREATE TEMP/i.test(t)) return 'create staging tables';
  if (/pg_advisory_xact_lock/i.test(t)) return 'advisory lock';
  const copied = t.match(/^COPY\s+(?:"?\w+"?\.)?"?(\w+)"?/i);
  if (copied) return `COPY into ${copied[1]}`;
  const target = t.match(/INSERT INTO\s+(?:"?\w+"?\.)?"?(\w+)"?/i)?.[1];
  if (target) {
    if (/,\s*true\s*,\s*now\(\)/i.test(t)) return `infer ${target}`;
    if (/ON CONFLICT[\s\S]*DO UPDATE/i.test(t)) return `upsert ${target}`;
    return `insert ${target}`;
  }
  return t.slice(0, 40).replace(/\s+/g, ' ');
}

/**
 * The timer's totals as profile lines: seconds per statement kind, and what of `enclosingMs` (the
 * time of the calls that sent them) was spent in none of them, i.e. in Node (preparing the batch,
 * formatting COPY text, committing offsets).
 */
export function statementProfile(timer: PgStatementTimer, enclosingMs: number): Record<string, string> {
  const out: Record<string, string> = {};
  const sorted = [...timer.totals].toSorted((a, b) => b[1].ms - a[1].ms);
  for (const [label, { ms, count }] of sorted) {
    out[`  statement ${label}`] = `${(ms / 1000).toFixed(2)} s in ${count}`;
  }
  out['  outside any statement'] = `${((enclosingMs - timer.totalMs()) / 1000).toFixed(2)} s`;
  return out;
}
