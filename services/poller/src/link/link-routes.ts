import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, type Logger, type RouteHandler } from '@spotify-pipeline/runtime';
import { LinkError } from './link-error.ts';
import { isTransient, type LinkFlow } from './link-flow.ts';

/** `/link?tz=Europe/Berlin` redirects to Spotify; `/callback` completes the link. */
export function linkRoutes(
  flow: LinkFlow,
  logger: Logger,
  onLinked?: (accountId: string) => void,
): Record<string, RouteHandler> {
  return {
    '/link': async (req: IncomingMessage, res: ServerResponse, url: URL) => {
      try {
        const { url: authorize } = await flow.begin(
          url.searchParams.get('tz') ?? undefined,
          req.socket.remoteAddress ?? 'unknown',
        );
        res.writeHead(302, { location: authorize });
        res.end();
      } catch (error) {
        answerError(res, error, logger);
      }
    },
    '/callback': async (_req: IncomingMessage, res: ServerResponse, url: URL) => {
      try {
        const account = await flow.complete(url);
        json(res, 200, { linked: account.id, displayName: account.displayName, timeZone: account.timeZone });
        onLinked?.(account.id);
      } catch (error) {
        answerError(res, error, logger);
      }
    },
  };
}

/**
 * A LinkError is meant for the person linking and says what to do. Anything else is ours: it is
 * logged with a reference, and the browser gets the reference, never the internal message (a
 * broker's or Redis's words, hosts, keys).
 */
function answerError(res: ServerResponse, error: unknown, logger: Logger): void {
  if (error instanceof LinkError) {
    json(res, error.status, { error: error.message });
    return;
  }
  const reference = randomUUID().slice(0, 8);
  logger.error({ err: error, reference }, 'linking failed');
  if (isTransient(error)) {
    json(res, 503, {
      error: `linking failed for a moment on our side; try again (reference ${reference})`,
    });
    return;
  }
  json(res, 502, { error: `linking failed on our side (reference ${reference})` });
}
