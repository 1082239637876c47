/**
 * Report benchmark (issue 8): cost of turning a large run directory into the HTML report, and the
 * size of that HTML. A synthetic 1 h run sampled at 20 Hz (72 001 rows × 12 columns, written here;
 * not a batsafe result) is parsed, modelled, planned and rendered. The thinning of every curve to
 * ≤ 1 500 points should keep the HTML near the size of a small run whatever the row count.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchSuite } from '../suite';
import { renderReport, writeReport } from '../../src/report';
import { readRunForReport } from '../../src/report/run-data';

const COLUMNS = [
  'Time [s]', 'Voltage [V]', 'Indenter displacement [m]', 'Indenter force [N]', 'Maximum temperature [K]', 'Mean temperature [K]',
  'Surface temperature [K]', 'Short-circuit current [A]', 'Short-circuit resistance [Ohm]', 'Short-circuit heating [W]', 'Ohmic heating [W]',
  'Decomposition heating [W]',
];

function writeSyntheticRun(dir: string, rows: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const lines = [COLUMNS.join(',')];
  const end = 3600;
  for (let i = 0; i < rows; i++) {
    const t = (end * i) / (rows - 1);
    const d = Math.min(t * 1e-3, 5e-3);
    const shorted = t > 5;
    const T = 298.15 + (shorted ? 40 * (1 - Math.exp(-(t - 5) / 60)) * Math.exp(-(t - 5) / 2000) : 0);
    const I = shorted ? 4 * Math.exp(-(t - 5) / 900) : 0;
    lines.push([t, shorted ? 4.1 - 0.3 * (1 - Math.exp(-(t - 5) / 10)) : 4.2, d, 2e8 * d ** 2.5, T + 2, T, T - 1, shorted ? I : '', shorted ? 1 : '', I * I, 0.03 * I * I, 1e-3 * (T - 298.15)].join(','));
  }
  fs.writeFileSync(path.join(dir, 'timeseries.csv'), lines.join('\n') + '\n');
  const summary = {
    schemaVersion: 1, status: 'completed', scenario: { name: 'bench-synthetic', hash: 'bench' },
    specimen: { kind: 'cell', description: 'synthetic benchmark run (not a batsafe result)', capacityAh: 3, stateOfCharge: 1 },
    models: {}, events: [{ kind: 'short-onset', time: 5, message: 'synthetic' }, { kind: 'end', time: end, message: 'end' }],
    verdicts: [{ clause: 'bench', requirement: 'none', simulatedCondition: 'synthetic', result: 'n/a', verdict: 'N/E', sourceStatus: 'assumed' }],
    margins: [{ name: 'Peak force vs force stop', value: 2e8 * 5e-3 ** 2.5, limit: 1e5, unit: 'N', margin: 1e5 - 2e8 * 5e-3 ** 2.5 }],
    results: {}, diagnostics: { steps: {}, warnings: [] },
    provenance: { tool: 'batsafe', version: 'bench', createdAt: new Date().toISOString(), cards: [] }, files: ['summary.json', 'timeseries.csv'],
  };
  fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary));
}

function seconds(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const suite: BenchSuite = {
  name: 'report',
  description: 'HTML report of a synthetic 72 001-row run: read + validate, model + plot plan + render, HTML size',
  async run(ctx) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-bench-report-'));
    try {
      const small = path.join(tmp, 'small');
      const large = path.join(tmp, 'large');
      writeSyntheticRun(small, 1201);
      writeSyntheticRun(large, 72001);
      ctx.log('synthetic runs written');
      const csvBytes = fs.statSync(path.join(large, 'timeseries.csv')).size;
      let run = readRunForReport(large);
      const readTimes = [0, 1, 2].map(() => seconds(() => { run = readRunForReport(large); }));
      let html = '';
      const renderTimes = [0, 1, 2].map(() => seconds(() => { html = renderReport([run]); }));
      const smallHtml = renderReport([readRunForReport(small)]);
      const t0 = process.hrtime.bigint();
      await writeReport([large]);
      const writeSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const median = (a: number[]) => [...a].sort((x, y) => x - y)[1];
      return {
        rows: run.series.rowCount,
        columns: run.series.columns.length,
        csvMegabytes: csvBytes / 1e6,
        readAndValidateSecondsMedian: median(readTimes),
        modelPlanRenderSecondsMedian: median(renderTimes),
        htmlMegabytesLargeRun: html.length / 1e6,
        htmlMegabytesSmallRun: smallHtml.length / 1e6,
        d3BundleMegabytes: fs.statSync(path.join(ctx.repoRoot, 'node_modules', 'd3', 'dist', 'd3.min.js')).size / 1e6,
        writeReportSecondsLargeRun: writeSeconds,
      };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};

export default suite;
