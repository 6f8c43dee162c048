export { type BenchOptions, type BenchSizes, benchEnv, loadBenchOptions } from './config.ts';
export { Catalogue, type CatalogueSize, DEFAULT_CATALOGUE } from './data/catalogue.ts';
export { PlayFactSeries } from './data/play-fact-series.ts';
export { RawPlaySeries } from './data/raw-play-series.ts';
export * from './history-import/index.ts';
export { formatReport } from './report/format-table.ts';
export type { BenchReport, Check, Measurement } from './report/results.ts';
export { type RunBenchDeps, runBench } from './run-bench.ts';
