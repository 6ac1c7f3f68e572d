// Prints a query's result: an aligned table (for a terminal), CSV or JSON. Integers stay exact
// (DuckDB's BIGINT/UBIGINT arrive as bigint and are printed digit for digit, in JSON too).

export type QueryFormat = 'table' | 'csv' | 'json';
export const QUERY_FORMATS: readonly QueryFormat[] = ['table', 'csv', 'json'];

type Cell = unknown;

function text(v: Cell): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return v;
  return String(v);
}

function isNumeric(v: Cell): boolean {
  return typeof v === 'number' || typeof v === 'bigint';
}

function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = text(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function jsonValue(v: Cell): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return JSON.stringify(String(v));
}

export function formatResult(columns: string[], rows: Cell[][], format: QueryFormat): string {
  if (format === 'csv') return [columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
  if (format === 'json') {
    const objs = rows.map((r) => '{' + r.map((v, k) => `${JSON.stringify(columns[k])}:${jsonValue(v)}`).join(',') + '}');
    return '[' + objs.join(',\n') + ']\n';
  }
  const cells = rows.map((r) => r.map(text));
  const widths = columns.map((c, k) => Math.max(c.length, ...cells.map((r) => r[k]!.length)));
  const numeric = columns.map((_, k) => rows.length > 0 && rows.every((r) => r[k] === null || isNumeric(r[k])));
  const line = (vals: string[], head = false) =>
    vals.map((v, k) => (numeric[k] && !head ? v.padStart(widths[k]!) : v.padEnd(widths[k]!))).join('  ').trimEnd();
  const out = [line(columns, true), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map((r) => line(r))];
  out.push(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`);
  return out.join('\n') + '\n';
}
