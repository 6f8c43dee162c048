/** The page's only style sheet, inlined: readable on screen, in print, and in any script. */
export const STYLES = `
:root { color-scheme: light; --green: #1db954; --ink: #191414; --muted: #5b5b5b; --line: #e3e3e3; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 980px; padding: 24px; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans CJK JP', sans-serif; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid var(--green); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 16px 0 6px; }
p.sub, .note, figcaption { color: var(--muted); }
nav { margin: 12px 0; display: flex; flex-wrap: wrap; gap: 6px 12px; }
nav a { color: var(--ink); }
nav a[aria-current] { font-weight: 700; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .value { font-size: 22px; white-space: nowrap; font-weight: 700; display: block; }
.card .label { color: var(--muted); font-size: 13px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 760px) { .two { grid-template-columns: 1fr; } }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: start; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
ol.top5 { margin: 4px 0; padding-inline-start: 22px; }
details { margin: 8px 0; }
.empty { padding: 24px; border: 1px dashed var(--line); border-radius: 8px; color: var(--muted); }
@page { margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 12px; }
  nav, .screen-only { display: none; }
  section, figure, table, .card { break-inside: avoid; }
  details > *:not(summary) { display: block; }
}
`;
