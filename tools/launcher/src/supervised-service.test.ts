import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type Logger, waitUntil } from '@spotify-pipeline/runtime';
import { envWith } from '@spotify-pipeline/test-support';
import { ChildService } from './child-service.ts';
import { SupervisedService } from './supervised-service.ts';

const dir = mkdtempSync(join(tmpdir(), 'supervised-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What the supervisor logs (error on a crash, warn on a restart), kept for the assertions. */
function capturingLogger() {
  const lines: { msg: string; child?: string; restartInMs?: number }[] = [];
  const keep = (fields: object, msg: string) => lines.push({ ...fields, msg });
  const logger = { error: keep, warn: keep, info: keep, debug: keep } as unknown as Logger;
  return { logger, lines };
}

test('a child that crashes is restarted after a backoff, and each crash and restart is logged', async () => {
  // Crashes at once the first two times (a counter file), then stays up like a healthy service.
  const counter = join(dir, 'starts');
  writeFileSync(counter, '0');
  const entry = join(dir, 'flaky.mjs');
  writeFileSync(
    entry,
    `import { readFileSync, writeFileSync } from 'node:fs';
const n = Number(readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;
writeFileSync(${JSON.stringify(counter)}, String(n));
if (n <= 2) process.exit(3);
setInterval(() => {}, 1000);
process.on('SIGTERM', () => process.exit(0));`,
  );
  const { logger, lines } = capturingLogger();
  const service = new SupervisedService(
    'flaky',
    () => new ChildService('flaky', entry, envWith(), logger),
    logger,
    {
      initialDelayMs: 20,
      maxDelayMs: 200,
    },
  );
  try {
    await waitUntil(() => service.restarts === 2, {
      what: 'two restarts',
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    const crashes = lines.filter((l) => l.msg.includes('exited unexpectedly'));
    assert.equal(crashes.length, 2);
    assert.match(crashes[0]!.msg, /^flaky exited unexpectedly \(exit code 3\); restarting it in \d+\.\d s$/);
    assert.equal(crashes[0]!.child, 'flaky');
    // The second crash in a row waits longer than the first could at most.
    assert.ok(crashes[1]!.restartInMs! >= 20, JSON.stringify(crashes));
    assert.equal(lines.filter((l) => l.msg === 'flaky restarted').length, 2);
  } finally {
    await service.stop(5_000);
  }
  // Stopped for good: no restart follows a deliberate stop.
  const restarts = service.restarts;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(service.restarts, restarts);
});
