import type { Catalogue } from './catalogue.ts';
import type { SimClock } from './clock.ts';
import type { SimAccount } from './listeners.ts';
import type { ListeningHistory, Play } from './listening.ts';
import { isSpotifyId } from './random.ts';
import { queryWords, SEARCH_TYPES, type SearchType, searchEpisodes, searchTracks } from './search.ts';
import type { ShapeFaults } from './shape-faults.ts';
import {
  episodeObject,
  errorBody,
  pagingObject,
  playHistoryObject,
  privateUserObject,
  simplifiedEpisodeObject,
  trackObject,
} from './shapes.ts';
import { jsonResponse, type SimResponse } from './sim-response.ts';
import type { AccessToken, TokenStore } from './tokens.ts';

export interface WebApiDeps {
  readonly catalogue: Catalogue;
  readonly clock: SimClock;
  readonly tokens: TokenStore;
  readonly accounts: ReadonlyMap<string, SimAccount>;
  readonly histories: ReadonlyMap<string, ListeningHistory>;
  /** played_at (ms) of every play recently-played has served, per account. */
  readonly shown: Map<string, Set<number>>;
  readonly extendedQuota: boolean;
  readonly shapes: ShapeFaults;
}

const MAX_IDS = 50;
const fail = (status: number, message: string) => jsonResponse(status, errorBody(status, message));
const ok = (value: unknown) => jsonResponse(200, value);

/** The Web API (api.spotify.com/v1) endpoints the pipeline uses. */
export class WebApi {
  readonly #deps: WebApiDeps;

  constructor(deps: WebApiDeps) {
    this.#deps = deps;
  }

  /** The account whose user token the request carries, if any (for the simulator's request log). */
  accountOf(authorization: string | undefined): string | null {
    const check = this.#deps.tokens.checkAccess(authorization, this.#deps.clock.nowMs());
    return check.ok ? (check.token.grant?.accountId ?? null) : null;
  }

  /** `url` is the request URL; `api` the base for hrefs (`${sim.url}/v1`). */
  handle(method: string, url: URL, authorization: string | undefined, api: string): SimResponse {
    const path = url.pathname.replace(/\/+$/, '');
    const check = this.#deps.tokens.checkAccess(authorization, this.#deps.clock.nowMs());
    if (!check.ok) return fail(401, check.message);
    const route = this.#route(path);
    if (!route) return fail(404, 'Service not found');
    if (method !== 'GET') return fail(405, 'Method not allowed');
    const token = check.token;
    switch (route.name) {
      case 'me':
        return this.#me(token, api);
      case 'recently-played':
        return this.#recentlyPlayed(token, url, api);
      case 'track':
        return this.#track(route.id, api);
      case 'tracks':
        return this.#tracks(url, api);
      case 'search':
        return this.#search(token, url, api);
      case 'episode':
        return this.#episode(token, route.id, url, api);
    }
  }

