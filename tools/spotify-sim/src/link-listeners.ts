import { NonRetriableError } from '@spotify-pipeline/runtime';

/**
 * What a person's browser does when they link an account, done for every simulated listener over
 * HTTP only, so it works against a simulator in another process or container (compose's demo
 * profile): open the poller's /link, which redirects to the simulator's /authorize; click "Agree as
 * <listener>" on the consent page; follow the redirect back to the poller's /callback.
 *
 * The callback is sent to `pollerUrl` whatever host the redirect URI names: the redirect URI is
 * where a person's browser reaches the poller (127.0.0.1:8888 published by compose), which from
 * inside the compose network is the poller's own address instead.
 */
export class LinkListenersError extends NonRetriableError {}

/** The listener ids a consent page offers ("Agree as <id>" buttons). */
export function consentAccountIds(html: string): string[] {
  return [...html.matchAll(/<button name="account_id" value="([^"]+)">/g)].map((m) => decodeHtml(m[1]!));
}

function decodeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

async function redirectOf(response: Response, what: string): Promise<URL> {
  const location = response.headers.get('location');
  if (response.status !== 302 || !location)
    throw new LinkListenersError(
      `${what} answered ${response.status}, not a redirect: ${(await response.text()).slice(0, 200)}`,
    );
  return new URL(location);
}

/** GET /link: the simulator's /authorize URL for one new link. */
async function beginLink(pollerUrl: string): Promise<URL> {
  return redirectOf(await fetch(new URL('/link', pollerUrl), { redirect: 'manual' }), 'the poller /link');
}

/** Agrees as `accountId` on the consent form, then hands the callback to the poller. */
async function approveAndComplete(authorize: URL, accountId: string, pollerUrl: string): Promise<void> {
  const form = new URLSearchParams(authorize.searchParams);
  form.set('account_id', accountId);
  const decision = await fetch(new URL('/authorize/decision', authorize), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const callback = await redirectOf(decision, 'the consent form');
  const done = await fetch(new URL(`${callback.pathname}${callback.search}`, pollerUrl));
  if (!done.ok)
    throw new LinkListenersError(
      `the poller /callback for ${accountId} answered ${done.status}: ${await done.text()}`,
    );
}

/** Links every listener the simulator's consent page offers; returns their ids. */
export async function linkListeners(
  pollerUrl: string,
  onLinked: (id: string) => void = () => {},
): Promise<string[]> {
  const first = await beginLink(pollerUrl);
  const page = await fetch(first);
  if (!page.ok) throw new LinkListenersError(`the simulator's /authorize answered ${page.status}`);
  const ids = consentAccountIds(await page.text());
  if (ids.length === 0) throw new LinkListenersError('the consent page offers no simulated listener');
  for (const [i, id] of ids.entries()) {
    await approveAndComplete(i === 0 ? first : await beginLink(pollerUrl), id, pollerUrl);
    onLinked(id);
  }
  return ids;
}
