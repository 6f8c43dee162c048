import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { migrationScripts } from './migration-scripts.ts';
import { repoPath } from './repo-paths.ts';
import { validateTableau } from './tableau-schema.ts';
import { latestViewColumns } from './view-columns.ts';

const validateTds = (xml: string) => validateTableau(xml, 'tds', 'spotify.tds');

const tds = await readFile(repoPath('tableau/spotify.tds'), 'utf8');

function attribute(tag: string, name: string): string | undefined {
  return (
    new RegExp(`\\s${name}='([^']*)'`).exec(tag)?.[1] ?? new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]
  );
}

/** The <column> elements that are direct children of <datasource> (outside <connection>). */
function datasourceColumns(xml: string): { name: string; tag: string; body: string }[] {
  const outside = xml.replace(/<connection class='federated'>[\s\S]*<\/connection>/, '');
  return [...outside.matchAll(/<column\b([^>]*?)(?:\/>|>([\s\S]*?)<\/column>)/g)].map((m) => ({
    name: /^\[(.*)\]$/.exec(attribute(m[1]!, 'name') ?? '')?.[1] ?? '',
    tag: m[1]!,
    body: m[2] ?? '',
  }));
}

test('spotify.tds is valid against Tableau 2026.2 data source schema', async () => {
  const result = await validateTds(tds);
  assert.deepEqual(
    result.errors.map((e) => e.rawMessage),
    [],
    'spotify.tds does not validate against tds_2026.2.xsd',
  );
  assert.equal(result.valid, true);
});

test('the schema validation rejects a broken data source (the check is live)', async () => {
  const withoutVersion = tds.replace(/ version='18\.1'/, '');
  assert.notEqual(withoutVersion, tds);
  const result = await validateTds(withoutVersion);
  assert.equal(result.valid, false);
  assert.match(result.rawOutput, /version/);

  const badRole = tds.replace("role='measure'", "role='metric'");
  assert.equal((await validateTds(badRole)).valid, false);
});

test('spotify.tds is a live SQL Server connection to spotify.v_plays', () => {
  assert.match(tds, /<connection class='federated'>/);
  const named = /<named-connection\b[^>]*>\s*<connection\b([^>]*)\/>/.exec(tds);
  assert.ok(named, 'no named connection');
  assert.equal(attribute(named[1]!, 'class'), 'sqlserver');
  for (const required of ['server', 'dbname', 'authentication']) {
    assert.ok(attribute(named[1]!, required), `the sqlserver connection lacks ${required}`);
  }
  const relation = /<relation\b([^>]*)\/>/.exec(tds);
  assert.ok(relation, 'no relation');
  assert.equal(attribute(relation[1]!, 'table'), '[spotify].[v_plays]');
  assert.equal(attribute(relation[1]!, 'type'), 'table');
  assert.doesNotMatch(tds, /<extract\b/, 'a live connection has no extract');
});

test('every field of spotify.tds is a column of v_plays, and every column of v_plays is a field', () => {
  const inView = new Set(latestViewColumns(migrationScripts('mssql'), 'v_plays'));
  const columns = datasourceColumns(tds);
  const physical = columns.filter((c) => !c.body.includes('<calculation'));
  const missing = physical.map((c) => c.name).filter((name) => !inView.has(name));
  assert.deepEqual(
    missing,
    [],
    'fields of spotify.tds that v_plays (its latest definition in sql/mssql) does not have',
  );
  const described = new Set(physical.map((c) => c.name));
  assert.deepEqual(
    [...inView].filter((name) => !described.has(name)),
    [],
    'columns of v_plays without a field (caption, role, type) in spotify.tds',
  );

  const remote = [...tds.matchAll(/<remote-name>([^<]*)<\/remote-name>/g)].map((m) => m[1]!);
  assert.deepEqual(
    remote.filter((name) => !inView.has(name)),
    [],
    'metadata records naming no column of v_plays',
  );
  assert.deepEqual(new Set(remote), inView, 'metadata records and v_plays differ');

  for (const calc of columns.filter((c) => c.body.includes('<calculation'))) {
    const formula = attribute(/<calculation\b([^>]*)\/>/.exec(calc.body)?.[1] ?? '', 'formula') ?? '';
    for (const [, ref] of formula.matchAll(/\[([^\]]+)\]/g)) {
      assert.ok(inView.has(ref!), `calculated field ${calc.name} refers to [${ref}], which v_plays lacks`);
    }
  }
});

test('every field has a caption, and measures are numbers', () => {
  for (const column of datasourceColumns(tds)) {
    assert.ok(attribute(column.tag, 'caption'), `${column.name} has no caption`);
    if (attribute(column.tag, 'role') === 'measure') {
      assert.match(
        attribute(column.tag, 'datatype') ?? '',
        /^(integer|real)$/,
        `measure ${column.name} is not numeric`,
      );
    }
  }
  const roles = new Map(datasourceColumns(tds).map((c) => [c.name, attribute(c.tag, 'role')]));
  assert.equal(roles.get('minutes_played'), 'measure');
  assert.equal(roles.get('artist_name'), 'dimension');
  assert.equal(roles.get('local_hour'), 'dimension');
});
