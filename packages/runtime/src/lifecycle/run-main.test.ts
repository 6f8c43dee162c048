import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../wait-until.ts';

// Two 20- and 30-minute chaos runs hung in their clean-up: sinks SIGTERMed after a broker failover
// stopped (ops server closed, pool ended) yet never exited, a Kafka connection still open.
// `process.exitCode = 0` only ends a process whose event loop drains; a stopped service must end
// even when a client left something open.
test('a service whose stop leaves a handle open still exits after SIGTERM, naming what was open', async (t) => {
  const runMain = fileURLToPath(new URL('./run-main.ts', import.meta.url));
  const logger = fileURLToPath(new URL('../logger.ts', import.meta.url));
  const script = `
    const { runMain } = await import(${JSON.stringify(runMain)});
    const { createLogger } = await import(${JSON.stringify(logger)});
    await runMain('leaky', createLogger('leaky', 'info'), async () => {
      const leak = setInterval(() => undefined, 1_000); // stands in for a socket a client kept
      return { stop: async () => { void leak; } };
    });
    process.stdout.write('started\\n');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const exited = once(child, 'exit');
  await waitUntil(() => out.includes('started'), {
    what: 'the service started',
    timeoutMs: 30_000,
    intervalMs: 20,
  });
  child.kill('SIGTERM');
  // The exit, or a deadline error if it never comes.
  const code = await Promise.race([
    exited.then(([exitCode]) => exitCode as number | null),
    waitUntil(() => false, { what: 'the stopped service to exit', timeoutMs: 60_000, intervalMs: 100 }),
  ]);
  assert.equal(code, 0, out);
  assert.match(out, /leaky stopped/);
  assert.match(out, /kept it alive/);
  assert.match(out, /Timeout/);
});
