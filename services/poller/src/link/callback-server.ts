import { createServer, type Server } from 'node:http';
import type { LinkedAccount } from '../state/linked-account.ts';
import { LinkError } from './link-error.ts';
import type { LinkFlow } from './link-flow.ts';

/**
 * A one-shot HTTP server on the redirect URI's port, and its host unless `host` says otherwise (in a
 * container, 0.0.0.0 behind a published port), for the CLI's `link`: it answers the
 * first callback with a matching path, then resolves with the linked account (or the error).
 */
export async function awaitCallback(
  flow: LinkFlow,
  redirectUri: string,
  {
    timeoutMs = 10 * 60_000,
    onListening,
    host,
  }: { timeoutMs?: number; onListening?: () => void; host?: string | undefined } = {},
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
      server.listen(Number(target.port || 80), host ?? target.hostname, () => onListening?.());
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
