/**
 * Conservation and reference checks of the coupled run.
 *  - Coupled energy closure: the electrical energy drawn from the cell (stored-energy change
 *    Q * integral of U(SOC) dSOC, exact for the piecewise-linear EMF) equals the short heat plus the
 *    internal heat, to 1e-4 relative (issue 7).
 *  - Oven at 155 °C with Kim 2007 kinetics, lumped, h = 7.17 W/(m^2 K), emissivity 0.8, against the
 *    reference curve ../shared/reference/data/kim2007-lumped-18650-oven155C.csv (scipy LSODA,
 *    rtol 1e-8; runaway-and-shorts.md §1.4): temperatures within 5 K before runaway, time of maximum
 *    dT/dt within 1 min of 25.2 min, peak within 5 K of 523 °C (the tolerances §1.4 states).
 */
import * as fs from 'fs';
import * as path from 'path';
import { runYaml, valueAt, num } from './helpers';

const EXTERNAL_SHORT = `
kind: cell
name: closure-external
cell: { preset: generic-18650-lco, stateOfCharge: 0.8 }
loading: { type: external-short, resistance: 100 mohm }
steps: { observe: 20 min }
`;

const NAIL_SHORT = `
kind: cell
name: closure-nail
cell: { preset: generic-pouch-nmc, stateOfCharge: 1 }
loading: { type: nail, indenter: { shape: nail, radius: 2.5 mm, tipAngle: 60 deg }, speed: 25 mm/s }
steps: { stop: { deformation: 0.9 }, observe: 10 min }
models: { shortType: al-cu, shortArea: 20 mm^2 }
`;

describe('coupled energy closure (conservation law, 1e-4 relative)', () => {
  it.each([
    ['external short 100 mOhm', EXTERNAL_SHORT, ['short-onset']],
    ['nail, Al-Cu internal short with separator melt and runaway', NAIL_SHORT, ['short-onset', 'separator-melt', 'runaway-onset']],
  ] as [string, string, string[]][])(
    '%s: energy drawn = short heat + internal heat to 1e-4',
    async (_label, yaml, expectedEvents) => {
      const run = await runYaml(yaml);
      const kinds = run.summary.events.map((e) => e.kind);
      for (const k of expectedEvents) expect(kinds).toContain(k);
      expect(run.summary.status).toBe('completed');
      const drawn = num(run, 'Electrical energy drawn [J]');
      const heat = num(run, 'Short-circuit heat [J]') + num(run, 'Internal (ohmic) heat [J]');
      expect(drawn).toBeGreaterThan(100); // a real discharge happened, not 0 = 0
      expect(Math.abs(drawn - heat) / drawn).toBeLessThan(1e-4);
      expect(run.summary.diagnostics.energyBalanceError).toBeLessThan(1e-4);
    },
  );
});

describe('155 °C oven vs the Kim 2007 lumped reference curve', () => {
  // Values interpolated from data/kim2007-lumped-18650-oven155C.csv (time_s, T_C).
  const REFERENCE_C: [number, number][] = [[300, 84.454], [600, 120.880], [900, 150.050], [1200, 167.405], [1400, 178.782]];
  const REFERENCE_RUNAWAY_S = 25.2 * 60;
  const REFERENCE_PEAK_K = 523 + 273.15;

  it('reproduces the curve within 5 K, the runaway time within 1 min and the peak within 5 K', async () => {
    const yaml = fs.readFileSync(path.resolve(__dirname, '../../../scenarios/oven-155C-18650.yaml'), 'utf8');
    const run = await runYaml(yaml, 'oven-155C-18650.yaml');
    for (const [t, refC] of REFERENCE_C) {
      expect(Math.abs(valueAt(run, 'Mean temperature [K]', t) - (refC + 273.15))).toBeLessThan(5);
    }
    const ts = run.timeseries.data['Time [s]'];
    const T = run.timeseries.data['Mean temperature [K]'];
    let best = 1;
    for (let i = 1; i < ts.length; i++) {
      if ((T[i] - T[i - 1]) / (ts[i] - ts[i - 1]) > (T[best] - T[best - 1]) / (ts[best] - ts[best - 1])) best = i;
    }
    expect(Math.abs(ts[best] - REFERENCE_RUNAWAY_S)).toBeLessThan(60);
    expect(Math.abs(num(run, 'Maximum temperature [K]') - REFERENCE_PEAK_K)).toBeLessThan(5);
    expect(run.summary.results['Thermal runaway']).toBe(true);
  });
});
