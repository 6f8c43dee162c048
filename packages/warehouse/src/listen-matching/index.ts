/**
 * # Listen matching: one listen, one row
 *
 * Where a play is matched to a listen the warehouse already holds. A play can arrive twice, by two
 * roads (the poller's recently-played, the importer's data export), twice by one road (a replay of a
 * topic, an export imported again or split another way), or alongside a different play with the same
 * key. This folder is the whole rule; nothing else in the warehouse decides it.
 *
 * What it guarantees, in both dialects:
 * - A polled and an imported play of the same account and track whose times differ by at most the
 *   tolerance (LISTEN_MATCH_TOLERANCE_MS, never more than the track's length; `tolerance.ts`) are one
 *   row: the polled time, keys and context, the export's listening fields (`merge-columns.ts`).
 *   Closest pairs first, so a track on repeat stays several listens; two polled plays, or two
 *   imported plays, are never merged. The result does not depend on which arrived first.
 * - A replay (the same fact again) changes nothing; an exported copy of a listen already carrying the
 *   export's fields combines flags and reasons by an order-free rule (`merge-columns.ts`).
 * - A different play on an occupied key is never dropped or written over: the batch is refused
 *   (`key-collision.ts`), and the sink dead-letters that play with the reason.
 * - A name-only play is matched to a known track by names, else kept as an unresolved track.
 *
 * Its parts: `match-listens.ts` (the TypeScript half: pairing within one batch), `merge-columns.ts`
 * (which side owns which column), `tolerance.ts`, `key-collision.ts`, and the SQL that matches against
 * stored rows, `postgres-statements.ts` and `mssql-statements.ts` (pinned by golden files). An
 * imported play's identity before it reaches the warehouse (its key within the export's second) is
 * the importer's, `services/importer/src/export/listen-identity.ts`. The tables' side of it is in the
 * migrations (006 listen matching, 008 the lookup index, 009 the listen identity), frozen once applied.
 */
export { collisionError } from './key-collision.ts';
export {
  asPrepared,
  DEFAULT_LISTEN_MATCH_TOLERANCE_MS,
  mergeListen,
  type PreparedPlay,
} from './match-listens.ts';
export { combineExported, EXPORT_COLUMNS, POLLED_COLUMNS } from './merge-columns.ts';
export { checkTolerance } from './tolerance.ts';
