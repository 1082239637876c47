/**
 * Short-circuit models (src/engine/shorts): the four contact-type resistances against the
 * order-of-magnitude table of runaway-and-shorts.md §2.1 ([derived]: R = L/(σ_eff A), 1 mm²), the
 * maximum-power condition R_s = R_i (closed form), the separator growth law, and the short current
 * of a Rint cell (closed form I = E/(R0 + R_s)).
 */
import { join } from 'node:path';
import { loadSeparatorCard } from '../../../../src/io/cards/separator-card';
import {
  internalShortResistance,
  shortAreaSpecificResistance,
  shortPowerRint,
} from '../../../../src/engine/shorts/internal-short';
import { separatorCondition, shortAreaMultiplier } from '../../../../src/engine/shorts/separator';
import { distributeByVolume, elementsNear, elementsOfParts, stepShortedCell } from '../../../../src/engine/shorts/short-circuit';
import { buildBoxHexMesh } from '../../../../src/engine/thermal/mesh-builders';
import { createConductionModel } from '../../../../src/engine/thermal/conduction';
import { rintModel } from '../../../../src/engine/electrochem/ecm/ecm-model';

// Chen2020 (LG M50): anode 85.2 µm, 215 S/m; cathode 75.6 µm, 0.18 S/m (electrochemistry.md §1.8).
const chen = { anodeThickness: 85.2e-6, anodeConductivity: 215, cathodeThickness: 75.6e-6, cathodeConductivity: 0.18 };
// DUALFOIL / Marquis2019: 100 µm each; σ_eff = 100·0.6^1.5 and 10·0.5^1.5 S/m.
const dualfoil = { anodeThickness: 100e-6, anodeConductivity: 100 * 0.6 ** 1.5, cathodeThickness: 100e-6, cathodeConductivity: 10 * 0.5 ** 1.5 };
const mm2 = 1e-6;

describe('contact-type resistances vs runaway-and-shorts.md §2.1 table (1 mm², no contact term), 1 %', () => {
  const R = (type: Parameters<typeof shortAreaSpecificResistance>[0], c: typeof chen) => shortAreaSpecificResistance(type, c, 0) / mm2;
  it('Chen2020: Al–An 0.40 Ω, Cu–Ca 420 Ω, Ca–An ≈ 420 Ω', () => {
    expect(R('aluminium-anode', chen)).toBeCloseTo(0.396, 2);
    expect(Math.abs(R('copper-cathode', chen) / 420 - 1)).toBeLessThan(0.01);
    expect(Math.abs(R('cathode-anode', chen) / 420 - 1)).toBeLessThan(0.01);
  });
  it('DUALFOIL: Al–An 2.2 Ω, Cu–Ca 28 Ω, Ca–An ≈ 30 Ω', () => {
    expect(Math.abs(R('aluminium-anode', dualfoil) / 2.15 - 1)).toBeLessThan(0.01);
    expect(Math.abs(R('copper-cathode', dualfoil) / 28.3 - 1)).toBeLessThan(0.01);
    expect(Math.abs(R('cathode-anode', dualfoil) / 30.4 - 1)).toBeLessThan(0.01);
  });
  it('Al–Cu is the contact term alone; the order Al–Cu < Al–An < Cu–Ca ≤ Ca–An holds', () => {
    const contact = 1e-8;
    const v = (['aluminium-copper', 'aluminium-anode', 'copper-cathode', 'cathode-anode'] as const).map((t) => shortAreaSpecificResistance(t, chen, contact));
    expect(v[0]).toBe(contact);
    expect(v[0]).toBeLessThan(v[1]);
    expect(v[1]).toBeLessThan(v[2]);
    expect(v[2]).toBeLessThanOrEqual(v[3]);
  });
});

