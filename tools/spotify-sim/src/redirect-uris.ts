/**
 * Spotify's redirect URI rules since 2025: HTTPS anywhere, plain HTTP only to a loopback IP literal
 * (127.0.0.1 or [::1]) — never "localhost" — and no wildcards or fragments.
 */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.hash !== '' || uri.includes('#')) return 'must not contain a fragment';
  if (uri.includes('*')) return 'must not contain wildcards';
  if (url.hostname === 'localhost')
    return "must use an explicit loopback address (127.0.0.1 or [::1]), not 'localhost'";
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return url.hostname === '127.0.0.1' || url.hostname === '[::1]'
      ? undefined
      : 'may use http only with a loopback address';
  }
  return undefined; // custom schemes (mobile apps) are allowed
}
