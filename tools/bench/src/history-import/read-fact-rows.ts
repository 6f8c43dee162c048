import type { FactRow } from './truth-check.ts';
import type { RowSource } from './warehouse-fingerprint.ts';

/** Every fact_play row of one account, in played_at order, as the truth check compares them. */
export async function readFactRows(db: RowSource, schema: string, accountId: string): Promise<FactRow[]> {
  const rows = await db.query<{
    ms: string;
    track_id: string;
    source: string;
    ms_played: string | null;
    history_ms: string | null;
  }>(
    `SELECT (extract(epoch FROM played_at) * 1000)::bigint::text AS ms, track_id, source,
            ms_played::text AS ms_played,
            (extract(epoch FROM history_played_at) * 1000)::bigint::text AS history_ms
     FROM "${schema}".fact_play WHERE account_id = $1 ORDER BY played_at`,
    [accountId],
  );
  return rows.map((r) => ({
    playedAtMs: Number(r.ms),
    trackId: r.track_id,
    source: r.source,
    msPlayed: r.ms_played === null ? null : Number(r.ms_played),
    historyPlayedAtMs: r.history_ms === null ? null : Number(r.history_ms),
  }));
}
