import type { SpotifySim } from '@spotify-pipeline/spotify-sim';

/**
 * Links every simulated listener through the poller's real flow: `/link?tz=` redirects to the
 * simulated /authorize (PKCE, state), the simulated user clicks Agree, and the redirect to the
 * callback completes it. The redirect URI names the port a deployed poller listens on; this test's
 * poller listens on a free port, so the "browser" delivers the callback's path and query there.
 */
export async function linkListeners(sim: SpotifySim, pollerUrl: string): Promise<string[]> {
  const linked: string[] = [];
  for (const account of sim.accounts()) {
    const start = await fetch(`${pollerUrl}/link?tz=${encodeURIComponent(account.timeZone)}`, {
      redirect: 'manual',
    });
    const authorize = start.headers.get('location');
    if (start.status !== 302 || !authorize)
      throw new Error(`poller /link for ${account.id} answered ${start.status}, not a redirect`);
    const callback = new URL(await sim.approve(authorize, account.id));
    const done = await fetch(new URL(`${callback.pathname}${callback.search}`, pollerUrl));
    const body = await done.text();
    if (!done.ok) throw new Error(`poller /callback for ${account.id} answered ${done.status}: ${body}`);
    const answer = JSON.parse(body) as { linked?: string; timeZone?: string };
    if (answer.linked !== account.id || answer.timeZone !== account.timeZone)
      throw new Error(`poller /callback for ${account.id} linked ${body}`);
    linked.push(account.id);
  }
  return linked;
}
