/** Signed distance of the rigid analytic indenters (reference: closed-form geometry). */
import { compileShape, signedDistance } from '../../../../../src/engine/mechanics/contact/rigid-indenter';

const out = new Float64Array(4);

describe('rigid indenter geometry (closed form, 1e-12)', () => {
  it('plate: distance along the normal', () => {
    const s = compileShape({ kind: 'plate', normal: [0, 0, -2] });
    expect(signedDistance(s, 1, 2, -0.3, out)).toBeCloseTo(0.3, 12);
    expect(signedDistance(s, 0, 0, 0.1, out)).toBeCloseTo(-0.1, 12);
    expect(Array.from(out.subarray(1))).toEqual([0, 0, -1]);
  });

  it('cylinder (R75 semicylinder / rod): radial distance, ends excluded when finite', () => {
    const s = compileShape({ kind: 'cylinder', radius: 0.075, axis: [1, 0, 0], length: 0.2 });
    expect(signedDistance(s, 0.05, 0, -0.07, out)).toBeCloseTo(-0.005, 12);
    expect(out[3]).toBeCloseTo(-1, 12);
    expect(signedDistance(s, 0.2, 0, -0.07, out)).toBe(Infinity);
  });

  it('sphere: |d| - R with the radial normal', () => {
    const s = compileShape({ kind: 'sphere', radius: 0.01 });
    expect(signedDistance(s, 0.003, 0.004, 0, out)).toBeCloseTo(-0.005, 12);
    expect(out[1]).toBeCloseTo(0.6, 12);
  });

  it('nail: spherical tip below the tangent circle, cone flank above, shank beyond', () => {
    const alpha = Math.PI / 6, rt = 0.0005;
    // Axis +z from the tip into the shank; tip point at the origin.
    const s = compileShape({ kind: 'cone', halfAngle: alpha, tipRadius: rt, axis: [0, 0, 1], shankRadius: 0.0015 });
    // Straight ahead of the tip (on the axis, below): distance to the tip point.
    expect(signedDistance(s, 0, 0, -0.001, out)).toBeCloseTo(0.001, 12);
    expect(out[3]).toBeCloseTo(-1, 12);
    // On the flank: a point at height z from the virtual apex, radius rho: phi = rho cos a - z sin a.
    const apex = rt / Math.sin(alpha) - rt; // tip point is this far above the virtual apex
    const z = 0.002, rho = 0.0008;
    const expected = rho * Math.cos(alpha) - (z + apex) * Math.sin(alpha);
    expect(signedDistance(s, rho, 0, z, out)).toBeCloseTo(expected, 12);
    // Far up the nail, the shank radius limits the solid.
    expect(signedDistance(s, 0.0016, 0, 0.02, out)).toBeCloseTo(0.0001, 12);
  });

  it('rejects bad shapes naming the field', () => {
    expect(() => compileShape({ kind: 'sphere', radius: -1 }, 'indenters[0]')).toThrow(/indenters\[0\]\.shape\.radius/);
    expect(() => compileShape({ kind: 'cone', halfAngle: 2, tipRadius: 0, axis: [0, 0, 1] })).toThrow(/halfAngle/);
  });
});
