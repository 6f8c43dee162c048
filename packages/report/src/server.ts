import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createMetricsRegistry,
  type Logger,
  type OpsServer,
  type RouteHandler,
  startOpsServer,
} from '@spotify-pipeline/runtime';
import { Histogram } from 'prom-client';
import { escapeHtml, integer, name } from './html.ts';
import {
  type AccountYears,
  loadAccounts,
  loadAccountYears,
  loadListeningReport,
} from './listening-report.ts';
import { type Period, PeriodError, periodOf } from './period.ts';
import { renderReportHtml } from './render-report.ts';
import type { ReportDatabase } from './report-database.ts';
import { STYLES } from './styles.ts';

export interface ReportServer {
  readonly url: string;
  close(): Promise<void>;
}

const reportLink = (account: string, query = '') => `/report?account=${encodeURIComponent(account)}${query}`;

function accountsPage(accounts: readonly AccountYears[]): string {
  const items = accounts
    .map(
      (a) =>
        `<li data-account="${escapeHtml(a.id)}"><a href="${escapeHtml(reportLink(a.id))}">${name(a.name ?? a.id)}</a> <span class="note">(${integer(a.plays)} plays)</span> ${a.years
          .map((y) => `<a href="${escapeHtml(reportLink(a.id, `&year=${y.year}`))}">${y.year}</a>`)
          .join(' ')}</li>`,
    )
    .join('');
  const body = accounts.length
    ? `<ul>${items}</ul>`
    : '<p class="empty">The warehouse holds no plays yet. Link an account, or wait for the first poll.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Listening reports</title><link rel="icon" href="data:,"><style>${STYLES}</style></head><body><h1>Listening reports</h1><p class="sub">One report per listener: all time, or a year.</p>${body}</body></html>`;
}

function periodNav(account: AccountYears | undefined, id: string, period: Period): string {
  const links = [{ label: 'All time', query: '', current: period.kind === 'all' }].concat(
    (account?.years ?? []).map((y) => ({
      label: String(y.year),
      query: `&year=${y.year}`,
      current: period.kind === 'year' && period.label === String(y.year),
    })),
  );
  return `<nav><a href="/">All listeners</a>${links
    .map(
      (l) =>
        `<a href="${escapeHtml(reportLink(id, l.query))}"${l.current ? ' aria-current="page"' : ''}>${escapeHtml(l.label)}</a>`,
    )
    .join('')}</nav>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * The live report: `/` lists every account in the warehouse with links to its years, `/report`
 * renders one (`?account=ID` and optionally `year`, `month`, or `from` with `to`), beside the
 * usual /healthz, /readyz (the warehouse answers) and /metrics.
 */
export async function startReportServer(options: {
  db: ReportDatabase;
  host: string;
  port: number;
  logger: Logger;
}): Promise<ReportServer> {
  const { db, logger } = options;
  const registry = createMetricsRegistry('report');
  const seconds = new Histogram({
    name: 'report_page_seconds',
    help: 'Time to query the warehouse and render a page',
    labelNames: ['page'],
    registers: [registry],
  });

  const index = async (_req: IncomingMessage, res: ServerResponse) => {
    const end = seconds.startTimer({ page: 'accounts' });
    send(res, 200, accountsPage(await loadAccounts(db)));
    end();
  };

  const report = async (_req: IncomingMessage, res: ServerResponse, url: URL) => {
    const end = seconds.startTimer({ page: 'report' });
    const account = url.searchParams.get('account');
    if (!account) return send(res, 400, '<p>Which account? <a href="/">Pick one</a>.</p>');
    const param = (key: string) => url.searchParams.get(key) ?? undefined;
    let period: Period;
    try {
      period = periodOf({ year: param('year'), month: param('month'), from: param('from'), to: param('to') });
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      return send(res, 400, `<p>${escapeHtml(error.message.replaceAll('--', ''))}</p>`);
    }
    const [data, years] = await Promise.all([
      loadListeningReport(db, account, period),
      loadAccountYears(db, account),
    ]);
    const nav = periodNav(years, account, period);
    send(res, 200, renderReportHtml(data, { nav }));
    const elapsed = end();
    logger.debug(
      { account, period: period.label, plays: data.totals.plays, seconds: elapsed },
      'report served',
    );
  };

  /** A warehouse that cannot answer (down, not migrated yet) is a page that says so, not a stack. */
  const page =
    (handler: RouteHandler): RouteHandler =>
    async (req, res, url) => {
      try {
        await handler(req, res, url);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn({ err: error, path: url.pathname }, 'report page failed: the warehouse did not answer');
        send(
          res,
          503,
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Warehouse not readable</title><link rel="icon" href="data:,"></head><body><p>The warehouse cannot be read: ${escapeHtml(message)}. Is it running and migrated (<code>spotify-pipeline migrate</code>)?</p></body></html>`,
        );
      }
    };

  const server: OpsServer = await startOpsServer({
    host: options.host,
    port: options.port,
    registry,
    readiness: {
      warehouse: async () => {
        await db.ping();
        return true;
      },
    },
    routes: { '/': page(index), '/report': page(report) },
  });
  return { url: server.url, close: () => server.close() };
}
