/**
 * Reduced-order Winkler mechanics against closed forms.
 *  - Pouch under a flat plate: every column has strain d/T, so F = sigma(d/T) * W * L exactly
 *    (tolerance 1e-12 relative, round-off).
 *  - Cylinder under a flat plate: the touched band has half-width a = sqrt(R^2 - (R - d)^2)
 *    (geometry of a chord), to within one column width.
 *  - SOC hardening multiplies the force by (1 + socHardening * SOC) exactly.
 */
import { createWinklerBed, evaluateBed, loadingStress, indenterProfile } from '../../../../src/engine/coupling/winkler-indentation';
import { CELL_PRESETS } from '../../../../src/scenario/presets';
import { Indenter } from '../../../../src/engine/coupling/types';

const plate: Indenter = { shape: 'flat-plate', radius: 0, tipAngle: 0, axis: 'across', offset: 0, startGap: 0 };

describe('Winkler column bed', () => {
  it('pouch under a flat plate: F = sigma(d/T) W L (closed form, 1e-12)', () => {
    const cell = CELL_PRESETS['generic-pouch-nmc'];
    const bed = createWinklerBed(cell, plate, 6, 9);
    const d = 0.2 * cell.geometry.thickness!;
    const f = evaluateBed(bed, cell, 1, d, 0, false, true);
    const exact = loadingStress(cell, 1, 0.2, 0) * cell.geometry.width! * cell.geometry.length;
    expect(Math.abs(f - exact) / exact).toBeLessThan(1e-12);
  });

  it('SOC hardening scales the force by (1 + socHardening SOC)', () => {
    const cell = CELL_PRESETS['generic-pouch-nmc'];
    const bed = createWinklerBed(cell, plate, 4, 4);
    const f0 = evaluateBed(bed, cell, 1, 1e-3, 0, false, false);
    const f1 = evaluateBed(bed, cell, 1 + cell.jellyroll.socHardening, 1e-3, 0, false, false);
    expect(f1 / f0).toBeCloseTo(1 + cell.jellyroll.socHardening, 12);
  });

  it('cylinder under a flat plate: contact half-width sqrt(R^2 - (R-d)^2) within one column', () => {
    const cell = CELL_PRESETS['generic-18650-lco'];
    const nx = 200;
    const bed = createWinklerBed(cell, plate, nx, 4);
    const R = cell.geometry.diameter! / 2;
    const d = 2e-3;
    evaluateBed(bed, cell, 1, d, 0, false, true);
    let xmax = 0;
    for (let k = 0; k < bed.count; k++) if (bed.strain[k] > 0) xmax = Math.max(xmax, Math.abs(bed.x[k]));
    const a = Math.sqrt(R * R - (R - d) * (R - d));
    expect(Math.abs(xmax - a)).toBeLessThan((2 * R) / nx);
  });

  it('unloading follows the elastic line with permanent set; a nail perforates columns (force falls after the peak)', () => {
    const cell = CELL_PRESETS['generic-pouch-nmc'];
    const bed = createWinklerBed(cell, plate, 3, 3);
    const T = cell.geometry.thickness!;
    const fLoaded = evaluateBed(bed, cell, 1, 0.3 * T, 0, false, true);
    const fBack = evaluateBed(bed, cell, 1, 0.29 * T, 0, false, true);
    expect(fBack).toBeLessThan(fLoaded);
    expect(evaluateBed(bed, cell, 1, 0.1 * T, 0, false, true)).toBe(0);

    const nail: Indenter = { shape: 'nail', radius: 2.5e-3, tipAngle: Math.PI / 3, axis: 'across', offset: 0, startGap: 0 };
    expect(indenterProfile(nail, 0, 0)).toBe(0);
    expect(indenterProfile(nail, 3e-3, 0)).toBe(Infinity);
    const nb = createWinklerBed(cell, nail, 10, 10);
    let peak = 0;
    let last = 0;
    for (let i = 1; i <= 100; i++) {
      last = evaluateBed(nb, cell, 1, (i / 100) * 0.95 * T, 0.025, true, true);
      peak = Math.max(peak, last);
    }
    expect(last).toBeLessThan(0.5 * peak);
  });
});
