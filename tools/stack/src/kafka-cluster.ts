import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createKafka, createLogger, DeadlineExceededError, waitUntil } from '@spotify-pipeline/runtime';
import { runCommand } from './command.ts';
import { ServiceStartError } from './errors/index.ts';
import { ensureJars } from './jars.ts';
import { checkJava } from './java.ts';
import { type KafkaPaths, kafkaPaths } from './kafka-paths.ts';
import { tailFile } from './log-tail.ts';
import { isAlive, isBrokerProcess, readPidFile, removePidFile, writePidFile } from './process-info.ts';
import { newClusterId } from './storage.ts';
import { renderTemplate } from './template.ts';

export interface KafkaClusterOptions {
  /** Holds the shared jars, the cluster id, and one folder per node (config, data, logs, pid). */
  readonly cacheDir: string;
  readonly pomPath: string;
  /** Where the jars are; `<cacheDir>/libs` by default (a test shares one folder between runs). */
  readonly libsDir?: string;
  /** Folder of cluster-server.properties.template and log4j2.properties.template. */
  readonly templatesDir: string;
  readonly host: string;
  /** Client ports of nodes 1..n, in order; their controller ports are these + 100. */
  readonly brokerPorts: readonly number[];
  /** -Xmx of each node's JVM. */
  readonly heap: string;
  readonly readyTimeoutMs: number;
  readonly onProgress?: (message: string) => void;
}

export interface ClusterNode {
  readonly id: number;
  readonly brokerPort: number;
  readonly controllerPort: number;
  readonly paths: KafkaPaths;
  readonly address: string;
}

export interface ClusterNodeStatus {
  readonly id: number;
  readonly address: string;
  readonly pid: number | undefined;
}

/** How far a node's controller port is from its client port. */
export const CONTROLLER_PORT_OFFSET = 100;

/**
 * A local KRaft cluster of several nodes (3 by default), each both broker and controller, on
 * loopback ports of its own, run from one set of jars. Topics get replication factor 3 and
 * min.insync.replicas=2 from the brokers' defaults. Nodes can be killed and started one by one,
 * which is what the fault tests and the chaos run do.
 */
export class KafkaCluster {
  readonly nodes: readonly ClusterNode[];
  readonly #options: KafkaClusterOptions;
  readonly #libsDir: string;
  readonly #jarsMarker: string;

