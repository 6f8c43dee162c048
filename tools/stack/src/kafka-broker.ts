import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DeadlineExceededError, waitUntil } from '@spotify-pipeline/runtime';
import { writeBrokerConfig } from './broker-config.ts';
import { ServiceStartError } from './errors/index.ts';
import { ensureJars } from './jars.ts';
import { checkJava } from './java.ts';
import { type KafkaPaths, kafkaPaths } from './kafka-paths.ts';
import { tailFile } from './log-tail.ts';
import { isPortOpen } from './port.ts';
import { probeKafka } from './probe.ts';
import {
  isAlive,
  isBrokerProcess,
  processAgeMs,
  readPidFile,
  removePidFile,
  writePidFile,
} from './process-info.ts';
import { formatStorageOnce } from './storage.ts';

export interface KafkaBrokerOptions {
  /** Holds jars, config, data, logs and the pid file (e.g. `<repo>/.cache/kafka`). */
  readonly cacheDir: string;
  /** The Maven manifest of the broker's jars (infra/kafka/pom.xml). */
  readonly pomPath: string;
  /** Folder of server.properties.template and log4j2.properties.template. */
  readonly templatesDir: string;
  readonly host: string;
  readonly port: number;
  readonly controllerPort: number;
  /** -Xmx of the JVM, e.g. `1g`. */
  readonly heap: string;
  readonly readyTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** Progress lines for a person watching (`fetching jars…`); silent by default. */
  readonly onProgress?: (message: string) => void;
}

export interface KafkaBrokerStatus {
  /** The pid of a live broker process started from this cache folder. */
  readonly pid: number | undefined;
  readonly portOpen: boolean;
  readonly ready: boolean;
  readonly detail: string;
  readonly logFile: string;
}

export type KafkaStartAction = 'reused' | 'started' | 'restarted' | 'external';

export interface KafkaStartReport {
  readonly action: KafkaStartAction;
  readonly pid: number | undefined;
  readonly readyAfterMs: number;
  /** What else it did: fetched jars, formatted storage, waited for a starting broker. */
  readonly notes: readonly string[];
}

export interface KafkaStopReport {
  readonly action: 'stopped' | 'killed' | 'not-running';
  readonly pid: number | undefined;
}

/** A broker process younger than this with its port still closed is starting, not hung. */
const STARTING_GRACE_MS = 60_000;

/**
 * One local single-node KRaft broker, run from jars in a cache folder. Adopts a broker already
 * running from the same folder instead of starting a second one, and signals only a process that
 * is verifiably that broker.
 */
export class KafkaBroker {
  readonly paths: KafkaPaths;
  readonly #options: KafkaBrokerOptions;

