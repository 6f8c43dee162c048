import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { processCpuSeconds } from '../measure/cpu-accounts.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');

/** The entry of a service, as `npm start` runs it (`node services/<name>/src/main.ts`). */
export function serviceEntry(service: 'poller' | 'normalizer' | 'sink'): string {
  return join(ROOT, 'services', service, 'src', 'main.ts');
}

export interface ServiceProcessOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Writes a V8 CPU profile (`--cpu-prof`) into this directory when the process exits. */
  readonly cpuProfileDir?: string;
  /** Where its stderr goes: the bench keeps the last lines to name a crash. */
  readonly onStderr?: (line: string) => void;
}

/**
 * One service as its own process, so that its CPU time and peak memory are its own (read from
 * /proc: utime + stime, and VmHWM, the kernel's high-water mark of its resident set).
 */
export class ServiceProcess {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  readonly #tail: string[] = [];

  constructor(name: string, entry: string, options: ServiceProcessOptions) {
    this.name = name;
    const flags = options.cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [];
    this.#child = spawn(process.execPath, [...flags, entry], {
      env: options.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        this.#tail.push(line);
        if (this.#tail.length > 20) this.#tail.shift();
        options.onStderr?.(line);
      }
    });
    this.#exited = once(this.#child, 'exit').then(([code]) => code as number | null);
    const killOnExit = () => this.#child.kill('SIGKILL');
    process.once('exit', killOnExit);
    void this.#exited.then(() => process.off('exit', killOnExit));
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Its last lines on stderr, to say why it stopped. */
  get stderrTail(): readonly string[] {
    return this.#tail;
  }

  /** User + system CPU seconds so far (Linux /proc; NaN elsewhere). */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  /** Peak resident set in bytes since the process started (VmHWM; NaN when not readable). */
  peakRssBytes(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb === undefined ? Number.NaN : Number(kb) * 1024;
    } catch {
      return Number.NaN;
    }
  }

  /** SIGTERM (the service finishes what it holds), SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<number | null> {
    if (!this.running) return this.#exited;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    try {
      return await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
