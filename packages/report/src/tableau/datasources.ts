import { CONNECTIONS, type TableauConnection, type TableauDialect } from './connections.ts';
import type { AggregateView, FieldSpec } from './view-fields.ts';
import { xml } from './xml.ts';

const AGGREGATION: Record<FieldSpec['datatype'], string> = {
  string: 'Count',
  integer: 'Sum',
  real: 'Sum',
  date: 'Year',
  datetime: 'Year',
  boolean: 'Count',
};

/** The data source's name inside a workbook, e.g. `federated.spotify_top_artists_by_month`. */
export const datasourceName = (view: string) => `federated.spotify_${view.replace(/^v_/, '')}`;

function metadataRecord(field: FieldSpec, view: string, ordinal: number): string {
  return `      <metadata-record class='column'>
        <remote-name>${field.name}</remote-name>
        <remote-type>${field.remoteType}</remote-type>
        <local-name>[${field.name}]</local-name>
        <parent-name>[${view}]</parent-name>
        <remote-alias>${field.name}</remote-alias>
        <ordinal>${ordinal}</ordinal>
        <local-type>${field.datatype}</local-type>
        <aggregation>${AGGREGATION[field.datatype]}</aggregation>
        <contains-null>true</contains-null>
      </metadata-record>`;
}

function column(field: FieldSpec): string {
  const aggregation = field.role === 'measure' ? ` aggregation='Sum'` : '';
  const open = `  <column caption='${xml(field.caption)}' datatype='${field.datatype}' name='[${field.name}]' role='${field.role}' type='${field.type}'${aggregation}`;
  if (!field.desc) return `${open} />`;
  return `${open}>
    <desc><formatted-text><run>${xml(field.desc)}</run></formatted-text></desc>
  </column>`;
}

/**
 * A live data source on one aggregate view, as a standalone .tds (`<datasource formatted-name>`)
 * or for a workbook (`<datasource name>`), on either warehouse.
 */
export function aggregateDatasource(
  spec: AggregateView,
  dialect: TableauDialect,
  inWorkbook = false,
): string {
  const connection = CONNECTIONS[dialect];
  const naming = inWorkbook
    ? `name='${datasourceName(spec.view)}'`
    : `formatted-name='${datasourceName(spec.view)}'`;
  const ns = inWorkbook ? '' : ` xmlns:user='http://www.tableausoftware.com/xml/user'`;
  return `<datasource ${naming} caption='${xml(`${spec.title} (${connection.label}, live)`)}' inline='true' source-platform='win' version='18.1'${ns}>
  <connection class='federated'>
    <named-connections>
      ${connection.namedConnection}
    </named-connections>
    <relation connection='${connection.name}' name='${spec.view}' table='[spotify].[${spec.view}]' type='table' />
    <metadata-records>
${spec.fields.map((f, i) => metadataRecord(f, spec.view, i + 1)).join('\n')}
    </metadata-records>
  </connection>
  <aliases enabled='yes' />
${spec.fields.map(column).join('\n')}
  <layout dim-ordering='alphabetic' measure-ordering='alphabetic' show-structure='true' />
</datasource>`;
}

/** The .tds file of an aggregate view: a header comment saying where it comes from, then the data source. */
export function aggregateTds(spec: AggregateView, dialect: TableauDialect): string {
  const connection = CONNECTIONS[dialect];
  return `<?xml version='1.0' encoding='utf-8' ?>
<!-- ${xml(spec.title)}: a live connection to the warehouse view spotify.${spec.view} on ${connection.label}.
     Written by packages/report/src/tableau/write-tableau-files.ts (npm run tableau -w packages/report);
     tests/src/deploy/tableau.test.ts validates it and checks its fields against the view. -->
${aggregateDatasource(spec, dialect)}
`;
}

/** spotify.tds (SQL Server, written by hand) with the PostgreSQL connection instead: the same fields. */
export function withConnection(tds: string, to: TableauConnection): string {
  const from = CONNECTIONS.sqlserver;
  const named = /<named-connection\b[\s\S]*?<\/named-connection>/;
  if (!named.test(tds) || !tds.includes(`connection='${from.name}'`))
    throw new Error(`the data source has no ${from.name} connection to replace`);
  return tds
    .replace(named, to.namedConnection)
    .replace(`connection='${from.name}'`, `connection='${to.name}'`)
    .replace(`(${from.label}, live)`, `(${to.label}, live)`);
}
