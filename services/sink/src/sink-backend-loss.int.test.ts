import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '@spotify-pipeline/runtime';
import { envWith } from '@spotify-pipeline/test-support';
import { expectedPlays, makeDataset, SinkFixture, TEST_DATABASE_URL } from './testing/sink-fixture.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let fx: SinkFixture;
before(async () => {
  fx = await SinkFixture.create('backendloss');
});
after(async () => {
  await fx.close();
});

/** A sink process; its stderr tail is kept for the failure message if it dies. */
function spawnSink(env: Record<string, string>): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [MAIN], {
    env: envWith(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  return { child, stderr: () => stderr };
}

/**
 * Terminates the backends whose application_name is `name`, and only those. The pids are chosen
 * first and terminated in a second statement: a single statement with pg_terminate_backend in its
 * WHERE clause may be evaluated before the name filter and end every session of the server.
 */
async function terminateBackends(name: string): Promise<number> {
  const targets = await fx.warehouse.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
    [name],
  );
  if (targets.length === 0) return 0;
  const [row] = await fx.warehouse.query<{ n: number }>(
    'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM unnest($1::int[]) AS pid',
    [targets.map((t) => t.pid)],
  );
  return row?.n ?? 0;
}

test('two sinks whose PostgreSQL backends are terminated again and again mid-write stay up and write every play once', async () => {
  // The sinks' connections carry an application_name of this test's own, so only their backends
  // are terminated: the PostgreSQL server is shared with other tests running at the same time.
  const applicationName = `${fx.schema}_sink`.slice(0, 63);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('application_name', applicationName);
  const data = makeDataset(12_000, { accounts: 12 });
  await fx.produce(data);
  const env = fx.env({
    DATABASE_URL: url.toString(),
    SINK_BATCH_SIZE: '200',
    SINK_BATCH_LINGER_MS: '20',
    SINK_RETRY_INITIAL_DELAY_MS: '50',
    SINK_RETRY_MAX_DELAY_MS: '300',
  });
  const sinks = [spawnSink(env), spawnSink(env)];
  const dead = () => sinks.find((s) => s.child.exitCode !== null || s.child.signalCode !== null);
  const assertAlive = () => {
    const gone = dead();
    if (gone) {
      throw new Error(
        `a sink died of a terminated connection (${gone.child.signalCode ?? gone.child.exitCode}): ${gone.stderr()}`,
      );
    }
  };
  try {
    await waitUntil(
      async () => {
        assertAlive();
        return (await fx.count('fact_play')) > 0;
      },
      {
        what: 'the sinks writing plays',
        timeoutMs: 90_000,
        intervalMs: 20,
        isTransient: (e) => !(e instanceof Error && /a sink died/.test(e.message)),
      },
    );

    // Terminate their backends while the load is under way, until 12 rounds hit at least one.
    let rounds = 0;
    let terminated = 0;
    while (rounds < 12) {
      assertAlive();
      const killed = await terminateBackends(applicationName);
      if (killed > 0) {
        rounds += 1;
        terminated += killed;
      }
      if ((await fx.count('fact_play')) === data.plays.length) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.ok(terminated > 0, 'some backends were terminated');

    await waitUntil(
      async () => {
        assertAlive();
        return (await fx.count('fact_play')) === data.plays.length;
      },
      {
        what: 'every play written after the terminations',
        timeoutMs: 120_000,
        isTransient: (e) => !(e instanceof Error && /a sink died/.test(e.message)),
      },
    );
    assert.deepEqual((await fx.playsSnapshot()).sort(), expectedPlays(data.plays), '0 lost, 0 duplicated');
    assert.equal(await fx.count('dim_account'), data.accounts.length);

    // The same processes stop gracefully: none was restarted, none crashed.
    for (const sink of sinks) {
      const exited = once(sink.child, 'exit');
      sink.child.kill('SIGTERM');
      const [code, signal] = await exited;
      assert.equal(code, 0, `a sink stopped with ${signal ?? code}: ${sink.stderr()}`);
    }
  } finally {
    for (const { child } of sinks)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
