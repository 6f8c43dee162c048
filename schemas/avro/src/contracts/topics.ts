/**
 * Every topic the pipeline uses, declared once. A name carries its contract version (`.v1`): a
 * change that old consumers cannot read gets a new topic, never an edited one. Dimension topics are
 * compacted (the latest record per natural key is the dimension); raw and fact topics are retained
 * by time, because they are history that can be replayed into the warehouse.
 */
export type CleanupPolicy = 'delete' | 'compact';

export interface TopicSpec {
  /** What the topic is for in the code, e.g. `rawPlays`. */
  readonly id: TopicId;
  /** The name on the broker, prefix included. */
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** `-1` keeps forever. Ignored by compaction except for tombstones. */
  readonly retentionMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const declarations = {
  rawPlays: { base: 'spotify.raw.play.v1', partitions: 6, cleanupPolicy: 'delete', retentionMs: 90 * DAY_MS },
  artists: { base: 'spotify.dim.artist.v1', partitions: 3, cleanupPolicy: 'compact', retentionMs: -1 },
  albums: { base: 'spotify.dim.album.v1', partitions: 3, cleanupPolicy: 'compact', retentionMs: -1 },
  tracks: { base: 'spotify.dim.track.v1', partitions: 3, cleanupPolicy: 'compact', retentionMs: -1 },
  accounts: { base: 'spotify.dim.account.v1', partitions: 3, cleanupPolicy: 'compact', retentionMs: -1 },
  plays: { base: 'spotify.fact.play.v1', partitions: 6, cleanupPolicy: 'delete', retentionMs: 90 * DAY_MS },
  deadLetter: { base: 'spotify.dlq.v1', partitions: 3, cleanupPolicy: 'delete', retentionMs: 30 * DAY_MS },
  // The poller's durable state: linked accounts (refresh tokens encrypted) and per-account cursors.
  // Redis may restart empty; these compacted topics are what the poller rebuilds it from.
  linkedAccounts: {
    base: 'spotify.state.account.v1',
    partitions: 1,
    cleanupPolicy: 'compact',
    retentionMs: -1,
  },
  pollCursors: { base: 'spotify.state.cursor.v1', partitions: 1, cleanupPolicy: 'compact', retentionMs: -1 },
} as const satisfies Record<string, Omit<TopicSpec, 'id' | 'name'> & { base: string }>;

export type TopicId = keyof typeof declarations;
export type Topics = { readonly [K in TopicId]: TopicSpec };

export const TOPIC_IDS = Object.keys(declarations) as TopicId[];

/** The topics of one deployment (or one test), whose names all start with `prefix`. */
export function topicsFor(prefix = ''): Topics {
  return Object.fromEntries(
    TOPIC_IDS.map((id) => {
      const { base, ...rest } = declarations[id];
      return [id, { id, name: `${prefix}${base}`, ...rest }];
    }),
  ) as Topics;
}

/** The broker-side configuration entries a topic must have. */
export function topicConfigEntries(spec: TopicSpec): Record<string, string> {
  return {
    'cleanup.policy': spec.cleanupPolicy,
    'retention.ms': String(spec.retentionMs),
  };
}
