import { NonRetriableError } from '@spotify-pipeline/runtime';

/**
 * Fills `${NAME}` placeholders. Strict on purpose: a placeholder without a value, a value nobody
 * asked for, or a value with a line break (which would inject a second property) is an error naming
 * it, so a typo in the template or the code cannot reach the broker as a silently wrong setting.
 */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string | number>>,
  source = 'template',
): string {
  const used = new Set<string>();
  const missing = new Set<string>();
  const rendered = template.replace(/\$\{([A-Za-z0-9_.]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return '';
    }
    used.add(name);
    return String(value);
  });
  if (missing.size > 0)
    throw new NonRetriableError(
      `${source}: no value for placeholder(s) ${[...missing].map((n) => `\${${n}}`).join(', ')}`,
    );
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0)
    throw new NonRetriableError(`${source}: value(s) ${unused.join(', ')} match no placeholder`);
  for (const [name, value] of Object.entries(values)) {
    if (/[\r\n]/.test(String(value)))
      throw new NonRetriableError(`${source}: value of ${name} contains a line break`);
  }
  return rendered;
}
