import { CONNECTIONS, type TableauDialect } from './connections.ts';
import { aggregateDatasource, datasourceName, withConnection } from './datasources.ts';
import { AGGREGATE_VIEWS } from './view-fields.ts';
import { xml } from './xml.ts';

/**
 * tableau/spotify.twb: a workbook on the shipped data sources (spotify.tds on v_plays, and the
 * top-artists view's) with three dashboards: top artists by month, a weekday x hour heatmap and a
 * listening timeline. Each dashboard holds its worksheet and a Listener filter. Written, not drawn
 * in Tableau, so that it is reviewed as text and checked by tests/src/deploy/tableau-workbook.test.ts
 * (Tableau's XSD; every field a sheet uses exists in its data source, hence in the view).
 */

interface Field {
  readonly name: string;
  readonly datatype: string;
  readonly role: 'dimension' | 'measure';
  readonly type: 'nominal' | 'ordinal' | 'quantitative';
  readonly formula?: string;
}

/** A field placed on a shelf: derivation (None, Sum, Week-Trunc, Month-Trunc) and pill type. */
interface Instance {
  readonly field: Field;
  readonly derivation: 'None' | 'Sum' | 'Week-Trunc' | 'Month-Trunc';
  readonly type: 'nominal' | 'ordinal' | 'quantitative';
}

const PREFIX: Record<Instance['derivation'], string> = {
  None: 'none',
  Sum: 'sum',
  'Week-Trunc': 'twk',
  'Month-Trunc': 'tmn',
};
const SUFFIX: Record<Instance['type'], string> = { nominal: 'nk', ordinal: 'ok', quantitative: 'qk' };
const instanceName = (i: Instance) => `[${PREFIX[i.derivation]}:${i.field.name}:${SUFFIX[i.type]}]`;

interface Sheet {
  readonly name: string;
  readonly datasource: { readonly name: string; readonly caption: string };
  readonly rows: readonly Instance[];
  readonly cols: readonly Instance[];
  readonly mark: 'Bar' | 'Square' | 'Line';
  readonly color?: Instance;
  /** Shown on the dashboard as a drop-down; every member included. */
  readonly listenerFilter: Instance;
  readonly topFilter?: { readonly instance: Instance; readonly max: number };
  readonly uuid: string;
}

const f = (
  name: string,
  datatype: string,
  role: Field['role'],
  type: Field['type'],
  formula?: string,
): Field => ({
  name,
  datatype,
  role,
  type,
  formula,
});
const on = (field: Field, derivation: Instance['derivation'], type: Instance['type']): Instance => ({
  field,
  derivation,
  type,
});

const plays = f('Calculation_plays', 'integer', 'measure', 'quantitative', '1');
const hours = f('Calculation_hours_played', 'real', 'measure', 'quantitative', '[minutes_played] / 60');
const listener = f('account_name', 'string', 'dimension', 'nominal');
const V_PLAYS = { name: 'federated.spotify_plays', caption: 'Spotify plays' };
const TOP_ARTISTS = {
  name: datasourceName('v_top_artists_by_month'),
  caption: 'Spotify top artists by month',
};

const SHEETS: readonly Sheet[] = [
  {
    name: 'Top 10 artists per month',
    datasource: TOP_ARTISTS,
    rows: [
      on(f('month_start', 'date', 'dimension', 'ordinal'), 'Month-Trunc', 'ordinal'),
      on(f('artist_name', 'string', 'dimension', 'nominal'), 'None', 'nominal'),
    ],
    cols: [on(f('plays', 'integer', 'measure', 'quantitative'), 'Sum', 'quantitative')],
    mark: 'Bar',
    listenerFilter: on(f('account_id', 'string', 'dimension', 'nominal'), 'None', 'nominal'),
    topFilter: {
      instance: on(f('rank_in_month', 'integer', 'dimension', 'ordinal'), 'None', 'quantitative'),
      max: 10,
    },
    uuid: '{6F1C2A10-6B0B-4C57-9C36-1B0E6E0A0001}',
  },
  {
    name: 'Weekday x hour',
    datasource: V_PLAYS,
    rows: [
      on(f('local_weekday', 'integer', 'dimension', 'ordinal'), 'None', 'ordinal'),
      on(f('local_weekday_name', 'string', 'dimension', 'nominal'), 'None', 'nominal'),
    ],
    cols: [on(f('local_hour', 'integer', 'dimension', 'ordinal'), 'None', 'ordinal')],
    mark: 'Square',
    color: on(plays, 'Sum', 'quantitative'),
    listenerFilter: on(listener, 'None', 'nominal'),
    uuid: '{6F1C2A10-6B0B-4C57-9C36-1B0E6E0A0002}',
  },
  {
    name: 'Hours per week',
    datasource: V_PLAYS,
    rows: [on(hours, 'Sum', 'quantitative')],
    cols: [on(f('local_date', 'date', 'dimension', 'ordinal'), 'Week-Trunc', 'quantitative')],
    mark: 'Bar',
    color: on(listener, 'None', 'nominal'),
    listenerFilter: on(listener, 'None', 'nominal'),
    uuid: '{6F1C2A10-6B0B-4C57-9C36-1B0E6E0A0003}',
  },
];

