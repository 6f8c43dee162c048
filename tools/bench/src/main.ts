import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '@spotify-pipeline/runtime';
import { BenchUsageError, loadBenchOptions, parseFlags, USAGE } from './config.ts';
import { formatReport } from './report/format-table.ts';
import { runBench } from './run-bench.ts';

// `npm run bench` runs this once: measure, print, save, exit non-zero on a failed check.
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (parseFlags(argv).help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = loadBenchOptions(argv);
  const logger = createLogger('bench', options.logLevel);
  const t0 = performance.now();
  const progress = (line: string) =>
    process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}\n`);
  progress(`sizes: ${JSON.stringify(options.sizes)}${options.quick ? ' (--quick)' : ''}`);
  const report = await runBench(options, { logger, progress });
  process.stdout.write(`${formatReport(report)}\n`);
  await mkdir(options.resultsDir, { recursive: true });
  const file = path.join(options.resultsDir, `${report.startedAt.replaceAll(':', '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nresults written to ${file}\n`);
  return report.checks.every((c) => c.ok) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      error instanceof BenchUsageError
        ? `${error.message}\n`
        : `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = error instanceof BenchUsageError ? 2 : 1;
  },
);