  constructor(options: KafkaBrokerOptions) {
    const problems: string[] = [];
    for (const key of ['port', 'controllerPort'] as const) {
      if (!(Number.isInteger(options[key]) && options[key] > 0 && options[key] < 65536))
        problems.push(`${key} must be a port`);
    }
    if (options.port === options.controllerPort) problems.push('port and controllerPort must differ');
    if (!/^\d+[kmg]$/i.test(options.heap))
      problems.push(`heap must look like 512m or 1g, got "${options.heap}"`);
    if (!(options.readyTimeoutMs > 0)) problems.push('readyTimeoutMs must be > 0');
    if (!(options.stopTimeoutMs > 0)) problems.push('stopTimeoutMs must be > 0');
    if (problems.length > 0) throw new RangeError(`KafkaBroker options: ${problems.join('; ')}`);
    this.#options = { ...options, cacheDir: resolve(options.cacheDir) };
    this.paths = kafkaPaths(this.#options.cacheDir);
  }

  get address(): string {
    return `${this.#options.host}:${this.#options.port}`;
  }

  async status(): Promise<KafkaBrokerStatus> {
    const pid = await this.#ownPid();
    const portOpen = await isPortOpen(this.#options.host, this.#options.port);
    const probe = portOpen
      ? await probeKafka([this.address])
      : { ready: false, detail: `nothing listens on ${this.address}` };
    return { pid, portOpen, ready: probe.ready, detail: probe.detail, logFile: this.paths.serverLog };
  }

  /** Idempotent: leaves a ready broker alone, (re)starts a dead one, and returns once it is ready. */
  async start(): Promise<KafkaStartReport> {
    const started = Date.now();
    const notes: string[] = [];
    const progress = this.#options.onProgress ?? (() => {});
    await checkJava();
    await mkdir(this.paths.cacheDir, { recursive: true });
    if ((await ensureJars(this.#options.pomPath, this.paths.libsDir, this.paths.jarsMarker)) === 'fetched') {
      notes.push('fetched jars');
    }

    const pid = await this.#ownPid();
    const portOpen = await isPortOpen(this.#options.host, this.#options.port);
    let action: KafkaStartAction = 'started';
    if (pid !== undefined) {
      const age = (await processAgeMs(pid)) ?? 0;
      if (portOpen || age < STARTING_GRACE_MS) {
        if (!portOpen) notes.push('broker was starting; waited');
        await this.#waitReady(pid, started);
        return { action: 'reused', pid, readyAfterMs: Date.now() - started, notes };
      }
      progress(
        `kafka: pid ${pid} runs but ${this.address} has been closed for ${Math.round(age / 1000)} s; restarting it`,
      );
      await this.#terminate(pid);
      action = 'restarted';
    } else if (portOpen) {
      // Not ours: another broker (or something else) holds the port. Use it only if it is a ready broker.
      const probe = await probeKafka([this.address]);
      if (!probe.ready) {
        throw new ServiceStartError(
          'kafka',
          `${this.address} is taken by a process this tool did not start, and it is not a ready broker (${probe.detail})`,
        );
      }
      return {
        action: 'external',
        pid: undefined,
        readyAfterMs: Date.now() - started,
        notes: ['a broker this tool did not start'],
      };
    }

    await removePidFile(this.paths.pidFile);
    await writeBrokerConfig(this.paths, this.#options.templatesDir, {
      host: this.#options.host,
      brokerPort: this.#options.port,
      controllerPort: this.#options.controllerPort,
    });
    if (await formatStorageOnce(this.paths)) notes.push('formatted storage');
    const child = await this.#spawn();
    progress(
      `kafka: started pid ${child} on ${this.address}; waiting up to ${this.#options.readyTimeoutMs / 1000} s for it to be ready`,
    );
    await this.#waitReady(child, started);
    return { action, pid: child, readyAfterMs: Date.now() - started, notes };
  }

  /** Idempotent: SIGTERM, then SIGKILL after stopTimeoutMs. Never signals a process it cannot identify as this broker. */
  async stop(): Promise<KafkaStopReport> {
    const pid = await this.#ownPid();
    if (pid === undefined) {
      await removePidFile(this.paths.pidFile);
      return { action: 'not-running', pid: undefined };
    }
    const action = await this.#terminate(pid);
    await removePidFile(this.paths.pidFile);
    return { action, pid };
  }

  /** The pid from the pid file, if that process lives and is this broker. */
  async #ownPid(): Promise<number | undefined> {
    const pid = await readPidFile(this.paths.pidFile);
    if (pid === undefined || !(await isAlive(pid))) return undefined;
    return (await isBrokerProcess(pid, this.paths.serverProperties)) ? pid : undefined;
  }

  async #spawn(): Promise<number> {
    const out = openSync(this.paths.stdoutLog, 'a');
    try {
      const child = spawn(
        'java',
        [
          '-Xms256m',
          `-Xmx${this.#options.heap}`,
          `-Dlog4j2.configurationFile=${this.paths.log4j2Properties}`,
          '-cp',
          join(this.paths.libsDir, '*'),
          'kafka.Kafka',
          this.paths.serverProperties,
        ],
        // detached: its own session, so it outlives this CLI and a Ctrl-C in this terminal.
        { cwd: this.paths.cacheDir, detached: true, stdio: ['ignore', out, out] },
      );
      if (child.pid === undefined) throw new ServiceStartError('kafka', 'could not spawn java');
      child.unref();
      await writePidFile(this.paths.pidFile, child.pid);
      return child.pid;
    } finally {
      closeSync(out);
    }
  }

  async #waitReady(pid: number, since: number): Promise<void> {
    const budget = this.#options.readyTimeoutMs - (Date.now() - since);
    let last = 'not probed yet';
    try {
      await waitUntil(
        async () => {
          if (!(await isAlive(pid))) {
            throw new ServiceStartError('kafka', `broker process ${pid} exited while starting`, {
              logTail: await this.#logTail(),
            });
          }
          const probe = await probeKafka([this.address]);
          last = probe.detail;
          return probe.ready;
        },
        {
          what: `Kafka at ${this.address} ready`,
          timeoutMs: Math.max(budget, 1_000),
          intervalMs: 500,
          isTransient: (error) => !(error instanceof ServiceStartError),
        },
      );
    } catch (error) {
      if (!(error instanceof DeadlineExceededError)) throw error;
      throw new ServiceStartError(
        'kafka',
        `not ready within ${this.#options.readyTimeoutMs / 1000} s (last probe: ${last}); see ${this.paths.serverLog}`,
        { cause: error, logTail: await this.#logTail() },
      );
    }
  }

  async #logTail(): Promise<string[]> {
    const server = await tailFile(this.paths.serverLog, 30);
    return server.length > 0 ? server : tailFile(this.paths.stdoutLog, 30);
  }

  async #terminate(pid: number): Promise<'stopped' | 'killed'> {
    const gone = (what: string, timeoutMs: number) =>
      waitUntil(async () => !(await isAlive(pid)), { what, timeoutMs, intervalMs: 200 }).then(
        () => true,
        (error: unknown) => {
          if (error instanceof DeadlineExceededError) return false;
          throw error;
        },
      );
    process.kill(pid, 'SIGTERM');
    if (await gone(`Kafka pid ${pid} exited after SIGTERM`, this.#options.stopTimeoutMs)) return 'stopped';
    this.#options.onProgress?.(
      `kafka: pid ${pid} ignored SIGTERM for ${this.#options.stopTimeoutMs / 1000} s; SIGKILL`,
    );
    process.kill(pid, 'SIGKILL');
    if (await gone(`Kafka pid ${pid} exited after SIGKILL`, 10_000)) return 'killed';
    throw new ServiceStartError('kafka', `pid ${pid} survived SIGKILL`);
  }
}
