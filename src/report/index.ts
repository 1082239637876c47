/**
 * Public entry of the report: `writeReport(runDirs, options)` reads one or more run directories and
 * writes ONE self-contained HTML report (and, with pdf: true, its PDF next to it).
 *   one run dir   → <dir>/report.html (a safety assessment report)
 *   several dirs  → options.outFile or ./comparison-report.html (a design comparison)
 * Bad input (missing files, unknown summary schema version, malformed CSV) throws ReportInputError
 * listing every problem, before anything is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderComparisonReport, renderRunReport } from './html';
import { buildRunReportModel } from './model';
import { renderPdf } from './pdf';
import { planComparisonPlots, planRunPlots } from './plots';
import { readRunForReport, ReportInputError, RunData } from './run-data';

export { ReportInputError } from './run-data';
export type { RunData } from './run-data';

export interface WriteReportOptions {
  /** Where to write the HTML; default <dir>/report.html for one run, ./comparison-report.html for several. */
  outFile?: string;
  /** Also print a PDF next to the HTML (same name, .pdf) with headless Chromium. */
  pdf?: boolean;
  /** Timestamp shown in the report (ISO 8601); default now. Tests pass a fixed one. */
  generatedAt?: string;
}

let d3Cache: string | undefined;
function d3Bundle(): string {
  if (d3Cache === undefined) {
    // d3's package "exports" hide dist/d3.min.js from require.resolve; its entry sits in the same folder.
    const candidates = [path.join(path.dirname(require.resolve('d3')), 'd3.min.js'), path.join(findPackageRoot(), 'node_modules', 'd3', 'dist', 'd3.min.js')];
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) throw new Error(`d3 bundle not found (looked in ${candidates.join(', ')}); run npm install`);
    d3Cache = fs.readFileSync(found, 'utf8');
  }
  return d3Cache;
}

function toolVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require(path.join(findPackageRoot(), 'package.json')) as { name: string; version: string };
    return `${pkg.name} ${pkg.version}`;
  } catch {
    return 'batsafe';
  }
}

function findPackageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return __dirname;
}

/**
 * Gives every run a distinct, short label: the scenario name; when scenario names collide (design
 * variants of one scenario), the run directory's name if those are distinct, else both.
 */
export function uniqueLabels(runs: RunData[]): RunData[] {
  const count = (labels: string[]) => (l: string) => labels.filter((x) => x === l).length;
  const byName = count(runs.map((r) => r.label));
  const bases = runs.map((r) => path.basename(r.dir));
  const byBase = count(bases);
  return runs.map((r, i) => {
    if (byName(r.label) === 1) return r;
    return { ...r, label: byBase(bases[i]) === 1 ? bases[i] : `${r.label} (${r.dir})` };
  });
}

/** Builds the HTML text of a report from already-read runs (no file written). */
export function renderReport(runsIn: RunData[], generatedAt = new Date().toISOString()): string {
  if (runsIn.length === 0) throw new ReportInputError(['no run directory given']);
  const runs = uniqueLabels(runsIn);
  const models = runs.map((r) => buildRunReportModel(r.label, r.dir, r.summary, r.series));
  const opts = { d3Source: d3Bundle(), generatedBy: toolVersion(), generatedAt };
  if (runs.length === 1) return renderRunReport(models[0], planRunPlots(runs[0]), opts);
  return renderComparisonReport(models, planComparisonPlots(runs), opts);
}

/** Reads the run directories and writes the report; resolves to the HTML path. */
export async function writeReport(runDirs: string[], options: WriteReportOptions = {}): Promise<string> {
  if (runDirs.length === 0) throw new ReportInputError(['no run directory given']);
  const problems: string[] = [];
  const runs: RunData[] = [];
  for (const dir of runDirs) {
    try {
      runs.push(readRunForReport(dir));
    } catch (e) {
      if (e instanceof ReportInputError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new ReportInputError(problems);
  const html = renderReport(runs, options.generatedAt);
  const outFile = path.resolve(options.outFile ?? (runs.length === 1 ? path.join(runs[0].dir, 'report.html') : 'comparison-report.html'));
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, html);
  if (options.pdf) await renderPdf(outFile, outFile.replace(/\.html?$/i, '') + '.pdf');
  return outFile;
}
