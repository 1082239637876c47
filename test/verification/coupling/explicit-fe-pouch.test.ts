/**
 * The shipped pouch scenarios with models.mechanics: explicit-fe through the coupled run (resolve.ts
 * builds pouchFeSetup, coupled-run.ts creates FePouch through the FeLoading factory), coarse mesh
 * (quarter model: 5 x 3 x 4 stack elements and one foil element through its 0.15 mm).
 *
 * References and tolerances:
 * - each scenario's stated `expectations` block (scenarios/*.yaml): checkExpectations returns no misses;
 * - UN 38.3 T.6 crush (flat plates): the force at the 13 kN stop lies in the closed-form band of the
 *   flat-plate crush of the stack plus foil walls (fe-pouch.test.ts: F = f_cc(ln(Tc/(Tc-d))) A_core +
 *   sigma_wall A_wall, sigma_wall between sigma_y and (2/sqrt 3) sigma_y of the foil card), +- 5 %
 *   plus the force change over one loading increment (the run's force is an increment mean);
 * - solver energy balance < 1 % of the peak internal energy (conservation of energy);
 * - quasi-static: kinetic/internal energy < 5 % after the start-up ramp (issue 3), reported in the
 *   summary. GB 38031 R75: the force stop (1079 N at ~0.11 mm) comes inside the ramp (0.4 mm), so
 *   no post-ramp ratio exists; the summary omits it and says so (it does not report 0).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadScenarioFile, parseScenarioText, CellScenario } from '../../../src/scenario';
import { resolveCellScenario } from '../../../src/scenario/resolve';
import { checkExpectations } from '../../../src/run/expectations';
import { evalCurve, makeCurve } from '../../../src/engine/mechanics/materials/curve';
import { RunDirectory } from '../../../src/io/run-directory';
import { runYaml, num } from './helpers';
import { stackCard, foilCard } from './fe-pouch-helpers';

const root = path.resolve(__dirname, '../../..');

/** The shipped scenario file's text with models.mechanics: explicit-fe (runYaml forces the coarse mesh). */
function shippedWithFe(name: string): { yaml: string; scenario: CellScenario } {
  const file = path.join(root, 'scenarios', `${name}.yaml`);
  const parsed = loadScenarioFile(file);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const text = fs.readFileSync(file, 'utf8');
  expect(text).not.toMatch(/^models:/m); // the appended block must be the only one
  return { yaml: `${text}\nmodels: { mechanics: explicit-fe }\n`, scenario: parsed.scenario as CellScenario };
}

