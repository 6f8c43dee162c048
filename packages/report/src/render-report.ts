import { artistsByMonthChart, dailyChart, heatmapChart, topChart, WEEKDAYS, weeklyChart } from './charts.ts';
import { escapeHtml, hoursOf, integer, name, percent } from './html.ts';
import type { ListeningReport, Ranked } from './listening-report.ts';
import { STYLES } from './styles.ts';

export interface RenderOptions {
  /** Links to other periods and accounts (the live page); the file written by the CLI has none. */
  readonly nav?: string;
}

const card = (metric: string, value: string, label: string) =>
  `<div class="card" data-metric="${metric}"><span class="value">${value}</span><span class="label">${label}</span></div>`;

function topFive(title: string, metric: string, items: readonly Ranked[]): string {
  const rows = items
    .slice(0, 5)
    .map(
      (item) =>
        `<li data-rank="${item.rank}">${name(item.name)}${item.artist ? ` · ${name(item.artist)}` : ''} <span class="note">(<span class="plays">${integer(item.plays)}</span> plays)</span></li>`,
    )
    .join('');
  return `<div data-top5="${metric}"><h3>${title}</h3><ol class="top5">${rows}</ol></div>`;
}

function inReview(r: ListeningReport): string {
  const t = r.totals;
  const busiest = r.busiestDay
    ? card('busiest-day', escapeHtml(r.busiestDay.day), `busiest day · ${integer(r.busiestDay.plays)} plays`)
    : '';
  const first = r.firstPlay
    ? `<p data-metric="first-play">First play: ${escapeHtml(r.firstPlay.day)} ${escapeHtml(r.firstPlay.time)}, ${name(r.firstPlay.track)} by ${name(r.firstPlay.artist)}</p>`
    : '';
  const title = r.period.kind === 'year' ? `${escapeHtml(r.period.label)} in review` : 'In review';
  return `<section id="review"><h2>${title}</h2>
<div class="cards">
${card('plays', integer(t.plays), 'plays')}
${card('hours', hoursOf(t.minutesPlayed), 'hours listened')}
${card('days', integer(t.daysListened), 'days with music')}
${card('artists', integer(t.artists), 'artists')}
${card('tracks', integer(t.tracks), 'tracks')}
${card('albums', integer(t.albums), 'albums')}
${busiest}
</div>
${first}
<div class="two">${topFive('Top 5 artists', 'artists', r.topArtists)}${topFive('Top 5 tracks', 'tracks', r.topTracks)}</div>
</section>`;
}

