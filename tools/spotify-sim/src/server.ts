import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { AccountsService } from './accounts-service.ts';
import type { FaultInjector } from './faults.ts';
import { errorBody } from './shapes.ts';
import { jsonResponse, type SimResponse } from './sim-response.ts';
import type { WebApi } from './web-api.ts';

const MAX_BODY_BYTES = 1 << 20;

/** One Web API request as the simulator answered it (real time: a client waits on its own clock). */
export interface SimRequest {
  /** Real unix ms the answer was written. */
  readonly atMs: number;
  readonly method: string;
  readonly path: string;
  /** The account whose user token it carried; null for an app token or none. */
  readonly accountId: string | null;
  readonly status: number;
}

/** The request log keeps the newest this many. */
const REQUEST_LOG_MAX = 100_000;

export interface SimStats {
  requests: number;
  byStatus: Record<string, number>;
}

/** The HTTP face of the simulator: routes to the Accounts service or the Web API and counts replies. */
export class SimServer {
  readonly #server: Server;
  readonly #accountsService: AccountsService;
  readonly #webApi: WebApi;
  readonly #faults: FaultInjector;
  readonly #stats: SimStats = { requests: 0, byStatus: {} };
  readonly #abort = new AbortController();
  readonly #requests: SimRequest[] = [];
  #url = '';
  #stopping: Promise<void> | undefined;

  constructor(accountsService: AccountsService, webApi: WebApi, faults: FaultInjector) {
    this.#accountsService = accountsService;
    this.#webApi = webApi;
    this.#faults = faults;
    this.#server = createServer((req, res) => {
      this.#serve(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.#write(res, jsonResponse(500, errorBody(500, 'Server error.')));
        else res.destroy(error instanceof Error ? error : undefined);
      });
    });
    this.#server.keepAliveTimeout = 5_000;
  }

  get url(): string {
    return this.#url;
  }

  stats(): SimStats {
    return { requests: this.#stats.requests, byStatus: { ...this.#stats.byStatus } };
  }

  /** Every Web API request answered so far, oldest first. */
  requests(): SimRequest[] {
    return [...this.#requests];
  }

  async listen(port: number, host: string, publicUrl?: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    this.#url = publicUrl ?? `http://${host}:${address.port}`;
    return this.#url;
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#abort.abort();
      await new Promise<void>((resolve) => {
        this.#server.close(() => resolve());
        this.#server.closeAllConnections();
      });
    })();
    return this.#stopping;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.#url);
    const method = req.method ?? 'GET';
    const body = await this.#readBody(req);
    if (body === undefined)
      return this.#write(res, jsonResponse(413, errorBody(413, 'Request entity too large')));
    const path = url.pathname;
    if (path === '/authorize' && method === 'GET')
      return this.#write(res, this.#accountsService.authorizePage(url));
    if (path === '/authorize/decision' && method === 'POST') {
      return this.#write(res, this.#accountsService.decide(new URLSearchParams(body)));
    }
    if (path === '/api/token') {
      if (method !== 'POST')
        return this.#write(
          res,
          jsonResponse(405, { error: 'invalid_request', error_description: 'POST only' }),
        );
      const headers = { authorization: req.headers.authorization, contentType: req.headers['content-type'] };
      return this.#write(res, this.#accountsService.token(headers, body));
    }
    if (path === '/v1' || path.startsWith('/v1/')) {
      const delayMs = this.#faults.takeDelay();
      if (delayMs > 0) {
        try {
          await delay(delayMs, undefined, { signal: this.#abort.signal });
        } catch {
          return void res.destroy();
        }
      }
      const failure = this.#faults.failure();
      const response =
        failure ?? this.#webApi.handle(method, url, req.headers.authorization, `${this.#url}/v1`);
      this.#requests.push({
        atMs: Date.now(),
        method,
        path,
        accountId: this.#webApi.accountOf(req.headers.authorization),
        status: response.status,
      });
      if (this.#requests.length > REQUEST_LOG_MAX) this.#requests.shift();
      return this.#write(res, response);
    }
    return this.#write(res, jsonResponse(404, errorBody(404, 'Service not found')));
  }

  async #readBody(req: IncomingMessage): Promise<string | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return undefined;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  #write(res: ServerResponse, response: SimResponse): void {
    this.#stats.requests++;
    const key = String(response.status);
    this.#stats.byStatus[key] = (this.#stats.byStatus[key] ?? 0) + 1;
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': Buffer.byteLength(response.body),
    });
    res.end(response.body);
  }
}
