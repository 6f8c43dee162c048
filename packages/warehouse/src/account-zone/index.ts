/**
 * # An account's zone: one zone for all of its facts
 *
 * A fact's local date and time keys (`date_key`, `time_key`: what "plays by hour of day" and every
 * local date of the views mean) are its played_at in its account's time zone. The zone can change:
 * an account linked again with another `--time-zone`, an account first known from an import (in the
 * import's `--time-zone`) that is then linked. The warehouse keeps one zone per account, the one
 * `dim_account.time_zone` holds (the poller's; an import never writes it), and re-derives the keys
 * of that account's facts, in the batch's own transaction, whenever they could disagree with it:
 *
 * - a batch that changes an account's zone re-keys every fact of that account (its plays in the batch
 *   included), merged rows and rows only an import gave alike;
 * - a batch's plays keyed in another zone than their account's stored one (an import run with another
 *   `--time-zone`, a play polled before a relink and written after it) have the rows of their
 *   stretch re-keyed after they are written.
 * An account no poller ever described (import only) has no stored zone: its facts follow the latest
 * import's `--time-zone`, as the listen-matching rule says (merge-columns.ts, LOCAL_TIME_COLUMNS).
 *
 * Concurrency: the zone change reads the account's row FOR NO KEY UPDATE before its upsert; a fact
 * load reads its accounts' zones FOR SHARE (SQL Server: UPDLOCK / HOLDLOCK hints), so the two never
 * interleave: whichever commits second sees the other's rows and zone. A deadlock between two
 * batches that each describe an account the other loads plays of is possible (rare: account
 * records come with a change or hourly); the database picks a victim and the sink retries it.
 *
 * The offsets come from ICU, as the normalizer's keys do (`zone-offsets.ts`); SQL only adds them
 * (`postgres-statements.ts`, `mssql-statements.ts`, pinned by golden files).
 */
export {
  changedZones,
  mismatchedStretches,
  type RekeyPort,
  type RekeyTarget,
  rekeyTargets,
  type StoredZone,
} from './rekey-plan.ts';
export { isKnownZone, keysAtOffset, type OffsetSpan, offsetAt, zoneOffsetSpans } from './zone-offsets.ts';
