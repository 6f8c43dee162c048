import type { Logger } from '@spotify-pipeline/runtime';
import type { SpotifySim } from '@spotify-pipeline/spotify-sim';

/**
 * Links every simulated listener through the poller's real flow: `/link` redirects to the
 * Accounts service's /authorize (PKCE, state), the simulated user clicks Agree, and the browser's
 * redirect to `/callback` completes it. Only the click is simulated.
 */
export async function linkDemoAccounts(sim: SpotifySim, pollerUrl: string, logger: Logger): Promise<number> {
  let linked = 0;
  for (const account of sim.accounts()) {
    const start = await fetch(`${pollerUrl}/link?tz=${encodeURIComponent(account.timeZone)}`, {
      redirect: 'manual',
    });
    const authorize = start.headers.get('location');
    if (start.status !== 302 || !authorize)
      throw new Error(`poller /link answered ${start.status}, not a redirect`);
    const callback = await sim.approve(authorize, account.id);
    const done = await fetch(callback);
    if (!done.ok)
      throw new Error(`poller /callback for ${account.id} answered ${done.status}: ${await done.text()}`);
    linked += 1;
    logger.info({ account: account.id, timeZone: account.timeZone }, 'linked simulated listener');
  }
  return linked;
}
