import { formatTable as formatRows } from '@spotify-pipeline/runtime';
import { type BenchReport, COPY_ID, type Measurement, rate, ratio, SINK_FIRST_LOAD_ID } from './results.ts';

/** Figures measured earlier on this kind of machine (2 cores), for reading this run's against. */
export const REFERENCE_FIGURES = [
  'COPY ~200k rows/s',
  '1,000-row INSERT ON CONFLICT 57-68k rows/s',
  'row-by-row INSERT ~3.5k rows/s',
  'Debezium JDBC sink 23-40k rows/s end to end',
];

/** The sink must reach this share of COPY's rate end to end. */
export const SINK_TARGET_SHARE_OF_COPY = 1 / 3;

const HEADERS = [
  'name',
  'rows',
  'seconds',
  'rows/s',
  'peak RSS MB',
  'vs COPY',
  'vs pass-through',
  'vs parse',
] as const;

export function formatReport(report: BenchReport): string {
  const table = formatTable(report.measurements);
  const lines = [table, ''];
  if (Object.keys(report.sinkEnv).length > 0)
    lines.push(`sink settings overridden: ${JSON.stringify(report.sinkEnv)}`);
  lines.push(...verdict(report.measurements));
  if (Object.keys(report.profile).length > 0) {
    lines.push('', 'profile (where the time goes):');
    for (const [k, v] of Object.entries(report.profile)) lines.push(`  ${k}: ${v}`);
  }
  for (const section of report.sections ?? []) lines.push('', `${section.title}:`, ...section.lines);
  lines.push('', 'checks:');
  for (const c of report.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  for (const note of report.notes) lines.push('', note);
  const { cpus, loadAverageAtStart, loadAverageAtEnd } = report.environment;
  if (loadAverageAtStart !== undefined)
    lines.push(
      '',
      `machine: ${cpus} cpus; load average (1, 5, 15 min) ${loadAverageAtStart} at the start, ${loadAverageAtEnd} at the end`,
    );
  lines.push('', `reference (earlier, same machine kind): ${REFERENCE_FIGURES.join('; ')}`);
  return lines.join('\n');
}

export function formatTable(measurements: readonly Measurement[]): string {
  const rows = measurements.map((m) => {
    const r = ratio(m, measurements);
    return [
      m.note ? `${m.name} (${m.note})` : m.name,
      m.rows.toLocaleString('en-US'),
      m.seconds.toFixed(2),
      Math.round(rate(m)).toLocaleString('en-US'),
      m.peakRssBytes === undefined ? '' : (m.peakRssBytes / 1_048_576).toFixed(0),
      ...(['copy', 'pass-through', 'parse'] as const).map((b) =>
        m.compareWith === b && r !== undefined ? `${r.toFixed(2)}x` : '',
      ),
    ];
  });
  return formatRows(
    HEADERS,
    rows,
    HEADERS.map((_, i) => (i === 0 ? 'left' : 'right')),
  );
}

function verdict(measurements: readonly Measurement[]): string[] {
  const sink = measurements.find((m) => m.id === SINK_FIRST_LOAD_ID);
  const copy = measurements.find((m) => m.id === COPY_ID);
  if (sink === undefined || copy === undefined) return [];
  const share = rate(sink) / rate(copy);
  const met = share >= SINK_TARGET_SHARE_OF_COPY;
  return [
    `sink end to end (first load) is ${share.toFixed(2)} of COPY: target >= ${SINK_TARGET_SHARE_OF_COPY.toFixed(2)} ${met ? 'MET' : 'NOT MET'}`,
  ];
}
