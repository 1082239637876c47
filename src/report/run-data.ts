/**
 * Reading a run directory for the report: summary.json (RunSummary, src/io/run-result.ts),
 * timeseries.csv (PyBaMM-style headers with units in brackets) and, when the run wrote it,
 * sections.json (cross-sections of the deformed cell, format in src/report/README.md).
 *
 * Every problem is collected and reported together, each naming the file, the field and the
 * reason, before anything is rendered (ReportInputError).
 */
import * as fs from 'fs';
import * as path from 'path';
import { RunSummary, SUMMARY_SCHEMA_VERSION } from '../io/run-result';

export class ReportInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ReportInputError';
  }
}

/** Columns of timeseries.csv by header name, in file order. Empty cells are NaN. */
export interface TimeSeries {
  columns: string[];
  values: Record<string, Float64Array>;
  rowCount: number;
}

/** sections.json: cross-sections of the deformed specimen at key events (src/report/README.md). */
export interface SectionsFile {
  schemaVersion: 1;
  /** Which plane the section is cut in, e.g. "x-z at y = 0". */
  plane: string;
  /** Polygons (triangles or quads) as node indices into each snapshot's `nodes`. */
  cells: number[][];
  snapshots: SectionSnapshot[];
}

export interface SectionSnapshot {
  /** The event the snapshot belongs to, e.g. 'short-onset', 'peak-force', 'end'. */
  event: string;
  /** Simulated time [s]. */
  time: number;
  /** Deformed in-plane coordinates [m], [[u, v], ...]. */
  nodes: number[][];
  /** Per-cell values, keyed by a name with units in brackets, e.g. 'Temperature [K]', 'Equivalent plastic strain', 'Damage'. */
  fields: Record<string, number[]>;
}

export interface RunData {
  dir: string;
  label: string;
  summary: RunSummary;
  series: TimeSeries;
  sections?: SectionsFile;
}

/** Splits one CSV line; handles double-quoted fields (headers may be quoted by some writers). */
function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',').map((s) => s.trim());
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}

/** Parses timeseries.csv text. Throws ReportInputError naming the file, line and column of each problem. */
export function parseTimeseriesCsv(text: string, fileName = 'timeseries.csv'): TimeSeries {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) throw new ReportInputError([`${fileName}: the file is empty (expected a header line and data rows)`]);
  const columns = splitCsvLine(lines[0]);
  const problems: string[] = [];
  if (!columns.includes('Time [s]')) problems.push(`${fileName}: header has no 'Time [s]' column (found: ${columns.join(', ')})`);
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) problems.push(`${fileName}: column '${c}' appears twice in the header`);
    seen.add(c);
  }
  const rowCount = lines.length - 1;
  const values: Record<string, Float64Array> = {};
  for (const c of columns) values[c] = new Float64Array(rowCount);
  for (let r = 0; r < rowCount && problems.length < 20; r++) {
    const fields = splitCsvLine(lines[r + 1]);
    if (fields.length !== columns.length) {
      problems.push(`${fileName}: line ${r + 2} has ${fields.length} fields, the header has ${columns.length}`);
      continue;
    }
    for (let c = 0; c < columns.length; c++) {
      const f = fields[c];
      const v = f === '' || f.toLowerCase() === 'nan' ? NaN : Number(f);
      if (f !== '' && f.toLowerCase() !== 'nan' && !Number.isFinite(v) && !/^[+-]?inf(inity)?$/i.test(f)) {
        problems.push(`${fileName}: line ${r + 2}, column '${columns[c]}': '${f}' is not a number`);
      }
      values[columns[c]][r] = /^[+-]?inf(inity)?$/i.test(f) ? (f.startsWith('-') ? -Infinity : Infinity) : v;
    }
  }
  if (problems.length) throw new ReportInputError(problems);
  return { columns, values, rowCount };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the parts of RunSummary the report reads. The schema version is checked first: a summary
 * written by another version of the contract is refused with the version found and the one expected.
 */
