export { loadReportConfig, type ReportConfig, reportEnv } from './config.ts';
export { createReportDatabase } from './create-report-database.ts';
export {
  type AccountYears,
  type ListeningReport,
  loadAccounts,
  loadAccountYears,
  loadListeningReport,
} from './listening-report.ts';
export { mssqlReportStatements } from './mssql/statements.ts';
export { ALL_TIME, type Period, PeriodError, periodOf } from './period.ts';
export { postgresReportStatements } from './postgres/statements.ts';
export { REPORT_QUERIES, type ReportQuery } from './queries.ts';
export { renderReportHtml } from './render-report.ts';
export type { ReportDatabase, ReportParams } from './report-database.ts';
export { type ReportServer, startReportServer } from './server.ts';
