/**
 * Every verification case shipped in scenarios/verification/*.yaml runs through the scenario front
 * door and the runner (what `batsafe run` does) and meets the expectations written next to it.
 * References and tolerances are in each file's header and `expectations` block:
 *  - kim2007-oven-155C-lumped: ../shared/reference/data/kim2007-lumped-18650-oven155C.csv
 *    (runaway-and-shorts.md §1.4: 5 K before runaway, max-rate time within 1 min of 25.2 min, peak within 5 K);
 *  - external-short-energy-closure: conservation of energy, 1e-4 relative;
 *  - dualfoil-default (electrochem-verification): DUALFOIL 5.1, 5 mV RMS / 10 mV max (checked by its runner);
 *  - further files: whatever their expectations state.
 * Cell scenarios are checked with checkExpectations (the function the shipped-scenario test uses);
 * electrochem-verification scenarios are judged by their runner (status 'failed' with the misses).
 * Negative checks make sure the comparison can fail: tightened tolerances on the same run must miss.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadScenarioFile, CellScenario, Scenario } from '../../../src/scenario';
import { runScenarioToDirectory } from '../../../src/run/run-scenario';
import { checkExpectations, maxRateTime } from '../../../src/run/expectations';
import { readRunDirectory, RunDirectory } from '../../../src/io/run-directory';

const repo = path.resolve(__dirname, '../../..');
const dir = path.join(repo, 'scenarios/verification');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

const runs = new Map<string, { scenario: Scenario; run: RunDirectory; file: string }>();

async function run(file: string) {
  const parsed = loadScenarioFile(file);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-verif-'));
  try {
    await runScenarioToDirectory(parsed.scenario, out, { report: false });
    return { scenario: parsed.scenario, run: readRunDirectory(out), file };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

describe('verification scenarios (scenarios/verification)', () => {
  it('include the engines\' verification cases', () => {
    expect(files).toEqual(expect.arrayContaining(['dualfoil-default.yaml', 'kim2007-oven-155C-lumped.yaml', 'external-short-energy-closure.yaml']));
  });

  it.each(files)('%s runs and meets its stated expectations', async (name) => {
    const r = await run(path.join(dir, name));
    runs.set(name, r);
    const { scenario, run: out } = r;
    const s = out.summary;
    const shown = Object.entries(s.results).filter(([k]) => /error|Reference|Acceptance|Maximum temperature|Runaway onset|energy drawn|Final state/.test(k));
    // eslint-disable-next-line no-console
    console.log(`${name}: ${s.status}${s.failure ? ` (${s.failure.reason})` : ''}; ${shown.map(([k, v]) => `${k} = ${v}`).join(', ')}` +
      `${s.diagnostics.energyBalanceError !== undefined ? `, energy-balance error ${s.diagnostics.energyBalanceError}` : ''}` +
      `${out.timeseries.data['Mean temperature [K]'] ? `, max dT/dt at ${(maxRateTime(out.timeseries.data['Time [s]'], out.timeseries.data['Mean temperature [K]']) / 60).toFixed(3)} min` : ''}`);
    if (scenario.kind === 'cell') {
      const c = scenario as CellScenario;
      expect(c.expectations).toBeDefined();
      expect(checkExpectations(c.expectations!, s, { timeseries: out.timeseries.data, sourceFile: r.file })).toEqual([]);
    } else {
      expect(s.failure?.reason).toBeUndefined();
      expect(s.status).toBe('completed');
      expect(s.results['Acceptance met']).toBe(true);
    }
  });

  it('the comparisons can fail: tightened expectations on the same runs miss', () => {
    const oven = runs.get('kim2007-oven-155C-lumped.yaml');
    const closure = runs.get('external-short-energy-closure.yaml');
    expect(oven && closure).toBeTruthy();
    const o = oven!.scenario as CellScenario;
    const ctx = { timeseries: oven!.run.timeseries.data, sourceFile: oven!.file };
    const tight = { ...o.expectations!, reference: { ...o.expectations!.reference!, maxAbsoluteError: '0.001 K' } };
    expect(checkExpectations(tight, oven!.run.summary, ctx)).toEqual([expect.stringMatching(/^reference: max \|Mean temperature \[K\] - reference\|/)]);
    // The max-rate time window moved by 2 min must miss.
    const shifted = { ...o.expectations!, maxHeatingRateTime: { min: 26.2 * 60, max: 27.2 * 60 } };
    expect(checkExpectations(shifted, oven!.run.summary, ctx)).toEqual([expect.stringMatching(/^time of the maximum heating rate/)]);
    // Without the time series the reference cannot be checked: a miss, not a pass.
    expect(checkExpectations(o.expectations!, oven!.run.summary, { sourceFile: oven!.file })).toEqual(expect.arrayContaining(['reference: needs the time series of the run']));
    const c = closure!.scenario as CellScenario;
    expect(checkExpectations({ ...c.expectations!, energyBalanceError: { max: 0 } }, closure!.run.summary)).toEqual(
      (closure!.run.summary.diagnostics.energyBalanceError ?? 0) === 0 ? [] : [expect.stringMatching(/^energy-balance error/)],
    );
  });
});
