import { createHash } from 'node:crypto';
import { BASE62, SeededRandom } from './random.ts';

/**
 * The `messyShapes` fault: recently-played items as real traffic has them rather than as the
 * OpenAPI document describes them (responses recorded by public API clients from 2017 to 2023):
 * optional properties missing or null at any depth, an older track shape without `album`, artists
 * null or without ids, enum values the document does not list, extra properties, contexts of
 * unknown form (no `type`, an unfamiliar type or URI scheme, legacy `spotify:user:<u>:playlist:<id>`
 * URIs), now and then an item with no track id at all, and duplicated items.
 *
 * `played_at` is never touched (Spotify always sends it), so every play the simulator shows can be
 * found again in the warehouse or in the dead-letter topic. The same play always gets the same mess
 * (seeded by account and played_at), as a real item keeps its shape from one response to the next.
 */
export interface MessyShapesOptions {
  /** Only these accounts' responses are messed up (all when absent). */
  readonly accounts?: readonly string[];
  /** Share of items given any mess at all (default 0.5). */
  readonly share?: number;
  /** Share of the messed-up items whose track id is dropped (not a play any more; default 0.05). */
  readonly dropTrackIdShare?: number;
  readonly seed?: number;
}

type Json = Record<string, unknown>;

/** What the walk must not drop: the play's identity (its time, its track, and whether it is local). */
const KEPT = new Set(['played_at', 'track', 'track.id', 'track.is_local', 'track.uri']);

const UNKNOWN_CONTEXTS: ((accountId: string, random: SeededRandom) => unknown)[] = [
  () => null,
  (_, r) => ({ uri: `spotify:playlist:${r.string(22, BASE62)}` }),
  (a, r) => ({ type: 'playlist', uri: `spotify:user:${a}:playlist:${r.string(22, BASE62)}`, href: null }),
  (a, r) => ({ uri: `spotify:user:${a}:playlist:${r.string(22, BASE62)}`, external_urls: null }),
  (_, r) => ({ type: 'collection', uri: `spotify:user:x:collection`, href: null, id: r.int(1, 9) }),
  (_, r) => ({ type: 'search', uri: `spotify:search:${r.string(6, BASE62)}` }),
  () => ({ external_urls: { spotify: 'https://open.spotify.com/genre/x' } }),
  () => ({}),
  () => ({ type: null, uri: null, href: null, external_urls: null }),
  (_, r) => ({ type: 'radio', uri: `spotify:station:track:${r.string(22, BASE62)}`, extra: [1, 'x'] }),
];

function seedOf(seed: number, accountId: string, playedAt: unknown): number {
  return createHash('sha256')
    .update(`${seed}\u001f${accountId}\u001f${String(playedAt)}`)
    .digest()
    .readUInt32LE(0);
}

/** Drops, nulls or extends properties at every depth below `path`, sparing the play's identity. */
function walk(value: unknown, path: string, random: SeededRandom): unknown {
  if (Array.isArray(value)) {
    const kept = value.filter(() => !random.chance(0.1)).map((v) => walk(v, path, random));
    return random.chance(0.03) ? null : kept;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value as Json)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (!KEPT.has(at)) {
      if (random.chance(0.08)) continue;
      if (random.chance(0.08)) {
        out[key] = null;
        continue;
      }
    }
    out[key] = walk(child, at, random);
  }
  if (random.chance(0.05))
    out[`x_unknown_${random.string(5, BASE62)}`] = { nested: [random.int(0, 9), null] };
  return out;
}

/** One item as real traffic might have it; deterministic for (seed, account, played_at). */
export function messUpItem(item: Json, accountId: string, options: MessyShapesOptions = {}): Json {
  const random = new SeededRandom(seedOf(options.seed ?? 0, accountId, item.played_at));
  if (!random.chance(options.share ?? 0.5)) return item;
  const out = walk(structuredClone(item), '', random) as Json;
  const track = out.track as Json;
  if (random.chance(0.25))
    delete track.album; // the older shape
  else if (track.album && typeof track.album === 'object' && random.chance(0.2)) {
    const album = track.album as Json;
    album.album_type = random.pick(['ep', 'ALBUM', 'appears_on', '']);
    album.release_date_precision = random.pick(['week', null, 'DAY']);
  }
  if (random.chance(0.15)) track.artists = random.pick([null, [], [{ name: 'Someone', id: null }]]);
  if (random.chance(0.05)) track.type = random.pick(['music_video', 'TRACK']);
  if (random.chance(0.3)) out.context = random.pick(UNKNOWN_CONTEXTS)(accountId, random);
  if (track.is_local !== true && random.chance(options.dropTrackIdShare ?? 0.05)) {
    // Nothing left to name the track by: neither its id nor its URI.
    track.id = random.pick([null, '']);
    delete track.uri;
  }
  return out;
}

/** A page's items, messed up, with now and then an item served twice. */
export function messUpItems(
  items: readonly Json[],
  accountId: string,
  options: MessyShapesOptions = {},
): Json[] {
  return items.flatMap((item) => {
    const messy = messUpItem(item, accountId, options);
    const random = new SeededRandom(seedOf((options.seed ?? 0) ^ 0xd0b1e, accountId, item.played_at));
    return random.chance(0.05) ? [messy, structuredClone(messy)] : [messy];
  });
}
