import { createServer, type Server } from 'node:http';
import type { LinkedAccount } from '../state/linked-account.ts';
import { LinkError } from './link-error.ts';
import type { LinkFlow } from './link-flow.ts';

/**
 * Waits for the callback of the link begun with `state` (the CLI's `link`) and resolves with the
 * linked account's id. A one-shot HTTP server on the redirect URI's port, and its host unless `host` says otherwise (in a
 * container, 0.0.0.0 behind a published port), answers the first callback with a matching path. When the port is taken by a running poller (whose ops server
 * serves /callback, with the same flow state in Redis), that poller completes the link and this
 * waits for the outcome it records; any other program on the port is a clear error.
 */
export async function awaitCallback(
  flow: LinkFlow,
  redirectUri: string,
  state: string,
  {
    timeoutMs = 10 * 60_000,
    onListening,
    host,
  }: {
    timeoutMs?: number;
    onListening?: (via: 'here' | 'running-poller') => void;
    host?: string | undefined;
  } = {},
): Promise<string> {
  try {
    return (await listenForCallback(flow, redirectUri, timeoutMs, () => onListening?.('here'), host)).id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  }
  // The port is taken: by a running poller (which serves /callback with the same flow), or not.
  const target = new URL(redirectUri);
  if (!(await isPoller(target))) {
    throw new LinkError(
      `port ${target.port || 80} of the redirect URI ${redirectUri} is in use by something that is not the poller; free it or stop that program`,
      409,
    );
  }
  onListening?.('running-poller');
  return flow.awaitResult(state, { timeoutMs });
}

/** Whether the process on the redirect URI's port answers like the poller's ops server. */
async function isPoller(target: URL): Promise<boolean> {
  try {
    const response = await fetch(new URL('/readyz', target), { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { checks?: Record<string, unknown> };
    return typeof body.checks === 'object' && body.checks !== null && 'state' in body.checks;
  } catch {
    return false;
  }
}

async function listenForCallback(
  flow: LinkFlow,
  redirectUri: string,
  timeoutMs: number,
  onListening: () => void,
  host: string | undefined,
): Promise<LinkedAccount> {
  const target = new URL(redirectUri);
  let server: Server | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<LinkedAccount>((resolve, reject) => {
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', redirectUri);
        if (url.pathname !== target.pathname) {
          res.writeHead(404).end();
          return;
        }
        flow.complete(url).then(
          (account) => {
            res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
            res.end(`Linked ${account.displayName ?? account.id}. You can close this window.\n`);
            resolve(account);
          },
          (error: unknown) => {
            res.writeHead(error instanceof LinkError ? error.status : 502, { 'content-type': 'text/plain' });
            res.end(`Linking failed: ${error instanceof Error ? error.message : 'unknown error'}\n`);
            reject(error);
          },
        );
      });
      server.once('error', reject);
      server.listen(Number(target.port || 80), host ?? target.hostname, () => onListening());
      timer = setTimeout(() => reject(new LinkError('no callback arrived in time', 408)), timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    const s = server;
    if (s) {
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    }
  }
}
