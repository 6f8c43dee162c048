import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@spotify-pipeline/runtime';
import { loadReportConfig } from './config.ts';
import { createReportDatabase } from './create-report-database.ts';
import { loadListeningReport } from './listening-report.ts';
import { PeriodError, periodOf } from './period.ts';
import { renderReportHtml } from './render-report.ts';

const USAGE = `usage: spotify-pipeline report --account ID [--year Y | --month YYYY-MM | --from D --to D] --out FILE

Writes one listener's listening report as one self-contained HTML file: charts as inline SVG, no
script, nothing fetched when it is opened; readable when printed. Without a period: all time.

  --account ID     the account (spotify-pipeline accounts lists them)
  --year Y         one local year, e.g. 2025
  --month YYYY-MM  one local month
  --from D --to D  local days D (YYYY-MM-DD), both included
  --out FILE       where to write the HTML (e.g. report.html)

Reads the warehouse the pipeline writes: MSSQL_URL when set, otherwise DATABASE_URL, schema
WAREHOUSE_SCHEMA. Dates are the listener's own (the account's time zone).
The same report is served live by \`npm start\` (its log prints the address) and compose (port 8080).`;

function fail(message: string, code = 2): never {
  process.stderr.write(`spotify-pipeline report: ${message}\n`);
  process.exit(code);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      account: { type: 'string' },
      year: { type: 'string' },
      month: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message} (try: spotify-pipeline report --help)`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const text = (key: string) => values[key] as string | undefined;
const account = text('account');
const out = text('out');
if (!account) fail('--account is required (try: spotify-pipeline report --help)');
if (!out) fail('--out is required, e.g. --out report.html');

let period: ReturnType<typeof periodOf>;
try {
  period = periodOf({ year: text('year'), month: text('month'), from: text('from'), to: text('to') });
} catch (error) {
  if (error instanceof PeriodError) fail(error.message);
  throw error;
}

const config = loadConfigOrExit('spotify-pipeline report', () => loadReportConfig());
const db = createReportDatabase(config);
try {
  const report = await loadListeningReport(db, account, period);
  const path = resolve(out);
  await writeFile(path, renderReportHtml(report));
  const { plays, minutesPlayed } = report.totals;
  console.log(
    `wrote ${path}: ${plays} plays, ${(minutesPlayed / 60).toFixed(1)} hours, ${period.label}, account ${account}`,
  );
  if (plays === 0) console.log(`no plays of account ${account} in ${period.label}; the report says so`);
} catch (error) {
  const where = config.MSSQL_URL ? 'SQL Server (MSSQL_URL)' : 'PostgreSQL (DATABASE_URL)';
  fail(`cannot read the warehouse on ${where}: ${(error as Error).message}`, 1);
} finally {
  await db.close();
}
