import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './command.ts';
import type { KafkaPaths } from './kafka-paths.ts';

/**
 * A cluster id as Kafka makes one (Uuid.randomUuid): 16 random bytes, base64url without padding
 * (22 characters), never starting with '-'. The storage tool's argument parser takes such an id for
 * an option ("argument --cluster-id/-t: expected one argument"): one cluster start in 64 failed so
 * in a fresh-clone CI run.
 */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Formats the KRaft storage on the first start only: formatting again would give the data folder a
 * new cluster id and the broker would refuse the existing log. Returns whether it formatted.
 */
export async function formatStorageOnce(paths: KafkaPaths): Promise<boolean> {
  const formatted = await access(paths.metaProperties).then(
    () => true,
    () => false,
  );
  if (formatted) return false;
  await runCommand('java', [
    '-cp',
    join(paths.libsDir, '*'),
    `-Dlog4j2.configurationFile=${paths.log4j2Properties}`,
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '-t',
    newClusterId(),
    '-c',
    paths.serverProperties,
  ]);
  return true;
}
