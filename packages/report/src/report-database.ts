import type { ReportQuery } from './queries.ts';

/** One row as the driver returns it; the loader converts counts and sums (text or bigint) to numbers. */
export type Row = Record<string, unknown>;

/** The account and the local dates [from, to) a report covers, as `YYYY-MM-DD`. */
export interface ReportParams {
  readonly account: string;
  readonly from: string;
  readonly to: string;
}

/** The warehouse as the report reads it: the named queries of its dialect, nothing else. */
export interface ReportDatabase {
  readonly dialect: 'postgres' | 'mssql';
  run(query: ReportQuery, params?: ReportParams): Promise<Row[]>;
  /** Resolves when the database answers (readiness of the live page). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
