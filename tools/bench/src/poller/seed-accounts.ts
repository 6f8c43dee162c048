import type { LinkedAccount, PollCursor } from '@spotify-pipeline/poller';
import { TokenCipher } from '@spotify-pipeline/poller';
import type { Topics } from '@spotify-pipeline/runtime';
import type { SpotifySim } from '@spotify-pipeline/spotify-sim';
import type { Message, Producer } from 'kafkajs';

/** Recently-played's depth and its 30 s rule, as the simulator applies them. */
const WINDOW = 50;
const MIN_HEARD_MS = 30_000;

/**
 * Links every simulated account the fast way: its refresh token straight from the simulator
 * (`linkAccount`, what the consent flow ends in), sealed as the poller seals it, and one record
 * per account on the state topic the poller loads at start. Linking 10,000 accounts through
 * /link and /callback costs three HTTP round trips and a Kafka transaction each; this costs one
 * batch. Each account also gets the cursor of a poller that has just polled it (the simulator's
 * window now), so that the run measures steady polling, not a first load of 50 plays an account.
 * Returns the simulated time of the seeding: plays synced after it are the run's to publish.
 */
export async function seedLinkedAccounts(
  producer: Producer,
  topics: Pick<Topics, 'linkedAccounts' | 'pollCursors'>,
  sim: SpotifySim,
  tokenKey: Buffer,
): Promise<number> {
  const cipher = new TokenCipher(tokenKey);
  const seededAt = sim.clock.now().getTime();
  const now = Date.now();
  const accounts: Message[] = [];
  const cursors: Message[] = [];
  for (const listener of sim.accounts()) {
    const account: LinkedAccount = {
      version: 1,
      id: listener.id,
      displayName: listener.displayName,
      country: listener.country,
      timeZone: listener.timeZone,
      sealedRefreshToken: cipher.seal(sim.linkAccount(listener.id).refreshToken),
      status: 'active',
      linkedAt: now,
      updatedAt: now,
    };
    accounts.push({ key: listener.id, value: JSON.stringify(account) });
    const window = sim
      .truth(listener.id)
      .filter((p) => p.msPlayed >= MIN_HEARD_MS && p.syncedAt.getTime() <= seededAt)
      .map((p) => p.playedAt.getTime())
      .sort((a, b) => b - a)
      .slice(0, WINDOW);
    const cursor: PollCursor = {
      version: 1,
      accountId: listener.id,
      seq: 1,
      watermark: window[0] ?? null,
      floor: window.at(-1) ?? null,
      published: window,
      unreadable: [],
      updatedAt: now,
    };
    cursors.push({ key: listener.id, value: JSON.stringify(cursor) });
  }
  for (let i = 0; i < accounts.length; i += 2_000) {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [
        { topic: topics.linkedAccounts.name, messages: accounts.slice(i, i + 2_000) },
        { topic: topics.pollCursors.name, messages: cursors.slice(i, i + 2_000) },
      ],
    });
  }
  return seededAt;
}
