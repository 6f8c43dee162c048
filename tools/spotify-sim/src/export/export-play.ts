/** One listening event as an export records it, before it is written in either format. */
export interface ExportPlay {
  /** When the play ENDED, ms since 1970 (written to the second or the minute). */
  readonly endMs: number;
  readonly msPlayed: number;
  readonly kind: 'track' | 'local' | 'episode' | 'audiobook' | 'video';
  /** Spotify track id for `track`; for `episode`/`audiobook` the episode or chapter id. */
  readonly id: string | null;
  readonly title: string;
  /** Album artist (tracks) or show / author. */
  readonly artistName: string | null;
  readonly albumName: string | null;
  readonly offline: boolean;
  /** How the export writes offline_timestamp: as Spotify does, in ms, in seconds, or as 0. */
  readonly offlineTimestamp: 'ms' | 'seconds' | 'zero';
  readonly incognito: boolean;
  readonly shuffle: boolean;
  readonly skipped: boolean | null;
  readonly reasonStart: string;
  readonly reasonEnd: string;
  readonly platform: string;
  readonly country: string;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The extended streaming history entry (Streaming_History_Audio_*.json) for a play. */
export function extendedEntry(play: ExportPlay, ipIndex: number): Record<string, unknown> {
  const startMs = play.endMs - play.msPlayed;
  const offlineTimestamp =
    play.offlineTimestamp === 'zero'
      ? 0
      : play.offlineTimestamp === 'seconds'
        ? Math.floor(startMs / 1000)
        : startMs;
  const track = play.kind === 'track' || play.kind === 'local';
  return {
    ts: iso(play.endMs),
    platform: play.platform,
    ms_played: play.msPlayed,
    conn_country: play.country,
    // TEST-NET-1 addresses: realistic shape, nobody's address.
    ip_addr: `192.0.2.${(ipIndex % 254) + 1}`,
    master_metadata_track_name: track ? play.title : null,
    master_metadata_album_artist_name: track ? play.artistName : null,
    master_metadata_album_album_name: track ? play.albumName : null,
    spotify_track_uri: play.kind === 'track' ? `spotify:track:${play.id}` : null,
    episode_name: play.kind === 'episode' ? play.title : null,
    episode_show_name: play.kind === 'episode' ? play.artistName : null,
    spotify_episode_uri: play.kind === 'episode' ? `spotify:episode:${play.id}` : null,
    audiobook_title: play.kind === 'audiobook' ? play.albumName : null,
    audiobook_uri: play.kind === 'audiobook' ? `spotify:show:${play.id}` : null,
    audiobook_chapter_uri: play.kind === 'audiobook' ? `spotify:episode:${play.id}` : null,
    audiobook_chapter_title: play.kind === 'audiobook' ? play.title : null,
    reason_start: play.reasonStart,
    reason_end: play.reasonEnd,
    shuffle: play.shuffle,
    skipped: play.skipped,
    offline: play.offline,
    offline_timestamp: offlineTimestamp,
    incognito_mode: play.incognito,
  };
}

/** The account-data entry (StreamingHistory_music_*.json / _podcast_*.json): names and minutes only. */
export function accountDataEntry(play: ExportPlay): Record<string, unknown> {
  const minute = new Date(Math.floor(play.endMs / 60_000) * 60_000).toISOString();
  return {
    endTime: `${minute.slice(0, 10)} ${minute.slice(11, 16)}`,
    artistName: play.artistName ?? 'Unknown Artist',
    trackName: play.title,
    msPlayed: play.msPlayed,
  };
}
