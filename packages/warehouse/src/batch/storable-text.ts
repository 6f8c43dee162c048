/**
 * Characters some warehouse cannot store: U+0000 (PostgreSQL's text refuses it: "invalid byte
 * sequence for encoding UTF8: 0x00") and UTF-16 surrogates without their pair (not UTF-8 at all;
 * Node would write them as U+FFFD behind our back). Spotify's names are user-written text, so
 * they occur; a name must not cost the play its members.
 */
/** True when `text` has a character no warehouse stores (a lone surrogate or U+0000). */
export function hasUnstorable(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}

/**
 * The text as both warehouses store it alike: each U+0000 and each lone surrogate becomes U+FFFD
 * (the replacement character), so the name keeps its length and shows where something was.
 */
export function storableText(text: string): string {
  if (!hasUnstorable(text)) return text;
  return text.replaceAll('\u0000', '\uFFFD').toWellFormed();
}

/**
 * A record whose every string field (not its keys, which the caller checks) is storable text; the
 * same object when nothing needed replacing, so a clean batch is not copied.
 */
export function withStorableText<T extends object>(record: T, keys: ReadonlySet<string>): T {
  // Object.keys rather than entries: this runs for every record of every batch, and a [key, value]
  // pair per field was most of its cost.
  const fields = Object.keys(record);
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i]!;
    const value = (record as Record<string, unknown>)[field];
    if (typeof value !== 'string' || !hasUnstorable(value) || keys.has(field)) continue;
    copy ??= { ...(record as Record<string, unknown>) };
    copy[field] = storableText(value);
  }
  return (copy as T | undefined) ?? record;
}
