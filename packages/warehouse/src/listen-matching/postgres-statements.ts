import { FACT_PLAY_COLUMNS, memberIdPattern, UNRESOLVED_TRACK_PREFIX } from '@spotify-pipeline/avro';
import {
  EXPORT_COLUMNS,
  EXPORT_FLAG_COLUMNS,
  EXPORT_TEXT_COLUMNS,
  LOCAL_TIME_COLUMNS,
  POLLED_COLUMNS,
} from './merge-columns.ts';

// The PostgreSQL half of the listen-matching rule (see index.ts): the statements that resolve
// name-only plays and write a batch's plays, matching each to a stored listen. Pinned by the golden
// files of postgres/__golden__ like every other statement.

const UNRESOLVED_LIKE = memberIdPattern(UNRESOLVED_TRACK_PREFIX);

/** Names compared the way the importer's synthetic ids compare them: composed, lower case, one space. */
const normalised = (expression: string) =>
  `btrim(regexp_replace(lower(normalize(${expression}, NFC)), '\\s+', ' ', 'g'))`;

/**
 * Name-only plays (the importer's `unresolved:` track ids) are matched, in the staging table, to a
 * known track with the same normalised name and an artist of that name (a track artist or the
 * album's primary artist); the lowest track id wins among equals. Matched plays take the track, its
 * album and its first artist, and drop the export's names. Unmatched ones stay unresolved.
 */
export function resolveNamedPlays(schema: string): string {
  return `WITH wanted AS (
  SELECT DISTINCT track_id AS unresolved_id, ${normalised('track_name')} AS track_key, ${normalised('artist_name')} AS artist_key
  FROM stage_play WHERE track_id LIKE '${UNRESOLVED_LIKE}' AND track_name IS NOT NULL AND artist_name IS NOT NULL
), known AS (
  SELECT t.track_id, t.album_id, ${normalised('t.name')} AS track_key
  FROM "${schema}".dim_track t WHERE NOT t.is_inferred AND NOT t.is_unresolved AND t.name IS NOT NULL
), credited AS (
  SELECT b.track_id, b.artist_id FROM "${schema}".bridge_track_artist b
  UNION SELECT t.track_id, al.primary_artist_id FROM "${schema}".dim_track t JOIN "${schema}".dim_album al ON al.album_id = t.album_id
), resolved AS (
  SELECT DISTINCT ON (w.unresolved_id) w.unresolved_id, k.track_id, k.album_id,
    (SELECT b1.artist_id FROM "${schema}".bridge_track_artist b1 WHERE b1.track_id = k.track_id AND b1.artist_position = 1) AS artist_id
  FROM wanted w
  JOIN known k ON k.track_key = w.track_key
  JOIN credited c ON c.track_id = k.track_id
  JOIN "${schema}".dim_artist a ON a.artist_id = c.artist_id AND ${normalised('a.name')} = w.artist_key
  ORDER BY w.unresolved_id, k.track_id
)
UPDATE stage_play p SET track_id = r.track_id, album_id = r.album_id, primary_artist_id = coalesce(r.artist_id, p.primary_artist_id), track_name = NULL, album_name = NULL, artist_name = NULL
FROM resolved r WHERE p.track_id = r.unresolved_id`;
}

/** An export column of a row after an exported play of its listen: merge-columns.ts's rule. */
function combinedExport(c: string): string {
  if (EXPORT_FLAG_COLUMNS.includes(c))
    return `WHEN f.history_played_at IS NULL THEN s.${c} ELSE coalesce(f.${c} OR s.${c}, f.${c}, s.${c})`;
  if (EXPORT_TEXT_COLUMNS.includes(c))
    return `WHEN f.history_played_at IS NULL THEN s.${c} ELSE greatest(f.${c} COLLATE "C", s.${c} COLLATE "C")`;
  return `ELSE s.${c}`;
}

/**
 * The row a staged fact `s` merges into (`f`) after the merge, column by column
 * (POLLED_COLUMNS then EXPORT_COLUMNS), and the row as it is.
 */
