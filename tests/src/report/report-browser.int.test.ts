import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createReportDatabase, type ReportDatabase, startReportServer } from '@spotify-pipeline/report';
import { createLogger, parseEnv, warehouseEnv } from '@spotify-pipeline/runtime';
import { ARTIFACTS_DIR, envWith } from '@spotify-pipeline/test-support';
import { PostgresWarehouse } from '@spotify-pipeline/warehouse';
import pg from 'pg';
import type { Browser, Page } from 'puppeteer-core';
import { REPO_ROOT } from '../support/repo.ts';
import { uniqueName } from '../support/unique.ts';
import { inkOf, launchChromium } from './headless-chromium.ts';
import { expectedNumbers } from './independent-queries.ts';
import { KNOWN_ACCOUNT, knownListening } from './known-listening.ts';
import { type ExpectedNumbers, pageMismatches } from './page-numbers.ts';

/**
 * The listening report in a real browser (Debian's headless Chromium through puppeteer-core): a
 * schema of its own is filled through the warehouse's write path with a known listener, the
 * operator's `report` command writes the HTML file, and the page's numbers (total, top 5 artists
 * and tracks, the busiest heatmap cell) must equal an independent SQL query on the tables. The live
 * page (`/` and `/report`) must show the same. A full-page screenshot is kept as an artefact
 * (ARTIFACTS_DIR, default .cache/artifacts) and must not be blank; no console error, no request
 * leaving the file.
 */
const env = parseEnv(warehouseEnv);
const schema = uniqueName('report');
const artifacts = resolve(REPO_ROOT, ARTIFACTS_DIR, 'report-browser');
const YEAR = 2025;

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let client: pg.Client;
let db: ReportDatabase;
let expected: ExpectedNumbers;
let work: string;

before(async () => {
  const warehouse = new PostgresWarehouse({
    connectionString: env.DATABASE_URL,
    schema,
    listenMatchToleranceMs: env.LISTEN_MATCH_TOLERANCE_MS,
  });
  try {
    await warehouse.migrate();
    const report = await warehouse.writeBatch(knownListening());
    assert.equal(report.plays.inserted, 320, 'the known listener is loaded whole');
  } finally {
    await warehouse.close();
  }
  client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  expected = await expectedNumbers(client, schema, KNOWN_ACCOUNT, YEAR);
  db = createReportDatabase({ ...env, MSSQL_URL: undefined, WAREHOUSE_SCHEMA: schema });
  work = await mkdtemp(join(tmpdir(), 'report-browser-'));
  await mkdir(artifacts, { recursive: true });
  chromium = await launchChromium();
  browser = chromium.browser;
});

after(async () => {
  await chromium?.close();
  await db?.close();
  await client?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await client?.end();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A page that records console errors, uncaught exceptions and every request it makes. */
async function watchedPage(): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  page.on('request', (request) => requests.push(request.url()));
  return { page, errors, requests };
}

async function writeReportFile(args: string[]): Promise<{ path: string; stdout: string }> {
  const path = join(work, `report-${args.join('-').replaceAll(/\W+/g, '_')}.html`);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(REPO_ROOT, 'packages/report/src/cli.ts'), '--account', KNOWN_ACCOUNT, ...args, '--out', path],
    { env: envWith({ DATABASE_URL: env.DATABASE_URL, WAREHOUSE_SCHEMA: schema }), timeout: 120_000 },
  );
  return { path, stdout };
}

test('the report file shows the numbers an independent SQL query computes', {
  timeout: 300_000,
}, async () => {
  const { path, stdout } = await writeReportFile(['--year', String(YEAR)]);
  const { page, errors, requests } = await watchedPage();
  try {
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load', timeout: 120_000 });
    assert.deepEqual(await pageMismatches(page, expected), []);
    assert.match(stdout, new RegExp(`: ${expected.plays} plays,`), 'the command reports the same total');
    assert.ok(
      (await page.$$('main svg')).length >= 6,
      'the charts (per day, per week, top 3, heatmap, artists by month) are inline SVG',
    );
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(
      requests.filter((url) => url !== pathToFileURL(path).href && !url.startsWith('data:')),
      [],
      'the report file loads nothing else: it is self-contained',
    );

    const png = await page.screenshot({ fullPage: true, type: 'png' });
    await writeFile(join(artifacts, `report-${YEAR}.png`), png);
    const ink = await inkOf(browser, png);
    assert.ok(ink.width >= 1000 && ink.height >= 900, `screenshot is ${ink.width}x${ink.height}`);
    assert.ok(ink.ink > 0.03, `the screenshot is nearly blank: ${(ink.ink * 100).toFixed(2)}% drawn`);
    assert.ok(ink.colours > 20, `the screenshot has only ${ink.colours} colours`);
  } finally {
    await page.close();
  }
});

test('a wrong number on the page is caught (the comparison can fail)', { timeout: 300_000 }, async () => {
  const { path } = await writeReportFile(['--year', String(YEAR)]);
  const { page } = await watchedPage();
  try {
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load', timeout: 120_000 });
    assert.deepEqual(await pageMismatches(page, expected), []);
    await page.$eval('[data-metric="plays"] .value', (el) => {
      el.textContent = String(Number(el.textContent?.replaceAll(',', '')) + 1);
    });
    const problems = await pageMismatches(page, expected);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^total plays: page shows 301, SQL says 300$/);
    assert.deepEqual(await pageMismatches(page, { ...expected, plays: expected.plays + 1 }), []);
  } finally {
    await page.close();
  }
});

test('the live page lists the account and serves the same report', { timeout: 300_000 }, async () => {
  const server = await startReportServer({
    db,
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('report', 'warn'),
  });
  const { page, errors } = await watchedPage();
  try {
    await page.goto(`${server.url}/`, { waitUntil: 'load', timeout: 120_000 });
    const year = await page.$(`li[data-account="${KNOWN_ACCOUNT}"] a[href$="year=${YEAR}"]`);
    assert.ok(year, `the account list links ${KNOWN_ACCOUNT}'s ${YEAR}`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 120_000 }), year.click()]);
    assert.deepEqual(await pageMismatches(page, expected), []);
    assert.equal(await page.$eval('nav a[aria-current]', (a) => a.textContent), String(YEAR));
    assert.deepEqual(errors, [], 'console errors');
    await writeFile(join(artifacts, `live-${YEAR}.png`), await page.screenshot({ fullPage: false }));
  } finally {
    await page.close();
    await server.close();
  }
});

test('an empty period renders a page that says so', { timeout: 300_000 }, async () => {
  const { path } = await writeReportFile(['--year', '2031']);
  const html = await readFile(path, 'utf8');
  assert.match(html, /No plays in 2031\./);
  const { page, errors } = await watchedPage();
  try {
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load', timeout: 120_000 });
    assert.equal(await page.$eval('[data-metric="plays"]', (el) => el.textContent), 'No plays in 2031.');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
