/**
 * runPackScenarioToDirectory end to end on the shipped pack scenarios, with shortened durations to
 * keep CI fast (the propagation outcomes are settled well before the cut: the last runaway of any
 * design happens before 300 s). References: the run-output contract (src/io/run-result.ts, design.md)
 * read back with readRunDirectory; the energy-closure conservation law (rel. 1e-9); the stated
 * expectations of each scenario; Kirchhoff's current law on the written per-cell currents.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadScenarioFile } from '../../../src/scenario';
import { runPackScenarioToDirectory } from '../../../src/run/run-pack';
import { runScenarioToDirectory } from '../../../src/run/run-scenario';
import { readRunDirectory } from '../../../src/io/run-directory';

const root = path.resolve(__dirname, '../../..');

function load(name: string, duration: number) {
  const r = loadScenarioFile(path.join(root, 'scenarios', `${name}.yaml`));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { ...r.scenario, duration } as typeof r.scenario;
}

describe('pack run directory', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-pack-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('GB 38031 propagation scenario: summary, per-cell CSV columns, design comparison and verdicts', async () => {
    const summary = await runPackScenarioToDirectory(load('pack-gb38031-thermal-propagation', 400), out, { report: false });
    expect(summary.status).toBe('completed');
    expect(Math.abs(summary.diagnostics.energyBalanceError!)).toBeLessThan(1e-9);
    const back = readRunDirectory(out);
    expect(back.summary.specimen.kind).toBe('module');
    const cols = back.timeseries.columns;
    expect(cols.slice(0, 4)).toEqual(['Time [s]', 'Voltage [V]', 'Current [A]', 'Maximum temperature [K]']);
    for (let c = 1; c <= 12; c++) for (const q of ['temperature [K]', 'current [A]', 'voltage [V]']) expect(cols).toContain(`Cell ${c} ${q}`);
    // First sample: the open-circuit pack voltage, four series groups at OCV(0.98) = 4.17 V each (1e-6 V).
    expect(Math.abs(back.timeseries.data['Voltage [V]'][0] - 4 * 4.17)).toBeLessThan(1e-6);
    // Kirchhoff: at rest the three parallel branches of a series group carry currents that sum to 0 (1e-6 A).
    const d = back.timeseries.data;
    for (let k = 0; k < d['Time [s]'].length; k++) {
      const sum = d['Cell 1 current [A]'][k] + d['Cell 2 current [A]'][k] + d['Cell 3 current [A]'][k];
      expect(Math.abs(sum)).toBeLessThan(1e-6);
    }
    const cmp = JSON.parse(fs.readFileSync(path.join(out, 'comparison.json'), 'utf8'));
    expect(cmp.rows.map((r: { design: string }) => r.design)).toEqual(['module-4s3p-18650-filler1mm', 'module-4s3p-18650-filler3mm', 'module-4s3p-18650-barrier']);
    for (const dir of cmp.runDirectories as string[]) expect(readRunDirectory(path.join(out, dir)).summary.status).toBe('completed');
    // Stated expectation of the scenario file (regression of this model with its assumed design data).
    expect(summary.results['Runaway propagated']).toBe(false);
    expect(summary.results['Cells in runaway']).toBe(1);
    expect(cmp.rows[1].cellsInRunaway).toBeGreaterThan(1);
    expect(summary.verdicts.map((v) => v.clause)).toEqual(['GB 38031-2020 §5.2.7 / Annex C', 'UL 9540A module level']);
    expect(summary.provenance.cards.map((c) => c.id)).toEqual(expect.arrayContaining(['module-4s3p-18650-filler1mm', 'kim2007-lco-graphite']));
  });

  test('module crush: the crushed middle column shorts, parallel neighbours feed it until its fuse melts; dispatch through runScenarioToDirectory', async () => {
    const dir = path.join(out, 'crush');
    const summary = await runScenarioToDirectory(load('pack-module-crush', 120), dir, { report: false });
    expect(summary.status).toBe('completed');
    expect(summary.results['Cells shorted by the crush']).toBe(4);
    // Onset: 25 % of 18 mm at 0.1 mm/s = 45 s (closed form of the rigid-intrusion model).
    expect(summary.results['First crush short time [s]']).toBeCloseTo(45, 6);
    const shorts = summary.events.filter((e) => e.kind === 'short-onset').map((e) => e.data!.Cell);
    expect(shorts).toEqual([2, 5, 8, 11]);
    // Selectivity: the shorted cell's fuse carries its two neighbours' currents and melts first;
    // the neighbours' fuses survive (400 A^2 s at ~90 A melts in ~0.05 s).
    const melted = summary.events.filter((e) => e.kind === 'fuse-melt' && e.time <= 46).map((e) => e.data!.Cell);
    expect(melted).toEqual([2, 5, 8, 11]);
    const fed = summary.events.find((e) => e.kind === 'fuse-melt')!.message.match(/at ([0-9.]+) A/);
    // Hand estimate of the fed current: neighbours E = 4.17 V, R = r0 + r1 (1 - e^-1/30) + Rc ~ 0.032 Ohm; the
    // shorted cell as Norton source E Rs/(R+Rs) = 1.65 V behind R Rs/(R+Rs) + Rc = 0.0126 Ohm (Rs = 20 mOhm);
    // node voltage 2.75 V, so each neighbour feeds ~44 A: ~88 A in total (+-10 % for busbar asymmetry).
    expect(Number(fed![1])).toBeGreaterThan(79);
    expect(Number(fed![1])).toBeLessThan(97);
    expect(readRunDirectory(dir).summary.status).toBe('completed');
  });

  test('FE module crush: the mechanics engine decides the short onsets; the run is quasi-static and the shorts feed the network', async () => {
    const dir = path.join(out, 'crush-fe');
    // Coarser FE mesh than the shipped file (2 x 2 x 4 elements per cell) to keep CI fast.
    const scenario = load('pack-module-crush-fe', 120) as unknown as { crush: { elementsPerCell: number[] } };
    scenario.crush = { ...scenario.crush, elementsPerCell: [2, 2, 4] };
    const summary = await runScenarioToDirectory(scenario as unknown as Parameters<typeof runScenarioToDirectory>[0], dir, { report: false });
    expect(summary.status).toBe('completed');
    expect(summary.results['FE status']).toBe('completed');
    expect(summary.results['FE maximum kinetic/internal energy ratio'] as number).toBeLessThan(0.05);
    expect(summary.results['Peak indenter force [N]'] as number).toBeGreaterThan(0);
    // Every shorted cell of a column shorts at its row cell's time: short count is a multiple of the 4 rows.
    expect((summary.results['Cells shorted by the crush'] as number) % 4).toBe(0);
    expect(summary.results['Cells shorted by the crush'] as number).toBeGreaterThan(0);
    expect(summary.events.some((e) => e.kind === 'short-onset')).toBe(true);
    expect(Math.abs(summary.diagnostics.energyBalanceError!)).toBeLessThan(1e-9);
  });
});
