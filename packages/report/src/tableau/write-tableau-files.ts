import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CONNECTIONS, type TableauDialect } from './connections.ts';
import { aggregateTds, withConnection } from './datasources.ts';
import { AGGREGATE_VIEWS } from './view-fields.ts';
import { spotifyWorkbook } from './workbook.ts';

/**
 * Writes every Tableau file derived from tableau/spotify.tds (the hand-written SQL Server data
 * source on v_plays): its PostgreSQL twin, a data source per aggregate view on each warehouse, and
 * the workbook on each. tests/src/deploy/tableau-workbook.test.ts fails when a committed file
 * differs from what this writes: run `npm run tableau -w packages/report` after a change.
 */
export const TABLEAU_DIR = resolve(import.meta.dirname, '../../../../tableau');

const suffix = (dialect: TableauDialect) => (dialect === 'sqlserver' ? '' : `-${dialect}`);

export async function tableauFiles(dir = TABLEAU_DIR): Promise<Map<string, string>> {
  const plays = await readFile(resolve(dir, 'spotify.tds'), 'utf8');
  const files = new Map<string, string>();
  files.set(
    'spotify-postgres.tds',
    withConnection(plays, CONNECTIONS.postgres).replace(
      'a live connection to the warehouse view spotify.v_plays on SQL Server.',
      'a live connection to the warehouse view spotify.v_plays on PostgreSQL (`npm start`).\n     Derived from spotify.tds by packages/report/src/tableau/write-tableau-files.ts.',
    ),
  );
  for (const dialect of ['sqlserver', 'postgres'] as const) {
    for (const view of AGGREGATE_VIEWS)
      files.set(`views/${view.view}${suffix(dialect)}.tds`, aggregateTds(view, dialect));
    files.set(`spotify${suffix(dialect)}.twb`, spotifyWorkbook(plays, dialect));
  }
  return files;
}

if (import.meta.main) {
  await mkdir(resolve(TABLEAU_DIR, 'views'), { recursive: true });
  for (const [name, text] of await tableauFiles()) {
    await writeFile(resolve(TABLEAU_DIR, name), text);
    console.log(`wrote tableau/${name}`);
  }
}
