import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '@spotify-pipeline/runtime';
import { envWith } from '@spotify-pipeline/test-support';
import { startSink } from './start.ts';
import { expectedPlays, makeDataset, SinkFixture } from './testing/sink-fixture.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let fx: SinkFixture;
before(async () => {
  fx = await SinkFixture.create('crash');
});
after(async () => {
  await fx.close();
});

test('a sink killed with SIGKILL mid-stream loses and duplicates nothing once another takes over', async () => {
  const data = makeDataset(30_000, { accounts: 20 });
  await fx.produce(data);
  const env = fx.env({ SINK_BATCH_SIZE: '500', SINK_BATCH_LINGER_MS: '20', SINK_SESSION_TIMEOUT_MS: '6000' });
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: envWith(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit');
  try {
    // Kill it while it is in the middle of the stream: some plays written, not all.
    const written = await waitUntil(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`the child sink exited early (${child.exitCode}): ${stderr}`);
        const n = await fx.count('fact_play');
        return n > 0 ? n : undefined;
      },
      {
        what: 'the child sink writing plays',
        timeoutMs: 60_000,
        intervalMs: 20,
        isTransient: (e) => !(e instanceof Error && /exited early/.test(e.message)),
      },
    );
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    assert.equal(signal, 'SIGKILL', `child ended by ${signal ?? code}`);
    assert.ok(written < data.plays.length, `killed before it finished (${written} of ${data.plays.length})`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  // The successor joins the same group: it resumes from the last committed offsets.
  const successor = await startSink(fx.config(env), { logger: fx.logger });
  try {
    await waitUntil(async () => (await fx.count('fact_play')) === data.plays.length, {
      what: 'the successor completing the load',
      timeoutMs: 120_000,
    });
    assert.deepEqual((await fx.playsSnapshot()).sort(), expectedPlays(data.plays));
    assert.equal(await fx.count('dim_track'), data.tracks.length);
    assert.equal(await fx.count('dim_account'), data.accounts.length);
  } finally {
    await successor.stop();
  }
});
