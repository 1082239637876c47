/**
 * scenarios/verification/dualfoil-default.yaml runs through the scenario front door and the runner
 * (what `batsafe run` does), and its time series matches DUALFOIL 5.1's default case,
 * test/reference-data/dualfoil-default.csv (read independently here). Tolerances as
 * test/verification/electrochem (issue 5): voltage within 5 mV RMS and 10 mV maximum.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadScenarioFile } from '../../../src/scenario';
import { runScenarioToDirectory } from '../../../src/run/run-scenario';
import { readRunDirectory } from '../../../src/io/run-directory';

const repo = path.resolve(__dirname, '../../..');

describe('DUALFOIL verification scenario through the runner', () => {
  it('runs, writes summary.json and timeseries.csv, and its voltage is within 5 mV RMS / 10 mV max of DUALFOIL', async () => {
    const parsed = loadScenarioFile(path.join(repo, 'scenarios/verification/dualfoil-default.yaml'));
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-dualfoil-'));
    try {
      const summary = await runScenarioToDirectory(parsed.scenario, out, { report: false });
      expect(summary.status).toBe('completed');
      const run = readRunDirectory(out);
      const t = run.timeseries.data['Time [s]'];
      const v = run.timeseries.data['Voltage [V]'];
      const ref = fs.readFileSync(path.join(repo, 'test/reference-data/dualfoil-default.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      expect(t.length).toBe(ref.length);
      let sq = 0;
      let max = 0;
      ref.forEach(([tMin, , , volts], k) => {
        expect(Math.abs(t[k] - tMin * 60)).toBeLessThan(1e-6 * Math.max(1, tMin * 60));
        const e = v[k] - volts;
        sq += e * e;
        max = Math.max(max, Math.abs(e));
      });
      const rms = Math.sqrt(sq / ref.length);
      // eslint-disable-next-line no-console
      console.log(`dualfoil-default via the runner: RMS ${(rms * 1e3).toFixed(3)} mV, max ${(max * 1e3).toFixed(3)} mV over ${ref.length} points`);
      expect(rms).toBeLessThan(5e-3);
      expect(max).toBeLessThan(10e-3);
      // The run's own comparison agrees with this one.
      expect(summary.results['Voltage RMS error [V]'] as number).toBeCloseTo(rms, 9);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('a scenario naming a missing card is refused with file, path and reason', () => {
    const file = path.join(repo, 'scenarios/verification/dualfoil-default.yaml');
    const text = fs.readFileSync(file, 'utf8').replace('card: materials/cells/dualfoil-default.yaml', 'card: materials/cells/nope.yaml');
    const { parseScenarioText } = require('../../../src/scenario') as typeof import('../../../src/scenario');
    const r = parseScenarioText(text, file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.objectContaining({ file, path: 'cell.card', message: expect.stringMatching(/not found/) })]);
  });
});
