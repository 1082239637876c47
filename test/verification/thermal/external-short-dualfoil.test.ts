/**
 * External short of the DUALFOIL 5.1 default cell (P2D, electrochem DfnCellModel) through a load
 * given in Ω·m² (issue 6 verification 4; DUALFOIL 5.2's constant-load mode takes the load in Ω·m²,
 * electrochemistry.md §2.2), adiabatic lumped thermal model.
 * Two loads: 2e-2 Ω·m² (≈ 190 A/m², ~10 C, runs to the negative-surface depletion event), and
 * the issue's 2e-4 Ω·m². The 2e-4 case did not start until the BDF consistent initialisation
 * refreshed its Jacobian after damped Newton steps (before, the stale Jacobian stalled the line
 * search below ~1e-3 Ω·m²). It uses the 'linear' particle surface: with the default 'flux'
 * closure the negative surface is already empty at t = 0 at that current (coarse-shell artefact).
 * At 2e-4 Ω·m² (≈ 8100 A/m²) the collapse is the electrolyte emptying in ~0.2 s, not the electrodes.
 * The parameters are the electrochem
 * engineer's test copy of df5.1/dualfoil5.in (test/unit/engine/electrochem/dualfoil-parameters.ts,
 * electrode area 1 m², so R = 2e-4 Ω). Heat capacity: 0.8166 kg/m² (DUALFOIL cell mass) × an
 * ASSUMED c_p of 1000 J/(kg K); the check does not depend on it.
 * References:
 *  - conservation law: C ΔT = ∫ (I² R_load + cell irreversible + reversible heat) dt, 1e-6;
 *  - the electrical energy drawn from the cell's EMF, ∫ U_ocv(x̄, ȳ) I dt (end-of-step rectangle
 *    rule over 10 s steps), equals C ΔT within 10 % (measured 5.6 %: the energy held in the
 *    concentration gradients when the negative surface depletes, plus the quadrature);
 *  - the current collapses as the electrodes deplete: it halves before the DFN's
 *    negative-surface-depletion event ends the run (final < 60 % of initial).
 */
import { dualfoilParameters } from '../../unit/engine/electrochem/dualfoil-parameters';
import { DfnCellModel } from '../../../src/engine/electrochem/p2d/dfn';
import { createLumpedThermalModel, lumpedStoredEnergy } from '../../../src/engine/thermal/lumped';
import { simulateShortLumped } from '../../../src/engine/shorts/short-circuit';

describe('DUALFOIL P2D external short through 2e-2 Ω·m², adiabatic', () => {
  it('current collapses as the electrodes deplete; C ΔT = electrical energy', () => {
    const cell = new DfnCellModel(dualfoilParameters, { negative: 8, separator: 4, positive: 8, particle: 8 });
    const state = cell.initialState(1, 298);
    const C = 0.8166 * 1000;
    const thermal = createLumpedThermalModel({
      volume: 1e-3,
      volumetricHeatCapacity: C / 1e-3,
      surfaceArea: 1,
      convectionCoefficient: 0,
      emissivity: 0,
      ambientTemperature: 298,
      initialTemperature: 298,
    });
    const E0 = lumpedStoredEnergy(thermal);
    const r = simulateShortLumped({ cell, state, thermal, shortResistance: () => 2e-2, step: 10, duration: 900, shortHeatInCell: true });
    const h = r.history;
    const gained = lumpedStoredEnergy(thermal) - E0;
    const electrical = r.shortEnergy + r.ohmicEnergy + r.reversibleEnergy;
    let emf = 0;
    let tPrev = 0;
    for (let i = 0; i < h.time.length; i++) {
      emf += h.openCircuitVoltage[i] * h.shortCurrent[i] * (h.time[i] - tPrev);
      tPrev = h.time[i];
    }
    const I0 = h.shortCurrent[0];
    const Iend = h.shortCurrent[h.shortCurrent.length - 1];
    // eslint-disable-next-line no-console
    console.log(
      `DUALFOIL external short: ${h.time[h.time.length - 1]} s, I ${I0.toFixed(1)} → ${Iend.toFixed(2)} A/m², ΔT ${(gained / C).toFixed(2)} K, ` +
        `short ${r.shortEnergy.toFixed(0)} J, cell ${(r.ohmicEnergy + r.reversibleEnergy).toFixed(0)} J, ∫U_ocv I dt ${emf.toFixed(0)} J, ` +
        `status ${r.status}${r.limit ? `, limit: ${r.limit}` : ''}`,
    );
    expect(h.time.length).toBeGreaterThan(5);
    expect(Math.abs(gained - electrical) / electrical).toBeLessThan(1e-6);
    expect(Math.abs(emf - gained) / gained).toBeLessThan(0.1);
    expect(Iend).toBeLessThan(0.6 * I0);
    expect(r.limit).toMatch(/depleted|saturated/);
  });
});

