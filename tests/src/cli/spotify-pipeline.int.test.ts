import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deleteRedisPrefix } from '@spotify-pipeline/poller/testing';
import { envWith } from '@spotify-pipeline/test-support';
import { testKafka } from '../support/kafka.ts';
import { REPO_ROOT } from '../support/repo.ts';

/**
 * The operator's command line as a person runs it (bin/spotify-pipeline in a shell): each user
 * error is one line naming the command, then the usage, exit 2, never a stack trace; a server that
 * is not running is named with its address and how to start it, exit 69.
 */

const BIN = join(REPO_ROOT, 'bin', 'spotify-pipeline');
const scratch = mkdtempSync(join(tmpdir(), 'cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Nothing listens on port 1 of the loopback: a connection is refused at once. */
const NOWHERE = {
  KAFKA_BROKERS: '127.0.0.1:1',
  REDIS_URL: 'redis://127.0.0.1:1',
  DATABASE_URL: 'postgresql://someone:hunter2@127.0.0.1:1/db',
  // Empty is unset: the PostgreSQL warehouse, even where CI sets MSSQL_URL for the warehouse suite.
  MSSQL_URL: '',
};

/** What the poller's commands need besides the servers; the launcher records the same. */
const SPOTIFY_APP = {
  SPOTIFY_CLIENT_ID: 'cli-test-client',
  SPOTIFY_CLIENT_SECRET: 'cli-test-secret',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly firstLine: string;
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [BIN, ...args],
      {
        // No settings from a developer's own `npm start` unless the test writes them.
        env: envWith({ SPOTIFY_PIPELINE_SETTINGS: '/dev/null', LOG_LEVEL: 'warn', ...env }),
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr, firstLine: stderr.split('\n')[0] ?? '' });
      },
    );
  });
}

function assertNoStack(run: Run): void {
  assert.doesNotMatch(`${run.stdout}\n${run.stderr}`, /^\s+at .+[:(]/m, 'a stack trace was printed');
}

const COMMANDS = ['link', 'unlink', 'accounts', 'import', 'enrichment', 'migrate', 'topics', 'dlq'];

describe('spotify-pipeline help', () => {
  it('lists every command', async () => {
    const run = await cli(['help']);
    assert.equal(run.code, 0);
    for (const command of COMMANDS) assert.match(run.stdout, new RegExp(`^  ${command}\\b`, 'm'), command);
  });

  it("every command's usage names spotify-pipeline", async () => {
    for (const command of COMMANDS) {
      const run = await cli([command, '--help']);
      assert.equal(run.code, 0, `${command} --help: ${run.stderr}`);
      assert.match(run.stdout, /^usage: spotify-pipeline /, command);
      assert.match(run.stdout, new RegExp(`spotify-pipeline ${command}\\b`), command);
      assert.doesNotMatch(run.stdout, /npm run|poller-cli|node /, command);
    }
  });
});

describe('spotify-pipeline user errors: one line, the usage, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['bogus'], /^spotify-pipeline: unknown command 'bogus'$/],
    [['dlq', 'list', '--bogus'], /^spotify-pipeline dlq: unknown option '--bogus'$/],
    [['dlq', '--bogus'], /^spotify-pipeline dlq: unknown option '--bogus'$/],
    [['dlq'], /^spotify-pipeline dlq: name a command: list or replay$/],
    [['dlq', 'purge'], /^spotify-pipeline dlq: unknown command 'purge'$/],
    [['migrate', '--bogus'], /^spotify-pipeline migrate: unknown option '--bogus'$/],
    [['topics', '--bogus'], /^spotify-pipeline topics: unknown option '--bogus'$/],
    [['accounts', '--bogus'], /^spotify-pipeline accounts: unknown option '--bogus'$/],
    [['link', 'extra'], /^spotify-pipeline link: link takes no argument 'extra'$/],
    [['unlink'], /^spotify-pipeline unlink: unlink needs exactly one account id$/],
    [['import'], /^spotify-pipeline import: name the export to import$/],
    [['import', 'export.zip'], /^spotify-pipeline import: --account is required$/],
    [['import', '--bogus'], /^spotify-pipeline import: unknown option '--bogus'$/],
    [['enrichment', 'frobnicate'], /^spotify-pipeline enrichment: unknown enrichment command 'frobnicate'$/],
  ];
  for (const [args, firstLine] of cases) {
    it(args.join(' '), async () => {
      // Unreachable servers: a usage error must be found before anything is contacted.
      const run = await cli(args, { ...NOWHERE, ...SPOTIFY_APP });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.firstLine, firstLine);
      assert.match(run.stderr, /^usage: spotify-pipeline/m);
      assertNoStack(run);
    });
  }

  it('unlink of an account that is not linked', async () => {
    const kafka = await testKafka('cli');
    const redisPrefix = kafka.prefix.slice(0, -1);
    after(async () => {
      await kafka.close();
      await deleteRedisPrefix(redisPrefix);
    });
    const run = await cli(['unlink', 'nobody-here'], {
      ...SPOTIFY_APP,
      TOPIC_PREFIX: kafka.prefix,
      REDIS_PREFIX: redisPrefix,
    });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(
      run.firstLine,
      "spotify-pipeline unlink: no linked account 'nobody-here' (spotify-pipeline accounts lists them)",
    );
    assertNoStack(run);
  });
});

