/**
 * Reference curves of verification scenarios (cell-scenario `expectations.reference`, schema.ts):
 * finds the CSV (relative to the scenario file, then the repository), reads its time and value
 * columns, and converts them to the unit of the timeseries.csv column they are compared with
 * (mathjs units, affine so that "T_C [degC]" compares with "Mean temperature [K]"). Tolerances are
 * differences: "5 K" and "5 degC" both mean 5 K. Problems come back with file, path and reason, so
 * that a bad reference is invalid input before anything is computed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { referenceExpectationSchema } from './schema';
import { normaliseUnitText } from './quantity';
import { repoRoot } from './cards';
import { ScenarioProblem } from './types';

export type ReferenceExpectation = z.output<typeof referenceExpectationSchema>;

interface Unit {
  value: number | null;
  equalBase(other: Unit): boolean;
  toNumber(unit: string): number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mathUnit: (text: string) => Unit = require('mathjs').unit;

/** A reference curve in the unit of the compared column, with the tolerances in that unit. */
export interface LoadedReference {
  file: string;
  /** Reference times [s]. */
  time: number[];
  /** Reference values in the unit of `compareWith`. */
  value: number[];
  /** Header of the compared timeseries.csv column (with its unit). */
  column: string;
  /** Unit of the compared column as written ('' when dimensionless). */
  unit: string;
  maxAbsoluteError?: number;
  rmsError?: number;
  window: { start: number; end: number };
}

/** "T_C [degC]" → { header: 'T_C', unit: 'degC' }; "State of charge" → unit ''. */
export function splitColumn(spec: string): { header: string; unit: string } {
  const m = /^\s*(.*?)\s*(?:\[([^\]]*)\])?\s*$/.exec(spec)!;
  return { header: m[1], unit: (m[2] ?? '').trim() };
}

const dimensionless = (u: string) => u === '' || u === '-' || u === '1';

/**
 * Affine map from unit `from` to unit `to` (to = a + b·from), or a reason. Dimensionless to
 * dimensionless is the identity.
 */
function affine(from: string, to: string): { a: number; b: number } | string {
  if (dimensionless(from) && dimensionless(to)) return { a: 0, b: 1 };
  if (dimensionless(from) || dimensionless(to)) return `cannot compare a ${dimensionless(from) ? 'dimensionless' : `'${from}'`} column with a ${dimensionless(to) ? 'dimensionless' : `'${to}'`} one`;
  try {
    const f = normaliseUnitText(from);
    const t = normaliseUnitText(to);
    const probe = mathUnit(`1 ${f}`);
    if (!probe.equalBase(mathUnit(`1 ${t}`))) return `unit '${from}' is not convertible to '${to}'`;
    const a = mathUnit(`0 ${f}`).toNumber(t);
    const b = mathUnit(`1 ${f}`).toNumber(t) - a;
    return { a, b };
  } catch (e) {
    return `cannot read the unit '${from}' or '${to}' (${(e as Error).message})`;
  }
}

/** A tolerance such as "5 K" as a difference in unit `to` (so "5 degC" is 5 K, not 278.15 K). */
function difference(text: string, to: string): number | string {
  const m = /^\s*([-+0-9.eE]+)\s*(.*)$/.exec(text);
  if (!m || !Number.isFinite(Number(m[1]))) return `cannot read '${text}' as a number with a unit, e.g. "5 K"`;
  const v = Number(m[1]);
  if (v < 0) return `'${text}' is negative`;
  const map = affine(m[2].trim(), to);
  if (typeof map === 'string') return map;
  return v * map.b;
}