describe('DUALFOIL P2D through 2e-4 Ω·m² (the issue\'s load), adiabatic', () => {
  it('starts (consistent initialisation reaches the short); current collapses; C ΔT = electrical energy', () => {
    // 'linear' particle surface (PyBaMM's BoundaryValue): under the default 'flux' closure the
    // half-shell gradient at t = 0 already empties the negative surface at this load (the
    // depletion event fires at the start), a coarse-shell artefact, not physics.
    const cell = new DfnCellModel(dualfoilParameters, { negative: 8, separator: 4, positive: 8, particle: 8, particleSurface: 'linear' });
    const state = cell.initialState(1, 298);
    const C = 0.8166 * 1000;
    const thermal = createLumpedThermalModel({
      volume: 1e-3,
      volumetricHeatCapacity: C / 1e-3,
      surfaceArea: 1,
      convectionCoefficient: 0,
      emissivity: 0,
      ambientTemperature: 298,
      initialTemperature: 298,
    });
    const E0 = lumpedStoredEnergy(thermal);
    const r = simulateShortLumped({ cell, state, thermal, shortResistance: () => 2e-4, step: 0.01, duration: 1, shortHeatInCell: true });
    const h = r.history;
    const gained = lumpedStoredEnergy(thermal) - E0;
    const electrical = r.shortEnergy + r.ohmicEnergy + r.reversibleEnergy;
    let emf = 0;
    let tPrev = 0;
    for (let i = 0; i < h.time.length; i++) {
      emf += h.openCircuitVoltage[i] * h.shortCurrent[i] * (h.time[i] - tPrev);
      tPrev = h.time[i];
    }
    const I0 = h.shortCurrent[0];
    const Iend = h.shortCurrent[h.shortCurrent.length - 1];
    // eslint-disable-next-line no-console
    console.log(
      `DUALFOIL 2e-4 Ω·m²: ${h.time[h.time.length - 1].toFixed(2)} s, I ${I0.toFixed(0)} → ${Iend.toFixed(0)} A/m², ΔT ${(gained / C).toFixed(2)} K, ` +
        `C ΔT ${gained.toFixed(0)} J, electrical ${electrical.toFixed(0)} J, ∫U_ocv I dt ${emf.toFixed(0)} J, status ${r.status}${r.limit ? `, limit: ${r.limit}` : ''}`,
    );
    expect(h.time.length).toBeGreaterThan(5);
    expect(Math.abs(gained - electrical) / electrical).toBeLessThan(1e-6);
    // measured 1.5 % (0.01 s rectangle rule, energy left in the concentration gradients)
    expect(Math.abs(emf - gained) / gained).toBeLessThan(0.05);
    // collapse: the electrolyte concentration falls towards zero (measured 8125 → 5109 A/m² in 0.18 s)
    expect(Iend).toBeLessThan(0.7 * I0);
    expect(r.limit).toMatch(/depleted/);
  });
});
