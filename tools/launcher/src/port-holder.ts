import { readdir, readFile, readlink } from 'node:fs/promises';

/** A process listening on a TCP port, as /proc shows it. */
export interface PortHolder {
  readonly pid: number;
  readonly command: string;
}

/** Socket inodes listening (state 0A) on `port`, from /proc/net/tcp and tcp6. */
export function listeningInodes(table: string, port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${hex}`) && f[3] === '0A')
    .map((f) => f[9]!)
    .filter((inode) => inode !== undefined && inode !== '0');
}

/**
 * Which process listens on `port`: the socket's inode from /proc/net, then the process whose file
 * descriptors hold it. Undefined when /proc does not say (another OS, or a process of another user
 * we may not look into); the caller then names the port only.
 */
export async function findPortHolder(port: number): Promise<PortHolder | undefined> {
  const tables = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((p) => readFile(p, 'utf8').catch(() => '')),
  );
  const inodes = new Set(tables.flatMap((t) => listeningInodes(t, port)));
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc').catch(() => [])).filter((d) => /^\d+$/.test(d));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        return { pid: Number(pid), command: cmdline.split('\0').filter(Boolean).join(' ') || '?' };
      }
    }
  }
  return undefined;
}
