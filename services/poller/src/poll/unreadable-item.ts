import { createHash } from 'node:crypto';
import { DLQ_HEADERS } from '@spotify-pipeline/runtime';
import type { Message } from 'kafkajs';

/** The `dlq.reason` of a recently-played item the poller cannot make a play of. */
export const UNREADABLE_ITEM = 'unreadable-item';

/**
 * Where a poller dead letter came from: not a topic but the Web API endpoint (`dlq.source`). It has
 * no `dlq.topic`, so `dlq replay` counts it as without source and never sends it anywhere: it is
 * Spotify's JSON, not a RawPlay, to read and fix the poller by.
 */
const SOURCE = 'GET /v1/me/player/recently-played';

/** The item as JSON; `null` for an item JSON has no text for (undefined). */
export function itemJson(item: unknown): string {
  return JSON.stringify(item) ?? 'null';
}

/** Identifies an item that has no played_at to be known by, across polls that see it again. */
export function itemDigest(item: unknown): string {
  return createHash('sha256').update(itemJson(item)).digest('hex');
}

/**
 * The dead letter of an item: the raw item as JSON (so it can be read and replayed once the cause
 * is known), keyed by the account, with the `dlq.*` headers of docs/contracts.md.
 */
export function unreadableItemMessage(accountId: string, item: unknown, detail: string, at: Date): Message {
  return {
    key: accountId,
    value: Buffer.from(itemJson(item)),
    headers: {
      [DLQ_HEADERS.reason]: UNREADABLE_ITEM,
      [DLQ_HEADERS.detail]: `${detail} (account ${accountId})`,
      [DLQ_HEADERS.source]: SOURCE,
      [DLQ_HEADERS.service]: 'poller',
      [DLQ_HEADERS.at]: at.toISOString(),
      'content-type': 'application/json',
    },
  };
}