  constructor(options: KafkaClusterOptions) {
    if (options.brokerPorts.length < 1) throw new RangeError('KafkaCluster: at least one node');
    const cacheDir = resolve(options.cacheDir);
    this.#options = { ...options, cacheDir };
    this.#libsDir = options.libsDir ? resolve(options.libsDir) : join(cacheDir, 'libs');
    this.#jarsMarker = join(this.#libsDir, '.pom.sha256');
    this.nodes = options.brokerPorts.map((brokerPort, i) => {
      const paths = { ...kafkaPaths(join(cacheDir, `node-${i + 1}`)), libsDir: this.#libsDir };
      return {
        id: i + 1,
        brokerPort,
        controllerPort: brokerPort + CONTROLLER_PORT_OFFSET,
        paths,
        address: `${options.host}:${brokerPort}`,
      };
    });
  }

  /** The bootstrap list clients use: every node. */
  get brokers(): string[] {
    return this.nodes.map((n) => n.address);
  }

  node(id: number): ClusterNode {
    const node = this.nodes.find((n) => n.id === id);
    if (!node) throw new RangeError(`KafkaCluster: no node ${id}`);
    return node;
  }

  /** Idempotent: fetches jars, formats storage once, starts the nodes not running, waits until ready. */
  async start(): Promise<{ started: number[]; readyAfterMs: number }> {
    const since = Date.now();
    await checkJava();
    await mkdir(this.#options.cacheDir, { recursive: true });
    if ((await ensureJars(this.#options.pomPath, this.#libsDir, this.#jarsMarker)) === 'fetched')
      this.#options.onProgress?.('kafka cluster: fetched jars');
    const clusterId = await this.#clusterId();
    const started: number[] = [];
    for (const node of this.nodes) {
      if ((await this.#pid(node)) !== undefined) continue;
      await this.#writeConfig(node);
      await this.#formatOnce(node, clusterId);
      await this.#spawn(node);
      started.push(node.id);
    }
    this.#options.onProgress?.(
      `kafka cluster: ${started.length} node(s) started; waiting for ${this.nodes.length} brokers`,
    );
    await this.waitReady();
    return { started, readyAfterMs: Date.now() - since };
  }

  /** Starts one node again (after `kill`), without waiting for it to rejoin. */
  async startNode(id: number): Promise<void> {
    const node = this.node(id);
    if ((await this.#pid(node)) !== undefined) return;
    await this.#writeConfig(node);
    await this.#spawn(node);
  }

  /** SIGKILL of one node, as a crash or the OOM killer would; resolves once it is gone. */
  async kill(id: number): Promise<void> {
    const node = this.node(id);
    const pid = await this.#pid(node);
    if (pid === undefined) return;
    process.kill(pid, 'SIGKILL');
    await waitUntil(async () => !(await isAlive(pid)), {
      what: `node ${id} (pid ${pid}) gone`,
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    await removePidFile(node.paths.pidFile);
  }

  /** Stops every node (SIGTERM, then SIGKILL after 20 s). Idempotent. */
  async stop(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        const pid = await this.#pid(node);
        if (pid === undefined) return;
        process.kill(pid, 'SIGTERM');
        const gone = await waitUntil(async () => !(await isAlive(pid)), {
          what: `node ${node.id} stopped`,
          timeoutMs: 20_000,
          intervalMs: 200,
        }).then(
          () => true,
          () => false,
        );
        if (!gone) process.kill(pid, 'SIGKILL');
        await removePidFile(node.paths.pidFile);
      }),
    );
  }

  async status(): Promise<ClusterNodeStatus[]> {
    return Promise.all(
      this.nodes.map(async (n) => ({ id: n.id, address: n.address, pid: await this.#pid(n) })),
    );
  }

  /**
   * Ready when every node is a live broker in the cluster's metadata and the quorum elected a
   * controller: the state in which a topic of replication factor 3 can be created.
   */
  async waitReady(timeoutMs = this.#options.readyTimeoutMs): Promise<void> {
    const kafka = createKafka({
      brokers: this.brokers,
      clientId: 'spotify-pipeline-stack-cluster-probe',
      logger: createLogger('stack-cluster', 'silent'),
      overrides: { connectionTimeout: 1_000, requestTimeout: 5_000, retry: { retries: 0 } },
    });
    let last = 'not probed yet';
    try {
      await waitUntil(
        async () => {
          for (const node of this.nodes) {
            if ((await this.#pid(node)) === undefined)
              throw new ServiceStartError('kafka-cluster', `node ${node.id} is not running`, {
                logTail: await tailFile(node.paths.serverLog, 30),
              });
          }
          const admin = kafka.admin();
          try {
            await admin.connect();
            const { brokers, controller } = await admin.describeCluster();
            last = `${brokers.length} of ${this.nodes.length} brokers, controller ${controller ?? 'none'}`;
            return brokers.length === this.nodes.length && controller !== null;
          } catch (error) {
            last = error instanceof Error ? error.message : String(error);
            return false;
          } finally {
            await admin.disconnect().catch(() => undefined);
          }
        },
        {
          what: `the Kafka cluster at ${this.brokers.join(',')}`,
          timeoutMs,
          intervalMs: 500,
          isTransient: (error) => !(error instanceof ServiceStartError),
        },
      );
    } catch (error) {
      if (!(error instanceof DeadlineExceededError)) throw error;
      throw new ServiceStartError('kafka-cluster', `not ready within ${timeoutMs / 1000} s (${last})`, {
        cause: error,
      });
    }
  }

  async #clusterId(): Promise<string> {
    const file = join(this.#options.cacheDir, 'cluster.id');
    const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (existing) return existing;
    const id = newClusterId();
    await writeFile(file, `${id}\n`);
    return id;
  }

  async #pid(node: ClusterNode): Promise<number | undefined> {
    const pid = await readPidFile(node.paths.pidFile);
    if (pid === undefined || !(await isAlive(pid))) return undefined;
    return (await isBrokerProcess(pid, node.paths.serverProperties)) ? pid : undefined;
  }

  async #writeConfig(node: ClusterNode): Promise<void> {
    const dir = this.#options.templatesDir;
    const [server, log4j2] = await Promise.all([
      readFile(join(dir, 'cluster-server.properties.template'), 'utf8'),
      readFile(join(dir, 'log4j2.properties.template'), 'utf8'),
    ]);
    await mkdir(node.paths.logsDir, { recursive: true });
    const voters = this.nodes.map((n) => `${n.id}@${this.#options.host}:${n.controllerPort}`).join(',');
    await writeFile(
      node.paths.serverProperties,
      renderTemplate(
        server,
        {
          NODE_ID: node.id,
          HOST: this.#options.host,
          BROKER_PORT: node.brokerPort,
          CONTROLLER_PORT: node.controllerPort,
          VOTERS: voters,
          DATA_DIR: node.paths.dataDir,
        },
        'cluster-server.properties.template',
      ),
    );
    await writeFile(
      node.paths.log4j2Properties,
      renderTemplate(log4j2, { LOG_FILE: node.paths.serverLog }, 'log4j2.properties.template'),
    );
  }

  /** Formats a node's storage with the cluster's id, once: again would orphan its log. */
  async #formatOnce(node: ClusterNode, clusterId: string): Promise<void> {
    const formatted = await readFile(node.paths.metaProperties).then(
      () => true,
      () => false,
    );
    if (formatted) return;
    await runCommand('java', [
      '-cp',
      join(this.#libsDir, '*'),
      `-Dlog4j2.configurationFile=${node.paths.log4j2Properties}`,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      node.paths.serverProperties,
    ]);
  }

  async #spawn(node: ClusterNode): Promise<number> {
    const out = openSync(node.paths.stdoutLog, 'a');
    try {
      const child = spawn(
        'java',
        [
          '-Xms128m',
          `-Xmx${this.#options.heap}`,
          '-XX:+UseSerialGC',
          `-Dlog4j2.configurationFile=${node.paths.log4j2Properties}`,
          '-cp',
          join(this.#libsDir, '*'),
          'kafka.Kafka',
          node.paths.serverProperties,
        ],
        { cwd: node.paths.cacheDir, detached: true, stdio: ['ignore', out, out] },
      );
      if (child.pid === undefined) throw new ServiceStartError('kafka-cluster', 'could not spawn java');
      child.unref();
      await writePidFile(node.paths.pidFile, child.pid);
      return child.pid;
    } finally {
      closeSync(out);
    }
  }
}
