/**
 * Lumped model details and failure handling:
 *  - core + can network at steady state: T_core − T_can = P/G, T_can − T_amb = P/(hA) (closed form);
 *  - radiation-only cooling of a lump vs the closed-form solution of C dT/dt = −εσA(T⁴ − Ta⁴) with
 *    Ta = 0: T(t) = (T0⁻³ + 3εσA t / C)^(−1/3), 1e-5 relative;
 *  - a runaway that defeats the integrator (lumped: step budget; 3-D: minimum step) returns the
 *    partial history, the time reached and the reason — no throw.
 *  - venting proxy: pressure from ideal gas and the vent event (assumed model, closed form).
 */
import { join } from 'node:path';
import { loadRunawayCard } from '../../../../src/io/cards/runaway-card';
import { advanceLumped, createLumpedThermalModel, lumpedCanTemperature, lumpedTemperature, runLumped } from '../../../../src/engine/thermal/lumped';
import { STEFAN_BOLTZMANN, advanceConduction, createConductionModel } from '../../../../src/engine/thermal/conduction';
import { buildCylinderHexMesh } from '../../../../src/engine/thermal/mesh-builders';
import { createVentingState, updateVenting } from '../../../../src/engine/runaway/venting';
import { GAS_CONSTANT } from '../../../../src/engine/runaway/kinetics';
import { loadThermalCard } from '../../../../src/io/cards/thermal-card';
import { conductionPartFor, lumpedOptionsFor } from '../../../../src/engine/thermal/cell-thermal';

const loaded = loadRunawayCard(join(__dirname, '../../../../materials/runaway/kim2007-lco-graphite.yaml'));
const kim = loaded.kinetics;

describe('lumped thermal network (closed forms)', () => {
  it('core + can steady state: ΔT_core-can = P/G and ΔT_can-amb = P/(hA) to 1e-6 K', () => {
    const m = createLumpedThermalModel({
      volume: 1e-5,
      volumetricHeatCapacity: 2e6,
      surfaceArea: 4e-3,
      convectionCoefficient: 20,
      emissivity: 0,
      ambientTemperature: 300,
      initialTemperature: 300,
      can: { heatCapacity: 5, conductance: 0.5 },
    });
    expect(advanceLumped(m, 40000, { ohmic: 1 }, { maxStep: 1000 }).status).toBe('ok');
    expect(lumpedTemperature(m) - lumpedCanTemperature(m)!).toBeCloseTo(1 / 0.5, 6);
    expect(lumpedCanTemperature(m)! - 300).toBeCloseTo(1 / (20 * 4e-3), 6);
  });

  it('radiation-only cooling matches T(t) = (T0⁻³ + 3εσA t/C)^(−1/3) to 1e-5', () => {
    const C = 20; // J/K
    const A = 0.01;
    const eps = 0.8;
    const m = createLumpedThermalModel({
      volume: 1e-5,
      volumetricHeatCapacity: C / 1e-5,
      surfaceArea: A,
      convectionCoefficient: 0,
      emissivity: eps,
      ambientTemperature: 0,
      initialTemperature: 800,
    });
    advanceLumped(m, 600);
    const exact = (800 ** -3 + (3 * eps * STEFAN_BOLTZMANN * A * 600) / C) ** (-1 / 3);
    expect(Math.abs(lumpedTemperature(m) / exact - 1)).toBeLessThan(1e-5);
  });
});

describe('a runaway that defeats the integrator keeps the partial history and says why', () => {
  it('lumped: step budget exhausted during the runaway → failed, time < end, reason names t', () => {
    const V = Math.PI * 0.009 ** 2 * 0.065;
    const m = createLumpedThermalModel({
      volume: V,
      volumetricHeatCapacity: 2.14e6,
      surfaceArea: 253 * V,
      convectionCoefficient: 7.17,
      emissivity: 0.8,
      ambientTemperature: 428.15,
      initialTemperature: 298.15,
      kinetics: kim,
    });
    const r = runLumped(m, 3600, { maxSteps: 150, maxStep: 20 });
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/lumped thermal integrator: .*t ?= ?\d/);
    expect(r.history.time.length).toBeGreaterThan(10);
    expect(m.time).toBeGreaterThan(0);
    expect(m.time).toBeLessThan(3600);
    expect(r.history.time[r.history.time.length - 1]).toBeCloseTo(m.time, 9);
  });

  it('3-D: minimum step reached in the runaway → failed with the time and the temperature change, state kept', () => {
    const mesh = buildCylinderHexMesh({ radius: 0.009, height: 0.065, coreDivisions: 2, ringDivisions: 1, axialDivisions: 2 });
    const model = createConductionModel({
      mesh,
      parts: [{ partId: 0, volumetricHeatCapacity: 2.14e6, conductivity: { kind: 'isotropic', value: 3 } }],
      boundaries: [],
      initialTemperature: 400,
      kinetics: { kinetics: kim, partIds: [0] },
      maxStep: 5,
      minStep: 0.5, // deliberately too coarse for the runaway
      maxTemperatureChange: 1,
    });
    const r = advanceConduction(model, 3600);
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/time step fell below 0\.5 s at t = .* s/);
    expect(r.time).toBeGreaterThan(0);
    expect(r.time).toBeLessThan(3600);
    expect(model.time).toBe(r.time);
    expect(Math.max(...model.temperature)).toBeGreaterThan(400);
  });
});

