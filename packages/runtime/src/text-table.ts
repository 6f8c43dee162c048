export type ColumnAlign = 'left' | 'right';

/**
 * A plain-text table for a terminal or a log: a header row, a rule of dashes, and columns padded to
 * their widest cell (two spaces apart), each aligned left unless `align` says right. Lines carry no
 * trailing spaces, so the last left-aligned column is not padded.
 *
 * Why not a library (cli-table3, table): those draw boxes and measure terminal widths; the CLIs
 * and the bench want aligned plain text that pastes into an issue or the README as it is.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ColumnAlign[] = [],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((w, i) => (align[i] === 'right' ? (cells[i] ?? '').padStart(w) : (cells[i] ?? '').padEnd(w)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