function commonFeChecks(run: RunDirectory): void {
  expect(run.summary.status).toBe('completed');
  expect(String(run.summary.models.mechanics)).toMatch(/^explicit-fe \(hex8, \d+ elements/);
  expect(run.summary.provenance.cards.map((c) => c.id)).toEqual(expect.arrayContaining(['pouch-stack-honeycomb', 'aluminium-pouch-foil']));
  expect(num(run, 'FE energy-balance error [-]')).toBeLessThan(0.01);
  expect(num(run, 'FE added mass (mass scaling) [-]')).toBeLessThanOrEqual(20);
}

describe('explicit-fe pouch: shipped scenarios on the coarse mesh', () => {
  it('GB 38031 R75 (gb38031-cell-compression-pouch): expectations met; force stop inside the ramp, ratio not claimed; x-z sections', async () => {
    const { yaml, scenario } = shippedWithFe('gb38031-cell-compression-pouch');
    let sections: { plane: string; cells: number[][]; snapshots: Array<{ event: string }> } | undefined;
    const run = await runYaml(yaml, 'gb38031-cell-compression-pouch.yaml', (out) => {
      sections = JSON.parse(fs.readFileSync(path.join(out, 'sections.json'), 'utf8'));
    });
    commonFeChecks(run);
    expect(checkExpectations(scenario.expectations!, run.summary)).toEqual([]);
    expect(run.summary.results['Stop reason']).toBe('force');
    // 1000 x 0.11 kg x g = 1078.7 N; the stopping increment overshoots by a small fraction of it.
    expect(num(run, 'Peak indenter force [N]')).toBeGreaterThanOrEqual(1000 * 0.11 * 9.80665);
    expect(num(run, 'Peak indenter force [N]')).toBeLessThan(1.05 * 1000 * 0.11 * 9.80665);
    expect(num(run, 'Maximum deformation [-]')).toBeLessThan(0.15);
    const ramp = num(run, 'FE velocity ramp time [s]');
    const stop = run.summary.events.find((e) => e.kind === 'stop:force')!;
    expect(stop.time).toBeLessThan(ramp);
    expect(run.summary.diagnostics.maxKineticToInternalEnergyRatio).toBeUndefined();
    expect(run.summary.diagnostics.warnings.some((w) => /stopped during the start-up velocity ramp/.test(w))).toBe(true);
    expect(sections!.plane).toMatch(/^x-z section of the quarter model/);
    expect(sections!.snapshots.map((s) => s.event)).toContain('end-of-loading');
    expect(sections!.cells.length).toBeGreaterThan(0);
  }, 120_000);

  it('UN 38.3 T.6 crush (un38.3-t6-crush-pouch): expectations met; 13 kN stop within the flat-plate closed-form band; quasi-static', async () => {
    const { yaml, scenario } = shippedWithFe('un38.3-t6-crush-pouch');
    const run = await runYaml(yaml, 'un38.3-t6-crush-pouch.yaml');
    commonFeChecks(run);
    expect(checkExpectations(scenario.expectations!, run.summary)).toEqual([]);
    expect(run.summary.results['Stop reason']).toBe('force');
    const ratio = run.summary.diagnostics.maxKineticToInternalEnergyRatio;
    expect(ratio).toBeDefined();
    expect(ratio!).toBeLessThan(0.05);
    const stop = run.summary.events.find((e) => e.kind === 'stop:force')!;
    expect(stop.time).toBeGreaterThan(num(run, 'FE velocity ramp time [s]'));

    // Closed-form band at the stop (generic-pouch-nmc: 100 x 60 x 8 mm, foil 0.15 mm).
    const L = 0.1, W = 0.06, T = 0.008, foil = 0.15e-3;
    const fcc = makeCurve((stackCard.card.parameters as { curves: { cc: [number, number][] } }).curves.cc);
    const fp = foilCard.card.parameters as { youngsModulus: number; hardening: [number, number][] };
    const sy = makeCurve(fp.hardening);
    const aCore = (L - 2 * foil) * (W - 2 * foil);
    const aWall = L * W - aCore;
    const band = (d: number) => {
      const core = evalCurve(fcc, Math.log((T - 2 * foil) / (T - 2 * foil - d))) * aCore;
      const s = evalCurve(sy, Math.max(Math.log(T / (T - d)) - evalCurve(sy, 0) / fp.youngsModulus, 0));
      return [core + s * aWall, core + (2 / Math.sqrt(3)) * s * aWall];
    };
    const d = num(run, 'Indenter displacement at peak force [m]');
    // One nominal increment of travel: min(T / 1500, 0.05 s x speed) (coupled-run.ts feIndentationLoop).
    const dInc = Math.min(T / 1500, 0.05 * 0.015);
    const f = num(run, 'Peak indenter force [N]');
    expect(f).toBeGreaterThan(0.95 * band(d - dInc)[0]);
    expect(f).toBeLessThan(1.05 * band(d)[1]);
  }, 120_000);
});

describe('explicit-fe pouch: what is refused', () => {
  const base = (loading: string) => `
kind: cell
name: fe-pouch-refused
cell: { preset: generic-pouch-nmc, stateOfCharge: 1 }
loading: ${loading}
steps: { stop: { deformation: 0.3 }, observe: 1 min }
models: { mechanics: explicit-fe }
`;
  it.each([
    ['nail', '{ type: nail, indenter: { shape: nail, radius: 1.5 mm }, speed: 1 mm/s }'],
    ['three-point-bend', '{ type: three-point-bend, indenter: { shape: rod, radius: 5 mm }, supportSpan: 60 mm, speed: 1 mm/s }'],
  ])('%s: refused before any computation with a reason', (type, loading) => {
    // parseScenarioText resolves a cell scenario (resolve.ts) and returns all its problems.
    const parsed = parseScenarioText(base(loading), 'refused.yaml');
    expect(parsed.ok).toBe(false);
    const messages = (parsed.ok ? [] : parsed.problems).filter((p) => p.path === 'models.mechanics').map((p) => p.message);
    expect(messages).toEqual([`explicit-fe for pouch cells runs indentation (flat plate, semicylinder, rod, hemisphere) only, not '${type}' (not verified yet): use models.mechanics winkler-foam`]);
  });

  it('indentation with an offset indenter builds the full (not quarter) model', () => {
    const parsed = parseScenarioText(base('{ type: indentation, indenter: { shape: rod, radius: 5 mm, offset: 10 mm }, speed: 1 mm/s }'), 'offset.yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const r = resolveCellScenario({ ...(parsed.scenario as CellScenario), mesh: { resolution: 'coarse' } }, 'offset.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const fe = r.resolved.input.fe!;
    expect('stackPart' in fe && fe.symmetry).toBe('full');
  });
});
