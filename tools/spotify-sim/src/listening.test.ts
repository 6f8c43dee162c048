import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Catalogue } from './catalogue.ts';
import { makeAccounts } from './listeners.ts';
import { ListeningHistory, type Play } from './listening.ts';
import { SeededRandom } from './random.ts';

const catalogue = new Catalogue({ seed: 1, size: 200 });
const account = makeAccounts(1, 1)[0]!;
const T0 = 1_700_000_000_000;

/** A history whose generator starts far in the future, so only the plays a test puts in exist. */
function historyOf(plays: Play[]): ListeningHistory {
  const history = new ListeningHistory(account, catalogue, new SeededRandom(1), {
    startMs: 9e12,
    historyMs: 0,
    playsPerHour: 14,
    offlineShare: 0,
  });
  history.plays.push(...plays);
  return history;
}

const play = (minute: number, extra: Partial<Play> = {}): Play => ({
  playedAtMs: T0 + minute * 60_000,
  trackIndex: 0,
  msPlayed: 200_000,
  offline: false,
  syncedAtMs: T0 + minute * 60_000,
  context: null,
  ...extra,
});

describe('ListeningHistory', () => {
  test('recently-played: newest first, at most 50, no short plays, nothing not yet synced', () => {
    const plays = Array.from({ length: 70 }, (_, i) => play(i, i % 10 === 0 ? { msPlayed: 29_999 } : {}));
    plays.push(play(70, { offline: true, syncedAtMs: T0 + 200 * 60_000 }));
    const history = historyOf(plays);
    const listed = history.recentlyPlayed(T0 + 100 * 60_000);
    assert.equal(listed.length, 50);
    assert.equal(listed[0]!.playedAtMs, T0 + 69 * 60_000);
    assert.ok(listed.every((p) => p.msPlayed >= 30_000 && !p.offline));
    assert.equal(
      history.recentlyPlayed(T0 + 200 * 60_000)[0]!.playedAtMs,
      T0 + 70 * 60_000,
      'shown once synced',
    );
  });

  test('an offline play synced behind 50 newer plays is never visible; one behind 49 is', () => {
    const offline = [
      play(0, { offline: true, syncedAtMs: T0 + 500 * 60_000 }),
      play(1, { offline: true, syncedAtMs: T0 + 500 * 60_000 }),
    ];
    const online = Array.from({ length: 49 }, (_, i) => play(10 + i));
    const history = historyOf([...offline, ...online]);
    assert.equal(history.everVisible(offline[0]!), false, '49 online + 1 offline newer = 50');
    assert.equal(history.everVisible(offline[1]!), true, '49 newer');
    assert.equal(history.everVisible(play(0, { msPlayed: 1_000 })), false, 'short plays never');
  });

  test('generated plays: played_at strictly increasing, sessions do not overlap, offline syncs later', () => {
    const history = new ListeningHistory(account, catalogue, new SeededRandom(7), {
      startMs: T0,
      historyMs: 0,
      playsPerHour: 14,
      offlineShare: 0.5,
    });
    const plays = history.playsUntil(T0 + 7 * 86_400_000);
    assert.ok(plays.length > 100);
    for (let i = 1; i < plays.length; i++) {
      assert.ok(plays[i]!.playedAtMs - plays[i - 1]!.playedAtMs >= plays[i]!.msPlayed, 'one play at a time');
    }
    assert.ok(plays.some((p) => p.offline && p.syncedAtMs > p.playedAtMs));
    assert.ok(plays.every((p) => p.offline || p.syncedAtMs === p.playedAtMs));
  });
});
