import type { RawPlay } from '@spotify-pipeline/avro';
import { freePort, type Logger } from '@spotify-pipeline/runtime';
import { type SpotifySim, type SpotifySimOptions, startSpotifySim } from '@spotify-pipeline/spotify-sim';
import { loadPollerConfig, type PollerConfig } from '../config.ts';
import { type PollerHandle, startPoller } from '../start.ts';
import { deleteTestGroups } from './delete-test-groups.ts';
import { cleanUp, linkDirect, readRawPlays, silentLogger, testEnv, uniqueId } from './harness.ts';
import { PollTracker } from './poll-tracker.ts';

export interface PollerFixtureOptions {
  readonly sim: SpotifySimOptions;
  /** Variables over the test environment's defaults (testEnv). */
  readonly env?: Record<string, string>;
  /** The pollers' logger; silent by default. */
  readonly logger?: Logger;
  /** Pollers to start, sharing topics, Redis and the tracker: 1 by default, 0 to start them later. */
  readonly pollers?: number;
  /**
   * The consent flow's redirect URI, on a free loopback port: 'cli' leaves that port to the CLI's own
   * listener, 'poller' has the poller serve it (HTTP_PORT). Unset: the simulator's default URI.
   */
  readonly callbackOn?: 'cli' | 'poller';
  /** Read the raw topic from the beginning, into `plays`, once the pollers run. */
  readonly readRawPlays?: boolean;
  /** Link every simulated account through the first poller and wait for a first poll of each. */
  readonly linkEveryAccount?: boolean;
  /** On close, also delete the consumer groups the test leaves (state followers, readers). */
  readonly deleteGroups?: boolean;
}

/**
 * One poller integration test's world: the simulator, a configuration of its own (topics, Redis
 * prefix), pollers that report their polls to one PollTracker, and as asked a reader of the raw
 * topic and every account linked. Made at describe level and started in `before`, so that `after`
 * closes whatever part of it started, even when starting failed half-way.
 */
export class PollerFixture {
  readonly id = uniqueId();
  /** Every poll of every poller this fixture starts. */
  readonly tracker = new PollTracker();
  /** In the order started; the first is `poller`. */
  readonly pollers: PollerHandle[] = [];
  #options: PollerFixtureOptions = { sim: {} };
  #sim: SpotifySim | undefined;
  #env: Record<string, string> | undefined;
  #config: PollerConfig | undefined;
  #reader: Awaited<ReturnType<typeof readRawPlays>> | undefined;
  #closing: Promise<void> | undefined;

  async start(options: PollerFixtureOptions): Promise<this> {
    this.#options = options;
    let simOptions = options.sim;
    let env = options.env ?? {};
    if (options.callbackOn) {
      const port = await freePort();
      const redirectUri = `http://127.0.0.1:${port}/callback`;
      simOptions = { ...simOptions, redirectUris: [redirectUri] };
      const httpPort: Record<string, string> =
        options.callbackOn === 'poller' ? { HTTP_PORT: String(port) } : {};
      env = { SPOTIFY_REDIRECT_URI: redirectUri, ...httpPort, ...env };
    }
    this.#sim = await startSpotifySim(simOptions);
    this.#env = testEnv(this.#sim, this.id, env);
    this.#config = loadPollerConfig(this.#env);
    for (let i = 0; i < (options.pollers ?? 1); i += 1) await this.startPoller();
    if (options.readRawPlays) await this.readRawPlays();
    if (options.linkEveryAccount) await this.linkEveryAccount();
    return this;
  }

  get sim(): SpotifySim {
    return this.#started('the simulator', this.#sim);
  }

  /** The environment the configuration was parsed from, for a poller in a child process. */
  get env(): Record<string, string> {
    return this.#started('the environment', this.#env);
  }

  get config(): PollerConfig {
    return this.#started('the configuration', this.#config);
  }

  /** The first poller. */
  get poller(): PollerHandle {
    return this.#started('a poller', this.pollers[0]);
  }

  /** Every play on the raw topic so far, decoded (read committed). */
  get plays(): readonly RawPlay[] {
    if (!this.#reader) throw new Error('PollerFixture: the raw topic is not read (readRawPlays)');
    return this.#reader.plays;
  }

  get accountIds(): string[] {
    return this.sim.accounts().map((a) => a.id);
  }

  /**
   * Starts one more poller on the fixture's configuration; after the first, each has an instance id
   * of its own (`-b`, `-c`, …), as separate processes would.
   */
  async startPoller(): Promise<PollerHandle> {
    const config = this.config;
    const n = this.pollers.length;
    const instance =
      n === 0
        ? config
        : { ...config, POLLER_INSTANCE_ID: `${config.POLLER_INSTANCE_ID}-${String.fromCharCode(97 + n)}` };
    const handle = await startPoller(instance, {
      logger: this.#options.logger ?? silentLogger(),
      onPoll: this.tracker.onPoll,
    });
    this.pollers.push(handle);
    return handle;
  }

  /** Starts reading the raw topic from the beginning into `plays` (after something created it). */
  async readRawPlays(): Promise<void> {
    this.#reader = await readRawPlays(this.config, this.id);
  }

  /** Links the accounts (every simulated one by default) through the first poller. */
  async link(accountIds: readonly string[] = this.accountIds): Promise<void> {
    for (const account of accountIds) await linkDirect(this.poller.context, this.sim, account);
  }

  /** Links every simulated account and waits for a first poll of each. */
  async linkEveryAccount(): Promise<void> {
    const ids = this.accountIds;
    await this.link(ids);
    for (const account of ids) await this.tracker.pollAfter(account, 0);
  }

  /**
   * Moves the simulator's clock on by `ms`, then waits until each account (every one by default)
   * had a poll that started after that.
   */
  async advanceAndAwaitPolls(
    ms: number,
    accountIds: readonly string[] = this.accountIds,
    timeoutMs?: number,
  ): Promise<void> {
    this.sim.clock.advance(ms);
    const mark = this.tracker.seq;
    for (const account of accountIds) await this.tracker.pollAfter(account, mark, timeoutMs);
  }

  /**
   * Stops the pollers, the reader and the simulator, then deletes the test's topics and Redis keys
   * (and groups, if asked), in that order and only what started. Every step is tried even when an
   * earlier one fails; the failures are thrown at the end. Idempotent: a second call gets the first's
   * promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const errors: unknown[] = [];
    const step = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        errors.push(error);
      }
    };
    for (const poller of this.pollers) await step(() => poller.stop());
    const reader = this.#reader;
    if (reader) await step(() => reader.stop());
    const sim = this.#sim;
    if (sim) await step(() => sim.stop());
    const config = this.#config;
    if (config) {
      await step(() => cleanUp(config));
      if (this.#options.deleteGroups) await step(() => deleteTestGroups(config, this.id));
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1)
      throw new AggregateError(errors, `PollerFixture ${this.id}: ${errors.length} close steps failed`);
  }

  #started<T>(what: string, value: T | undefined): T {
    if (value === undefined) throw new Error(`PollerFixture: ${what} not started`);
    return value;
  }
}
