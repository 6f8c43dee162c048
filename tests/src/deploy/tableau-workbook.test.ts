import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { tableauFiles } from '@spotify-pipeline/report/tableau';
import { migrationScripts } from './migration-scripts.ts';
import { repoPath } from './repo-paths.ts';
import { validateTableau } from './tableau-schema.ts';
import { latestViewColumns } from './view-columns.ts';

/**
 * The workbooks (tableau/spotify.twb on SQL Server, spotify-postgres.twb on the PostgreSQL of
 * `npm start`) and every data source beside spotify.tds: valid against Tableau's 2026.2 schemas,
 * generated from spotify.tds and the view field lists (so the committed files are what the writer
 * produces), and every field a sheet uses exists in its data source and in the view.
 */
const views = migrationScripts('mssql');
const expected = await tableauFiles(repoPath('tableau'));
const read = (name: string) => readFile(repoPath('tableau', name), 'utf8');
const formula = (body: string) => /formula=(['"])(.*?)\1/.exec(body)?.[2];
const attribute = (tag: string, name: string) => new RegExp(`(?:^|\\s)${name}='([^']*)'`).exec(tag)?.[1];

test('the committed Tableau files are what write-tableau-files.ts writes from spotify.tds', async () => {
  const committed = [
    ...(await readdir(repoPath('tableau'))).filter((n) => /\.(tds|twb)$/.test(n) && n !== 'spotify.tds'),
    ...(await readdir(repoPath('tableau/views'))).map((n) => `views/${n}`),
  ].sort();
  assert.deepEqual(committed, [...expected.keys()].sort(), 'files in tableau/ besides spotify.tds');
  for (const [name, text] of expected)
    assert.equal(await read(name), text, `tableau/${name} is stale: run npm run tableau -w packages/report`);
});

test('every data source and both workbooks are valid against Tableau 2026.2 schemas', async () => {
  for (const name of expected.keys()) {
    const kind = name.endsWith('.twb') ? 'twb' : 'tds';
    const result = await validateTableau(await read(name), kind, name);
    assert.deepEqual(
      result.errors.map((e) => e.rawMessage),
      [],
      `tableau/${name}`,
    );
    assert.equal(result.valid, true, `tableau/${name}`);
  }
});

test('the workbook validation is live: a sheet without a table is refused', async () => {
  const broken = (await read('spotify.twb')).replace(/<table>[\s\S]*?<\/table>/, '');
  const result = await validateTableau(broken, 'twb');
  assert.equal(result.valid, false);
  assert.match(result.rawOutput, /Expected is \( table \)/);
});

test('the PostgreSQL data sources connect to the local warehouse of npm start, with the same fields', async () => {
  const sqlServer = await read('spotify.tds');
  const postgres = await read('spotify-postgres.tds');
  const named = /<named-connection\b[^>]*>\s*<connection\b([^>]*)\/>/.exec(postgres);
  assert.ok(named, 'no named connection');
  assert.equal(attribute(named[1]!, 'class'), 'postgres');
  assert.equal(attribute(named[1]!, 'server'), '127.0.0.1');
  assert.equal(attribute(named[1]!, 'port'), '5432');
  assert.equal(attribute(named[1]!, 'dbname'), 'postgres');
  assert.match(
    postgres,
    /<relation connection='postgres\.spotify_warehouse' name='v_plays' table='\[spotify\]\.\[v_plays\]'/,
  );
  const fields = (xml: string) => xml.slice(xml.indexOf('</connection>'));
  assert.equal(fields(postgres), fields(sqlServer), 'the fields after the connection are the same');
  assert.match(await read('spotify-postgres.twb'), /class='postgres'/);
  assert.doesNotMatch(await read('spotify-postgres.twb'), /class='sqlserver'/);
});

test("each aggregate view's data sources have a field for every column of the view, and no other", async () => {
  for (const name of [...expected.keys()].filter((n) => n.startsWith('views/'))) {
    const view = /^views\/(v_\w+?)(-postgres)?\.tds$/.exec(name)![1]!;
    const xml = await read(name);
    assert.match(xml, new RegExp(`table='\\[spotify\\]\\.\\[${view}\\]'`), `${name} reads ${view}`);
    const columns = [...xml.matchAll(/<column caption='[^']*' datatype='[^']*' name='\[(\w+)\]'/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(columns, latestViewColumns(views, view), `${name}: fields and the view's columns`);
  }
});

/** `<column>` tags (attributes and body) of one `<datasource name=...>` element of a workbook. */
function datasourceFields(twb: string, name: string): Map<string, { tag: string; body: string }> {
  const start = twb.indexOf(`<datasource name='${name}'`);
  assert.ok(start >= 0, `the workbook has no data source ${name}`);
  const element = twb.slice(start, twb.indexOf('</datasource>', start));
  const outside = element.replace(/<connection class='federated'>[\s\S]*<\/connection>/, '');
  return new Map(
    [...outside.matchAll(/<column\s([^>]*?)(?:\/>|>([\s\S]*?)<\/column>)/g)].map((m) => [
      /name='\[([^\]]+)\]'/.exec(m[1]!)![1]!,
      { tag: m[1]!, body: m[2] ?? '' },
    ]),
  );
}

test('the workbook has three dashboards whose sheets use only fields of their data sources', async () => {
  for (const file of ['spotify.twb', 'spotify-postgres.twb']) {
    const twb = await read(file);
    const dashboards = [...twb.matchAll(/<dashboard name='([^']+)'>([\s\S]*?)<\/dashboard>/g)];
    assert.deepEqual(
      dashboards.map((d) => d[1]),
      ['Top artists by month', 'When I listen', 'Listening timeline'],
    );
    const sheets = new Map(
      [...twb.matchAll(/<worksheet name='([^']+)'>([\s\S]*?)<\/worksheet>/g)].map((m) => [m[1]!, m[2]!]),
    );
    for (const [, name, body] of dashboards) {
      const zones = [...body!.matchAll(/<zone\b[^>]*\bname='([^']+)'/g)].map((m) => m[1]!);
      assert.ok(
        zones.length > 0 && zones.every((z) => sheets.has(z)),
        `${file}: dashboard ${name} shows its sheets`,
      );
    }
    for (const [sheet, body] of sheets) {
      const dependencies =
        /<datasource-dependencies datasource='([^']+)'>([\s\S]*?)<\/datasource-dependencies>/.exec(body);
      assert.ok(dependencies, `${file}: sheet ${sheet} declares the fields it uses`);
      const [, source, used] = dependencies;
      const available = datasourceFields(twb, source!);
      const view = /<relation\b[^>]*table='\[spotify\]\.\[(\w+)\]'/.exec(
        twb.slice(twb.indexOf(`<datasource name='${source}'`)),
      )![1]!;
      const inView = new Set(latestViewColumns(views, view));
      for (const [, tag, calc] of used!.matchAll(/<column\s([^>]*?)(?:\/>|>([\s\S]*?)<\/column>)/g)) {
        const field = /name='\[([^\]]+)\]'/.exec(tag!)![1]!;
        const declared = available.get(field);
        assert.ok(declared, `${file}: sheet ${sheet} uses [${field}], which ${source} lacks`);
        assert.equal(
          attribute(tag!, 'datatype'),
          attribute(declared.tag, 'datatype'),
          `${sheet}: [${field}] type`,
        );
        if (calc)
          assert.equal(
            formula(calc),
            formula(declared.body),
            `${sheet}: [${field}] has the data source's formula`,
          );
        else assert.ok(inView.has(field), `${file}: sheet ${sheet} uses [${field}], not a column of ${view}`);
      }
      for (const [, instance] of body.matchAll(/\[[^\]]+\]\.\[(\w+:\w+:\w+)\]/g)) {
        const [, field] = instance!.split(':');
        assert.ok(
          used!.includes(`name='[${field}]'`),
          `${file}: ${sheet} shelves [${instance}] without its field`,
        );
      }
    }
  }
});
