import assert from 'node:assert/strict';
import test from 'node:test';
import type { ListeningReport, Ranked } from './listening-report.ts';
import { ALL_TIME, yearPeriod } from './period.ts';
import { renderReportHtml } from './render-report.ts';

/** Reports built in memory: rendering is pure, so these need no warehouse. */
function report(over: Partial<ListeningReport> = {}): ListeningReport {
  return {
    account: { id: 'acc', name: 'Listener', timeZone: 'Europe/Berlin' },
    period: yearPeriod('2025'),
    totals: {
      plays: 0,
      minutesPlayed: 0,
      tracks: 0,
      artists: 0,
      albums: 0,
      daysListened: 0,
      skipKnown: 0,
      skipped: 0,
      endKnown: 0,
      completed: 0,
      estimated: 0,
    },
    byDay: [],
    byWeek: [],
    topArtists: [],
    topTracks: [],
    topAlbums: [],
    heatmap: [],
    artistsByMonth: [],
    longestSessions: [],
    busiestDay: null,
    firstPlay: null,
    podcasts: { plays: 0, episodes: 0 },
    generatedAt: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

const ranked = (names: string[], plays = (i: number) => 100 - i): Ranked[] =>
  names.map((name, i) => ({
    rank: i + 1,
    id: `id${i}`,
    name,
    artist: 'Artist',
    plays: plays(i),
    minutesPlayed: plays(i) * 3,
  }));

/** Every src/href in the page is local (data: or #, or a link of the live page), never the network. */
function externalReferences(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)]
    .map((m) => m[1]!)
    .filter((url) => !url.startsWith('data:') && !url.startsWith('#') && !url.startsWith('/'));
}

test('an empty period says so instead of drawing empty charts', () => {
  const html = renderReportHtml(report());
  assert.match(html, /No plays in 2025\./);
  assert.doesNotMatch(html, /<svg/);
});

test('one play renders every section with its charts as inline SVG', () => {
  const html = renderReportHtml(
    report({
      period: ALL_TIME,
      totals: {
        ...report().totals,
        plays: 1,
        minutesPlayed: 3.5,
        tracks: 1,
        artists: 1,
        albums: 1,
        daysListened: 1,
        estimated: 1,
      },
      byDay: [{ day: '2025-03-01', plays: 1, minutesPlayed: 3.5 }],
      byWeek: [{ isoYear: 2025, isoWeek: 9, firstDay: '2025-03-01', plays: 1, minutesPlayed: 3.5 }],
      topArtists: ranked(['Solo']),
      topTracks: ranked(['Song']),
      topAlbums: ranked(['Album']),
      heatmap: [{ weekday: 6, hour: 9, plays: 1 }],
      artistsByMonth: [{ month: 202503, newArtists: 1, knownArtists: 0 }],
      longestSessions: [{ localStart: '2025-03-01 09:12', plays: 1, minutesPlayed: 3.5, spanMinutes: 0 }],
      busiestDay: { day: '2025-03-01', plays: 1, minutesPlayed: 3.5 },
      firstPlay: { day: '2025-03-01', time: '09:12', track: 'Song', artist: 'Solo' },
    }),
  );
  assert.equal(
    (html.match(/<svg/g) ?? []).length,
    7,
    'per day, per week, 3 top lists, heatmap, artists by month',
  );
  assert.match(html, /<h2>In review<\/h2>/);
  assert.match(html, /data-weekday="6" data-hour="9">1</);
  assert.match(html, /Skips: not known/);
  assert.deepEqual(externalReferences(html), []);
  assert.doesNotMatch(html, /<script/i, 'the page needs no script');
});

test('names in any script are escaped, and isolated so right-to-left text does not reorder the page', () => {
  const names = [
    '<script>alert(1)</script>',
    'فيروز',
    'עומר אדם',
    '坂本龍一',
    'Tab\tand "quotes" & \'apostrophes\'',
  ];
  const html = renderReportHtml(
    report({
      account: { id: 'a"<id>', name: 'مستمع', timeZone: 'Asia/Tehran' },
      totals: { ...report().totals, plays: 5 },
      topArtists: ranked(names),
      topTracks: ranked(names),
      topAlbums: ranked(names),
    }),
  );
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /<bdi>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/bdi>/);
  assert.match(html, /<bdi>فيروز<\/bdi>/);
  assert.match(html, /<h1><bdi>مستمع<\/bdi><\/h1>/);
  assert.match(html, /account <bdi>a&quot;&lt;id&gt;<\/bdi>/);
});

test('a year of heavy listening (108,180 plays) renders with every day, week and heatmap cell', () => {
  const days = Array.from({ length: 365 }, (_, d) => {
    const date = new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10);
    return { day: date, plays: 250 + (d % 100), minutesPlayed: (250 + (d % 100)) * 3.2 };
  });
  const plays = days.reduce((n, d) => n + d.plays, 0);
  assert.ok(plays > 100_000);
  const html = renderReportHtml(
    report({
      totals: {
        ...report().totals,
        plays,
        minutesPlayed: plays * 3.2,
        tracks: 9000,
        artists: 2100,
        albums: 4000,
        daysListened: 365,
        skipKnown: plays,
        skipped: 12_000,
        endKnown: plays,
        completed: 80_000,
      },
      byDay: days,
      byWeek: Array.from({ length: 53 }, (_, w) => ({
        isoYear: 2025,
        isoWeek: w + 1,
        firstDay: days[w * 7]?.day ?? '2025-12-31',
        plays: 2000,
        minutesPlayed: 6400,
      })),
      topArtists: ranked(
        Array.from({ length: 10 }, (_, i) => `Artist ${i}`),
        (i) => 5000 - i,
      ),
      topTracks: ranked(
        Array.from({ length: 10 }, (_, i) => `Track ${i}`),
        (i) => 900 - i,
      ),
      topAlbums: ranked(
        Array.from({ length: 10 }, (_, i) => `Album ${i}`),
        (i) => 1500 - i,
      ),
      heatmap: Array.from({ length: 7 * 24 }, (_, c) => ({
        weekday: Math.floor(c / 24) + 1,
        hour: c % 24,
        plays: 300 + c,
      })),
      artistsByMonth: Array.from({ length: 12 }, (_, m) => ({
        month: 202501 + m,
        newArtists: 40,
        knownArtists: 300,
      })),
      longestSessions: [{ localStart: '2025-07-04 10:00', plays: 200, minutesPlayed: 640, spanMinutes: 700 }],
      busiestDay: days[99]!,
      firstPlay: { day: '2025-01-01', time: '00:03', track: 'First', artist: 'Someone' },
    }),
  );
  assert.match(html, /data-metric="plays"><span class="value">108,180</);
  assert.match(html, /Skip rate: <b data-metric="skip-rate">11\.1%<\/b>/);
  assert.equal((html.match(/<td class="n" data-weekday=/g) ?? []).length, 7 * 24);
  assert.ok(html.length < 2_000_000, `the page is ${html.length} characters`);
  assert.deepEqual(externalReferences(html), []);
});

test('podcast episodes found among the music are said to be left out, with their counts', () => {
  const html = renderReportHtml(report({ podcasts: { plays: 12, episodes: 5 } }));
  assert.match(html, /data-metric="podcast-plays">Not counted here: 12 play\(s\) of 5 podcast episode\(s\)/);
  assert.doesNotMatch(renderReportHtml(report()), /podcast-plays/, 'nothing to say without them');
});
