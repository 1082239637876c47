/**
 * 3-D oven with a very high conductivity must agree with the lumped model (issue 6): both see
 * the same volume, surface, ρc_p, Kim 2007 kinetics and oven boundary (h = 7.17 W/(m²K), ε = 0.8,
 * 155 °C). The lumped model is the BDF reference (itself within 4 s of the §1.4 CSV). Tolerances:
 * runaway time within 1 % (of ~25 min) and peak within 5 K; energy closure of the 3-D run to 1e-6.
 */
import { join } from 'node:path';
import { loadRunawayCard } from '../../../src/io/cards/runaway-card';
import { buildCylinderHexMesh } from '../../../src/engine/thermal/mesh-builders';
import {
  advanceConduction,
  boundaryArea,
  createConductionModel,
  storedThermalEnergy,
} from '../../../src/engine/thermal/conduction';
import { createLumpedThermalModel, runLumped } from '../../../src/engine/thermal/lumped';
import { totalHeatReleased } from '../../../src/engine/thermal/heat-ledger';
import { storedReactionEnergy } from '../../../src/engine/runaway/kinetics';

const kim = loadRunawayCard(join(__dirname, '../../../materials/runaway/kim2007-lco-graphite.yaml')).kinetics;

describe('3-D 18650 oven (k = 1000 W/(m K)) vs lumped model, Kim 2007 kinetics', () => {
  it('runaway time within 1 % and peak within 5 K; 3-D energy closure to 1e-6', () => {
    const mesh = buildCylinderHexMesh({ radius: 0.009, height: 0.065, coreDivisions: 2, ringDivisions: 2, axialDivisions: 4 });
    const oven = { convectionCoefficient: 7.17, emissivity: 0.8, ambientTemperature: 428.15 };
    const model = createConductionModel({
      mesh,
      parts: [{ partId: 0, volumetricHeatCapacity: 2.14e6, conductivity: { kind: 'isotropic', value: 1000 } }],
      boundaries: [oven],
      initialTemperature: 298.15,
      kinetics: { kinetics: kim, partIds: [0] },
      maxStep: 5,
      maxTemperatureChange: 1,
      theta: 0.5,
    });
    let V = 0;
    for (let e = 0; e < model.elementCount; e++) V += model.elementVolume[e];
    const A = boundaryArea(model, 0);
    const stored0 = storedThermalEnergy(model);
    let rx0 = 0;
    for (let l = 0; l < model.runaway!.count; l++) rx0 += storedReactionEnergy(kim, model.runaway!, l) * model.elementVolume[model.lumpElement[l]];
    const res = advanceConduction(model, 3600);
    expect(res.status).toBe('ok');

    const lumped = createLumpedThermalModel({
      volume: V,
      volumetricHeatCapacity: 2.14e6,
      surfaceArea: A,
      ...oven,
      initialTemperature: 298.15,
      kinetics: kim,
    });
    const ref = runLumped(lumped, 3600, { rtol: 1e-7, maxStep: 5 });
    const t3 = model.diagnostics.timeOfPeakMeanTemperatureRate;
    // eslint-disable-next-line no-console
    console.log(
      `3-D (${model.elementCount} el, A/V ${(A / V).toFixed(1)} 1/m): runaway ${(t3 / 60).toFixed(3)} min, peak ${(model.diagnostics.peakTemperature - 273.15).toFixed(2)} °C, ` +
        `steps ${model.diagnostics.steps} (+${model.diagnostics.rejectedSteps} rejected); lumped: ${(ref.runawayTime! / 60).toFixed(3)} min, ${(ref.peakTemperature - 273.15).toFixed(2)} °C`,
    );
    expect(Math.abs(t3 - ref.runawayTime!) / ref.runawayTime!).toBeLessThan(0.01);
    expect(Math.abs(model.diagnostics.peakTemperature - ref.peakTemperature)).toBeLessThan(5);

    // Energy closure: heat stored + lost = reaction enthalpy consumed (no other source here).
    let rx1 = 0;
    for (let l = 0; l < model.runaway!.count; l++) rx1 += storedReactionEnergy(kim, model.runaway!, l) * model.elementVolume[model.lumpElement[l]];
    const released = totalHeatReleased(model.ledger);
    expect(Math.abs(released - (rx0 - rx1)) / released).toBeLessThan(1e-9);
    const gained = storedThermalEnergy(model) - stored0 + model.ledger.boundaryLoss;
    expect(Math.abs(gained - released) / released).toBeLessThan(1e-6);
  });
});
