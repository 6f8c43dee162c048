import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, type Logger, waitUntil } from '@spotify-pipeline/runtime';
import { loadPollerConfig, type PollerConfig } from './config.ts';
import { awaitCallback } from './link/callback-server.ts';
import { createPollerContext, type PollerContext, unlinkAccount } from './poller-context.ts';
import { AccountHealth } from './state/account-health.ts';

const USAGE = `usage: poller-cli <command>
  link [--time-zone <IANA zone>]   link a Spotify account (opens the authorize URL flow)
  unlink <accountId>               unlink an account and stop polling it
  accounts                         list linked accounts`;

export interface CliIo {
  /** Where results go (stdout by default); one line per call. */
  readonly out: (line: string) => void;
  readonly logger: Logger;
  readonly linkTimeoutMs?: number;
}

/** Runs one CLI command; returns the exit code. Errors are printed, never thrown. */
export async function runCli(argv: readonly string[], config: PollerConfig, io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { 'time-zone': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command || !['link', 'unlink', 'accounts'].includes(command)) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'unlink' && rest.length !== 1) {
    io.out('unlink needs exactly one account id');
    return 2;
  }
  let context: PollerContext | undefined;
  try {
    context = await createPollerContext(config, {
      logger: io.logger,
      transactionalId: `${config.TOPIC_PREFIX}poller-cli-${randomUUID()}`,
    });
    if (command === 'link') return await link(context, values['time-zone'], io);
    if (command === 'unlink') {
      const known = await unlinkAccount(context, rest[0]!);
      io.out(known ? `unlinked ${rest[0]}` : `${rest[0]} was not linked; tombstoned anyway`);
      return 0;
    }
    await listAccounts(context, io);
    return 0;
  } catch (error) {
    io.out(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await context?.closer.close();
  }
}

async function link(context: PollerContext, timeZone: string | undefined, io: CliIo): Promise<number> {
  const before = new Map(context.state.accounts().map((a) => [a.id, a.updatedAt]));
  const { url, state } = await context.linkFlow.begin(timeZone);
  const accountId = await awaitCallback(context.linkFlow, context.config.SPOTIFY_REDIRECT_URI, state, {
    ...(io.linkTimeoutMs ? { timeoutMs: io.linkTimeoutMs } : {}),
    onListening: (via) => {
      if (via === 'running-poller') io.out('The running poller takes the callback on the redirect URI.');
      io.out('Open this URL in a browser and approve access:');
      io.out(url);
    },
  });
  // Written by this process or by the poller that took the callback: wait until it is followed.
  await waitUntil(
    () => (context.state.account(accountId)?.updatedAt ?? -1) !== (before.get(accountId) ?? -1),
    {
      what: `account ${accountId} in the poller state`,
      timeoutMs: 30_000,
      intervalMs: 50,
    },
  );
  const account = context.state.account(accountId)!;
  io.out(`linked ${account.id} (${account.displayName ?? 'no name'}, ${account.timeZone})`);
  return 0;
}

async function listAccounts(context: PollerContext, io: CliIo): Promise<void> {
  const lastPoll = await context.redis.hgetall(context.keys.lastPoll);
  const failing = await new AccountHealth(context.redis, context.keys).failing();
  const now = Date.now();
  const rows = context.state.accounts().map((a) => {
    const at = lastPoll[a.id] ? Number(lastPoll[a.id]) : undefined;
    const health = a.status === 'active' ? failing.get(a.id) : undefined;
    return [
      a.id,
      a.displayName ?? '',
      a.timeZone,
      health ? 'failing' : a.status,
      at ? new Date(at).toISOString() : 'never',
      at ? `${Math.round((now - at) / 1000)}s` : '-',
      health
        ? `since ${new Date(health.since).toISOString()}, ${health.failures} polls: ${health.lastError}`
        : '',
    ];
  });
  io.out(['id', 'name', 'time zone', 'status', 'last poll', 'lag', 'problem'].join('\t'));
  for (const row of rows) io.out(row.join('\t'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const logger = createLogger('poller-cli', process.env.LOG_LEVEL ?? 'warn');
  const code = await runCli(process.argv.slice(2), loadPollerConfig(), {
    out: (line) => console.log(line),
    logger,
  });
  process.exit(code);
}
