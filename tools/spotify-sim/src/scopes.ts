/** Every scope Spotify's Accounts service accepts; any other makes /authorize fail with invalid_scope. */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  'ugc-image-upload',
  'user-read-playback-state',
  'user-modify-playback-state',
  'user-read-currently-playing',
  'app-remote-control',
  'streaming',
  'playlist-read-private',
  'playlist-read-collaborative',
  'playlist-modify-private',
  'playlist-modify-public',
  'user-follow-modify',
  'user-follow-read',
  'user-read-playback-position',
  'user-top-read',
  'user-read-recently-played',
  'user-library-modify',
  'user-library-read',
  'user-read-email',
  'user-read-private',
  'user-personalized',
  'user-soa-link',
  'user-soa-unlink',
  'soa-manage-entitlements',
  'soa-manage-partner',
  'soa-create-partner',
]);

export const DEFAULT_LINK_SCOPES = ['user-read-recently-played', 'user-read-private', 'user-read-email'];

export function parseScopes(value: string | null): string[] {
  return (value ?? '').split(/[\s+]+/).filter(Boolean);
}