function mergeExpressions(): { merged: string[]; current: string[] } {
  const merged = [
    ...POLLED_COLUMNS.map((c) =>
      LOCAL_TIME_COLUMNS.includes(c)
        ? `CASE WHEN s.source = 'api' OR (f.source = 'history_import' AND f.played_at = s.played_at) THEN s.${c} ELSE f.${c} END`
        : `CASE WHEN s.source = 'api' THEN s.${c} ELSE f.${c} END`,
    ),
    ...EXPORT_COLUMNS.map(
      (c) => `CASE WHEN s.history_played_at IS NULL THEN f.${c} ${combinedExport(c)} END`,
    ),
  ];
  return { merged, current: [...POLLED_COLUMNS, ...EXPORT_COLUMNS].map((c) => `f.${c}`) };
}

/** When the row `f` at a staged fact's own key is that fact's listen (writePlays's `exact`). */
const EXACT_MATCH = `f.track_id = s.track_id
    AND ((f.source = 'api' AND s.source = 'api')
      OR (f.history_played_at = s.history_played_at AND f.ms_played IS NOT DISTINCT FROM s.ms_played)
      OR (f.source = 'api' AND f.history_played_at IS NULL AND s.source = 'history_import')
      OR (f.source = 'history_import' AND s.source = 'api' AND s.history_played_at IS NULL))`;

/**
 * One listen, one row. Each staged fact looks for its row among the account's facts of the same
 * track within min($1 ms, the track's duration) of it:
 * - the same polled play (same played_at) or the same exported play (same history_played_at):
 *   a replay, which changes nothing;
 * - a polled row without export fields for an imported play, or an imported row for a polled
 *   play: the other half of the listen, merged into that row, the closest first.
 * A row is claimed by one staged fact at most (the closest). Merging keeps the polled played_at
 * and keys and takes the export's fields; an unchanged row is not written. An exported play is the
 * same as a row's only with the same history_played_at AND ms_played (the importer's listen
 * identity): a different play of the same track in the same second is never taken for a replay, so
 * its fields never overwrite another listen's. The window search also takes a legacy row (loaded
 * before the listen identity, migration 009) of the same track, second and ms_played, the exact
 * time first, and re-stamps it, so a listen imported earlier does not get a second row. Facts without a row are inserted; one whose key
 * another play already holds is not (ON CONFLICT DO NOTHING) and is returned as `collided`, which
 * the writer refuses (the transaction rolls back; the sink isolates and dead-letters that play).
 *
 * The search is split by what can match, so that each part is a cheap index probe:
 * - `exact`: the row at the staged fact's own key, when it qualifies, is always its best match
 *   (same time, distance 0): one primary-key probe a fact resolves every replay. LIMIT 1 keeps it a
 *   probe: as a plain join the planner may hash the whole fact table, a cost that grows with it.
 * - `near_imported`: a polled play without export fields can only pair with an imported row: it
 *   looks only among those (the partial index of migration 008, empty when nothing was imported).
 * - `near_polled`: a fact with export fields (imported, or merged in this batch) looks among the
 *   account's rows in the window (a primary-key range of a row or two; OFFSET 0 keeps the planner
 *   from intersecting it with the track index, which costs more than the rows it would skip).
 * - `busy`: an account with no row within the tolerance of its staged facts' time span cannot
 *   match at all, so its facts skip the search and go straight to the insert (one range probe per
 *   account: a first load, or a live stream past its history, looks nothing up row by row).
 * Only facts without an exact match search the window; `claimed` then keeps the closest staged
 * fact for each row, as one search over all candidates would. An exact match already knows whether
 * it changes its row (`changes`), so a replay's rows are not looked up again to be left alone.
 */
