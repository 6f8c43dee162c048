import type { AccountRecord, AlbumRecord, ArtistRecord, PlayFact, TrackRecord } from './rows.ts';

export type Dialect = 'postgres' | 'mssql';

/** Everything one sink batch carries, in any order and possibly with repeated keys. */
export interface WarehouseBatch {
  artists: ArtistRecord[];
  albums: AlbumRecord[];
  tracks: TrackRecord[];
  accounts: AccountRecord[];
  plays: PlayFact[];
}

export interface UpsertCount {
  /** Rows that did not exist before (completing an inferred member counts as an update). */
  inserted: number;
  /** Existing rows whose content changed, inferred members completed included. */
  updated: number;
}

/** What one writeBatch did to each table. Unchanged rows are in neither count. */
export interface WriteReport {
  artists: UpsertCount;
  albums: UpsertCount;
  tracks: UpsertCount;
  accounts: UpsertCount;
  /** Track-artist links; `deleted` counts positions a track's newer artist list no longer has. */
  bridge: UpsertCount & { deleted: number };
  /**
   * `merged`: facts that completed the row of the same listen (a polled play and its imported twin);
   * `duplicates` were already loaded (a replay) and left alone.
   */
  plays: { inserted: number; merged: number; duplicates: number };
  /**
   * Facts whose local date and time keys were re-derived in their account's zone: all of an account's
   * after its zone changed, or a stretch its plays in this batch gave in another zone (account-zone/).
   */
  rekeyed: number;
  /** Key-only members created for keys referenced by this batch but not (yet) described. */
  inferred: { artists: number; albums: number; tracks: number; accounts: number };
}

export interface MigrationRef {
  version: number;
  name: string;
}

export interface MigrationReport {
  dialect: Dialect;
  schema: string;
  /** Applied by this run, in order. */
  applied: MigrationRef[];
  /** Found already applied with an unchanged checksum. */
  skipped: MigrationRef[];
}

/** The one door through which the sink writes, whatever the database. */
export interface Warehouse {
  readonly dialect: Dialect;
  readonly schema: string;
  migrate(): Promise<MigrationReport>;
  /** The migration files not applied yet; empty when the schema is up to date. Changes nothing. */
  pendingMigrations(): Promise<MigrationRef[]>;
  /** One transaction; one statement per table; inferred members for missing keys; idempotent. */
  writeBatch(batch: WarehouseBatch): Promise<WriteReport>;
  ping(): Promise<void>;
  /** Idempotent: releases the connection pool once. */
  close(): Promise<void>;
}

export function emptyWriteReport(): WriteReport {
  return {
    artists: { inserted: 0, updated: 0 },
    albums: { inserted: 0, updated: 0 },
    tracks: { inserted: 0, updated: 0 },
    accounts: { inserted: 0, updated: 0 },
    bridge: { inserted: 0, updated: 0, deleted: 0 },
    plays: { inserted: 0, merged: 0, duplicates: 0 },
    rekeyed: 0,
    inferred: { artists: 0, albums: 0, tracks: 0, accounts: 0 },
  };
}
