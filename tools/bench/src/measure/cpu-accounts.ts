import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Where a machine's CPU went during a timed run: this process, PostgreSQL, the Kafka broker, and
 * the whole machine, from Linux's /proc. A ratio to a baseline says how fast; this says whether
 * the run was short of cores and who used them, which is what limits a figure on a 2-core machine.
 * Elsewhere than Linux every figure is null.
 */
export interface CpuAccounts {
  /** This process (user + system). */
  readonly self: number;
  /** Every `postgres` process, with the backends that exited (counted in the postmaster's children). */
  readonly postgres: number | null;
  /** Every `java` process: the broker(s) of the local stack. */
  readonly broker: number | null;
  /** The machine's busy time, summed over its cores. */
  readonly machine: number | null;
}

/** Clock ticks per second of /proc's figures (USER_HZ): 100 on every Linux Node runs on. */
const TICKS_PER_SECOND = 100;

export function readCpuAccounts(): CpuAccounts {
  const own = process.cpuUsage();
  const self = (own.user + own.system) / 1e6;
  const ticks = readProcTicks();
  if (ticks === null) return { self, postgres: null, broker: null, machine: null };
  return {
    self,
    postgres: ticks.postgres / TICKS_PER_SECOND,
    broker: ticks.broker / TICKS_PER_SECOND,
    machine: ticks.machine / TICKS_PER_SECOND,
  };
}

/** CPU seconds each account used between two readings, and the machine's cores busy on average. */
export function cpuSpent(
  before: CpuAccounts,
  after: CpuAccounts,
  wallSeconds: number,
): Record<string, string> {
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  const shown = (s: number | null) => (s === null ? 'n/a' : `${s.toFixed(2)} s`);
  const machine = diff(before.machine, after.machine);
  return {
    'CPU: this process': shown(after.self - before.self),
    'CPU: PostgreSQL': shown(diff(before.postgres, after.postgres)),
    'CPU: Kafka broker': shown(diff(before.broker, after.broker)),
    'CPU: whole machine, cores busy on average':
      machine === null || wallSeconds <= 0
        ? 'n/a'
        : `${(machine / wallSeconds).toFixed(2)} of ${availableParallelism()}`,
  };
}

function readProcTicks(): { postgres: number; broker: number; machine: number } | null {
  let machine: number;
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice: busy is the first
    // eight but idle and iowait (guest time is already counted in user and nice).
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9);
    const n = fields.map(Number);
    machine = n.reduce((sum, v) => sum + v, 0) - (n[3] ?? 0) - (n[4] ?? 0);
  } catch {
    return null;
  }
  let postgres = 0;
  let broker = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const { comm, own, children } = statTicks(stat);
    const ticks = own + children;
    if (comm === 'postgres') postgres += ticks;
    else if (comm === 'java') broker += ticks;
  }
  return { postgres, broker, machine };
}

/** User + system CPU seconds of one process so far (Linux /proc; NaN when not readable). */
export function processCpuSeconds(pid: number): number {
  try {
    return statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')).own / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** A /proc/<pid>/stat line's command name and its CPU ticks: its own and its reaped children's. */
function statTicks(stat: string): { comm: string; own: number; children: number } {
  // pid (comm) state ...: comm may hold spaces, so split after its closing parenthesis.
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14-17 of stat (utime, stime, cutime, cstime) are rest[11..14].
  return {
    comm,
    own: Number(rest[11]) + Number(rest[12]),
    children: Number(rest[13]) + Number(rest[14]),
  };
}
