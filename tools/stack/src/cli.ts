import { ConfigError, formatTable } from '@spotify-pipeline/runtime';
import { PrerequisiteError, ServiceStartError } from './errors/index.ts';
import { type StackReport, stackDown, stackStatus, stackUp } from './stack.ts';

const USAGE = 'usage: node tools/stack/src/cli.ts up|down|status';

const commands: Record<string, (options: { onProgress: (m: string) => void }) => Promise<StackReport>> = {
  up: stackUp,
  down: stackDown,
  status: stackStatus,
};

function print(report: StackReport): void {
  console.log(
    formatTable(
      ['service', 'state', 'action', 'detail'],
      report.rows.map((r) => [r.service, r.state, r.action, r.detail]),
    ),
  );
  for (const row of report.rows) {
    if (row.error instanceof ServiceStartError && row.error.logTail.length > 0) {
      console.log(`\n${row.service}: last ${row.error.logTail.length} lines of its log:`);
      for (const line of row.error.logTail) console.log(`  ${line}`);
    } else if (
      row.error !== undefined &&
      !(row.error instanceof PrerequisiteError || row.error instanceof ServiceStartError)
    ) {
      // Unexpected: keep the stack trace and cause for whoever debugs it.
      console.error(row.error);
    }
  }
}

async function main(): Promise<number> {
  const name = process.argv[2] ?? '';
  const command = commands[name];
  if (command === undefined || process.argv.length > 3) {
    console.error(USAGE);
    return 2;
  }
  try {
    const report = await command({ onProgress: (message) => console.error(`[stack] ${message}`) });
    print(report);
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`stack ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main();
