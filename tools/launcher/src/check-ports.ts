import { createServer } from 'node:net';
import { NonRetriableError } from '@spotify-pipeline/runtime';
import type { LauncherConfig } from './config.ts';
import { findPortHolder } from './port-holder.ts';

/** A port the launcher's processes will listen on, and what for. */
export interface PlannedPort {
  readonly port: number;
  readonly what: string;
  /** The variable that moves it. */
  readonly variable: string;
}

export class PortInUseError extends NonRetriableError {}

/** Every port `npm start` listens on with this configuration (0 is any free port, never checked). */
export function plannedPorts(config: LauncherConfig): PlannedPort[] {
  const ports: PlannedPort[] = [
    {
      port: config.START_POLLER_PORT,
      what: "the poller's /link, /callback and /metrics",
      variable: 'START_POLLER_PORT',
    },
    { port: config.START_OPS_PORT, what: "the normalizer's /metrics", variable: 'START_OPS_PORT' },
    { port: config.START_REPORT_PORT, what: 'the listening report page', variable: 'START_REPORT_PORT' },
  ];
  for (let i = 0; i < config.START_SINKS; i += 1)
    ports.push({
      port: config.START_OPS_PORT + 1 + i,
      what: `sink ${i + 1}'s /metrics`,
      variable: 'START_OPS_PORT',
    });
  if (config.demo && config.SIM_PORT !== 0)
    ports.push({ port: config.SIM_PORT, what: 'the Spotify simulator', variable: 'SIM_PORT' });
  return ports.filter((p) => p.port !== 0);
}

function canListen(port: number, host: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/**
 * Fails before anything starts when a port is taken, naming the port, what it was for, the process
 * holding it and how to move it: a second `npm start` would otherwise reach the first one's poller
 * and fail much later with a confusing error (an authorization code refused).
 */
export async function checkPorts(ports: readonly PlannedPort[], host = '127.0.0.1'): Promise<void> {
  const problems: string[] = [];
  for (const planned of ports) {
    const error = await canListen(planned.port, host);
    if (!error) continue;
    if (error.code !== 'EADDRINUSE') {
      problems.push(
        `port ${planned.port} (${planned.what}) cannot be opened: ${error.code ?? error.message}`,
      );
      continue;
    }
    const holder = await findPortHolder(planned.port);
    const by = holder ? `pid ${holder.pid} (${holder.command.slice(0, 120)})` : 'another process';
    problems.push(
      `port ${planned.port} (${planned.what}) is in use by ${by}: stop it (another \`npm start\`?) or set ${planned.variable}`,
    );
  }
  if (problems.length > 0) throw new PortInUseError(problems.join('\n'));
}
