/**
 * The short-onset criterion is a model choice (issue 7): with explicit-fe mechanics on a cylindrical
 * cell, `models.shortCriterion` may name a failure-engine criterion with its parameters; it is
 * evaluated on the jellyroll elements after every loading increment.
 * Checks (coarse 18650, 10 mm rod to 0.8 mm, runaway off):
 *  - identity: {name: volumetric-strain, failureVolumetricStrain: 0.3} is the default
 *    'critical-strain' (same criterion, the preset's separator failure strain 0.3): same onset (none
 *    here) and the same force history to round-off (reference: the default run);
 *  - threshold monotonicity: the max-principal-strain criterion with a small failure strain reaches
 *    onset, and the onset event names the criterion; with a 100x larger failure strain it does not
 *    (the indicator is strain / failureStrain, linear in 1/failureStrain);
 *  - bad input: a criterion with the winkler-foam bed, and unknown parameters, are refused with the path.
 */
import { parseScenarioText, resolveCellScenario, CellScenario } from '../../../src/scenario';
import { runYaml } from './helpers';

const yaml = (criterion: string, mechanics = 'explicit-fe') => `
kind: cell
name: criteria
cell: { preset: generic-18650-lco, stateOfCharge: 1 }
loading: { type: indentation, indenter: { shape: rod, radius: 5 mm }, speed: 2 mm/s }
steps: { stop: { displacement: 0.8 mm }, observe: 1 s }
models: { mechanics: ${mechanics}, shortCriterion: ${criterion}, runaway: none }
`;

describe('short-onset criterion choice (explicit-fe)', () => {
  it('volumetric-strain with the separator failure strain is the default critical-strain', async () => {
    const def = await runYaml(yaml('critical-strain'));
    const vol = await runYaml(yaml('{ name: volumetric-strain, failureVolumetricStrain: 0.3 }'));
    expect(vol.summary.status).toBe('completed');
    expect(vol.summary.events.map((e) => e.kind)).toEqual(def.summary.events.map((e) => e.kind));
    const f0 = def.timeseries.data['Indenter force [N]'];
    const f1 = vol.timeseries.data['Indenter force [N]'];
    expect(f1.length).toBe(f0.length);
    for (let i = 0; i < f0.length; i++) expect(Math.abs(f1[i] - f0[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(f0[i])));
  }, 300_000);

  it('max-principal-strain: a small failure strain reaches onset and names the criterion; a 100x larger one does not', async () => {
    const low = await runYaml(yaml('{ name: max-principal-strain, failureStrain: 0.02 }'));
    const onset = low.summary.events.find((e) => e.kind === 'short-onset');
    expect(onset).toBeDefined();
    expect(onset!.message).toMatch(/max-principal-strain criterion met in jellyroll element \d+/);
    expect(onset!.data?.['Short-onset criterion']).toBe('max-principal-strain');
    const high = await runYaml(yaml('{ name: max-principal-strain, failureStrain: 2 }'));
    expect(high.summary.events.some((e) => e.kind === 'short-onset')).toBe(false);
  }, 300_000);

  it('refuses a failure-engine criterion with the winkler-foam bed, and unknown parameters, naming the path', () => {
    const resolve = (text: string) => {
      const p = parseScenarioText(text, 'c.yaml');
      if (!p.ok) return p.problems;
      const r = resolveCellScenario(p.scenario as CellScenario, 'c.yaml');
      return r.ok ? [] : r.problems;
    };
    const wk = resolve(yaml('{ name: max-principal-strain, failureStrain: 0.02 }', 'winkler-foam'));
    expect(wk).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'models.shortCriterion', message: expect.stringMatching(/winkler-foam/) })]));
    const unknown = resolve(yaml('{ name: max-principal-strain, failureStrian: 0.02 }'));
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.map((p) => p.path).join(' ')).toMatch(/models\.shortCriterion/);
  });
});
