/**
 * Every shipped scenario (scenarios/*.yaml, cell kind) runs end to end on its coarse-mesh variant and
 * meets the expectations stated in its `expectations` block. Reference: the stated expectations in
 * each file (e.g. UN 38.3 crush stops on the 13 kN force predicate: peak force within 12-14 kN).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listShippedScenarios, loadScenarioFile, CellScenario } from '../../../src/scenario';
import { runScenarioToDirectory } from '../../../src/run/run-scenario';
import { checkExpectations } from '../../../src/run/expectations';
import { readRunDirectory } from '../../../src/io/run-directory';

const REQUIRED = [
  'gb38031-cell-compression-18650', 'gb38031-cell-compression-pouch', 'un38.3-t6-impact-18650', 'un38.3-t6-crush-pouch',
  'rod-indentation-18650', 'hemispherical-punch-18650', 'three-point-bend-pouch', 'nail-penetration-pouch',
  'external-short-18650', 'oven-155C-18650',
];

const shipped = listShippedScenarios(path.resolve(__dirname, '..', '..', '..'));
const cellScenarios = shipped.filter((s) => !s.name.startsWith('pack-'));

describe('shipped scenarios', () => {
  it('include every scenario the issue lists', () => {
    const names = shipped.map((s) => s.name);
    for (const n of REQUIRED) expect(names).toContain(n);
  });

  it.each(cellScenarios.map((s) => [s.name, s.file]))('%s validates, runs on the coarse mesh and meets its stated expectations', async (_name, file) => {
    const parsed = loadScenarioFile(file);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    const scenario = { ...(parsed.scenario as CellScenario), mesh: { resolution: 'coarse' as const } };
    expect(scenario.expectations).toBeDefined();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-shipped-'));
    const summary = await runScenarioToDirectory(scenario, out, { report: false });
    expect(checkExpectations(scenario.expectations!, summary)).toEqual([]);
    // The written folder reads back with the same status and the design's CSV headers.
    const back = readRunDirectory(out);
    expect(back.summary.status).toBe(summary.status);
    expect(back.timeseries.columns[0]).toBe('Time [s]');
    expect(back.timeseries.columns).toContain('Voltage [V]');
    expect(back.timeseries.columns).toContain('Maximum temperature [K]');
    fs.rmSync(out, { recursive: true, force: true });
  });
});
