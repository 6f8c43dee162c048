import { STILL_PENDING, settledWithin } from '../settled-within.ts';

/** What `closeRedis` needs of an ioredis client (the runtime does not depend on ioredis itself). */
export interface ClosableRedis {
  /** ioredis's connection state: 'ready' when commands are answered, 'end' once closed. */
  readonly status: string;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** How long a QUIT may take before the connection is simply dropped. */
export const REDIS_QUIT_TIMEOUT_MS = 2_000;

/**
 * Closes an ioredis client without ever waiting on a Redis that is gone. `quit()` alone queues
 * QUIT while the client is offline, and a client made for BullMQ (maxRetriesPerRequest: null)
 * keeps it queued and keeps reconnecting for ever: a stop hung, and its reconnect timer kept the
 * process alive after everything else had finished. So: QUIT politely only when connected, and
 * only for so long; otherwise disconnect, which also ends the reconnecting.
 */
export async function closeRedis(redis: ClosableRedis, timeoutMs = REDIS_QUIT_TIMEOUT_MS): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  const outcome = await settledWithin(() => redis.quit(), timeoutMs);
  if (outcome === STILL_PENDING || !outcome.ok) redis.disconnect();
}
