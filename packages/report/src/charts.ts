import * as echarts from 'echarts';
import type { ListeningReport, Ranked } from './listening-report.ts';

/**
 * The report's charts, drawn by Apache ECharts' server-side renderer (`ssr: true`, SVG): each
 * function builds an ECharts option and returns the chart as an SVG string to inline in the page,
 * so the page needs no script and no network. No animation: the SVG is the final frame.
 */

const FONT =
  "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans CJK JP', sans-serif";
const COLORS = ['#1db954', '#535353', '#2e77d0', '#e8115b', '#f59b23', '#8d67ab'];
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: COLORS, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Long names would squeeze the bars off the chart; the table beside it has them whole. */
function shorten(name: string, max = 24): string {
  const chars = [...name];
  return chars.length <= max ? name : `${chars.slice(0, max - 1).join('')}…`;
}

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/** Hours listened per local day, on a time axis (days without plays show as gaps). */
export function dailyChart(report: ListeningReport): string {
  return render(
    {
      grid: { left: 56, right: 16, top: 24, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'hours', nameTextStyle: { align: 'right' } },
      series: [
        {
          type: 'bar',
          name: 'hours',
          barMaxWidth: 12,
          data: report.byDay.map((d) => [d.day, hours(d.minutesPlayed)]),
        },
      ],
    },
    900,
    260,
  );
}

/** Hours listened per ISO week. */
export function weeklyChart(report: ListeningReport): string {
  return render(
    {
      grid: { left: 56, right: 16, top: 24, bottom: 48 },
      xAxis: {
        type: 'category',
        data: report.byWeek.map((w) => `${w.isoYear}-W${String(w.isoWeek).padStart(2, '0')}`),
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', name: 'hours', nameTextStyle: { align: 'right' } },
      series: [
        {
          type: 'bar',
          name: 'hours',
          barMaxWidth: 24,
          data: report.byWeek.map((w) => hours(w.minutesPlayed)),
        },
      ],
    },
    900,
    240,
  );
}

/** Plays of the top members as horizontal bars, the first at the top. */
export function topChart(items: readonly Ranked[], color: string): string {
  return render(
    {
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        data: items.map((item) => shorten(item.name)),
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          name: 'plays',
          itemStyle: { color },
          label: { show: true, position: 'right' },
          data: items.map((item) => item.plays),
        },
      ],
    },
    440,
    Math.max(80, 28 * items.length + 16),
  );
}

/** Plays by weekday (rows, Monday first) and local hour (columns), each cell labelled. */
export function heatmapChart(report: ListeningReport): string {
  const max = Math.max(1, ...report.heatmap.map((c) => c.plays));
  return render(
    {
      grid: { left: 48, right: 16, top: 8, bottom: 56 },
      xAxis: {
        type: 'category',
        data: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
        splitArea: { show: true },
      },
      yAxis: { type: 'category', inverse: true, data: [...WEEKDAYS], splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 200,
        inRange: { color: ['#e8f8ee', '#1db954', '#0b4d24'] },
      },
      series: [
        {
          type: 'heatmap',
          name: 'plays',
          label: { show: true, fontSize: 10 },
          data: report.heatmap.map((c) => [c.hour, c.weekday - 1, c.plays]),
        },
      ],
    },
    900,
    300,
  );
}

/** Per month, artists heard for the first time ever and artists heard before, stacked. */
export function artistsByMonthChart(report: ListeningReport): string {
  const months = report.artistsByMonth.map(
    (m) => `${Math.floor(m.month / 100)}-${String(m.month % 100).padStart(2, '0')}`,
  );
  return render(
    {
      grid: { left: 48, right: 16, top: 32, bottom: 40 },
      legend: { top: 0 },
      xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', name: 'artists', nameTextStyle: { align: 'right' } },
      series: [
        {
          type: 'bar',
          stack: 'artists',
          name: 'new to you',
          data: report.artistsByMonth.map((m) => m.newArtists),
        },
        {
          type: 'bar',
          stack: 'artists',
          name: 'heard before',
          data: report.artistsByMonth.map((m) => m.knownArtists),
        },
      ],
    },
    900,
    260,
  );
}
