/**
 * timeseries.csv: one header line of PyBaMM-style names with units in brackets (../shared/design.md),
 * then one row per sample. Numbers are written with 17 significant digits where needed so that they
 * round-trip exactly; an infinite value (e.g. no short yet) is written as 'Infinity'.
 */
export function formatTimeseriesCsv(columns: string[], data: Record<string, ArrayLike<number>>): string {
  for (const c of columns) {
    if (c.includes(',') || c.includes('"') || c.includes('\n')) throw new Error(`CSV column name '${c}' contains a comma, quote or newline`);
    if (!data[c]) throw new Error(`CSV column '${c}' has no data`);
  }
  const n = columns.length ? data[columns[0]].length : 0;
  for (const c of columns) if (data[c].length !== n) throw new Error(`CSV column '${c}' has ${data[c].length} rows, '${columns[0]}' has ${n}`);
  const lines: string[] = [columns.join(',')];
  const row: string[] = new Array(columns.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < columns.length; j++) row[j] = formatNumber(data[columns[j]][i]);
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return String(v);
}

export function parseTimeseriesCsv(text: string, fileName = 'timeseries.csv'): { columns: string[]; data: Record<string, Float64Array> } {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error(`${fileName}: empty file (no header line)`);
  const columns = lines[0].split(',');
  const data: Record<string, Float64Array> = {};
  for (const c of columns) data[c] = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    if (cells.length !== columns.length) throw new Error(`${fileName}: line ${i + 1} has ${cells.length} values, the header has ${columns.length}`);
    for (let j = 0; j < columns.length; j++) {
      const v = Number(cells[j]);
      if (Number.isNaN(v) && cells[j] !== 'NaN') throw new Error(`${fileName}: line ${i + 1}, column '${columns[j]}': '${cells[j]}' is not a number`);
      data[columns[j]][i - 1] = v;
    }
  }
  return { columns, data };
}
