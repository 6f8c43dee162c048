import type { LauncherConfig } from './config.ts';

/** A connection string as it may be shown: the password replaced, the rest as configured. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export interface ServiceEndpoint {
  readonly name: string;
  readonly port: number;
}

/**
 * The lines `npm start` ends its start-up with: where the data is (the warehouse, its views and
 * what Tableau opens), where each service's metrics are, what the CLI can do now, and what
 * Ctrl-C will leave running. Each is one line, readable on a terminal.
 */
export function startupSummary(
  config: LauncherConfig,
  services: readonly ServiceEndpoint[],
  views: readonly string[] | undefined,
): string[] {
  const warehouse = config.MSSQL_URL
    ? `SQL Server ${withoutPassword(config.MSSQL_URL)}`
    : `PostgreSQL ${withoutPassword(config.DATABASE_URL)}`;
  const viewList =
    views && views.length > 0
      ? views.map((v) => `${config.WAREHOUSE_SCHEMA}.${v}`).join(', ')
      : `${config.WAREHOUSE_SCHEMA}.v_plays`;
  return [
    `warehouse: ${warehouse}, schema ${config.WAREHOUSE_SCHEMA}; views ${viewList}`,
    `listening report: open http://127.0.0.1:${config.START_REPORT_PORT}/ in a browser (or \`spotify-pipeline report --help\`)`,
    config.MSSQL_URL
      ? 'Tableau: open tableau/spotify.twb, a live connection to the views (docs/tableau.md)'
      : 'Tableau: open tableau/spotify-postgres.twb on this warehouse (docs/tableau.md); any SQL client reads the views above',
    `metrics: ${services.map((s) => `${s.name} http://127.0.0.1:${s.port}/metrics`).join(', ')}`,
    'commands: `spotify-pipeline accounts`, `spotify-pipeline dlq list`, `spotify-pipeline help` (they read the settings in .cache/pipeline.env)',
    `Ctrl-C stops the pipeline; ${stackKeptRunning(config)}`,
  ];
}

/** What stays up after Ctrl-C: the stack is started by `npm start` but never stopped by it. */
export function stackKeptRunning(config: LauncherConfig): string {
  const stores = config.MSSQL_URL ? 'Kafka and Redis' : 'Kafka, Redis and PostgreSQL';
  return `${stores} keep running (\`npm run stack:status\`; \`npm run stack:down\` stops them)`;
}
