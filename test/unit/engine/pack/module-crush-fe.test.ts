/**
 * FE module crush (explicit mechanics engine, MAT_063 foam): a row of 3 cells under an R75
 * semicylinder over the middle cell. References: symmetry (cells 1 and 3 are mirror images: same
 * compression, 1e-6 relative), the geometry (the middle cell, right under the indenter, ends the
 * most compressed), quasi-statics (kinetic/internal < 5 %) and the FE energy balance (< 5 % of the
 * peak internal energy), and the onset time = onset displacement / real speed (exact mapping of
 * the quasi-static run). The onset order itself is not asserted: cells against the housing walls
 * are confined and compress locally as fast as the middle one on this coarse mesh.
 */
import { crushModuleFe } from '../../../../src/engine/pack/module-crush-fe';

describe('FE module crush', () => {
  const out = crushModuleFe({
    cellCount: 3, cellThickness: 0.012, cellHeight: 0.02, cellDepth: 0.03, indenter: 'semicylinder', radius: 0.075,
    speed: 1e-4, maxDeformation: 0.3, onsetStrain: 0.2,
    material: { density: 2700, youngsModulus: 5e8, crushCurve: [[0, 1e6], [0.2, 5e6], [0.5, 3e7], [0.7, 6e7], [0.8, 5e8]] },
    elementsPerCell: [2, 2, 4], mechanicsSpeed: 1,
  });
  test('runs quasi-statically with a closed energy balance; every cell passes the 20 % onset by 30 % crush', () => {
    expect(out.status).toBe('completed');
    expect(out.maxKineticToInternalRatio).toBeLessThan(0.05);
    expect(out.energyBalanceError).toBeLessThan(0.05);
    expect(out.shorts.map((s) => s.cell).sort()).toEqual([0, 1, 2]);
    expect(out.peakForce).toBeGreaterThan(0);
  });
  test('mirror symmetry of the outer cells (1e-6 relative) and time = displacement / speed', () => {
    expect(Math.abs(out.finalCompression[0] - out.finalCompression[2]) / out.finalCompression[0]).toBeLessThan(1e-6);
    for (const s of out.shorts) expect(Math.abs(s.time - s.displacement / 1e-4)).toBeLessThan(1e-9);
    expect(out.finalCompression[1]).toBeGreaterThan(out.finalCompression[0]);
  });
});
