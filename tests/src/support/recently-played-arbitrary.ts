import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { REPO_ROOT } from './repo.ts';

/**
 * fast-check arbitraries of recently-played pages, generated from the OpenAPI document vendored in
 * `reference/` (the property names, types, enums and nesting of PlayHistoryObject and everything
 * it refers to), then made as messy as real traffic: every property (none is marked required) may
 * be absent or null at every depth, enums take values the document does not list, objects carry
 * extra properties, contexts come in unknown forms and with legacy URIs, items are duplicated, and
 * `next` / `cursors` may be null. What a page must still say for a play to exist (its played_at
 * and track id) is drawn separately, so that most items are plays and some are not.
 */
export const OPENAPI_PATH = resolve(REPO_ROOT, 'reference/spotify-web-api.openapi.yml');

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[] };

const ABSENT = Symbol('absent');
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Nesting below which objects are cut off (null): the document's schemas refer to each other. */
const MAX_DEPTH = 6;

export const spotifyIdArbitrary = fc.string({
  unit: fc.constantFrom(...BASE62),
  minLength: 22,
  maxLength: 22,
});

/** A value, absent (the key is left out) or null, as any property of real traffic may be. */
function messy<T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | null | typeof ABSENT> {
  return fc.oneof(
    { weight: 8, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(ABSENT) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

const extraProperties = fc.option(
  fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }).map((k) => `x_${k}`),
    fc.jsonValue({ maxDepth: 1 }),
    { maxKeys: 2 },
  ),
  { freq: 4, nil: {} },
);

export class OpenApiArbitraries {
  readonly #schemas: Record<string, Schema>;
  readonly #cache = new Map<string, fc.Arbitrary<unknown>>();

  constructor(path = OPENAPI_PATH) {
    const document = parse(readFileSync(path, 'utf8')) as { components: { schemas: Record<string, Schema> } };
    this.#schemas = document.components.schemas;
  }