const DASHBOARDS = [
  {
    name: 'Top artists by month',
    sheet: 'Top 10 artists per month',
    uuid: '{6F1C2A10-6B0B-4C57-9C36-1B0E6E0A0011}',
  },
  { name: 'When I listen', sheet: 'Weekday x hour', uuid: '{6F1C2A10-6B0B-4C57-9C36-1B0E6E0A0012}' },
  { name: 'Listening timeline', sheet: 'Hours per week', uuid: '{6F1C2A10-6B0B-4C57-9C36-1B0E6E0A0013}' },
] as const;

function worksheet(sheet: Sheet): string {
  const ds = sheet.datasource.name;
  const q = (i: Instance) => `[${ds}].${instanceName(i)}`;
  const instances = [...sheet.rows, ...sheet.cols, sheet.listenerFilter]
    .concat(sheet.color ? [sheet.color] : [])
    .concat(sheet.topFilter ? [sheet.topFilter.instance] : []);
  const fields = [...new Map(instances.map((i) => [i.field.name, i.field])).values()].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const unique = [...new Map(instances.map((i) => [instanceName(i), i])).values()].sort((a, b) =>
    instanceName(a).localeCompare(instanceName(b)),
  );
  const columnXml = (field: Field) => {
    const open = `            <column datatype='${field.datatype}' name='[${field.name}]' role='${field.role}' type='${field.type}'`;
    return field.formula
      ? `${open}>\n              <calculation class='tableau' formula='${xml(field.formula)}' />\n            </column>`
      : `${open} />`;
  };
  const top = sheet.topFilter
    ? `\n          <filter class='quantitative' column='${q(sheet.topFilter.instance)}' included-values='in-range'>\n            <min>1</min>\n            <max>${sheet.topFilter.max}</max>\n          </filter>`
    : '';
  const slices = [sheet.listenerFilter].concat(sheet.topFilter ? [sheet.topFilter.instance] : []);
  const shelf = (list: readonly Instance[]) =>
    list.length === 1 ? q(list[0]!) : `(${list.map(q).join(' / ')})`;
  const color = sheet.color
    ? `\n            <encodings>\n              <color column='${q(sheet.color)}' />\n            </encodings>`
    : '';
  return `    <worksheet name='${xml(sheet.name)}'>
      <table>
        <view>
          <datasources>
            <datasource caption='${xml(sheet.datasource.caption)}' name='${ds}' />
          </datasources>
          <datasource-dependencies datasource='${ds}'>
${fields.map(columnXml).join('\n')}
${unique
  .map(
    (i) =>
      `            <column-instance column='[${i.field.name}]' derivation='${i.derivation}' name='${instanceName(i)}' pivot='key' type='${i.type}' />`,
  )
  .join('\n')}
          </datasource-dependencies>
          <filter class='categorical' column='${q(sheet.listenerFilter)}'>
            <groupfilter function='level-members' level='${instanceName(sheet.listenerFilter)}' user:ui-enumeration='all' user:ui-marker='enumerate' />
          </filter>${top}
          <slices>
${slices.map((i) => `            <column>${q(i)}</column>`).join('\n')}
          </slices>
          <aggregation value='true' />
        </view>
        <style />
        <panes>
          <pane selection-relaxation-option='selection-relaxation-allow'>
            <view>
              <breakdown value='auto' />
            </view>
            <mark class='${sheet.mark}' />${color}
          </pane>
        </panes>
        <rows>${shelf(sheet.rows)}</rows>
        <cols>${shelf(sheet.cols)}</cols>
      </table>
      <simple-id uuid='${sheet.uuid}' />
    </worksheet>`;
}

