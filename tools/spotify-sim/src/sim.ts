import { AccountsService } from './accounts-service.ts';
import { Catalogue } from './catalogue.ts';
import { SimClock } from './clock.ts';
import { FaultInjector, type SpotifySimFaults } from './faults.ts';
import { makeAccounts, type SimAccount } from './listeners.ts';
import { ListeningHistory } from './listening.ts';
import { resolveOptions, type SpotifySimOptions } from './options.ts';
import { SeededRandom } from './random.ts';
import { DEFAULT_LINK_SCOPES } from './scopes.ts';
import { type SimRequest, SimServer, type SimStats } from './server.ts';
import { ShapeFaults } from './shape-faults.ts';
import { TokenStore } from './tokens.ts';
import { WebApi } from './web-api.ts';

export interface TruthPlay {
  playedAt: Date;
  /** null for local files. */
  trackId: string | null;
  msPlayed: number;
  offline: boolean;
  syncedAt: Date;
  /** Whether recently-played ever lists it: >= 30 s heard and not pushed out of the newest 50 before it synced. */
  visible: boolean;
  isLocal: boolean;
}

export interface SpotifySim {
  readonly url: string;
  /**
   * The variables that point a program (poller, importer's enrichment) at this simulator as its
   * Spotify: the registered app's credentials and both base URLs.
   */
  clientEnv(): {
    SPOTIFY_CLIENT_ID: string;
    SPOTIFY_CLIENT_SECRET: string;
    SPOTIFY_ACCOUNTS_URL: string;
    SPOTIFY_API_URL: string;
  };
  readonly clock: { now(): Date; advance(ms: number): void };
  accounts(): {
    id: string;
    displayName: string;
    country: string;
    timeZone: string;
    product: 'premium' | 'free';
  }[];
  linkAccount(accountId: string, scopes?: string[]): { refreshToken: string };
  /** The user clicks Agree (or Cancel, with `deny`): the URL the browser is redirected to. */
  approve(authorizeUrl: string, accountId: string, options?: { deny?: boolean }): Promise<string>;
  truth(accountId: string): TruthPlay[];
  shown(accountId: string): Date[];
  readonly faults: SpotifySimFaults;
  stats(): SimStats;
  /** Every Web API request answered so far, oldest first (with the account it was for). */
  requests(): SimRequest[];
  stop(): Promise<void>;
}

/** Starts the simulated Accounts service and Web API on loopback. */
export async function startSpotifySim(options: SpotifySimOptions = {}): Promise<SpotifySim> {
  const o = resolveOptions(options);
  const clock = new SimClock(o.clock);
  const catalogue = new Catalogue({ seed: o.seed, size: o.catalogueSize });
  const accountList = makeAccounts(o.seed, o.accounts);
  const accounts = new Map<string, SimAccount>(accountList.map((a) => [a.id, a]));
  const listeningRandom = new SeededRandom(o.seed ^ 0x115_7e11);
  const histories = new Map<string, ListeningHistory>();
  for (const account of accountList) {
    histories.set(
      account.id,
      new ListeningHistory(account, catalogue, listeningRandom.fork(histories.size), {
        startMs: clock.start.getTime(),
        historyMs: o.historyHours * 3_600_000,
        playsPerHour: o.playsPerHour,
        offlineShare: o.offlineShare,
      }),
    );
  }
  const shown = new Map<string, Set<number>>(accountList.map((a) => [a.id, new Set<number>()]));
  const tokens = new TokenStore(o.accessTokenTtlSeconds);
  const app = { clientId: o.clientId, clientSecret: o.clientSecret, redirectUris: o.redirectUris };
  const accountsService = new AccountsService(app, tokens, clock, new Set(accounts.keys()));
  const shapes = new ShapeFaults();
  const webApi = new WebApi({
    shapes,
    catalogue,
    clock,
    tokens,
    accounts,
    histories,
    shown,
    extendedQuota: o.extendedQuota,
  });
  const injector = new FaultInjector(o.seed);
  const server = new SimServer(accountsService, webApi, injector);
  const url = await server.listen(o.port, o.host, o.publicUrl);

  const historyOf = (accountId: string) => {
    const history = histories.get(accountId);
    if (!history) throw new RangeError(`no simulated account with id '${accountId}'`);
    return history;
  };

  return {
    url,
    clientEnv: () => ({
      SPOTIFY_CLIENT_ID: app.clientId,
      SPOTIFY_CLIENT_SECRET: app.clientSecret,
      SPOTIFY_ACCOUNTS_URL: url,
      SPOTIFY_API_URL: url,
    }),
    clock: { now: () => clock.now(), advance: (ms: number) => clock.advance(ms) },
    accounts: () =>
      accountList.map(({ id, displayName, country, timeZone, product }) => ({
        id,
        displayName,
        country,
        timeZone,
        product,
      })),
    linkAccount: (accountId, scopes = DEFAULT_LINK_SCOPES) => ({
      refreshToken: accountsService.link(accountId, scopes),
    }),
    approve: async (authorizeUrl, accountId, approveOptions = {}) =>
      accountsService.approve(new URL(authorizeUrl).searchParams, accountId, approveOptions.deny ?? false),
    truth: (accountId) => {
      const history = historyOf(accountId);
      return history.playsUntil(clock.nowMs()).map((play) => {
        const track = catalogue.tracks[play.trackIndex]!;
        return {
          playedAt: new Date(play.playedAtMs),
          trackId: track.id,
          msPlayed: play.msPlayed,
          offline: play.offline,
          syncedAt: new Date(play.syncedAtMs),
          visible: history.everVisible(play),
          isLocal: track.local !== null,
        };
      });
    },
    shown: (accountId) => {
      historyOf(accountId);
      return [...(shown.get(accountId) ?? [])].sort((a, b) => a - b).map((ms) => new Date(ms));
    },
    faults: {
      rateLimit: (opts) => injector.rateLimit(opts),
      rateLimitWindow: (opts) => injector.rateLimitWindow(opts),
      serverErrors: (opts) => injector.serverErrors(opts),
      slow: (opts) => injector.slow(opts),
      expireAccessTokens: () => tokens.expireAllAccess(),
      revoke: (accountId) => {
        historyOf(accountId);
        tokens.revokeAccount(accountId);
      },
      messyShapes: (opts) => shapes.messy(opts),
      serveRecentlyPlayed: (accountId, body) => {
        historyOf(accountId);
        shapes.serve(accountId, body);
      },
      failAccount: (accountId, status) => {
        historyOf(accountId);
        shapes.fail(accountId, status);
      },
      clear: () => {
        injector.clear();
        shapes.clear();
      },
    },
    stats: () => server.stats(),
    requests: () => server.requests(),
    stop: () => server.stop(),
  };
}
