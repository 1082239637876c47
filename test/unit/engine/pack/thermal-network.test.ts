/**
 * Pack thermal network vs closed forms of the backward-Euler recursion (exact to round-off,
 * rel. 1e-12) and vs the continuous solution (first-order convergence).
 */
import { buildGridThermalNetwork, PackThermalNetwork } from '../../../../src/engine/pack/thermal-network';

function twoCells(g: number, ambient: number) {
  return buildGridThermalNetwork({
    cellCount: 2, columns: 2, pitchX: 0.02, pitchY: 0.02, cellHeatCapacity: 40,
    neighbourConductanceX: g, neighbourConductanceY: 0, ambientConductance: ambient, coolantConductance: 0,
    ambientTemperature: 300, coolantTemperature: 300,
  }).spec;
}

describe('pack thermal network', () => {
  test('two cells, no sinks: difference decays as (1 + 2 G dt / C)^-n and the sum is conserved (rel. 1e-12)', () => {
    const net = new PackThermalNetwork(twoCells(0.5, 0));
    const T = Float64Array.of(400, 300);
    const dt = 2;
    for (let k = 0; k < 50; k++) net.step(dt, T, [0, 0]);
    const expectedDiff = 100 / Math.pow(1 + (2 * 0.5 * dt) / 40, 50);
    expect(Math.abs(T[0] - T[1] - expectedDiff) / expectedDiff).toBeLessThan(1e-12);
    expect(Math.abs(T[0] + T[1] - 700) / 700).toBeLessThan(1e-12);
  });

  test('one cell cooling to ambient converges to T_a + (T0 - T_a) exp(-G t / C) with first order in dt', () => {
    const errorAt = (dt: number): number => {
      const spec = twoCells(0, 0.2);
      const net = new PackThermalNetwork(spec);
      const T = Float64Array.of(400, 300);
      for (let t = 0; t < 200 - 1e-9; t += dt) net.step(dt, T, [0, 0]);
      return Math.abs(T[0] - (300 + 100 * Math.exp((-0.2 * 200) / 40)));
    };
    const e1 = errorAt(4);
    const e2 = errorAt(2);
    // Backward Euler: halving dt halves the error (ratio 2 within 10 %).
    expect(e1 / e2).toBeGreaterThan(1.8);
    expect(e1 / e2).toBeLessThan(2.2);
    expect(errorAt(0.05)).toBeLessThan(0.05);
  });

  test('heat input is booked: C dT = Q dt - heat lost to the sinks (rel. 1e-12)', () => {
    const net = new PackThermalNetwork(twoCells(0.3, 0.1));
    const T = Float64Array.of(300, 300);
    net.step(1, T, [50, 0]);
    const stored = 40 * (T[0] - 300) + 40 * (T[1] - 300);
    expect(Math.abs(stored - (50 - net.lastAmbientHeat - net.lastCoolantHeat)) / 50).toBeLessThan(1e-12);
  });

  test('housing node: the cells convect to it, it is numbered last, and C dT = Q dt - heat to ambient (rel. 1e-12)', () => {
    const { spec } = buildGridThermalNetwork({
      cellCount: 6, columns: 3, pitchX: 0.02, pitchY: 0.02, cellHeatCapacity: 40, neighbourConductanceX: 0.3, neighbourConductanceY: 0.3,
      ambientConductance: 0.05, coolantConductance: 0.1, ambientTemperature: 300, coolantTemperature: 290,
      housing: { heatCapacity: 500, ambientConductance: 1 },
    });
    expect(spec.nodeCount).toBe(7);
    expect(spec.denseNodes).toEqual([6]);
    const net = new PackThermalNetwork(spec);
    const T = Float64Array.from([300, 300, 300, 300, 300, 300, 300]);
    let lost = 0;
    for (let k = 0; k < 20; k++) {
      net.step(5, T, [30, 0, 0, 0, 0, 0, 0]);
      lost += net.lastAmbientHeat + net.lastCoolantHeat;
    }
    let stored = 0;
    for (let i = 0; i < 7; i++) stored += spec.heatCapacity[i] * (T[i] - 300);
    expect(Math.abs(stored - (30 * 100 - lost)) / 3000).toBeLessThan(1e-12);
    expect(T[6]).toBeGreaterThan(300); // the housing warms up
  });
});
