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
import { type DimensionCache, type DimensionContent, sameContent } from './dimension-cache.ts';
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
  readonly kind: DimensionKind;
  readonly id: string;
  /** The record as sent (the cache compares records, not bytes: see DimensionCache). */
  readonly content: DimensionContent;
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

/** A dimension record of a play, not yet encoded: it is encoded only if it is to be sent. */
type DimensionCandidate =
  | Candidate<'artist', ArtistRecord>
  | Candidate<'album', AlbumRecord>
  | Candidate<'track', TrackRecord>
  | Candidate<'account', AccountRecord>;

interface Candidate<K extends DimensionKind, R> {
  readonly kind: K;
  readonly id: string;
  readonly record: R;
}

/**
 * Decides what a batch of raw plays becomes, without sending anything: facts, the dimension records
 * not emitted unchanged recently, and dead letters. Pure apart from reading the cache, so the
 * service can send all of it as one unit and commit the input offsets only after it was
 * acknowledged. A message never makes the whole batch fail: whatever is wrong with it becomes its
 * dead letter.
 */
/**
 * A consumed raw play. Its Kafka timestamp (when the poller received the play) goes on to its fact,
 * so the sink can measure a play's way through the pipeline (sink_play_latency_seconds).
 */
export type PlanInput = DeadLetterSource & { readonly timestamp?: string };

export function planBatch(messages: readonly PlanInput[], context: PlanContext): BatchPlan {
  const { topics, cache } = context;
  const byTopic = new Map<string, Message[]>();
  const emitted: Emitted[] = [];
  // A dimension emitted earlier in this batch is as good as cached; the cache learns it only later.
  // Keyed by id, as the cache is (see DimensionCache).
  const pending = new Map<string, Emitted>();
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
  const isFresh = ({ kind, id, record }: DimensionCandidate) => {
    const planned = pending.get(id);
    return planned === undefined
      ? cache.isFresh(kind, id, record)
      : planned.kind === kind && sameContent(planned.content, record);
  };
  const topicOf: Record<DimensionKind, string> = {
    artist: topics.artists.name,
    album: topics.albums.name,
    track: topics.tracks.name,
    account: topics.accounts.name,
  };

  for (const source of messages) {
    const normalized = normalizedOf(source, context);
    if (!normalized.ok) {
      deadLetter(source, normalized);
      continue;
    }
    const { candidates, fact } = normalized;
    const fresh = candidates.map(isFresh);
    // Every output of the play is encoded before any is kept, so a play that cannot be encoded
    // leaves nothing behind but its dead letter. A fresh record was encoded when it was sent.
    let encoded: { fact: Buffer; dimensions: (Buffer | undefined)[] };
    try {
      encoded = {
        dimensions: candidates.map((c, i) => (fresh[i] ? undefined : encodeDimension(c, context.codecs))),
        fact: context.codecs.playFact.encode(fact),
      };
    } catch (error) {
      deadLetter(source, reject('unencodable', describe(error)));
      continue;
    }
    // Dimensions before the fact, so a reader of all topics tends to see members before their facts
    // (the sink must not rely on it: it infers members that arrive late).
    candidates.forEach((candidate, i) => {
      const value = encoded.dimensions[i];
      if (value === undefined) {
        counts.skipped[candidate.kind] += 1;
        return;
      }
      const planned: Emitted = { kind: candidate.kind, id: candidate.id, content: candidate.record };
      push(topicOf[candidate.kind], { key: candidate.id, value });
      pending.set(candidate.id, planned);
      emitted.push(planned);
      counts.dimensions[candidate.kind] += 1;
    });
    push(topics.plays.name, {
      key: fact.account_id,
      value: encoded.fact,
      ...(source.timestamp === undefined ? {} : { timestamp: source.timestamp }),
    });
    counts.facts += 1;
  }
  return {
    topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    emitted,
    counts,
  };

  function deadLetter(source: DeadLetterSource, rejection: Rejection): void {
    push(topics.deadLetter.name, deadLetterMessage(source, rejection, context.service, context.now()));
    counts.deadLettered[rejection.reason] = (counts.deadLettered[rejection.reason] ?? 0) + 1;
  }
}

/** One message decoded and normalized into its fact and dimension records, or why it cannot be. */
function normalizedOf(
  source: DeadLetterSource,
  { codecs }: PlanContext,
): { ok: true; candidates: DimensionCandidate[]; fact: PlayFact } | Rejection {
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
  const candidates: DimensionCandidate[] = [];
  for (const a of artists) candidates.push({ kind: 'artist', id: a.artist_id, record: a });
  for (const a of albums) candidates.push({ kind: 'album', id: a.album_id, record: a });
  if (track !== null) candidates.push({ kind: 'track', id: track.track_id, record: track });
  if (account !== null) candidates.push({ kind: 'account', id: account.account_id, record: account });
  return { ok: true, candidates, fact: play };
}

function encodeDimension(candidate: DimensionCandidate, codecs: NormalizerCodecs): Buffer {
  switch (candidate.kind) {
    case 'artist':
      return codecs.artist.encode(candidate.record);
    case 'album':
      return codecs.album.encode(candidate.record);
    case 'track':
      return codecs.track.encode(candidate.record);
    case 'account':
      return codecs.account.encode(candidate.record);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
