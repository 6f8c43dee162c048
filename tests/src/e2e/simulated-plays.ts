import type { SpotifySim, simCatalogue } from '@spotify-pipeline/spotify-sim';
import { playKey } from '../support/play-keys.ts';
import { localDateTime } from './local-date-time.ts';

export { playKey };

type Catalogue = ReturnType<typeof simCatalogue>;

/** A play the simulator has served, or must have served by now, with the listener it belongs to. */
export interface VisiblePlay {
  /** `accountId@played_at unix ms`: a play's identity in the warehouse (fact_play's key). */
  readonly key: string;
  readonly accountId: string;
  readonly playedAt: Date;
  /** null for a local file. */
  readonly trackId: string | null;
  readonly isLocal: boolean;
}

/** One v_plays row as the test reads it back and as the catalogue says it must be. */
export interface PlayRow {
  readonly key: string;
  readonly account_name: string | null;
  readonly account_time_zone: string | null;
  readonly track_id: string;
  readonly track_name: string | null;
  readonly album_name: string | null;
  readonly artist_name: string | null;
  readonly local_date: string;
  readonly local_time: string;
  readonly source: string;
}

/**
 * Every play of every listener that recently-played lists or has listed by the simulator's `now`:
 * heard for 30 s or more, synced (an offline play shows only once its device syncs), and not pushed
 * out of the newest 50 before it synced. Local files included: the poller publishes them too.
 */
export function visiblePlays(sim: SpotifySim): VisiblePlay[] {
  const nowMs = sim.clock.now().getTime();
  return sim.accounts().flatMap((account) =>
    sim
      .truth(account.id)
      .filter((p) => p.visible && p.syncedAt.getTime() <= nowMs)
      .map((p) => ({
        key: playKey(account.id, p.playedAt.getTime()),
        accountId: account.id,
        playedAt: p.playedAt,
        trackId: p.trackId,
        isLocal: p.isLocal,
      })),
  );
}

/**
 * The v_plays row a Spotify-track play must become: names from the simulator's catalogue (the
 * primary artist is the track's first credited artist), local date and time from ICU in the
 * listener's zone, the listener's display name and zone, source `api`.
 */
export function expectedRow(play: VisiblePlay, sim: SpotifySim, catalogue: Catalogue): PlayRow {
  const where = `play ${play.key}`;
  if (play.trackId === null) throw new RangeError(`${where}: a local file has no v_plays row`);
  const account = sim.accounts().find((a) => a.id === play.accountId);
  const track = catalogue.track(play.trackId);
  const album = track?.albumId ? catalogue.albums.get(track.albumId) : undefined;
  const artist = track?.artistIds[0] ? catalogue.artists.get(track.artistIds[0]) : undefined;
  if (!account || !track || !album || !artist)
    throw new RangeError(
      `${where}: the catalogue or the simulator lacks its account, track, album or artist`,
    );
  const local = localDateTime(play.playedAt, account.timeZone);
  return {
    key: play.key,
    account_name: account.displayName,
    account_time_zone: account.timeZone,
    track_id: track.id ?? '',
    track_name: track.name,
    album_name: album.name,
    artist_name: artist.name,
    local_date: local.date,
    local_time: local.time,
    source: 'api',
  };
}
