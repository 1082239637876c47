/**
 * Physical trends of the coupled run (issue 7), each a monotonic comparison of two runs that differ
 * in one input only. References: the short-power argument P_s = U^2 R_s / (R_s + R_i)^2 and the
 * Al-anode discussion of runaway-and-shorts.md §2.1 (Santhanagopalan 2009; Duan 2023); rate
 * hardening of homogenized jellyrolls (seed-review.md §4, Kalnaus 2019 rate dependence).
 */
import { runYaml, num } from './helpers';

const hardShort = (soc: number) => `
kind: cell
name: trend-soc-${soc}
cell: { preset: generic-18650-lco, stateOfCharge: ${soc} }
loading: { type: external-short, resistance: 50 mohm }
steps: { observe: 30 min }
`;

const rod = (opts: { shortType?: string; speed?: string; criterion?: string; stop?: string }) => `
kind: cell
name: trend-rod
cell: { preset: generic-18650-lco, stateOfCharge: 1 }
loading: { type: indentation, indenter: { shape: rod, radius: 5 mm }, speed: ${opts.speed ?? '1 mm/s'} }
steps: { stop: { ${opts.stop ?? 'deformation: 0.4'} }, observe: 10 min }
models: { mechanics: winkler-foam, shortType: ${opts.shortType ?? 'al-anode'}, shortCriterion: ${opts.criterion ?? 'critical-strain'} }
`;
// mechanics pinned to winkler-foam (explicit-fe is the default for an 18650 under a rod): these are
// trends of the coupling (short type, rate law, no short) and need four rod runs to 30-50 %
// deformation; the explicit-fe rate and SOC trends are in fe-quasi-static.test.ts.

describe('coupled-run trends', () => {
  it('higher SOC -> earlier and hotter runaway after the same short (50 mOhm external short)', async () => {
    const low = await runYaml(hardShort(0.9));
    const high = await runYaml(hardShort(1));
    expect(low.summary.results['Thermal runaway']).toBe(true);
    expect(high.summary.results['Thermal runaway']).toBe(true);
    expect(num(high, 'Runaway onset time [s]')).toBeLessThan(num(low, 'Runaway onset time [s]'));
    expect(num(high, 'Maximum temperature [K]')).toBeGreaterThan(num(low, 'Maximum temperature [K]'));
  });

  it('an Al-anode short heats the short location more than a cathode-limited short', async () => {
    const al = await runYaml(rod({ shortType: 'al-anode' }));
    const cath = await runYaml(rod({ shortType: 'cathode-limited' }));
    const peak = (r: typeof al) => Math.max(...r.timeseries.data['Short-location temperature [K]']);
    expect(al.summary.results['Short onset']).toBe(true);
    expect(cath.summary.results['Short onset']).toBe(true);
    // Cathode-limited (420 Ohm for 1 mm^2) dissipates milliwatts: the spot stays within 1 K of ambient.
    expect(peak(cath) - 298.15).toBeLessThan(1);
    expect(peak(al)).toBeGreaterThan(peak(cath) + 100);
  });

  it('faster loading -> higher force at the same deformation (rate hardening)', async () => {
    const slow = await runYaml(rod({ speed: '0.1 mm/s', criterion: 'none', stop: 'deformation: 0.3' }));
    const fast = await runYaml(rod({ speed: '100 mm/s', criterion: 'none', stop: 'deformation: 0.3' }));
    expect(num(fast, 'Peak indenter force [N]')).toBeGreaterThan(1.1 * num(slow, 'Peak indenter force [N]'));
  });

  it('a cell that does not short does not run away', async () => {
    const run = await runYaml(rod({ criterion: 'none', stop: 'deformation: 0.5' }));
    expect(run.summary.results['Short onset']).toBe(false);
    expect(run.summary.results['Thermal runaway']).toBe(false);
    expect(num(run, 'Maximum temperature [K]') - 298.15).toBeLessThan(1);
    expect(run.summary.eucar?.level).toBe(0);
  });
});
