import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { envWith } from '@spotify-pipeline/test-support';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Runs the import command (a dry run: no broker needed) and returns its exit code and outputs. */
function importCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args, '--account', 'cli-test', '--time-zone', 'UTC', '--dry-run'],
      { env: envWith({ LOG_LEVEL: 'info' }) },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('the import command with bad input', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-cli-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a path that does not exist: exit 2, one line naming it, no resume hint, nothing read', async () => {
    const good = join(dir, 'StreamingHistory_music_0.json');
    await writeFile(
      good,
      JSON.stringify([{ endTime: '2024-01-01 10:00', artistName: 'A', trackName: 'T', msPlayed: 40_000 }]),
    );
    const missing = join(dir, 'no-such-export');
    const { code, stdout, stderr } = await importCli([good, missing]);
    assert.equal(code, 2);
    assert.equal(stdout, '', 'no summary: nothing was imported');
    assert.deepEqual(stderr.trim().split('\n'), [
      `spotify-pipeline import: ${missing}: no such file or folder`,
    ]);
  });

  it('a truncated file: the summary on stdout says how many of its entries came before the break', async () => {
    const truncated = join(dir, 'StreamingHistory_music_1.json');
    const row = (m: number) =>
      JSON.stringify({ endTime: `2024-01-01 10:0${m}`, artistName: 'A', trackName: 'T', msPlayed: 40_000 });
    await writeFile(truncated, `[\n${row(1)},\n${row(2)},\n${row(3)},\n{"endTime": "2024-01-01 10:0`);
    const { code, stdout, stderr } = await importCli([truncated]);
    assert.equal(code, 3, 'done, but a file could not be read to its end');
    assert.match(stdout, /Dry run/);
    assert.match(stdout, /3 entries before the break were imported/);
    assert.match(stderr, /cannot read an export file/, 'the log line goes to stderr');
    assert.doesNotMatch(stdout, /"level"/, 'no log line on stdout');
  });
});
