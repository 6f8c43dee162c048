/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The functions given to page.evaluate run in the browser, on its DOM.
import type { Page } from 'puppeteer-core';

/** What the report page must show, as an independent SQL query on the tables computed it. */
export interface ExpectedNumbers {
  plays: number;
  topArtists: { name: string; plays: number }[];
  topTracks: { name: string; plays: number }[];
  heatmapCell: { weekday: number; hour: number; plays: number };
}

const number = (text: string | null | undefined) => Number((text ?? '').replaceAll(',', '').trim());

/** The numbers the page shows (as a reader sees the text), next to the expected ones: mismatches. */
export async function pageMismatches(page: Page, expected: ExpectedNumbers): Promise<string[]> {
  const shown = await page.evaluate(() => {
    const text = (el: Element | null) => el?.textContent ?? null;
    const top = (metric: string) =>
      [...document.querySelectorAll(`[data-top5="${metric}"] li`)].map((li) => ({
        name: text(li.querySelector('bdi')),
        plays: text(li.querySelector('.plays')),
      }));
    return {
      plays: text(document.querySelector('[data-metric="plays"] .value')),
      topArtists: top('artists'),
      topTracks: top('tracks'),
      cells: [...document.querySelectorAll('[data-table="heatmap"] td')].map((td) => ({
        weekday: td.getAttribute('data-weekday'),
        hour: td.getAttribute('data-hour'),
        plays: text(td),
      })),
    };
  });
  const problems: string[] = [];
  if (number(shown.plays) !== expected.plays)
    problems.push(`total plays: page shows ${shown.plays}, SQL says ${expected.plays}`);
  for (const [label, list, want] of [
    ['top artists', shown.topArtists, expected.topArtists],
    ['top tracks', shown.topTracks, expected.topTracks],
  ] as const) {
    const got = list.map((i) => ({ name: i.name ?? '', plays: number(i.plays) }));
    if (JSON.stringify(got) !== JSON.stringify(want))
      problems.push(`${label}: page shows ${JSON.stringify(got)}, SQL says ${JSON.stringify(want)}`);
  }
  const { weekday, hour, plays } = expected.heatmapCell;
  const cell = shown.cells.find((c) => c.weekday === String(weekday) && c.hour === String(hour));
  if (number(cell?.plays) !== plays)
    problems.push(`heatmap weekday ${weekday} hour ${hour}: page shows ${cell?.plays}, SQL says ${plays}`);
  return problems;
}
