import { createHash } from 'node:crypto';
import type {
  AccountRecord,
  AlbumRecord,
  ArtistRecord,
  PlayFact,
  RawPlay,
  TrackRecord,
} from '@spotify-pipeline/avro';
import { type DeadLetterSource, deadLetterMessage, type Topics } from '@spotify-pipeline/runtime';
import type { Message, TopicMessages } from 'kafkajs';
import type { DimensionCache } from './dimension-cache.ts';
import { normalizePlay } from './normalize-play.ts';
import { type Rejection, type RejectionReason, reject } from './rejection.ts';

export type DimensionKind = 'artist' | 'album' | 'track' | 'account';
export const DIMENSION_KINDS: readonly DimensionKind[] = ['artist', 'album', 'track', 'account'];

interface Encoder<T> {
  encode(value: T): Buffer;
}

/** The slice of `@spotify-pipeline/avro`'s `codecs` the normalizer uses. */
export interface NormalizerCodecs {
  readonly rawPlay: { decode(bytes: Buffer): RawPlay };
  readonly artist: Encoder<ArtistRecord>;
  readonly album: Encoder<AlbumRecord>;
  readonly track: Encoder<TrackRecord>;
  readonly account: Encoder<AccountRecord>;
  readonly playFact: Encoder<PlayFact>;
}

export interface PlanContext {
  readonly topics: Topics;
  readonly codecs: NormalizerCodecs;
  readonly cache: DimensionCache;
  /** Written into `dlq.service`. */
  readonly service: string;
  readonly now: () => Date;
}

/** A dimension record sent in this batch, to remember in the cache once the send is acknowledged. */
export interface Emitted {
  readonly cacheKey: string;
  readonly contentHash: string;
}

export interface BatchCounts {
  consumed: number;
  facts: number;
  dimensions: Record<DimensionKind, number>;
  skipped: Record<DimensionKind, number>;
  deadLettered: Partial<Record<RejectionReason, number>>;
}

export interface BatchPlan {
  /** Everything to send, one entry per output topic, each in the order of the input. */
  readonly topicMessages: TopicMessages[];
  readonly emitted: readonly Emitted[];
  readonly counts: BatchCounts;
}

interface Output {
  readonly topic: string;
  readonly message: Message;
  readonly dimension?: { kind: DimensionKind } & Emitted;
}

/**
 * Decides what a batch of raw plays becomes, without sending anything: facts, the dimension records
 * not emitted unchanged recently, and dead letters. Pure apart from reading the cache, so the
 * service can send all of it as one unit and commit the input offsets only after it was
 * acknowledged. A message never makes the whole batch fail: whatever is wrong with it becomes its
 * dead letter.
 */
export function planBatch(messages: readonly DeadLetterSource[], context: PlanContext): BatchPlan {
  const { topics, cache } = context;
  const byTopic = new Map<string, Message[]>();
  const emitted: Emitted[] = [];
  // A dimension emitted earlier in this batch is as good as cached; the cache learns it only later.
  const pending = new Map<string, string>();
  const counts: BatchCounts = {
    consumed: messages.length,
    facts: 0,
    dimensions: { artist: 0, album: 0, track: 0, account: 0 },
    skipped: { artist: 0, album: 0, track: 0, account: 0 },
    deadLettered: {},
  };
  const push = (topic: string, message: Message) => {
    const list = byTopic.get(topic);
    if (list === undefined) byTopic.set(topic, [message]);
    else list.push(message);
  };

  for (const source of messages) {
    const outputs = outputsOf(source, context);
    if (!Array.isArray(outputs)) {
      push(topics.deadLetter.name, deadLetterMessage(source, outputs, context.service, context.now()));
      counts.deadLettered[outputs.reason] = (counts.deadLettered[outputs.reason] ?? 0) + 1;
      continue;
    }
    for (const output of outputs) {
      const { dimension } = output;
      if (dimension === undefined) {
        push(output.topic, output.message);
        counts.facts += 1;
        continue;
      }
      const fresh =
        pending.get(dimension.cacheKey) === dimension.contentHash ||
        cache.isFresh(dimension.cacheKey, dimension.contentHash);
      if (fresh) {
        counts.skipped[dimension.kind] += 1;
        continue;
      }
      push(output.topic, output.message);
      pending.set(dimension.cacheKey, dimension.contentHash);
      emitted.push({ cacheKey: dimension.cacheKey, contentHash: dimension.contentHash });
      counts.dimensions[dimension.kind] += 1;
    }
  }
  return {
    topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    emitted,
    counts,
  };
}

/** Every output of one message, all encoded before any is kept, or the reason it has none. */
function outputsOf(source: DeadLetterSource, { topics, codecs }: PlanContext): Output[] | Rejection {
  if (source.value === null) return reject('undecodable', 'the message has no value (a tombstone)');
  let raw: RawPlay;
  try {
    raw = codecs.rawPlay.decode(source.value);
  } catch (error) {
    return reject('undecodable', describe(error));
  }
  const result = normalizePlay(raw);
  if (!result.ok) return result;
  const { artists, albums, track, account, play } = result.value;
  try {
    // Dimensions before the fact, so a reader of all topics tends to see members before their facts
    // (the sink must not rely on it: it infers members that arrive late).
    return [
      ...artists.map((a) => dimension('artist', topics.artists.name, a.artist_id, codecs.artist.encode(a))),
      ...albums.map((a) => dimension('album', topics.albums.name, a.album_id, codecs.album.encode(a))),
      ...(track === null
        ? []
        : [dimension('track', topics.tracks.name, track.track_id, codecs.track.encode(track))]),
      ...(account === null
        ? []
        : [dimension('account', topics.accounts.name, account.account_id, codecs.account.encode(account))]),
      { topic: topics.plays.name, message: { key: play.account_id, value: codecs.playFact.encode(play) } },
    ];
  } catch (error) {
    return reject('unencodable', describe(error));
  }
}

function dimension(kind: DimensionKind, topic: string, id: string, value: Buffer): Output {
  // Avro binary is deterministic for a schema, so equal bytes mean equal content.
  const contentHash = createHash('sha1').update(value).digest('base64');
  return { topic, message: { key: id, value }, dimension: { kind, cacheKey: `${kind}:${id}`, contentHash } };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