export function findReferenceFile(ref: string, scenarioFile: string): string | undefined {
  const candidates = [path.resolve(path.dirname(scenarioFile), ref), path.resolve(repoRoot(), ref)];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

/** Reads and converts the reference; problems carry the path under `expectations.reference`. */
export function loadReference(r: ReferenceExpectation, scenarioFile: string): { ok: true; reference: LoadedReference } | { ok: false; problems: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const at = 'expectations.reference';
  const problem = (p: string, message: string) => problems.push({ file: scenarioFile, path: p ? `${at}.${p}` : at, message });
  const file = findReferenceFile(r.file, scenarioFile);
  if (!file) {
    problem('file', `reference '${r.file}' not found (relative to ${scenarioFile} or to the repository)`);
    return { ok: false, problems };
  }
  const target = splitColumn(r.compareWith).unit;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const read = (key: 'time' | 'value', to: string): number[] | undefined => {
    const c = splitColumn(r[key]);
    const j = header.indexOf(c.header);
    if (j < 0) { problem(key, `no column '${c.header}' in ${file} (columns: ${header.join(', ')})`); return undefined; }
    const map = affine(c.unit, to);
    if (typeof map === 'string') { problem(key, map); return undefined; }
    const values = lines.slice(1).map((l) => map.a + map.b * Number(l.split(',')[j]));
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) { problem(key, `${file}: data line ${bad + 1} of column '${c.header}' is not a number`); return undefined; }
    return values;
  };
  const time = read('time', 's');
  const value = read('value', target);
  if (time && time.some((t, i) => i > 0 && !(t >= time[i - 1]))) problem('time', `${file}: the times decrease (they must be non-decreasing)`);
  const tol = (key: 'maxAbsoluteError' | 'rmsError'): number | undefined => {
    const text = r[key];
    if (text === undefined) return undefined;
    const d = difference(text, target);
    if (typeof d === 'string') { problem(key, d); return undefined; }
    return d;
  };
  const maxAbsoluteError = tol('maxAbsoluteError');
  const rmsError = tol('rmsError');
  const window = { start: r.window?.start ?? -Infinity, end: r.window?.end ?? Infinity };
  if (time && time.filter((t) => t >= window.start && t <= window.end).length === 0) problem('window', 'no reference time falls in the window');
  if (problems.length > 0 || !time || !value) return { ok: false, problems };
  return { ok: true, reference: { file, time, value, column: r.compareWith, unit: target, maxAbsoluteError, rmsError, window } };
}

/** The run interpolated at the reference times of the window; errors in the compared unit. */
export function compareWithReference(ref: LoadedReference, series: Record<string, ArrayLike<number>>): { points: number; maxAbsoluteError: number; rmsError: number; runEnd: number; misses: string[] } {
  const misses: string[] = [];
  const ts = series['Time [s]'];
  const ys = series[ref.column];
  if (!ts || !ys) return { points: 0, maxAbsoluteError: NaN, rmsError: NaN, runEnd: NaN, misses: [`reference: the run has no column '${ref.column}'${ts ? '' : " (or 'Time [s]')"}`] };
  const runEnd = ts.length > 0 ? ts[ts.length - 1] : NaN;
  let n = 0;
  let sq = 0;
  let max = 0;
  let skipped = 0;
  let j = 1;
  for (let k = 0; k < ref.time.length; k++) {
    const t = ref.time[k];
    if (t < ref.window.start || t > ref.window.end) continue;
    if (!(t >= ts[0] && t <= runEnd)) { skipped++; continue; }
    while (j < ts.length - 1 && ts[j] < t) j++;
    const t0 = ts[j - 1] ?? ts[0];
    const t1 = ts[j] ?? ts[0];
    const w = t1 > t0 ? (t - t0) / (t1 - t0) : 0;
    const y = (ys[j - 1] ?? ys[0]) + w * ((ys[j] ?? ys[0]) - (ys[j - 1] ?? ys[0]));
    const e = y - ref.value[k];
    sq += e * e;
    max = Math.max(max, Math.abs(e));
    n++;
  }
  const rms = n > 0 ? Math.sqrt(sq / n) : NaN;
  const u = ref.unit ? ` ${ref.unit}` : '';
  if (skipped > 0) misses.push(`reference: ${skipped} reference time(s) of the window lie outside the run (it ends at ${runEnd} s)`);
  if (n === 0) misses.push('reference: no reference time of the window was compared');
  if (ref.maxAbsoluteError !== undefined && !(max <= ref.maxAbsoluteError)) misses.push(`reference: max |${ref.column} - reference| ${max.toPrecision(4)}${u} > ${ref.maxAbsoluteError}${u} (${n} points)`);
  if (ref.rmsError !== undefined && !(rms <= ref.rmsError)) misses.push(`reference: RMS error of ${ref.column} ${rms.toPrecision(4)}${u} > ${ref.rmsError}${u} (${n} points)`);
  return { points: n, maxAbsoluteError: max, rmsError: rms, runEnd, misses };
}
