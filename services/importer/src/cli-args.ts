import { parseArgs } from 'node:util';
import { ImportOptionsError } from './import-options-error.ts';

export interface ImportArgs {
  readonly paths: string[];
  readonly account: string;
  readonly timeZone: string | undefined;
  readonly minPlayMs: number | undefined;
  readonly skipIncognito: boolean;
  readonly dryRun: boolean;
  readonly fresh: boolean;
  readonly help: boolean;
}

export const USAGE = `usage: spotify-pipeline import <path...> --account <id> [options]

  <path...>             my_spotify_data.zip, the folder it unpacks to, or single history files
  --account <id>        the Spotify user id the plays belong to (required)
  --time-zone <zone>    the account's IANA time zone, e.g. Europe/Berlin (or IMPORT_TIME_ZONE)
  --min-play-ms <n>     skip plays heard for less (default 30000, or IMPORT_MIN_PLAY_MS)
  --skip-incognito      skip plays made in a private session
  --dry-run             read and count everything, publish nothing
  --fresh               ignore the checkpoint of an earlier run and import everything again`;

/** The arguments after `import`; throws ImportOptionsError naming the bad one. */
export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const args = argv[0] === 'import' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    // parseArgs's first sentence names the option; the rest explains positionals starting with '-'.
    const message = (error as Error).message.split(/\.(\s|$)/)[0]!.replace(/^Unknown/, 'unknown');
    throw new ImportOptionsError(`${message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const help = values.help === true;
  if (help)
    return {
      paths: [],
      account: '',
      timeZone: undefined,
      minPlayMs: undefined,
      skipIncognito: false,
      dryRun: false,
      fresh: false,
      help,
    };
  if (positionals.length === 0) throw new ImportOptionsError(`name the export to import\n\n${USAGE}`);
  if (!values.account) throw new ImportOptionsError(`--account is required\n\n${USAGE}`);
  let minPlayMs: number | undefined;
  if (values['min-play-ms'] !== undefined) {
    if (!/^\d+$/.test(values['min-play-ms'])) {
      throw new ImportOptionsError(
        `--min-play-ms must be a whole number of milliseconds, got ${values['min-play-ms']}`,
      );
    }
    minPlayMs = Number(values['min-play-ms']);
  }
  return {
    paths: positionals,
    account: values.account,
    timeZone: values['time-zone'],
    minPlayMs,
    skipIncognito: values['skip-incognito'] === true,
    dryRun: values['dry-run'] === true,
    fresh: values.fresh === true,
    help,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      account: { type: 'string' },
      'time-zone': { type: 'string' },
      'min-play-ms': { type: 'string' },
      'skip-incognito': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      fresh: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
