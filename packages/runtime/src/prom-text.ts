// Reading a service's /metrics as a client does: the bench, and tests of a service in its own
// process or on its own port.

/** One sample of Prometheus' text format: `name{label="value",...} 12.5`. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a /metrics page (comments and blank lines skipped). */
export function parsePromText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of every sample of `name` whose labels include `where`. */
export function sumOf(
  samples: readonly PromSample[],
  name: string,
  where: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const s of samples)
    if (s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)) sum += s.value;
  return sum;
}

/** Reads and parses a service's /metrics. */
export async function scrape(metricsUrl: string): Promise<PromSample[]> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  return parsePromText(await response.text());
}
