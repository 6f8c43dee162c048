import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  assertReachable,
  createLogger,
  describeFailure,
  kafkaDependency,
  type Logger,
  parseCommandArgs,
  redisDependency,
  UsageError,
  waitUntil,
} from '@spotify-pipeline/runtime';
import { cliLogLevel, loadPollerConfig, type PollerConfig } from './config.ts';
import { awaitCallback } from './link/callback-server.ts';
import { createPollerContext, type PollerContext, unlinkAccount } from './poller-context.ts';
import { AccountHealth } from './state/account-health.ts';

export const USAGE = `usage: spotify-pipeline link [--time-zone <IANA zone>]   link a Spotify account (authorize in your browser)
       spotify-pipeline unlink <account-id>              stop polling an account and forget its token
       spotify-pipeline accounts                         list linked accounts, their status and lag`;

const COMMANDS = ['link', 'unlink', 'accounts'];

interface PollerArgs {
  readonly command: string;
  readonly accountId: string | undefined;
  readonly timeZone: string | undefined;
  readonly help: boolean;
}

/** The arguments of link, unlink and accounts; throws a UsageError naming what is wrong. */
export function parsePollerArgs(argv: readonly string[]): PollerArgs {
  const { positionals, values } = parseCommandArgs({
    args: [...argv],
    allowPositionals: true,
    options: { 'time-zone': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  const help = values.help === true;
  if (help) return { command: command ?? '', accountId: undefined, timeZone: undefined, help };
  if (!command) throw new UsageError(`name a command: ${COMMANDS.join(', ')}`);
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command '${command}'`);
  if (command === 'unlink' && rest.length !== 1) throw new UsageError('unlink needs exactly one account id');
  if (command !== 'unlink' && rest.length > 0)
    throw new UsageError(`${command} takes no argument '${rest[0]}'`);
  if (command !== 'link' && values['time-zone'] !== undefined)
    throw new UsageError(`--time-zone is an option of link, not of ${command}`);
  return { command, accountId: rest[0], timeZone: values['time-zone'], help };
}

export interface CliIo {
  /** Where results go (stdout by default); one line per call. */
  readonly out: (line: string) => void;
  /** Where errors go (stderr by default for the command line; `out` when not given). */
  readonly err?: (line: string) => void;
  readonly logger: Logger;
  readonly linkTimeoutMs?: number;
}

/**
 * Runs one CLI command; returns the exit code (0 done, 1 failed, 2 wrong usage, 69 Kafka or Redis
 * not reachable, 78 configuration). Errors are printed as one line, never thrown. The
 * configuration is read after the arguments, so a typo is reported as one before a missing variable.
 */
export async function runCli(
  argv: readonly string[],
  config: PollerConfig | (() => PollerConfig),
  io: CliIo,
): Promise<number> {
  const err = io.err ?? io.out;
  let context: PollerContext | undefined;
  const program = COMMANDS.includes(argv[0] ?? '') ? `spotify-pipeline ${argv[0]}` : 'spotify-pipeline';
  try {
    const args = parsePollerArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const settings = typeof config === 'function' ? config() : config;
    await assertReachable([kafkaDependency(settings.KAFKA_BROKERS), redisDependency(settings.REDIS_URL)]);
    context = await createPollerContext(settings, {
      logger: io.logger,
      transactionalId: `${settings.TOPIC_PREFIX}poller-cli-${randomUUID()}`,
    });
    if (args.command === 'link') return await link(context, args.timeZone, io);
    if (args.command === 'unlink') {
      const id = args.accountId!;
      if (context.state.account(id) === undefined)
        throw new UsageError(`no linked account '${id}' (spotify-pipeline accounts lists them)`);
      await unlinkAccount(context, id);
      io.out(`unlinked ${id}`);
      return 0;
    }
    await listAccounts(context, io);
    return 0;
  } catch (error) {
    const outcome = describeFailure(program, USAGE, error, io.logger.isLevelEnabled('debug'));
    err(outcome.message);
    return outcome.code;
  } finally {
    await context?.closer.close();
  }
}

async function link(context: PollerContext, timeZone: string | undefined, io: CliIo): Promise<number> {
  const before = new Map(context.state.accounts().map((a) => [a.id, a.updatedAt]));
  const { url, state } = await context.linkFlow.begin(timeZone);
  const accountId = await awaitCallback(context.linkFlow, context.config.SPOTIFY_REDIRECT_URI, state, {
    ...(io.linkTimeoutMs ? { timeoutMs: io.linkTimeoutMs } : {}),
    host: context.config.LINK_CALLBACK_HOST,
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
  const logger = createLogger('poller-cli', cliLogLevel());
  const code = await runCli(process.argv.slice(2), () => loadPollerConfig(), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    logger,
  });
  process.exit(code);
}