export function writePlays(schema: string): string {
  const columns = FACT_PLAY_COLUMNS;
  const { merged, current } = mergeExpressions();
  const set = [
    ...[...POLLED_COLUMNS, ...EXPORT_COLUMNS].map((c, i) => `${c} = ${merged[i]}`),
    'history_is_legacy = CASE WHEN s.history_played_at IS NOT NULL THEN false ELSE f.history_is_legacy END',
  ];
  return `WITH staged AS (
  SELECT s.account_id, timestamptz 'epoch' + s.played_at_ms * interval '1 millisecond' AS played_at, s.date_key, s.time_key, s.track_id, s.album_id, s.primary_artist_id, s.context_type, s.context_uri, s.ms_played, s.source, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline,
    timestamptz 'epoch' + s.history_played_at_ms * interval '1 millisecond' AS history_played_at,
    least($1::bigint, coalesce(nullif(t.duration_ms, 0), $1::bigint)) * interval '1 millisecond' AS tolerance
  FROM stage_play s LEFT JOIN "${schema}".dim_track t ON t.track_id = s.track_id
), busy AS (
  SELECT r.account_id FROM (
    SELECT account_id, min(played_at) AS lo, max(played_at) AS hi FROM staged GROUP BY account_id
  ) r
  WHERE EXISTS (
    SELECT 1 FROM "${schema}".fact_play f WHERE f.account_id = r.account_id
      AND f.played_at BETWEEN r.lo - $1::bigint * interval '1 millisecond' AND r.hi + $1::bigint * interval '1 millisecond'
  )
), exact AS (
  SELECT s.account_id, s.played_at AS staged_at, f.played_at AS row_at,
    (${current.join(', ')}) IS DISTINCT FROM (${merged.join(', ')}) AS changes
  FROM staged s
  CROSS JOIN LATERAL (
    SELECT k.track_id, ${[...POLLED_COLUMNS, ...EXPORT_COLUMNS].map((c) => `k.${c}`).join(', ')} FROM "${schema}".fact_play k WHERE k.account_id = s.account_id AND k.played_at = s.played_at LIMIT 1
  ) f
  WHERE s.account_id IN (SELECT account_id FROM busy) AND ${EXACT_MATCH}
), searching AS (
  SELECT s.* FROM staged s
  WHERE s.account_id IN (SELECT account_id FROM busy) AND NOT EXISTS (SELECT 1 FROM exact e WHERE e.account_id = s.account_id AND e.staged_at = s.played_at)
), near_imported AS (
  SELECT s.account_id, s.played_at AS staged_at, m.played_at AS row_at, true AS changes
  FROM searching s
  CROSS JOIN LATERAL (
    SELECT f.played_at FROM "${schema}".fact_play f
    WHERE f.source = 'history_import' AND f.account_id = s.account_id AND f.track_id = s.track_id
      AND f.played_at BETWEEN s.played_at - s.tolerance AND s.played_at + s.tolerance
    ORDER BY abs(extract(epoch FROM f.played_at - s.played_at)), f.played_at
    LIMIT 1
  ) m
  WHERE s.source = 'api' AND s.history_played_at IS NULL
), near_polled AS (
  SELECT s.account_id, s.played_at AS staged_at, m.played_at AS row_at, true AS changes
  FROM searching s
  CROSS JOIN LATERAL (
    SELECT f.played_at FROM (
      SELECT w.played_at, w.track_id, w.source, w.history_played_at, w.ms_played, w.history_is_legacy FROM "${schema}".fact_play w
      WHERE w.account_id = s.account_id AND w.played_at BETWEEN s.played_at - s.tolerance AND s.played_at + s.tolerance
      OFFSET 0
    ) f
    WHERE f.track_id = s.track_id
      AND ((f.history_played_at = s.history_played_at OR (f.history_is_legacy AND date_trunc('second', f.history_played_at) = date_trunc('second', s.history_played_at)))
          AND f.ms_played IS NOT DISTINCT FROM s.ms_played
        OR (f.source = 'api' AND f.history_played_at IS NULL AND s.source = 'history_import'))
    ORDER BY coalesce(f.history_played_at = s.history_played_at, false) DESC, abs(extract(epoch FROM f.played_at - s.played_at)), f.played_at
    LIMIT 1
  ) m
  WHERE s.history_played_at IS NOT NULL OR s.source = 'history_import'
), claimed AS (
  SELECT DISTINCT ON (c.account_id, c.row_at) c.account_id, c.staged_at, c.row_at, c.changes
  FROM (SELECT * FROM exact UNION ALL SELECT * FROM near_imported UNION ALL SELECT * FROM near_polled) c
  ORDER BY c.account_id, c.row_at, abs(extract(epoch FROM c.row_at - c.staged_at)), c.staged_at
), merged AS (
  UPDATE "${schema}".fact_play f SET ${set.join(', ')}
  FROM claimed c JOIN staged s ON s.account_id = c.account_id AND s.played_at = c.staged_at
  WHERE c.changes AND f.account_id = c.account_id AND f.played_at = c.row_at
    AND (${current.join(', ')}) IS DISTINCT FROM (${merged.join(', ')})
  RETURNING 1
), inserted AS (
  INSERT INTO "${schema}".fact_play (${columns.join(', ')}, loaded_at)
  SELECT ${columns.map((c) => `s.${c}`).join(', ')}, now() FROM staged s
  WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.account_id = s.account_id AND c.staged_at = s.played_at)
  ORDER BY s.account_id, s.played_at
  ON CONFLICT (account_id, played_at) DO NOTHING
  RETURNING account_id, played_at
), unloaded AS (
  SELECT s.account_id, s.played_at, s.track_id FROM staged s
  WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.account_id = s.account_id AND c.staged_at = s.played_at)
    AND NOT EXISTS (SELECT 1 FROM inserted i WHERE i.account_id = s.account_id AND i.played_at = s.played_at)
)
SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM merged)::int AS merged,
  (SELECT count(*) FROM unloaded)::int AS collided,
  (SELECT u.account_id || ' ' || u.track_id || ' ' || (extract(epoch FROM u.played_at) * 1000)::bigint FROM unloaded u ORDER BY u.account_id, u.played_at LIMIT 1) AS first_collision`;
}