export function validateSummary(raw: unknown, fileName = 'summary.json'): RunSummary {
  if (!isObject(raw)) throw new ReportInputError([`${fileName}: expected a JSON object at the top level`]);
  const version = raw.schemaVersion;
  if (typeof version !== 'number') {
    throw new ReportInputError([`${fileName}: field 'schemaVersion' is missing (this batsafe reads schema version ${SUMMARY_SCHEMA_VERSION})`]);
  }
  if (version !== SUMMARY_SCHEMA_VERSION) {
    const age = version < SUMMARY_SCHEMA_VERSION ? 'older' : 'newer';
    throw new ReportInputError([
      `${fileName}: schemaVersion ${version} is ${age} than the version this batsafe reads (${SUMMARY_SCHEMA_VERSION}); ` +
        (age === 'older' ? 're-run the scenario with this version to regenerate the run directory' : 'update batsafe to read it'),
    ]);
  }
  const problems: string[] = [];
  const need = (cond: boolean, field: string, reason: string) => {
    if (!cond) problems.push(`${fileName}: field '${field}' ${reason}`);
  };
  need(['completed', 'failed', 'cancelled'].includes(raw.status as string), 'status', `must be completed, failed or cancelled (found ${JSON.stringify(raw.status)})`);
  need(isObject(raw.scenario) && typeof (raw.scenario as Record<string, unknown>).name === 'string', 'scenario.name', 'is missing or not a string');
  need(isObject(raw.specimen) && ['cell', 'module', 'pack'].includes((raw.specimen as Record<string, unknown>).kind as string), 'specimen.kind', 'must be cell, module or pack');
  need(Array.isArray(raw.events), 'events', 'must be an array');
  need(Array.isArray(raw.verdicts), 'verdicts', 'must be an array');
  need(Array.isArray(raw.margins), 'margins', 'must be an array');
  need(isObject(raw.results), 'results', 'must be an object');
  need(isObject(raw.models), 'models', 'must be an object');
  need(isObject(raw.diagnostics) && Array.isArray((raw.diagnostics as Record<string, unknown>).warnings), 'diagnostics.warnings', 'must be an array');
  need(isObject(raw.provenance) && Array.isArray((raw.provenance as Record<string, unknown>).cards), 'provenance.cards', 'must be an array');
  need(Array.isArray(raw.files), 'files', 'must be an array');
  if (raw.status === 'failed') need(isObject(raw.failure), 'failure', "must say when and why a failed run stopped ({time, reason})");
  if (Array.isArray(raw.events)) {
    raw.events.forEach((e, i) => {
      need(isObject(e) && typeof e.kind === 'string' && typeof e.time === 'number', `events[${i}]`, 'needs a string kind and a numeric time [s]');
    });
  }
  if (Array.isArray(raw.margins)) {
    raw.margins.forEach((m, i) => {
      need(isObject(m) && typeof m.name === 'string' && typeof m.value === 'number' && typeof m.limit === 'number' && typeof m.margin === 'number',
        `margins[${i}]`, 'needs name, value, limit and margin (numbers)');
    });
  }
  if (Array.isArray(raw.verdicts)) {
    raw.verdicts.forEach((v, i) => {
      need(isObject(v) && ['P', 'F', 'N/A', 'N/E'].includes(v.verdict as string), `verdicts[${i}].verdict`, 'must be P, F, N/A or N/E');
    });
  }
  if (problems.length) throw new ReportInputError(problems);
  return raw as unknown as RunSummary;
}

/** Checks sections.json (format in src/report/README.md). */
export function validateSections(raw: unknown, fileName = 'sections.json'): SectionsFile {
  const problems: string[] = [];
  if (!isObject(raw)) throw new ReportInputError([`${fileName}: expected a JSON object at the top level`]);
  if (raw.schemaVersion !== 1) problems.push(`${fileName}: field 'schemaVersion' must be 1 (found ${JSON.stringify(raw.schemaVersion)})`);
  if (!Array.isArray(raw.cells) || raw.cells.length === 0) problems.push(`${fileName}: field 'cells' must be a non-empty array of node-index polygons`);
  if (!Array.isArray(raw.snapshots) || raw.snapshots.length === 0) problems.push(`${fileName}: field 'snapshots' must be a non-empty array`);
  if (problems.length) throw new ReportInputError(problems);
  const cells = raw.cells as unknown[];
  const snapshots = raw.snapshots as unknown[];
  snapshots.forEach((s, i) => {
    if (!isObject(s) || !Array.isArray(s.nodes) || !isObject(s.fields) || typeof s.time !== 'number') {
      problems.push(`${fileName}: snapshots[${i}] needs time [s], nodes [[u, v], ...] and fields {name: per-cell values}`);
      return;
    }
    const nodeCount = s.nodes.length;
    cells.forEach((c, j) => {
      if (!Array.isArray(c) || c.some((n) => typeof n !== 'number' || n < 0 || n >= nodeCount || !Number.isInteger(n))) {
        if (problems.length < 20) problems.push(`${fileName}: cells[${j}] refers to a node outside snapshots[${i}].nodes (0..${nodeCount - 1})`);
      }
    });
    for (const [name, values] of Object.entries(s.fields)) {
      if (!Array.isArray(values) || values.length !== cells.length) {
        problems.push(`${fileName}: snapshots[${i}].fields['${name}'] must have one value per cell (${cells.length})`);
      }
    }
  });
  if (problems.length) throw new ReportInputError(problems);
  return raw as unknown as SectionsFile;
}

/** Reads one run directory; throws ReportInputError listing everything missing or malformed. */
export function readRunForReport(dir: string): RunData {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new ReportInputError([`${dir}: run directory not found`]);
  }
  const summaryPath = path.join(abs, 'summary.json');
  const csvPath = path.join(abs, 'timeseries.csv');
  const missing: string[] = [];
  if (!fs.existsSync(summaryPath)) missing.push(`${summaryPath}: missing (every run directory has summary.json)`);
  if (!fs.existsSync(csvPath)) missing.push(`${csvPath}: missing (every run directory has timeseries.csv)`);
  if (missing.length) throw new ReportInputError(missing);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(summaryPath, 'utf8'));
  } catch (e) {
    throw new ReportInputError([`${summaryPath}: not valid JSON (${(e as Error).message})`]);
  }
  const summary = validateSummary(raw, summaryPath);
  const series = parseTimeseriesCsv(fs.readFileSync(csvPath, 'utf8'), csvPath);
  const sectionsPath = path.join(abs, 'sections.json');
  let sections: SectionsFile | undefined;
  if (fs.existsSync(sectionsPath)) {
    let rawSections: unknown;
    try {
      rawSections = JSON.parse(fs.readFileSync(sectionsPath, 'utf8'));
    } catch (e) {
      throw new ReportInputError([`${sectionsPath}: not valid JSON (${(e as Error).message})`]);
    }
    sections = validateSections(rawSections, sectionsPath);
  }
  return { dir: abs, label: summary.scenario.name || path.basename(abs), summary, series, sections };
}
