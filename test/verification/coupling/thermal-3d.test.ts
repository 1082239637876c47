/**
 * models.thermal: 3d in the coupled run (thermal-3d.ts), coarse meshes.
 *  (a) 155 °C oven, Kim 2007 kinetics, 18650 with a thermal card of k = 500 W/(m K) (Biot number
 *      h_eff r / (2k) ~ 2e-4 with h_eff ~ 21 W/(m^2 K) incl. radiation): the 3-D run must reproduce
 *      the lumped coupled run — reference: the lumped model, itself verified against the Kim 2007
 *      reference curve in energy-and-oven.test.ts. Tolerances: runaway onset (volume-mean
 *      decomposition self-heating >= 1 K/s) within 1 % (measured 0.14 %), peak within 10 K.
 *  (b) external short 100 mOhm: coupled closure (drawn = short + internal heat, conservation law)
 *      < 1e-4 and the conduction ledger (heat in = stored + to ambient) < 1e-6.
 *  (c) nail into a pouch (Al-Cu internal short, the closure-nail case of energy-and-oven.test.ts):
 *      the short-location maximum is hotter than the mean; trend: the 3-D peak short-location
 *      temperature lies between the lumped (heat spread over the whole cell) and the two-node one
 *      (heat in a 3 mm sphere): the coarse 3-D spot is one ~1000 mm^3 element, between the 113 mm^3
 *      sphere and the whole cell (48000 mm^3).
 *  (d) schema: `thermal: 3d` validates and resolves into a conduction mesh; a bad value is refused
 *      with its path.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseScenarioText, CellScenario, resolveCellScenario } from '../../../src/scenario';
import { runCoupledCell } from '../../../src/engine/coupling/coupled-run';
import { CoupledRunResult } from '../../../src/engine/coupling/types';
import { runYaml, num } from './helpers';

function runEngine(yaml: string, thermal: 'lumped' | 'two-node' | '3d'): CoupledRunResult {
  const parsed = parseScenarioText(yaml, 'thermal-3d.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const s = parsed.scenario as CellScenario;
  const r = resolveCellScenario({ ...s, mesh: { resolution: 'coarse' }, models: { ...(s.models ?? {}), thermal } }, 'thermal-3d.yaml');
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return runCoupledCell(r.resolved.input);
}

const max = (v: ArrayLike<number>) => {
  let m = -Infinity;
  for (let i = 0; i < v.length; i++) m = Math.max(m, v[i]);
  return m;
};

describe('3-D thermal in the coupled run', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-thermal3d-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('(a) oven 155 °C at small Biot number: runaway onset within 1 % of the lumped coupled run, peak within 10 K', () => {
    const card = path.join(dir, 'k500.yaml');
    fs.writeFileSync(card, [
      'kind: cell-thermal', 'id: test-18650-k500', 'name: 18650 with a very high conductivity (Biot << 1)', 'status: assumed',
      'source: test input', 'citations: ["test input, no source"]', 'geometry: { shape: cylinder, radius: 0.009, height: 0.065 }',
      'volumetricHeatCapacity: 2.14e6', 'conductivity: { radial: 500, hoop: 500, axial: 500 }', 'surface: { convectionCoefficient: 7.17, emissivity: 0.8 }', '',
    ].join('\n'));
    const yaml = `
kind: cell
name: oven-3d
cell: { preset: generic-18650-lco, stateOfCharge: 1, cards: { thermal: ${JSON.stringify(card)} } }
loading: { type: oven, ovenTemperature: 155 degC }
steps: { observe: 1 h }
models: { shortCriterion: none }
`;
    const lumped = runEngine(yaml, 'lumped');
    const t3 = runEngine(yaml, '3d');
    expect(t3.status).toBe('completed');
    const tl = lumped.results.runawayOnsetTime!;
    const t = t3.results.runawayOnsetTime!;
    expect(tl).toBeGreaterThan(1000);
    expect(Math.abs(t - tl) / tl).toBeLessThan(0.01);
    expect(Math.abs(t3.results.maxTemperatureK - lumped.results.maxTemperatureK)).toBeLessThan(10);
    // Nearly uniform: the hottest point and the mean differ little before runaway.
    const i = t3.series['Time [s]'].findIndex((x) => x >= 1000);
    expect(t3.series['Maximum temperature [K]'][i] - t3.series['Mean temperature [K]'][i]).toBeLessThan(1);
    expect(t3.diagnostics.conductionBalanceError!).toBeLessThan(1e-6);
    expect(t3.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['separator-shutdown', 'vent', 'runaway-onset', 'local-runaway']));
  });

  it('(b) external short: coupled energy closure < 1e-4, conduction ledger < 1e-6', async () => {
    const run = await runYaml(`
kind: cell
name: closure-external-3d
cell: { preset: generic-18650-lco, stateOfCharge: 0.8 }
loading: { type: external-short, resistance: 100 mohm }
steps: { observe: 20 min }
models: { thermal: 3d }
`);
    expect(run.summary.status).toBe('completed');
    expect(run.summary.models.thermal).toMatch(/^3d \(hex8 conduction/);
    const drawn = num(run, 'Electrical energy drawn [J]');
    expect(drawn).toBeGreaterThan(100);
    expect(Math.abs(drawn - num(run, 'Short-circuit heat [J]') - num(run, 'Internal (ohmic) heat [J]')) / drawn).toBeLessThan(1e-4);
    expect(run.summary.diagnostics.energyBalanceError).toBeLessThan(1e-4);
    expect((run.summary.diagnostics as { conductionBalanceError?: number }).conductionBalanceError).toBeLessThan(1e-6);
    // The resistor's heat stays outside: the cell warms by its internal heat only (C dT <= internal heat).
    const T = run.timeseries.data['Mean temperature [K]'];
    expect(max(T) - T[0]).toBeGreaterThan(1);
    expect(2.14e6 * Math.PI * 0.009 ** 2 * 0.065 * (max(T) - T[0])).toBeLessThan(num(run, 'Internal (ohmic) heat [J]'));
  });

  it('(c) nail: the short location is hotter than the mean; 3-D peak between the lumped and the two-node ones', () => {
    const yaml = `
kind: cell
name: nail-3d
cell: { preset: generic-pouch-nmc, stateOfCharge: 1 }
loading: { type: nail, indenter: { shape: nail, radius: 2.5 mm, tipAngle: 60 deg }, speed: 25 mm/s }
steps: { stop: { deformation: 0.9 }, observe: 2 min }
models: { shortType: al-cu, shortArea: 20 mm^2 }
`;
    const r3 = runEngine(yaml, '3d');
    expect(r3.status).toBe('completed');
    expect(r3.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['short-onset', 'separator-melt', 'runaway-onset']));
    const spot = r3.series['Short-location temperature [K]'];
    const mean = r3.series['Mean temperature [K]'];
    let gap = 0;
    for (let i = 0; i < spot.length; i++) gap = Math.max(gap, spot[i] - mean[i]);
    expect(gap).toBeGreaterThan(50);
    // Melt is declared at the short elements' temperature.
    const melt = r3.events.find((e) => e.kind === 'separator-melt')!;
    const iMelt = r3.series['Time [s]'].indexOf(melt.time);
    expect(spot[iMelt]).toBeGreaterThanOrEqual(438.15);
    expect(r3.diagnostics.energyBalanceError!).toBeLessThan(1e-4);
    expect(r3.diagnostics.conductionBalanceError!).toBeLessThan(1e-6);
    const lumped = max(runEngine(yaml, 'lumped').series['Maximum temperature [K]']);
    const twoNode = max(runEngine(yaml, 'two-node').series['Short-location temperature [K]']);
    const peak3d = max(spot);
    expect(peak3d).toBeGreaterThan(lumped);
    expect(peak3d).toBeLessThan(twoNode);
  });

  it('(d) schema: thermal 3d validates and resolves to a conduction mesh; a bad value is refused with its path', () => {
    const base = (thermal: string) => `
kind: cell
name: s
cell: { preset: generic-18650-lco, stateOfCharge: 0.5 }
loading: { type: oven, ovenTemperature: 150 degC }
steps: { observe: 10 min }
models: { thermal: ${thermal} }
mesh: { resolution: coarse }
`;
    const ok = parseScenarioText(base('3d'), 's.yaml');
    expect(ok.ok).toBe(true);
    const r = resolveCellScenario((ok as { scenario: CellScenario }).scenario, 's.yaml');
    expect(r.ok).toBe(true);
    const input = (r as Extract<typeof r, { ok: true }>).resolved.input;
    expect(input.models.thermal).toBe('3d');
    expect(input.thermal3d!.mesh.connectivity.length / 8).toBeGreaterThan(50);
    // The oven is the ambient of the outer surface.
    expect(input.thermal3d!.boundary.ambientTemperature).toBeCloseTo(423.15, 9);
    const bad = parseScenarioText(base('three-d'), 's.yaml');
    expect(bad.ok).toBe(false);
    const problems = (bad as { problems: { path: string; message: string }[] }).problems;
    expect(problems.map((p) => p.path)).toContain('models.thermal');
  });
});
