import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runCommand } from './command.ts';
import { ServiceStartError } from './errors/index.ts';

export type JarsOutcome = 'present' | 'fetched';

export function pomHash(pom: string | Buffer): string {
  return createHash('sha256').update(pom).digest('hex');
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
}

/**
 * Makes `libsDir` hold the jars the pom lists. The marker file records the pom's hash: jars without
 * a marker, or fetched for another pom, are fetched again. Maven is needed only then.
 *
 * The jars land in a sibling folder that replaces `libsDir` by rename, so a broker running from the
 * old folder keeps the jars it has open and never sees a half-copied classpath.
 */
export async function ensureJars(pomPath: string, libsDir: string, jarsMarker: string): Promise<JarsOutcome> {
  const hash = pomHash(await readFile(pomPath));
  if ((await readOrUndefined(jarsMarker)) === hash) {
    const jars = await readdir(libsDir).catch(() => [] as string[]);
    if (jars.some((f) => f.endsWith('.jar'))) return 'present';
  }
  const staging = `${libsDir}.fetch-${process.pid}`;
  const retired = `${libsDir}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await runCommand(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        pomPath,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${staging}`,
        '-DincludeScope=runtime',
      ],
      { installHint: 'Maven is needed once, to fetch the Kafka jars: apt-get install maven' },
    );
    const jars = (await readdir(staging)).filter((f) => f.endsWith('.jar'));
    if (!jars.some((f) => f.startsWith('kafka_'))) {
      throw new ServiceStartError(
        'kafka',
        `mvn copied ${jars.length} jar(s) into ${staging} but no kafka_*.jar; check ${basename(pomPath)}`,
      );
    }
    await writeFile(join(staging, basename(jarsMarker)), `${hash}\n`);
    await rename(libsDir, retired).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    try {
      await rename(staging, libsDir);
    } catch (error) {
      // Another `up` running at the same moment swapped its own copy in first; the same pom, the same jars.
      if ((await readOrUndefined(jarsMarker)) !== hash) throw error;
    }
    await rm(retired, { recursive: true, force: true });
    return 'fetched';
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