  #route(
    path: string,
  ):
    | { name: 'me' | 'recently-played' | 'tracks' | 'search'; id?: undefined }
    | { name: 'track' | 'episode'; id: string }
    | undefined {
    if (path === '/v1/me') return { name: 'me' };
    if (path === '/v1/search') return { name: 'search' };
    const episode = /^\/v1\/episodes\/([^/]+)$/.exec(path);
    if (episode) return { name: 'episode', id: decodeURIComponent(episode[1]!) };
    if (path === '/v1/me/player/recently-played') return { name: 'recently-played' };
    if (path === '/v1/tracks') return { name: 'tracks' };
    const match = /^\/v1\/tracks\/([^/]+)$/.exec(path);
    if (match) return { name: 'track', id: decodeURIComponent(match[1]!) };
    return undefined;
  }

  #user(token: AccessToken): SimAccount | undefined {
    return token.grant === null ? undefined : this.#deps.accounts.get(token.grant.accountId);
  }

  #me(token: AccessToken, api: string): SimResponse {
    const account = this.#user(token);
    if (!account || token.grant === null) return fail(401, 'This request requires user authentication.');
    return ok(privateUserObject(account, token.grant.scopes, api));
  }

  #recentlyPlayed(token: AccessToken, url: URL, api: string): SimResponse {
    const account = this.#user(token);
    if (!account || token.grant === null) return fail(401, 'This request requires user authentication.');
    if (!token.grant.scopes.has('user-read-recently-played')) return fail(403, 'Insufficient client scope');
    const failure = this.#deps.shapes.failure(account.id);
    if (failure !== undefined) return fail(failure, 'Server error.');
    const scripted = this.#deps.shapes.scripted(account.id);
    if (scripted) return ok(scripted.body);
    const query = url.searchParams;
    const limitText = query.get('limit');
    const limit = limitText === null ? 20 : /^\d{1,3}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 1 && limit <= 50)) return fail(400, 'Invalid limit');
    const afterText = query.get('after');
    const beforeText = query.get('before');
    if (afterText !== null && beforeText !== null)
      return fail(400, "Only one of 'after' or 'before' may be specified");
    const after = afterText === null ? undefined : Number(afterText);
    const before = beforeText === null ? undefined : Number(beforeText);
    if (after !== undefined && !(/^\d{1,15}$/.test(afterText!) && Number.isSafeInteger(after)))
      return fail(400, 'Invalid after parameter');
    if (before !== undefined && !(/^\d{1,15}$/.test(beforeText!) && Number.isSafeInteger(before))) {
      return fail(400, 'Invalid before parameter');
    }
    const window = this.#deps.histories.get(account.id)!.recentlyPlayed(this.#deps.clock.nowMs());
    let page: Play[];
    let next: string | null = null;
    const base = `${api}/me/player/recently-played`;
    if (after !== undefined) {
      // Paging forward in time: the items nearest the cursor, newest first; next continues forward.
      const newer = window.filter((p) => p.playedAtMs > after);
      page = newer.slice(-limit);
      if (newer.length > limit) next = `${base}?after=${page[0]!.playedAtMs}&limit=${limit}`;
    } else {
      const older = before === undefined ? window : window.filter((p) => p.playedAtMs < before);
      page = older.slice(0, limit);
      if (older.length > limit) next = `${base}?before=${page.at(-1)!.playedAtMs}&limit=${limit}`;
    }
    const seen = this.#deps.shown.get(account.id)!;
    for (const play of page) seen.add(play.playedAtMs);
    const hrefQuery = new URLSearchParams({ limit: String(limit) });
    if (after !== undefined) hrefQuery.set('after', String(after));
    if (before !== undefined) hrefQuery.set('before', String(before));
    return ok({
      items: this.#deps.shapes.items(
        account.id,
        page.map((play) => playHistoryObject(this.#deps.catalogue, play, api)),
      ),
      next,
      // Spotify sends null cursors for an empty page.
      cursors:
        page.length === 0
          ? null
          : { after: String(page[0]!.playedAtMs), before: String(page.at(-1)!.playedAtMs) },
      limit,
      href: `${base}?${hrefQuery}`,
    });
  }

  #track(id: string, api: string): SimResponse {
    if (!isSpotifyId(id)) return fail(400, 'Invalid base62 id');
    const track = this.#deps.catalogue.track(id);
    if (!track) return fail(404, 'Resource not found');
    return ok(trackObject(this.#deps.catalogue, track, api));
  }

  #tracks(url: URL, api: string): SimResponse {
    // Since 2026, apps in development mode lost the batch endpoints; only extended quota keeps them.
    if (!this.#deps.extendedQuota) return fail(403, 'Forbidden');
    const idsText = url.searchParams.get('ids');
    if (!idsText) return fail(400, 'invalid id');
    const ids = idsText.split(',');
    if (ids.length > MAX_IDS) return fail(400, 'Too many ids requested');
    if (ids.some((id) => !isSpotifyId(id))) return fail(400, 'invalid id');
    const catalogue = this.#deps.catalogue;
    return ok({
      tracks: ids.map((id) => {
        const track = catalogue.track(id);
        return track ? trackObject(catalogue, track, api) : null;
      }),
    });
  }

  /** The market content is served for: the `market` parameter, else the user's country (user tokens). */
  #market(token: AccessToken, url: URL): string | null | 'invalid' {
    const market = url.searchParams.get('market');
    if (market !== null) return /^[A-Z]{2}$/.test(market) ? market : 'invalid';
    return this.#user(token)?.country ?? null;
  }

  /**
   * `GET /v1/search`: tracks and episodes (the types the pipeline asks for); the other types answer
   * empty pages. Limit 1-10 (default 5), offset 0-1000, as the vendored OpenAPI document says.
   */
  #search(token: AccessToken, url: URL, api: string): SimResponse {
    const query = url.searchParams;
    const q = query.get('q');
    if (q === null || q.trim() === '') return fail(400, 'No search query');
    const typeText = query.get('type');
    if (typeText === null || typeText === '') return fail(400, 'Missing parameter type');
    const types = typeText.split(',');
    if (types.some((t) => !(SEARCH_TYPES as readonly string[]).includes(t)))
      return fail(400, 'Bad search type field');
    const limitText = query.get('limit');
    const limit = limitText === null ? 5 : /^\d{1,3}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 1 && limit <= 10)) return fail(400, 'Invalid limit');
    const offsetText = query.get('offset');
    const offset = offsetText === null ? 0 : /^\d{1,4}$/.test(offsetText) ? Number(offsetText) : Number.NaN;
    if (!(offset >= 0 && offset <= 1000)) return fail(400, 'Invalid offset');
    const market = this.#market(token, url);
    if (market === 'invalid') return fail(400, 'Invalid market code');
    const words = queryWords(q);
    const base = new URL(`${api}/search`);
    base.searchParams.set('query', q);
    base.searchParams.set('type', typeText);
    if (query.get('market') !== null) base.searchParams.set('market', market ?? '');
    const page = <T, R>(all: readonly T[], map: (item: T) => R) =>
      pagingObject(all.slice(offset, offset + limit).map(map), { base, limit, offset, total: all.length });
    const { catalogue } = this.#deps;
    const body: Partial<Record<`${SearchType}s`, unknown>> = {};
    for (const type of new Set(types) as Set<SearchType>) {
      if (type === 'track')
        body.tracks = page(searchTracks(catalogue, words), (t) => trackObject(catalogue, t, api));
      else if (type === 'episode')
        body.episodes = page(searchEpisodes(catalogue, words, market), (e) =>
          simplifiedEpisodeObject(e, catalogue.podcasts.show(e.showId)!, api),
        );
      else body[`${type}s`] = page([], (x) => x);
    }
    return ok(body);
  }

  /** `GET /v1/episodes/{id}`: 404 where the episode is unknown or not available in the market. */
  #episode(token: AccessToken, id: string, url: URL, api: string): SimResponse {
    if (!isSpotifyId(id)) return fail(400, 'Invalid base62 id');
    const market = this.#market(token, url);
    if (market === 'invalid') return fail(400, 'Invalid market code');
    const { podcasts } = this.#deps.catalogue;
    const episode = podcasts.episode(id);
    const show = episode ? podcasts.show(episode.showId) : undefined;
    if (!episode || !show || market === null || !show.availableMarkets.includes(market))
      return fail(404, 'Resource not found');
    return ok(episodeObject(episode, show, api));
  }
}
