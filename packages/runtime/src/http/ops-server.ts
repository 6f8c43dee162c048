import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { STILL_PENDING, settledWithin } from '../settled-within.ts';

/** A named readiness probe: resolves true when the dependency it checks is usable right now. */
export type ReadinessCheck = () => Promise<boolean> | boolean;

/**
 * A named note /readyz reports beside its checks without letting it decide readiness: something an
 * operator must see (accounts whose polls fail) that taking the instance out of service would not
 * mend. Resolves to what to say, or undefined when there is nothing to say.
 */
export type ReadinessNote = () => Promise<string | undefined> | string | undefined;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface OpsServerOptions {
  readonly host: string;
  /** 0 lets the OS pick a free port (tests). */
  readonly port: number;
  readonly registry: Registry;
  /**
   * The checks /readyz runs. A service starts its ops server first, before its dependencies are
   * reachable, with none (then /readyz says `startup: starting`), and hands them in with
   * `setReadiness` once it has the clients they check.
   */
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** Extra routes a service serves beside the operational ones, by exact path. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /** How long one check may take before it counts as failed, naming the timeout. Default 1,500. */
  readonly checkTimeoutMs?: number;
}

export interface OpsServer {
  readonly url: string;
  readonly port: number;
  /**
   * Replaces the readiness checks (a service that has started its dependencies), and the notes
   * /readyz reports beside them without failing.
   */
  setReadiness(
    checks: Readonly<Record<string, ReadinessCheck>>,
    notes?: Readonly<Record<string, ReadinessNote>>,
  ): void;
  /** Adds routes (a service that can now serve them); until then they answer 404. */
  setRoutes(routes: Readonly<Record<string, RouteHandler>>): void;
  close(): Promise<void>;
}

/**
 * Readiness must tell the truth within 2 s of a dependency failing: a check that hangs (a Redis
 * command queued while offline, a broker that does not answer) fails after this long instead.
 */
export const DEFAULT_CHECK_TIMEOUT_MS = 1_500;

/** What /readyz says before the service has handed in its checks. */
const STARTING: Readonly<Record<string, ReadinessCheck>> = {
  startup: () => {
    throw new Error('starting');
  },
};

/**
 * `/healthz` says the process is alive (it answers at all); `/readyz` says every dependency check
 * passes, naming each, so an orchestrator routes work only to an instance that can do it;
 * `/metrics` is the Prometheus exposition of the service's registry.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const state: ServedState = {
    registry: options.registry,
    readiness: options.readiness ?? STARTING,
    notes: {},
    routes: { ...options.routes },
    checkTimeoutMs: options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
  };
  const server: Server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : 'internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${options.host}:${port}`,
    port,
    setReadiness(checks, notes = {}) {
      state.readiness = checks;
      state.notes = notes;
    },
    setRoutes(routes) {
      state.routes = { ...state.routes, ...routes };
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

interface ServedState {
  readonly registry: Registry;
  readiness: Readonly<Record<string, ReadinessCheck>>;
  notes: Readonly<Record<string, ReadinessNote>>;
  routes: Readonly<Record<string, RouteHandler>>;
  readonly checkTimeoutMs: number;
}

/** Runs one check within the timeout: 'ok', 'not ready', or why it failed. */
async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  const outcome = await settledWithin(check, timeoutMs);
  if (outcome === STILL_PENDING) return `no answer within ${timeoutMs} ms`;
  if (!outcome.ok) return errorText(outcome.error);
  return outcome.value ? 'ok' : 'not ready';
}

/** Runs one note within the timeout; a note that fails or hangs says so instead of its text. */
async function runNote(note: ReadinessNote, timeoutMs: number): Promise<string | undefined> {
  const outcome = await settledWithin(note, timeoutMs);
  if (outcome === STILL_PENDING) return `no answer within ${timeoutMs} ms`;
  return outcome.ok ? outcome.value : `could not be read: ${errorText(outcome.error)}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message || error.name : 'failed';
}

async function handle(state: ServedState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz') {
    return json(res, 200, { status: 'ok' });
  }
  if (url.pathname === '/readyz') {
    const results = await Promise.all(
      Object.entries(state.readiness).map(
        async ([name, check]) => [name, await runCheck(check, state.checkTimeoutMs)] as const,
      ),
    );
    const notes = (
      await Promise.all(
        Object.entries(state.notes).map(
          async ([name, note]) => [name, await runNote(note, state.checkTimeoutMs)] as const,
        ),
      )
    ).filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
    const ready = results.every(([, result]) => result === 'ok');
    return json(res, ready ? 200 : 503, {
      status: ready ? 'ready' : 'not ready',
      checks: Object.fromEntries(results),
      ...(notes.length > 0 ? { notes: Object.fromEntries(notes) } : {}),
    });
  }
  if (url.pathname === '/metrics') {
    const body = await state.registry.metrics();
    res.writeHead(200, { 'content-type': state.registry.contentType });
    res.end(body);
    return;
  }
  const route = state.routes[url.pathname];
  if (route) return route(req, res, url);
  json(res, 404, { error: `no route ${url.pathname}` });
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