describe('venting proxy (assumed ideal-gas model)', () => {
  it('p = p0 T/T0 + nRT/V_free; vents at the burst pressure; ejected mass = n M', () => {
    const v = loaded.venting!;
    expect(v.status).toBe('assumed');
    const st = createVentingState(v);
    // 1 J of SEI heat → 1/257000 kg of SEI consumed → n = y_sei × that
    const heat = [1, 0, 0, 0];
    updateVenting(v, kim, st, heat, 350, 298.15, 10);
    const n = (v.gasYield.sei * 1) / kim.sei.enthalpy;
    expect(st.gasMoles).toBeCloseTo(n, 12);
    expect(st.pressure).toBeCloseTo((v.initialPressure * 350) / 298.15 + (n * GAS_CONSTANT * 350) / v.freeVolume, 6);
    expect(st.vented).toBe(false);
    // enough anode heat to exceed the burst pressure
    const opened = updateVenting(v, kim, st, [100, 5000, 0, 0], 450, 298.15, 20);
    expect(opened).toBe(true);
    expect(st.ventTime).toBe(20);
    expect(st.peakPressure).toBeGreaterThanOrEqual(v.burstPressure);
    expect(st.ejectedMass).toBeCloseTo(st.gasMoles * v.gasMolarMass, 12);
  });
});

describe('cell-thermal card helpers', () => {
  it('Kim 18650 card: A/V = 2/r + 2/L = 253 1/m (runaway-and-shorts.md §1.2, derived) and hA/V = 1816 W/(m³K) (±0.5 %)', () => {
    const cell = loadThermalCard(join(__dirname, '../../../../materials/thermal/kim2007-18650.yaml')).thermal;
    const o = lumpedOptionsFor(cell, { ambientTemperature: 428.15, initialTemperature: 298.15 });
    expect(Math.abs(o.surfaceArea / o.volume / 253 - 1)).toBeLessThan(0.005);
    expect(Math.abs((o.convectionCoefficient * o.surfaceArea) / o.volume / 1816 - 1)).toBeLessThan(0.005);
    expect(conductionPartFor(cell, 0).conductivity).toEqual({ kind: 'cylindrical', radial: 3.4, hoop: 30, axial: 30, axisOrigin: [0, 0, 0] });
  });
});

describe('venting during the lumped Kim oven run (assumed model: ordering check only)', () => {
  it('the can vents before the runaway, the ejected mass is the gas generated × M', () => {
    const V = Math.PI * 0.009 ** 2 * 0.065;
    const m = createLumpedThermalModel({
      volume: V,
      volumetricHeatCapacity: 2.14e6,
      surfaceArea: 253 * V,
      convectionCoefficient: 7.17,
      emissivity: 0.8,
      ambientTemperature: 428.15,
      initialTemperature: 298.15,
      kinetics: kim,
    });
    const r = runLumped(m, 3600, { rtol: 1e-6, maxStep: 10 }, 1, loaded.venting!);
    const v = r.venting!;
    // eslint-disable-next-line no-console
    console.log(`venting (assumed): vent at ${(v.ventTime! / 60).toFixed(2)} min, runaway ${(r.runawayTime! / 60).toFixed(2)} min, gas ${v.gasMoles.toFixed(4)} mol, ejected ${(v.ejectedMass * 1000).toFixed(2)} g`);
    expect(v.vented).toBe(true);
    expect(v.ventTime!).toBeLessThan(r.runawayTime!);
    expect(v.ejectedMass).toBeCloseTo(v.gasMoles * loaded.venting!.gasMolarMass, 12);
  });
});