/**
 * The fast path of writePlays, tried first: the batches of a first load, of a live stream past its
 * history and of a replay need no window search, and writePlays's plumbing (sorting and joining
 * every staged fact several times) cost as much as the insert. One statement decides:
 * - `busy`: as in writePlays, whether any account has a row within $1 ms of its staged facts' time
 *   span (the widest tolerance, so a superset of the accounts writePlays searches). None: no staged
 *   fact can match or collide with a row (the batch's own keys are unique, prepare-batch.ts), so
 *   every fact is inserted as writePlays would insert it, in the same order.
 * - `pending`: with a busy account, whether some staged fact is not a replay: its own key holding
 *   its listen (writePlays's exact match) unchanged by the merge. Such a fact is writePlays's best
 *   match for its row (distance 0) and writes nothing, so a batch of replays alone is done. The
 *   first fact that is not a replay ends the scan; then nothing is written here and the writer runs
 *   writePlays, which decides every fact as before.
 * Returns `busy`, `pending` and the rows `inserted`.
 */
export function writePlaysFast(schema: string): string {
  const columns = FACT_PLAY_COLUMNS;
  const { merged, current } = mergeExpressions();
  const staged = columns.map((c) =>
    c === 'played_at' || c === 'history_played_at'
      ? `timestamptz 'epoch' + s.${c}_ms * interval '1 millisecond' AS ${c}`
      : `s.${c}`,
  );
  return `WITH busy AS (
  SELECT 1 FROM (
    SELECT account_id, min(played_at_ms) AS lo, max(played_at_ms) AS hi FROM stage_play GROUP BY account_id
  ) r
  WHERE EXISTS (
    SELECT 1 FROM "${schema}".fact_play f WHERE f.account_id = r.account_id
      AND f.played_at BETWEEN timestamptz 'epoch' + (r.lo - $1::bigint) * interval '1 millisecond' AND timestamptz 'epoch' + (r.hi + $1::bigint) * interval '1 millisecond'
  )
  LIMIT 1
), pending AS (
  SELECT 1 FROM (SELECT ${staged.join(', ')} FROM stage_play s) s
  WHERE EXISTS (SELECT 1 FROM busy) AND NOT EXISTS (
    SELECT 1 FROM (
      SELECT k.track_id, ${[...POLLED_COLUMNS, ...EXPORT_COLUMNS].map((c) => `k.${c}`).join(', ')} FROM "${schema}".fact_play k WHERE k.account_id = s.account_id AND k.played_at = s.played_at LIMIT 1
    ) f
    WHERE ${EXACT_MATCH}
      AND NOT ((${current.join(', ')}) IS DISTINCT FROM (${merged.join(', ')}))
  )
  LIMIT 1
), inserted AS (
  INSERT INTO "${schema}".fact_play (${columns.join(', ')}, loaded_at)
  SELECT ${staged.join(', ')}, now() FROM stage_play s
  WHERE NOT EXISTS (SELECT 1 FROM busy)
  ORDER BY s.account_id, s.played_at_ms
  ON CONFLICT (account_id, played_at) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM busy) AS busy, EXISTS (SELECT 1 FROM pending) AS pending, (SELECT count(*) FROM inserted)::int AS inserted`;
}

// --- migrations -------------------------------------------------------------------------------

/** One advisory lock per schema: two migrators of the same schema take turns. */
