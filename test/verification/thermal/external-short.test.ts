/**
 * External short, adiabatic (issue 6 verification 4). The DUALFOIL-card P2D was not available
 * when this was written, so this uses the ECM path (electrochem ECM_Example Thevenin, PyBaMM
 * `ECM_Example` data in ../shared/reference/data/pybamm-ecm-example: 100 Ah, R0 = 0.4 mΩ,
 * R1 = 0.6 mΩ, τ = 30 s at 25 °C / 50 % SOC, thermal mass 1000 J/K; electrochemistry.md §4.1).
 * References:
 *  - conservation law: C ΔT = ∫ (I_s² R_s + cell irreversible + reversible) dt, 1e-6 relative
 *    (short resistor heat counted inside the adiabatic enclosure);
 *  - electrical energy from the EMF, ∫ OCV·I dt (trapezoid over the recorded steps), equals C ΔT plus
 *    the energy left in the RC capacitor (½ C1 u1²) within 0.5 % (OCV linearisation over 1 s steps);
 *  - the short current follows the OCV down as the cell depletes (I ∝ OCV with a constant
 *    resistance chain) and the run ends at the cell's depletion limit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { theveninModel } from '../../../src/engine/electrochem/ecm/ecm-model';
import { createLumpedThermalModel, lumpedStoredEnergy } from '../../../src/engine/thermal/lumped';
import { simulateShortLumped } from '../../../src/engine/shorts/short-circuit';

const ocvCsv = join(__dirname, '../../reference-data/pybamm-ecm-example/ecm_example_ocv.csv');

describe('external short through 1 mΩ, adiabatic, ECM_Example Thevenin cell (ECM fallback for the P2D case)', () => {
  it('C ΔT = electrical energy (1e-6 closure; 0.5 % vs ∫OCV·I dt); current falls with the OCV; run ends at depletion', () => {
    const rows = readFileSync(ocvCsv, 'utf8').trim().split('\n').filter((l) => !l.startsWith('#')).map((l) => l.split(',').map(Number));
    const cell = theveninModel({
      capacityAh: 100,
      ocv: { axes: ['soc'], breakpoints: [rows.map((r) => r[0])], values: rows.map((r) => r[1]) },
      r0: 0.4e-3,
      rc: [{ r: 0.6e-3, c: 30 / 0.6e-3 }],
    });
    const state = cell.initialState(1, 298.15);
    const thermal = createLumpedThermalModel({
      volume: 1e-3,
      volumetricHeatCapacity: 1e6, // C = 1000 J/K (ECM_Example thermal mass)
      surfaceArea: 0.1,
      convectionCoefficient: 0,
      emissivity: 0,
      ambientTemperature: 298.15,
      initialTemperature: 298.15,
    });
    const E0 = lumpedStoredEnergy(thermal);
    const r = simulateShortLumped({ cell, state, thermal, shortResistance: () => 1e-3, step: 1, duration: 3600, shortHeatInCell: true });
    expect(r.status).toBe('completed');
    expect(r.limit).toMatch(/depleted/);
    const gained = lumpedStoredEnergy(thermal) - E0;
    const electrical = r.shortEnergy + r.ohmicEnergy + r.reversibleEnergy;
    expect(Math.abs(gained - electrical) / electrical).toBeLessThan(1e-6);
    const h = r.history;
    let emf = 0;
    let ocvPrev = 4.187; // OCV at SOC 1 (table)
    for (let i = 0; i < h.time.length; i++) {
      emf += 0.5 * (ocvPrev + h.openCircuitVoltage[i]) * h.shortCurrent[i] * 1;
      ocvPrev = h.openCircuitVoltage[i];
    }
    const I0 = h.shortCurrent[0];
    const Iend = h.shortCurrent[h.shortCurrent.length - 1];
    // eslint-disable-next-line no-console
    console.log(
      `external short: ${h.time.length} s to depletion, I ${I0.toFixed(0)} → ${Iend.toFixed(0)} A, ΔT = ${(gained / 1000).toFixed(1)} K, ` +
        `∫OCV·I dt = ${(emf / 1e6).toFixed(4)} MJ vs C ΔT + ½C1u1² = ${((gained + 0.5 * (30 / 0.6e-3) * state.u[0] ** 2) / 1e6).toFixed(4)} MJ`,
    );
    const capacitor = 0.5 * (30 / 0.6e-3) * state.u[0] ** 2;
    expect(Math.abs(emf - gained - capacitor) / gained).toBeLessThan(0.005);
    expect(Iend).toBeLessThan(0.85 * I0);
    // current tracks the OCV: I / OCV nearly constant after the RC transient (±3 %)
    const ratio0 = h.shortCurrent[200] / h.openCircuitVoltage[200];
    for (let i = 200; i < h.time.length; i += 50) expect(Math.abs(h.shortCurrent[i] / h.openCircuitVoltage[i] / ratio0 - 1)).toBeLessThan(0.03);
  });
});
