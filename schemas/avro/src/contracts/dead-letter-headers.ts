/**
 * The headers every dead letter carries (docs/contracts.md): why, and where the original sat. Written
 * by the poller, the normalizer and the sink; read by `spotify-pipeline dlq`.
 */
export const DLQ_HEADERS = {
  reason: 'dlq.reason',
  detail: 'dlq.detail',
  topic: 'dlq.topic',
  partition: 'dlq.partition',
  offset: 'dlq.offset',
  service: 'dlq.service',
  at: 'dlq.at',
  /** The poller's dead letters: what the original was (Spotify's JSON item), having no topic. */
  source: 'dlq.source',
  /** Set by `dlq replay` on what it sends back: the dead letter's own partition:offset. */
  replayedFrom: 'dlq.replayed-from',
} as const;
