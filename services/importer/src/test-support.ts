import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@spotify-pipeline/runtime';

export const quietLogger = createLogger('importer-test', 'silent');

/** A fresh folder under the OS temp dir, removed by `remove()`. */
export async function tempDir(label: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `importer-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export const TEST_ACCOUNT = {
  id: 'testaccount',
  time_zone: 'Asia/Kathmandu',
  display_name: null,
  country: null,
};

export function extendedPlay(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ts: new Date(Date.UTC(2022, 0, 1) + i * 300_000).toISOString().replace('.000Z', 'Z'),
    ms_played: 120_000,
    master_metadata_track_name: `Track ${i} "🎸"`,
    master_metadata_album_artist_name: 'Artist',
    master_metadata_album_album_name: 'Album',
    spotify_track_uri: `spotify:track:${String(i).padStart(22, 'A')}`,
    ip_addr: '198.51.100.1',
    offline_timestamp: 0,
    ...extra,
  };
}

export const jsonBytes = (entries: unknown[]) => Buffer.from(JSON.stringify(entries, null, 2), 'utf8');
