import { readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The pid in a pid file; undefined when the file is absent or does not hold a pid. */
export async function readPidFile(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export async function writePidFile(path: string, pid: number): Promise<void> {
  await writeFile(path, `${pid}\n`);
}

export async function removePidFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Whether the process exists and is not a zombie (a dead child nobody has reaped yet). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat === undefined ? true : parseProcStat(stat).state !== 'Z';
}

/** State and start time (clock ticks after boot) from /proc/<pid>/stat, whose 2nd field may hold spaces. */
export function parseProcStat(stat: string): { state: string; startTicks: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', startTicks: Number(fields[19]) };
}

/** How long the process has run, from /proc; undefined when it cannot be read. */
export async function processAgeMs(pid: number): Promise<number | undefined> {
  const [stat, uptime] = await Promise.all([
    readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined),
    readFile('/proc/uptime', 'utf8').catch(() => undefined),
  ]);
  if (stat === undefined || uptime === undefined) return undefined;
  // USER_HZ is 100 on every Linux that Node supports.
  const startedAfterBootMs = (parseProcStat(stat).startTicks / 100) * 1000;
  return Number(uptime.split(' ')[0]) * 1000 - startedAfterBootMs;
}

/**
 * Whether `pid` is a Kafka broker run with this server.properties: a pid file can outlive its
 * process and the pid be reused by anything, and we must never signal a stranger.
 */
export async function isBrokerProcess(pid: number, serverProperties: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline === undefined) return false;
  const args = cmdline.split('\0').filter(Boolean);
  const main = args.indexOf('kafka.Kafka');
  const config = args[main + 1];
  if (main < 0 || config === undefined) return false;
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '/');
  return resolve(cwd, config) === resolve(serverProperties);
}
