import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, type Logger, type RouteHandler } from '@spotify-pipeline/runtime';
import { LinkError } from './link-error.ts';
import type { LinkFlow } from './link-flow.ts';

/** `/link?tz=Europe/Berlin` redirects to Spotify; `/callback` completes the link. */
export function linkRoutes(
  flow: LinkFlow,
  logger: Logger,
  onLinked?: (accountId: string) => void,
): Record<string, RouteHandler> {
  return {
    '/link': async (_req: IncomingMessage, res: ServerResponse, url: URL) => {
      try {
        const { url: authorize } = await flow.begin(url.searchParams.get('tz') ?? undefined);
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

function answerError(res: ServerResponse, error: unknown, logger: Logger): void {
  if (error instanceof LinkError) {
    json(res, error.status, { error: error.message });
    return;
  }
  logger.error({ err: error }, 'linking failed');
  json(res, 502, { error: error instanceof Error ? error.message : 'linking failed' });
}