function dashboard(d: (typeof DASHBOARDS)[number], index: number): string {
  const sheet = SHEETS.find((s) => s.name === d.sheet)!;
  const id = index * 10;
  return `    <dashboard name='${xml(d.name)}'>
      <style />
      <size maxheight='800' maxwidth='1200' minheight='800' minwidth='1200' />
      <zones>
        <zone h='100000' id='${id + 1}' type-v2='layout-basic' w='100000' x='0' y='0'>
          <zone h='100000' id='${id + 2}' name='${xml(sheet.name)}' w='82000' x='0' y='0' />
          <zone h='12000' id='${id + 3}' mode='dropdown' name='${xml(sheet.name)}' param='[${sheet.datasource.name}].${instanceName(sheet.listenerFilter)}' type-v2='filter' w='18000' x='82000' y='0' />
        </zone>
      </zones>
      <simple-id uuid='${d.uuid}' />
    </dashboard>`;
}

function windows(): string {
  const dashboards = DASHBOARDS.map(
    (d, i) => `    <window class='dashboard'${i === 0 ? " maximized='true'" : ''} name='${xml(d.name)}'>
      <viewpoints>
        <viewpoint name='${xml(d.sheet)}' />
      </viewpoints>
      <active id='-1' />
      <simple-id uuid='${d.uuid.replace(/001(\d)\}$/, '002$1}')}' />
    </window>`,
  );
  const sheets = SHEETS.map(
    (s) => `    <window class='worksheet' name='${xml(s.name)}'>
      <cards>
        <edge name='left'>
          <strip size='160'>
            <card type='pages' />
            <card type='filters' />
            <card type='marks' />
          </strip>
        </edge>
      </cards>
      <simple-id uuid='${s.uuid.replace(/000(\d)\}$/, '003$1}')}' />
    </window>`,
  );
  return [...dashboards, ...sheets].join('\n');
}

/** The inline form of a .tds's data source: `name` instead of `formatted-name`, no namespace declaration. */
export function inlineDatasource(tds: string): string {
  const start = tds.indexOf('<datasource ');
  if (start < 0) throw new Error('no <datasource> in the data source file');
  return tds
    .slice(start)
    .trimEnd()
    .replace(/^<datasource formatted-name=/, '<datasource name=')
    .replace(" xmlns:user='http://www.tableausoftware.com/xml/user'", '');
}

/** The workbook on one warehouse; `playsTds` is tableau/spotify.tds (SQL Server, written by hand). */
export function spotifyWorkbook(playsTds: string, dialect: TableauDialect): string {
  const plays = dialect === 'sqlserver' ? playsTds : withConnection(playsTds, CONNECTIONS[dialect]);
  const topArtists = AGGREGATE_VIEWS.find((v) => v.view === 'v_top_artists_by_month')!;
  const indent = (text: string) => text.replace(/^/gm, '    ');
  return `<?xml version='1.0' encoding='utf-8' ?>
<!-- Spotify listening: three dashboards (top artists by month, when I listen, listening timeline) on
     live connections to the warehouse views on ${CONNECTIONS[dialect].label}. Open it in Tableau Desktop and
     enter the login (docs/tableau.md). Written by packages/report/src/tableau/write-tableau-files.ts;
     tests/src/deploy/tableau-workbook.test.ts validates it against Tableau's workbook schema. -->
<workbook original-version='18.1' source-build='2026.2.0 (20262.26.0528.2205)' source-platform='win' version='18.1' xmlns:user='http://www.tableausoftware.com/xml/user'>
  <preferences />
  <datasources>
${indent(inlineDatasource(plays))}
${indent(aggregateDatasource(topArtists, dialect, true))}
  </datasources>
  <worksheets>
${SHEETS.map(worksheet).join('\n')}
  </worksheets>
  <dashboards>
${DASHBOARDS.map(dashboard).join('\n')}
  </dashboards>
  <windows>
${windows()}
  </windows>
  <explain-data enabled-for-viewer='true' extreme-values-enabled-for-all='true'>
    <explanation-types />
  </explain-data>
</workbook>
`;
}
