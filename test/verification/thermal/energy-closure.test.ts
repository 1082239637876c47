/**
 * Energy closure (conservation law, issue 6, 1e-6 relative): in an adiabatic cell the heat that
 * raises the temperature equals the reaction enthalpy consumed (Σ H W V Δ(species)) plus the
 * short's electrical energy and the cell's own heat. Lumped (BDF) and 3-D (split) models.
 */
import { join } from 'node:path';
import { loadRunawayCard } from '../../../src/io/cards/runaway-card';
import { createLumpedThermalModel, lumpedStoredEnergy } from '../../../src/engine/thermal/lumped';
import { createRunawayState, storedReactionEnergy } from '../../../src/engine/runaway/kinetics';
import { simulateShortLumped } from '../../../src/engine/shorts/short-circuit';
import { internalShortResistance } from '../../../src/engine/shorts/internal-short';
import { loadSeparatorCard } from '../../../src/io/cards/separator-card';
import { rintModel } from '../../../src/engine/electrochem/ecm/ecm-model';
import { totalHeatReleased } from '../../../src/engine/thermal/heat-ledger';
import { buildCylinderHexMesh } from '../../../src/engine/thermal/mesh-builders';
import { advanceConduction, createConductionModel, storedThermalEnergy } from '../../../src/engine/thermal/conduction';
import { distributeByVolume, elementsOfParts, stepShortedCell } from '../../../src/engine/shorts/short-circuit';

const mat = join(__dirname, '../../../materials');
const kim = loadRunawayCard(join(mat, 'runaway/kim2007-lco-graphite.yaml')).kinetics;
const pe = loadSeparatorCard(join(mat, 'separators/pe-wet.yaml')).separator;
const V = Math.PI * 0.009 ** 2 * 0.065;

function speciesEnergy(y: Float64Array, kin: number): number {
  const s = createRunawayState(kim, 1);
  s.cSei[0] = y[kin];
  s.cNeg[0] = y[kin + 1];
  s.tSei[0] = y[kin + 2];
  s.alpha[0] = y[kin + 3];
  s.cE[0] = y[kin + 4];
  return storedReactionEnergy(kim, s, 0) * V;
}

describe('energy closure, adiabatic lumped 18650 with an internal Al–anode short and Kim kinetics', () => {
  it('C ΔT = reaction enthalpy consumed + short + cell heat to 1e-6, and the short drove a runaway', () => {
    const thermal = createLumpedThermalModel({
      volume: V,
      volumetricHeatCapacity: 2.14e6,
      surfaceArea: 253 * V,
      convectionCoefficient: 0,
      emissivity: 0,
      ambientTemperature: 298.15,
      initialTemperature: 298.15,
      kinetics: kim,
    });
    const cell = rintModel({ capacityAh: 2.6, ocv: 3.9, r0: 0.03 });
    const state = cell.initialState(1, 298.15);
    const spec = {
      type: 'aluminium-anode' as const,
      coatings: { anodeThickness: 85.2e-6, anodeConductivity: 215, cathodeThickness: 75.6e-6, cathodeConductivity: 0.18 },
      contactResistance: 2e-6,
      damagedArea: 25e-6,
      separator: pe,
    };
    const E0 = lumpedStoredEnergy(thermal);
    const species0 = speciesEnergy(thermal.y, thermal.layout.kin);
    const r = simulateShortLumped({
      cell,
      state,
      thermal,
      shortResistance: (T) => internalShortResistance(spec, T),
      step: 1,
      duration: 600,
      shortHeatInCell: true,
    });
    expect(r.status).toBe('completed');
    const gained = lumpedStoredEnergy(thermal) - E0;
    const consumed = species0 - speciesEnergy(thermal.y, thermal.layout.kin);
    const electrical = r.shortEnergy + r.ohmicEnergy + r.reversibleEnergy;
    // eslint-disable-next-line no-console
    console.log(
      `adiabatic short: ΔT ${(gained / thermal.heatCapacity).toFixed(1)} K, reactions ${consumed.toFixed(1)} J, electrical ${electrical.toFixed(1)} J, ` +
        `peak ${(thermal.diagnostics.peakTemperature - 273.15).toFixed(1)} °C, relative closure error ${(Math.abs(gained - consumed - electrical) / gained).toExponential(2)}`,
    );
    expect(Math.abs(gained - consumed - electrical) / gained).toBeLessThan(1e-6);
    // the ledger agrees with both
    expect(Math.abs(totalHeatReleased(thermal.ledger) - gained) / gained).toBeLessThan(1e-6);
    expect(thermal.diagnostics.peakTemperature).toBeGreaterThan(600); // a runaway happened
    // the separator law widened the short: R fell by g_after once the cell passed the PE melt point
    const R0 = r.history.shortResistance[0];
    const iMelt = r.history.temperature.findIndex((T) => T > pe.meltTemperature);
    expect(iMelt).toBeGreaterThan(0);
    expect(r.history.shortResistance[iMelt + 1] / R0).toBeCloseTo(1 / pe.areaGrowthAfterMelt, 12);
  });
});

describe('energy closure, 3-D cylinder with a localised internal short and Kim kinetics (adiabatic)', () => {
  it('Σ C ΔT = reaction enthalpy consumed + short + cell heat to 1e-6', () => {
    const mesh = buildCylinderHexMesh({ radius: 0.009, height: 0.065, coreDivisions: 2, ringDivisions: 2, axialDivisions: 4 });
    const model = createConductionModel({
      mesh,
      parts: [{ partId: 0, volumetricHeatCapacity: 2.14e6, conductivity: { kind: 'cylindrical', radial: 3.4, hoop: 30, axial: 30 } }],
      boundaries: [],
      initialTemperature: 298.15,
      kinetics: { kinetics: kim, partIds: [0] },
      maxStep: 5,
      solverTolerance: 1e-13,
    });
    const cell = rintModel({ capacityAh: 2.6, ocv: 3.9, r0: 0.03 });
    const state = cell.initialState(1, 298.15);
    const jelly = elementsOfParts(model, [0]);
    const shortElements = Int32Array.of(model.elementCount - 1);
    const species = () => {
      let s = 0;
      for (let l = 0; l < model.runaway!.count; l++) s += storedReactionEnergy(kim, model.runaway!, l) * model.elementVolume[model.lumpElement[l]];
      return s;
    };
    const E0 = storedThermalEnergy(model);
    const S0 = species();
    let electrical = 0;
    const shortPower = new Float64Array(model.elementCount);
    const cellPower = new Float64Array(model.elementCount);
    for (let k = 0; k < 12; k++) {
      shortPower.fill(0);
      cellPower.fill(0);
      const s = stepShortedCell(cell, state, 5, 0.04, 298.15);
      distributeByVolume(model, shortElements, s.shortPower, shortPower);
      distributeByVolume(model, jelly, s.ohmicPower, cellPower);
      electrical += (s.shortPower + s.ohmicPower) * 5;
      const res = advanceConduction(model, 5, [
        { name: 'short', elementPower: shortPower },
        { name: 'ohmic', elementPower: cellPower },
      ]);
      expect(res.status).toBe('ok');
    }
    const gained = storedThermalEnergy(model) - E0;
    const consumed = S0 - species();
    expect(consumed).toBeGreaterThan(0);
    expect(Math.abs(gained - consumed - electrical) / gained).toBeLessThan(1e-6);
    expect(Math.abs(model.ledger.energy[0] + model.ledger.energy[1] - electrical) / electrical).toBeLessThan(1e-12);
  });
});