function rankedTable(kind: string, items: readonly Ranked[], withArtist: boolean): string {
  const head = `<tr><th class="n">#</th><th>${kind}</th>${withArtist ? '<th>Artist</th>' : ''}<th class="n">Plays</th><th class="n">Hours</th></tr>`;
  const rows = items
    .map(
      (i) =>
        `<tr data-rank="${i.rank}"><td class="n">${i.rank}</td><td>${name(i.name)}</td>${withArtist ? `<td>${name(i.artist)}</td>` : ''}<td class="n plays">${integer(i.plays)}</td><td class="n">${hoursOf(i.minutesPlayed)}</td></tr>`,
    )
    .join('');
  return `<table data-table="top-${kind.toLowerCase()}s"><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

function topSection(
  title: string,
  kind: string,
  items: readonly Ranked[],
  color: string,
  withArtist: boolean,
) {
  return `<section id="top-${kind.toLowerCase()}s"><h2>${title}</h2><div class="two"><figure>${topChart(items, color)}</figure>${rankedTable(kind, items, withArtist)}</div></section>`;
}

function heatmapTable(r: ListeningReport): string {
  const cells = new Map(r.heatmap.map((c) => [`${c.weekday}:${c.hour}`, c.plays]));
  const head = `<tr><th></th>${Array.from({ length: 24 }, (_, h) => `<th class="n">${h}</th>`).join('')}</tr>`;
  const rows = WEEKDAYS.map(
    (day, i) =>
      `<tr><th>${day}</th>${Array.from({ length: 24 }, (_, h) => {
        const plays = cells.get(`${i + 1}:${h}`) ?? 0;
        return `<td class="n" data-weekday="${i + 1}" data-hour="${h}">${plays}</td>`;
      }).join('')}</tr>`,
  ).join('');
  return `<details><summary>The numbers behind the heatmap</summary><table data-table="heatmap"><thead>${head}</thead><tbody>${rows}</tbody></table></details>`;
}

function habits(r: ListeningReport): string {
  const t = r.totals;
  const skips =
    t.skipKnown === 0
      ? 'Skips: not known (only a Spotify data export says whether a play was skipped).'
      : `Skip rate: <b data-metric="skip-rate">${percent(t.skipped, t.skipKnown)}</b> (${integer(t.skipped)} of ${integer(t.skipKnown)} plays whose export said).`;
  const done =
    t.endKnown === 0
      ? 'Completion: not known (only a Spotify data export says why a track ended).'
      : `Completion: <b data-metric="completion">${percent(t.completed, t.endKnown)}</b> of ${integer(t.endKnown)} plays ended because the track was done.`;
  const sessions = r.longestSessions
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.localStart)}</td><td class="n">${integer(s.plays)}</td><td class="n">${hoursOf(s.minutesPlayed)}</td><td class="n">${hoursOf(s.spanMinutes)}</td></tr>`,
    )
    .join('');
  return `<section id="habits"><h2>Skips, completion and sessions</h2>
<p>${skips}</p><p>${done}</p>
<h3>Longest sessions</h3>
<p class="note">A session is a run of plays with no gap longer than 30 minutes.</p>
<table data-table="sessions"><thead><tr><th>Started (local time)</th><th class="n">Plays</th><th class="n">Hours played</th><th class="n">Hours start to last play</th></tr></thead><tbody>${sessions}</tbody></table>
</section>`;
}

/** The whole report as one HTML document: inline CSS and SVG, no script, no external resource. */
export function renderReportHtml(r: ListeningReport, options: RenderOptions = {}): string {
  const who = r.account.name ?? r.account.id;
  const title = `${who} · ${r.period.label} · listening report`;
  const zone = r.account.timeZone ? ` Times are local to ${escapeHtml(r.account.timeZone)}.` : '';
  const body =
    r.totals.plays === 0
      ? `<p class="empty" data-metric="plays">No plays in ${escapeHtml(r.period.label)}.</p>`
      : `${inReview(r)}
<section id="time"><h2>Listening time</h2>
<h3>Per day</h3><figure>${dailyChart(r)}</figure>
<h3>Per week</h3><figure>${weeklyChart(r)}</figure></section>
${topSection('Top artists', 'Artist', r.topArtists, '#1db954', false)}
${topSection('Top tracks', 'Track', r.topTracks, '#2e77d0', true)}
${topSection('Top albums', 'Album', r.topAlbums, '#8d67ab', true)}
<section id="when"><h2>When you listen</h2><p class="note">Plays by weekday and hour of the day.</p>
<figure>${heatmapChart(r)}</figure>${heatmapTable(r)}</section>
<section id="discovery"><h2>New and familiar artists</h2>
<p class="note">Per month: artists played for the first time ever, and artists played before.</p>
<figure>${artistsByMonthChart(r)}</figure></section>
${habits(r)}
<p class="note">Hours count the time Spotify reported in a data export, otherwise the track's length (${integer(r.totals.estimated)} of ${integer(r.totals.plays)} plays).</p>`;
  const podcasts =
    r.podcasts.plays === 0
      ? ''
      : `\n<p class="note" data-metric="podcast-plays">Not counted here: ${integer(r.podcasts.plays)} play(s) of ${integer(r.podcasts.episodes)} podcast episode(s) that your data export listed among the music (exports before 2023 did); the enrichment found them by name.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${STYLES}</style>
</head>
<body>
<header><h1>${name(who)}</h1>
<p class="sub">Listening report · <span data-metric="period">${escapeHtml(r.period.label)}</span> · account ${name(r.account.id)}.${zone}</p>
${options.nav ?? ''}</header>
<main>
${body}${podcasts}
</main>
<footer><p class="note">Made by spotify-pipeline from the warehouse views on ${escapeHtml(r.generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC.</p></footer>
</body>
</html>
`;
}
