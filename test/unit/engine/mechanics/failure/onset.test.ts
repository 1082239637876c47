import { CriterionPointState } from '../../../../../src/engine/mechanics/failure/criterion';
import { ShortOnsetTracker } from '../../../../../src/engine/mechanics/failure/onset';

describe('short-onset tracker', () => {
  it('records the first point reaching indicator 1 with time, location, indenter state and local state; accumulates damaged area', () => {
    const n = 3;
    const st: CriterionPointState = {
      stress: new Float64Array(6 * n).map((_, k) => k), totalStrain: new Float64Array(6 * n), plasticStrainIncrement: new Float64Array(n),
      relativeVolume: new Float64Array([1, 0.8, 0.9]), initialLength: new Float64Array(n).fill(1e-3),
    };
    const area = new Float64Array([1e-6, 2e-6, 3e-6]);
    const loc = new Float64Array([0, 0, 0, 1, 2, 3, 4, 5, 6]);
    const t = new ShortOnsetTracker(n, area, loc);
    t.observe(0.1, new Float64Array([0.5, 0.9, 0.2]), st, { indenterDisplacement: 1e-3, indenterForce: 100 });
    expect(t.onset).toBeUndefined();
    t.observe(0.2, new Float64Array([0.7, 1.2, 1.05]), st, { indenterDisplacement: 2e-3, indenterForce: 250 });
    expect(t.onset).toMatchObject({ time: 0.2, point: 1, indicator: 1.2, location: [1, 2, 3], indenterDisplacement: 2e-3, indenterForce: 250, relativeVolume: 0.8 });
    expect(t.onset!.stress).toEqual([6, 7, 8, 9, 10, 11]);
    expect(t.area).toBeCloseTo(5e-6, 18);
    t.observe(0.3, new Float64Array([1.0, 1.3, 1.1]), st);
    expect(t.area).toBeCloseTo(6e-6, 18);
    expect(t.damagedAreaHistory.map((x) => x[0])).toEqual([0.2, 0.3]);
    expect(t.damagedAreaHistory[1][1]).toBeCloseTo(6e-6, 18);
    expect(t.onset!.time).toBe(0.2);
    expect(Array.from(t.failureTime)).toEqual([0.3, 0.2, 0.2]);
  });
});