describe('spotify-pipeline with a server down: named, with its address and how to start it', () => {
  const cases: [string[], string, string][] = [
    [['accounts'], 'Kafka', '127.0.0.1:1'],
    [['dlq', 'list'], 'Kafka', '127.0.0.1:1'],
    [['topics', '--check'], 'Kafka', '127.0.0.1:1'],
    [['migrate'], 'PostgreSQL', '127.0.0.1:1'],
    [['enrichment', 'status'], 'PostgreSQL', '127.0.0.1:1'],
    [['import', 'export.zip', '--account', 'a', '--time-zone', 'UTC'], 'Kafka', '127.0.0.1:1'],
  ];
  for (const [args, server, address] of cases) {
    it(args.join(' '), async () => {
      const run = await cli(args, { ...NOWHERE, ...SPOTIFY_APP });
      assert.equal(run.code, 69, run.stderr);
      assert.match(
        run.firstLine,
        new RegExp(`^spotify-pipeline ${args[0]}: ${server} is not reachable at ${address}`),
      );
      assert.match(run.firstLine, /npm run stack:up/);
      assert.doesNotMatch(run.stderr, /hunter2/, 'the password is never printed');
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    });
  }

  it('Redis, when Kafka is up', async () => {
    const run = await cli(['accounts'], { ...SPOTIFY_APP, REDIS_URL: NOWHERE.REDIS_URL });
    assert.equal(run.code, 69, run.stderr);
    assert.match(run.firstLine, /^spotify-pipeline accounts: Redis is not reachable at 127\.0\.0\.1:1 /);
  });
});

describe('spotify-pipeline with a variable missing', () => {
  it('names it, says where settings come from, exit 78', async () => {
    const run = await cli(['accounts'], {
      SPOTIFY_CLIENT_ID: '',
      SPOTIFY_CLIENT_SECRET: '',
      TOKEN_ENCRYPTION_KEY: '',
    });
    assert.equal(run.code, 78, run.stderr);
    assert.equal(run.firstLine, 'spotify-pipeline accounts: invalid configuration');
    assert.match(run.stderr, /^ {2}SPOTIFY_CLIENT_ID: /m);
    assert.match(run.stderr, /npm start` records its settings/);
    assertNoStack(run);
  });
});

describe('spotify-pipeline reads the settings npm start recorded', () => {
  it('uses them when the environment does not set a variable, and the environment otherwise', async () => {
    const settings = join(scratch, 'pipeline.env');
    writeFileSync(settings, '# a comment\nKAFKA_BROKERS=127.0.0.1:1\n');
    const fromFile = await cli(['dlq', 'list'], { SPOTIFY_PIPELINE_SETTINGS: settings });
    assert.equal(fromFile.code, 69, fromFile.stderr);
    assert.match(fromFile.firstLine, /Kafka is not reachable at 127\.0\.0\.1:1 /);
    const fromEnv = await cli(['dlq', 'list'], {
      SPOTIFY_PIPELINE_SETTINGS: settings,
      KAFKA_BROKERS: '127.0.0.1:2',
    });
    assert.match(fromEnv.firstLine, /Kafka is not reachable at 127\.0\.0\.1:2 /);
  });
});
