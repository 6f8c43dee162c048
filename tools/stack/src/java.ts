import { runCommand } from './command.ts';
import { PrerequisiteError } from './errors/index.ts';

export const MIN_JAVA_MAJOR = 17;

/**
 * The major version in `java -version` output: `openjdk version "17.0.15"` → 17, `java version
 * "1.8.0_392"` → 8 (the old 1.x scheme), `openjdk version "21" 2023-09-19` → 21. Undefined when the
 * output names no version (e.g. a wrapper script printing something else).
 */
export function parseJavaMajor(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Fails fast, naming the problem, when Java is missing or older than Kafka 4 needs. */
export async function checkJava(minMajor = MIN_JAVA_MAJOR): Promise<{ major: number; line: string }> {
  // `java -version` prints to stderr, by long tradition.
  const { stdout, stderr } = await runCommand('java', ['-version'], {
    timeoutMs: 30_000,
    installHint: `Kafka needs Java ${minMajor}+, e.g. apt-get install openjdk-${minMajor}-jre-headless`,
  });
  const output = `${stderr}\n${stdout}`;
  const major = parseJavaMajor(output);
  const line = output.trim().split('\n')[0] ?? '';
  if (major === undefined)
    throw new PrerequisiteError('java', `cannot read the version from \`java -version\`: ${line}`);
  if (major < minMajor) {
    throw new PrerequisiteError(
      'java',
      `Kafka 4 needs Java ${minMajor}+, but \`java -version\` says ${major} (${line})`,
    );
  }
  return { major, line };
}