  /** Property names the document gives a schema (own and through allOf). */
  properties(name: string): string[] {
    const collect = (schema: Schema): string[] => [
      ...Object.keys((schema.properties ?? {}) as Json),
      ...(schema.allOf ?? []).flatMap((part) => collect(this.#resolve(part))),
    ];
    return [...new Set(collect(this.#schemas[name]!))];
  }

  /** Values of `components.schemas.<name>`, messy at every depth. */
  of(name: string): fc.Arbitrary<unknown> {
    return this.#arbitrary({ $ref: `#/components/schemas/${name}` }, 0);
  }

  #resolve(schema: Schema): Schema {
    return schema.$ref ? this.#schemas[schema.$ref.split('/').at(-1)!]! : schema;
  }

  #arbitrary(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (schema.$ref) {
      const key = `${schema.$ref}@${depth}`;
      let cached = this.#cache.get(key);
      if (!cached) {
        cached = depth > MAX_DEPTH ? fc.constant(null) : this.#arbitrary(this.#resolve(schema), depth + 1);
        this.#cache.set(key, cached);
      }
      return cached;
    }
    if (schema.allOf) {
      return fc
        .tuple(...schema.allOf.map((part) => this.#arbitrary(part, depth)))
        .map((parts) =>
          parts.every((p) => p !== null && typeof p === 'object' && !Array.isArray(p))
            ? Object.assign({}, ...parts)
            : (parts.find((p) => p !== null) ?? null),
        );
    }
    const choices = schema.oneOf ?? schema.anyOf;
    if (choices) return fc.oneof(...choices.map((c) => this.#arbitrary(c, depth)));
    if (Array.isArray(schema.enum)) {
      // Values the document lists, and ones it does not (Spotify adds enum values over time).
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...(schema.enum as unknown[])) },
        { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
      );
    }
    switch (schema.type) {
      case 'object':
        return this.#object(schema, depth);
      case 'array':
        return fc.array(this.#arbitrary((schema.items ?? {}) as Schema, depth + 1), { maxLength: 3 });
      case 'string':
        return schema.format === 'date-time'
          ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
          : fc.string({ maxLength: 16 });
      case 'integer':
        return fc.integer({ min: -1, max: 3_000_000 });
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      default:
        return schema.properties ? this.#object(schema, depth) : fc.jsonValue({ maxDepth: 1 });
    }
  }

  #object(schema: Schema, depth: number): fc.Arbitrary<Json> {
    const entries = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, child] of entries) record[key] = messy(this.#arbitrary(child, depth + 1));
    return fc.tuple(fc.record(record), extraProperties).map(([values, extra]) => {
      const out: Json = { ...(extra as Json) };
      for (const [key, value] of Object.entries(values)) if (value !== ABSENT) out[key] = value;
      return out;
    });
  }
}

/** Contexts the document does not describe, as real responses carry them. */
const unknownContext = fc.oneof(
  fc.constant(null),
  fc.constant({}),
  spotifyIdArbitrary.map((id) => ({ uri: `spotify:playlist:${id}` })),
  spotifyIdArbitrary.map((id) => ({ type: 'playlist', uri: `spotify:user:someone:playlist:${id}` })),
  spotifyIdArbitrary.map((id) => ({ uri: `spotify:user:spotify:playlist:${id}`, href: null })),
  fc.string({ maxLength: 8 }).map((type) => ({ type, uri: `spotify:${type}:x`, external_urls: {} })),
  fc.constant({ type: 'collection', uri: 'spotify:user:x:collection' }),
  fc.constant({ external_urls: { spotify: 'https://open.spotify.com/genre/x' } }),
  fc.constant({ type: null, uri: null, href: null, external_urls: null }),
  fc.constant('spotify:album:not-an-object'),
);

/** What must be there for a play to exist, drawn apart from the document's shape. */
const playedAtChoice = fc.oneof(
  { weight: 10, arbitrary: fc.constant('valid' as const) },
  { weight: 1, arbitrary: fc.constantFrom(ABSENT, null, '', 'yesterday', 42, { at: 1 }) },
);
const trackIdChoice = fc.oneof(
  { weight: 8, arbitrary: spotifyIdArbitrary.map((id) => ({ id })) },
  { weight: 1, arbitrary: spotifyIdArbitrary.map((id) => ({ uriOnly: `spotify:track:${id}` })) },
  { weight: 1, arbitrary: fc.constantFrom(ABSENT, null, '').map((id) => ({ none: id })) },
);

const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
const artist = fc.record({ id: spotifyIdArbitrary, name });
const completeTrack = fc.record({
  name,
  duration_ms: fc.integer({ min: 30_000, max: 1_200_000 }),
  artists: fc.array(artist, { minLength: 1, maxLength: 3 }),
  album: fc.record({
    id: spotifyIdArbitrary,
    name,
    artists: fc.array(artist, { minLength: 1, maxLength: 2 }),
  }),
});

export interface PageOptions {
  readonly maxItems?: number;
}

/**
 * The page moved to a day of its own and its items named after the run, so that each execution of
 * a property (shrinking included) meets the stateful poller with plays it has not seen: every
 * played_at in [0, 1 day) is moved to [bandStartMs, +1 day); each item's `x_probe` (an extra
 * property, to find it in a dead letter) becomes `${probe}:${index}`.
 */
export function placeInBand(page: Json, bandStartMs: number, probe: string): Json {
  const out = structuredClone(page);
  for (const item of (out.items ?? []) as Json[]) {
    const at = typeof item.played_at === 'string' ? Date.parse(item.played_at) : Number.NaN;
    if (Number.isFinite(at) && at >= 0 && at < 86_400_000)
      item.played_at = new Date(bandStartMs + at).toISOString();
    item.x_probe = `${probe}:${String(item.x_probe).split(':').at(-1)}`;
  }
  return out;
}

/**
 * A recently-played page (CursorPagingPlayHistoryObject), messy, as JSON over the wire would have
 * it; valid played_at values fall on 1 January 1970 until `placeInBand` moves them.
 */
export function recentlyPlayedPage(api: OpenApiArbitraries, options: PageOptions = {}): fc.Arbitrary<Json> {
  const maxItems = options.maxItems ?? 8;
  const item = fc.record({
    base: api.of('PlayHistoryObject'),
    track: api.of('TrackObject'),
    playedAt: playedAtChoice,
    trackId: trackIdChoice,
    isLocal: fc.oneof(
      { weight: 8, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    // Half the tracks say all a track record needs (the messy rest of the document stays around it).
    complete: fc.option(completeTrack, { freq: 2 }),
    trackShape: fc.oneof(
      { weight: 12, arbitrary: fc.constant('object' as const) },
      { weight: 1, arbitrary: fc.constantFrom(ABSENT, null, 'spotify:track:x', 7) },
    ),
    context: fc.oneof(
      { weight: 2, arbitrary: fc.constant(ABSENT) },
      { weight: 3, arbitrary: api.of('ContextObject') },
      { weight: 2, arbitrary: unknownContext },
    ),
  });
  return fc
    .record({
      items: fc.array(item, { maxLength: maxItems }),
      offsets: fc.uniqueArray(fc.integer({ min: 0, max: 86_399_999 }), {
        minLength: maxItems,
        maxLength: maxItems,
      }),
      duplicates: fc.array(fc.nat(), { maxLength: 2 }),
      page: api.of('CursorPagingObject'),
    })
    .map(({ items, offsets, duplicates, page }) => {
      const built = items.map((it, index) => {
        const out: Json = { ...(it.base as Json), x_probe: `gen:${index}` };
        if (it.playedAt === 'valid') out.played_at = new Date(offsets[index]!).toISOString();
        else if (it.playedAt === ABSENT) delete out.played_at;
        else out.played_at = it.playedAt;
        if (it.trackShape === 'object') {
          const track: Json = { ...(it.track as Json), is_local: it.isLocal };
          if (it.complete) {
            const { album, ...details } = it.complete;
            Object.assign(track, details);
            track.album = { ...(track.album as Json | null), ...album };
          }
          if ('id' in it.trackId) track.id = it.trackId.id;
          else if ('uriOnly' in it.trackId) {
            delete track.id;
            track.uri = it.trackId.uriOnly;
          } else {
            if (it.trackId.none === ABSENT) delete track.id;
            else track.id = it.trackId.none;
            // A track URI would name it after all.
            if (typeof track.uri === 'string' && track.uri.startsWith('spotify:track:')) delete track.uri;
          }
          out.track = track;
        } else if (it.trackShape === ABSENT) delete out.track;
        else out.track = it.trackShape;
        if (it.context !== ABSENT) out.context = it.context;
        return out;
      });
      for (const d of duplicates) if (built.length > 0) built.push(structuredClone(built[d % built.length]!));
      // What the wire carries: undefined properties vanish, -0 is 0.
      return JSON.parse(JSON.stringify({ ...(page as Json), items: built })) as Json;
    });
}

export type ItemOutcome =
  | { readonly kind: 'fact'; readonly playedAtMs: number }
  | { readonly kind: 'normalizer-dead-letter'; readonly playedAtMs: number; readonly reason: string }
  | { readonly kind: 'poller-dead-letter'; readonly probe: string };

const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;

/**
 * Where each distinct item of a page must end up: the oracle the properties compare with, written
 * from the rules, not from the poller's code. A play is an item with a played_at and a
 * track id (or a `spotify:track:` URI); a local file is a play the warehouse cannot hold, as is an
 * episode; anything else is not a play. Duplicates (same played_at, or same bytes) count once.
 */
export function expectedOutcomes(page: Json): ItemOutcome[] {
  const items = Array.isArray(page.items) ? (page.items as unknown[]) : [];
  const byKey = new Map<string, ItemOutcome>();
  for (const raw of items) {
    const item = (raw ?? {}) as Json;
    const probe = String(item.x_probe);
    const playedAtMs = typeof item.played_at === 'string' ? Date.parse(item.played_at) : Number.NaN;
    if (!Number.isFinite(playedAtMs)) {
      byKey.set(`bytes:${JSON.stringify(raw)}`, { kind: 'poller-dead-letter', probe });
      continue;
    }
    const key = `at:${playedAtMs}`;
    if (byKey.has(key)) continue;
    const track = item.track !== null && typeof item.track === 'object' ? (item.track as Json) : null;
    const id =
      typeof track?.id === 'string' && track.id.trim() !== ''
        ? track.id
        : (TRACK_URI.exec(typeof track?.uri === 'string' ? track.uri : '')?.[1] ?? null);
    if (!track || (id === null && track.is_local !== true)) {
      byKey.set(key, { kind: 'poller-dead-letter', probe });
    } else if (track.is_local === true || id === null) {
      byKey.set(key, { kind: 'normalizer-dead-letter', playedAtMs, reason: 'local-track' });
    } else if (track.type === 'episode') {
      byKey.set(key, { kind: 'normalizer-dead-letter', playedAtMs, reason: 'episode' });
    } else byKey.set(key, { kind: 'fact', playedAtMs });
  }
  return [...byKey.values()];
}
