import { parseEnv, serviceEnv, warehouseEnv } from '@spotify-pipeline/runtime';

/**
 * The live report page: the warehouse to read (as the sink: MSSQL_URL, else DATABASE_URL) and where
 * to listen. HTTP_PORT defaults to 8080 for this program (`npm start` and compose publish it).
 */
export const reportEnv = {
  ...warehouseEnv,
  LOG_LEVEL: serviceEnv.LOG_LEVEL,
  HTTP_HOST: serviceEnv.HTTP_HOST,
  HTTP_PORT: serviceEnv.HTTP_PORT,
};

export type ReportConfig = ReturnType<typeof loadReportConfig>;

export function loadReportConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = parseEnv(reportEnv, env);
  return { ...config, HTTP_PORT: config.HTTP_PORT ?? 8080 };
}
