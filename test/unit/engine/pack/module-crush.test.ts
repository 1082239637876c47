/** Reduced-order module crush vs the closed-form geometry of a rigid semicylinder over a row of cells. */
import { crushModule } from '../../../../src/engine/pack/module-crush';

describe('module crush (rigid intrusion)', () => {
  const base = { cellCount: 5, columns: 5, pitchX: 0.02, cellDiameter: 0.018, radius: 0.075, speed: 1e-4, maxDeformation: 0.3, onsetStrain: 0.25 };
  test('R75 over the middle cell: onset at 0.25 D / v; a neighbour at dx = 20 mm needs the extra gap R - sqrt(R^2 - dx^2) (closed form, 1e-12)', () => {
    const r = crushModule({ ...base, indenter: 'semicylinder' });
    expect(r.shorts[0].cell).toBe(2);
    expect(Math.abs(r.shorts[0].time - (0.25 * 0.018) / 1e-4)).toBeLessThan(1e-9);
    const gap = 0.075 - Math.sqrt(0.075 ** 2 - 0.02 ** 2); // 2.72 mm
    expect(Math.abs(r.finalCompression[1] - (0.3 * 0.018 - gap) / 0.018)).toBeLessThan(1e-12);
    // 0.25 D + gap = 7.2 mm > 5.4 mm stop: only the middle cell shorts.
    expect(r.shorts).toHaveLength(1);
    expect(r.endTime).toBeCloseTo(54, 9);
  });
  test('a flat plate compresses every cell equally: all short at the same time', () => {
    const r = crushModule({ ...base, indenter: 'plate' });
    expect(r.shorts).toHaveLength(5);
    for (const s of r.shorts) expect(s.time).toBeCloseTo(45, 9);
  });
});
