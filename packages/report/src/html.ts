/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A name from the data, isolated so a right-to-left name does not reorder the text around it. */
export const name = (text: string | null | undefined, fallback = 'unknown'): string =>
  `<bdi>${escapeHtml(text ?? fallback)}</bdi>`;

export const integer = (n: number): string => Math.round(n).toLocaleString('en-US');

export const hoursOf = (minutes: number): string =>
  (minutes / 60).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const percent = (part: number, whole: number): string =>
  whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;
