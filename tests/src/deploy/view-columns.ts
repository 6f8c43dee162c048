/**
 * The output column names of `CREATE [OR ALTER] VIEW <schema>.<view> AS SELECT ... FROM` in a SQL
 * script: the alias after a top-level AS, else the column's own name (`d.is_weekend` → is_weekend).
 * Enough for the project's view files; not a general SQL parser.
 */
export function viewColumns(script: string, view: string): string[] {
  const sql = script.replace(/--[^\n]*/g, '');
  const header = new RegExp(
    `CREATE\\s+(?:OR\\s+ALTER\\s+)?VIEW\\s+(?:\\S+\\.)?\\[?${view}\\]?\\s+AS\\s+SELECT\\s`,
    'i',
  );
  const start = header.exec(sql);
  if (!start) throw new Error(`no CREATE VIEW ${view} AS SELECT in the script`);
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = start.index + start[0].length; i < sql.length; i++) {
    const ch = sql[i]!;
    if (depth === 0 && /^\sFROM\s/i.test(sql.slice(i, i + 6))) {
      items.push(current);
      return items.map((item) => outputName(item, view));
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  throw new Error(`the SELECT of view ${view} has no top-level FROM`);
}

function outputName(item: string, view: string): string {
  const expression = item.trim();
  const alias = /\bAS\s+\[?(\w+)\]?$/i.exec(expression);
  if (alias && depthAt(expression, alias.index) === 0) return alias[1]!.toLowerCase();
  const column = /(?:^|\.)\[?(\w+)\]?$/.exec(expression);
  if (!column) throw new Error(`view ${view}: cannot tell the output name of select item "${expression}"`);
  return column[1]!.toLowerCase();
}

function depthAt(text: string, index: number): number {
  let depth = 0;
  for (const ch of text.slice(0, index)) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
  }
  return depth;
}

/**
 * The columns of a view as the migrations leave it: the definition in the last of the scripts (in
 * migration order) that creates or alters it, e.g. 011 for v_plays after 004.
 */
export function latestViewColumns(scripts: readonly string[], view: string): string[] {
  const header = new RegExp(
    `CREATE\\s+(?:OR\\s+(?:ALTER|REPLACE)\\s+)?VIEW\\s+(?:\\S+\\.)?\\[?${view}\\]?\\s`,
    'i',
  );
  const last = scripts.findLast((script) => header.test(script.replace(/--[^\n]*/g, '')));
  if (last === undefined) throw new Error(`no migration creates view ${view}`);
  return viewColumns(last, view);
}