describe('separator growth law (assumed model; temperatures from the cards, unverified)', () => {
  const pe = loadSeparatorCard(join(__dirname, '../../../../materials/separators/pe-wet.yaml')).separator;
  it('g = 1 below shrinkage, linear to g_melt at melt, g_after above; R_ISC scales as 1/(A g)', () => {
    expect(shortAreaMultiplier(pe, 300)).toBe(1);
    const mid = 0.5 * (pe.shrinkageOnsetTemperature + pe.meltTemperature);
    expect(shortAreaMultiplier(pe, mid)).toBeCloseTo(1 + 0.5 * (pe.areaGrowthAtMelt - 1), 12);
    expect(shortAreaMultiplier(pe, pe.meltTemperature + 1)).toBe(pe.areaGrowthAfterMelt);
    expect(separatorCondition(pe, 300)).toBe('intact');
    expect(separatorCondition(pe, pe.shutdownTemperature + 0.1)).toBe('shut-down');
    expect(separatorCondition(pe, pe.meltTemperature)).toBe('melted');
    const spec = { type: 'aluminium-anode' as const, coatings: chen, contactResistance: 0, damagedArea: 4 * mm2, separator: pe };
    expect(internalShortResistance(spec, 300)).toBeCloseTo(0.396 / 4, 3);
    expect(internalShortResistance(spec, 500)).toBeCloseTo(0.396 / 4 / pe.areaGrowthAfterMelt, 5);
  });
});

describe('short power and current (closed forms)', () => {
  it('P_s = U² R_s/(R_s + R_i)² peaks at R_s = R_i with U²/(4 R_i)', () => {
    const U = 4;
    const Ri = 0.025;
    let best = 0;
    let bestR = 0;
    for (let k = -400; k <= 400; k++) {
      const Rs = Ri * 10 ** (k / 100);
      const P = shortPowerRint(U, Ri, Rs);
      if (P > best) {
        best = P;
        bestR = Rs;
      }
    }
    expect(bestR / Ri).toBeCloseTo(1, 2);
    expect(best).toBeCloseTo((U * U) / (4 * Ri), 3);
  });

  it('Rint cell through R_s: I = E/(R0 + R_s), short heat I² R_s, cell heat I² R0 (1e-12)', () => {
    const cell = rintModel({ capacityAh: 3, ocv: 3.9, r0: 0.03 });
    const st = cell.initialState(0.8, 298.15);
    const Rs = 0.05;
    const r = stepShortedCell(cell, st, 1, Rs, 298.15);
    const I = 3.9 / (0.03 + Rs);
    expect(r.shortCurrent / I - 1).toBeCloseTo(0, 12);
    expect(r.shortPower / (I * I * Rs) - 1).toBeCloseTo(0, 12);
    expect(r.ohmicPower / (I * I * 0.03) - 1).toBeCloseTo(0, 12);
  });

  it('short in parallel with a load current: I_s = (E − R0 I_load)/(R0 + R_s) (current divider)', () => {
    const cell = rintModel({ capacityAh: 3, ocv: 3.9, r0: 0.03 });
    const st = cell.initialState(0.8, 298.15);
    const Rs = 0.5;
    const Iload = 2;
    const r = stepShortedCell(cell, st, 1, Rs, 298.15, Iload);
    // V = E − R0 (I_load + I_s) and I_s = V / R_s  →  I_s = (E − R0 I_load)/(R0 + R_s)
    expect(r.shortCurrent).toBeCloseTo((3.9 - 0.03 * Iload) / (0.03 + Rs), 10);
    expect(r.current).toBeCloseTo(Iload + r.shortCurrent, 12);
  });
});

describe('placing short and cell heat on a mesh', () => {
  it('elementsNear picks the centroids within the radius; distributeByVolume conserves the power (1e-12)', () => {
    const mesh = buildBoxHexMesh({ lengths: [0.04, 0.02, 0.01], divisions: [4, 2, 1] });
    const model = createConductionModel({
      mesh,
      parts: [{ partId: 0, volumetricHeatCapacity: 2e6, conductivity: { kind: 'isotropic', value: 1 } }],
      boundaries: [],
      initialTemperature: 300,
    });
    const near = elementsNear(model, [0.005, 0.005, 0.005], 0.001);
    expect(Array.from(near)).toEqual([0]); // centroid (0.005, 0.005, 0.005) is element 0
    const two = elementsNear(model, [0.01, 0.005, 0.005], 0.0051);
    expect(Array.from(two)).toEqual([0, 1]);
    const out = new Float64Array(model.elementCount);
    distributeByVolume(model, elementsOfParts(model, [0]), 12, out);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(12, 12);
    expect(out[3]).toBeCloseTo(12 / 8, 12);
  });
});
