import { parseArgs } from 'node:util';
import { formatChaosReport, runChaos } from './chaos-run.ts';

// `npm run chaos -- --minutes 30 [--cluster] [--seed 7] [--listeners 20]`: the whole pipeline on the
// simulator under random faults, then the simulator's truth against the warehouse. Needs the local
// stack (`npm run stack:up`); --cluster starts a private 3-broker cluster and adds broker kills.

const USAGE =
  'usage: npm run chaos -- --minutes N [--cluster] [--seed N] [--listeners N] [--sim-step-minutes N]';

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`--${name} must be a positive number, got "${text}"`);
  return value;
}

async function main(): Promise<number> {
  let options: { minutes: number; seed: number; listeners: number; cluster: boolean; simStepMinutes: number };
  try {
    const { values } = parseArgs({
      options: {
        minutes: { type: 'string' },
        seed: { type: 'string' },
        listeners: { type: 'string' },
        'sim-step-minutes': { type: 'string' },
        cluster: { type: 'boolean', default: false },
      },
      strict: true,
    });
    options = {
      minutes: positive('minutes', values.minutes, 5),
      seed: Math.floor(positive('seed', values.seed, 7)),
      listeners: Math.floor(positive('listeners', values.listeners, 12)),
      cluster: values.cluster ?? false,
      simStepMinutes: positive('sim-step-minutes', values['sim-step-minutes'], 5),
    };
  } catch (error) {
    console.error(`chaos: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const report = await runChaos({
    durationMs: options.minutes * 60_000,
    seed: options.seed,
    listeners: options.listeners,
    cluster: options.cluster,
    simStepMs: options.simStepMinutes * 60_000,
    log: (line) => console.error(`[chaos] ${line}`),
  });
  for (const line of formatChaosReport(report)) console.log(line);
  // Unseen and uncommitted plays are Spotify's 50-play limit meeting a long poller outage (no poll,
  // or none that committed): reported, not failed.
  return report.lost === 0 && report.duplicated === 0 && report.backlog === 0 ? 0 : 1;
}

process.exitCode = await main();
