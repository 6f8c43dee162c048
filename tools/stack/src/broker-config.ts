import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KafkaPaths } from './kafka-paths.ts';
import { renderTemplate } from './template.ts';

export interface BrokerListeners {
  readonly host: string;
  readonly brokerPort: number;
  readonly controllerPort: number;
}

/**
 * Renders server.properties and log4j2.properties from the templates in infra/kafka into the cache
 * folder. Rendered on every start, so the templates in git stay the one source of the settings.
 */
export async function writeBrokerConfig(
  paths: KafkaPaths,
  templatesDir: string,
  listeners: BrokerListeners,
): Promise<void> {
  const [server, log4j2] = await Promise.all([
    readFile(join(templatesDir, 'server.properties.template'), 'utf8'),
    readFile(join(templatesDir, 'log4j2.properties.template'), 'utf8'),
  ]);
  await mkdir(paths.logsDir, { recursive: true });
  await writeFile(
    paths.serverProperties,
    renderTemplate(
      server,
      {
        HOST: listeners.host,
        BROKER_PORT: listeners.brokerPort,
        CONTROLLER_PORT: listeners.controllerPort,
        DATA_DIR: paths.dataDir,
      },
      'server.properties.template',
    ),
  );
  await writeFile(
    paths.log4j2Properties,
    renderTemplate(log4j2, { LOG_FILE: paths.serverLog }, 'log4j2.properties.template'),
  );
}
