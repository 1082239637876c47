import { HoneycombMat126, HoneycombMat126Params } from '../../../../../src/engine/mechanics/materials/honeycomb-mat126';
import { MaterialPointDriver } from '../../../../../src/engine/mechanics/materials/driver';
import { vonMises } from '../../../../../src/engine/mechanics/materials/tensor3';

// Synthetic pouch-stack-like inputs (test inputs, not a calibration): stiff and strong through the
// thickness (c), weak in-plane (a, b).
const flat = (v: number): [number, number][] => [[0, v], [1, v]];
const base: HoneycombMat126Params = {
  density: 2500, youngsModulus: 2e9, poissonsRatio: 0.3, compactedYieldStress: 50e6, compactedRelativeVolume: 0.5,
  uncompactedModuli: { aa: 50e6, bb: 50e6, cc: 200e6, ab: 20e6, bc: 20e6, ca: 20e6 },
  curves: { aa: flat(1e6), bb: flat(1e6), cc: [[0, 2e6], [0.3, 10e6], [0.5, 80e6]], ab: flat(0.5e6), bc: flat(0.5e6), ca: flat(0.5e6) },
};

describe('Modified honeycomb MAT_126 (PRU = 0, LAW130 logic, mechanics.md §1.5)', () => {
  it('through-thickness uniaxial strain: sigma_cc = -f_c(1 - V) once clipped, other components zero (decoupled; closed form, rel 1e-9)', () => {
    const d = new MaterialPointDriver(new HoneycombMat126(base));
    d.path([0, 0, Math.log(0.6), 0, 0, 0], 400);
    const g = 1 - d.relativeVolume[0];
    const f = 10e6 + (g - 0.3) / 0.2 * 70e6;
    expect(-d.stress[2] / f).toBeCloseTo(1, 9);
    expect(d.stress[0]).toBe(0);
    expect(d.stress[1]).toBe(0);
  });

  it('moduli interpolate with compaction: elastic sigma_aa = Eu eps + (E - Eu)/(1 - VF) (eps - e^eps + 1) (integrated closed form, rel 2e-3)', () => {
    const strong = { ...base, curves: { ...base.curves, aa: flat(1e12) } };
    const d = new MaterialPointDriver(new HoneycombMat126(strong));
    const eps = Math.log(0.7);
    d.path([eps, 0, 0, 0, 0, 0], 2000);
    const exact = 50e6 * eps + (2e9 - 50e6) / 0.5 * (eps - Math.exp(eps) + 1);
    expect(d.stress[0] / exact).toBeCloseTo(1, 2);
    expect(Math.abs(d.stress[0] / exact - 1)).toBeLessThan(2e-3);
  });

  it('anisotropy: in-plane compression is clipped at 1 MPa, through-thickness at f_c (same strain)', () => {
    const a = new MaterialPointDriver(new HoneycombMat126(base));
    a.path([-0.1, 0, 0, 0, 0, 0], 100);
    const c = new MaterialPointDriver(new HoneycombMat126(base));
    c.path([0, 0, -0.1, 0, 0, 0], 100);
    expect(-a.stress[0]).toBeCloseTo(1e6, 3);
    expect(-c.stress[2] / -a.stress[0]).toBeGreaterThan(3);
  });

  it('simple shear: tau_ab clipped at the shear curve (0.5 MPa) after elastic G_ab gamma', () => {
    const d = new MaterialPointDriver(new HoneycombMat126(base));
    d.step([0, 0, 0, 0.005, 0, 0]);
    expect(d.stress[3]).toBeCloseTo(20e6 * 0.01, 3);
    d.path([0, 0, 0, 0.05, 0, 0], 10);
    expect(d.stress[3]).toBeCloseTo(0.5e6, 3);
  });

  it('unload-reload along c: unloading with the interpolated modulus, reload back to the curve', () => {
    const m = new HoneycombMat126(base);
    const d = new MaterialPointDriver(m);
    d.path([0, 0, Math.log(0.8), 0, 0, 0], 200);
    const s1 = d.stress[2];
    const beta = (1 - d.relativeVolume[0]) / 0.5;
    d.step([0, 0, 1e-4, 0, 0, 0]);
    const betaAfter = (1 - d.relativeVolume[0]) / 0.5;
    expect((d.stress[2] - s1) / 1e-4 / (200e6 + betaAfter * (2e9 - 200e6))).toBeCloseTo(1, 9);
    expect(beta).toBeGreaterThan(betaAfter);
    d.path([0, 0, -0.01, 0, 0, 0], 20);
    const g = 1 - d.relativeVolume[0];
    expect(-d.stress[2] / (2e6 + g / 0.3 * 8e6)).toBeCloseTo(1, 9);
  });

  it('full compaction: isotropic J2 with SIGY (q = 50 MPa under shear after V < VF) and elastic pressure with the compacted K = E/(3(1 - 2 nu))', () => {
    const m = new HoneycombMat126(base);
    const d = new MaterialPointDriver(m);
    d.path([-0.25, -0.25, -0.25, 0, 0, 0], 100); // V = exp(-0.75) < 0.5
    expect(m.equivalentPlasticStrain(d.history, 0)).toBe(1);
    const p0 = -(d.stress[0] + d.stress[1] + d.stress[2]) / 3;
    d.path([0, 0, 0, 0.05, 0, 0], 50);
    expect(vonMises(d.stress, 0) / 50e6).toBeCloseTo(1, 12);
    expect(-(d.stress[0] + d.stress[1] + d.stress[2]) / 3).toBeCloseTo(p0, 0);
    d.step([-0.001, -0.001, -0.001, 0, 0, 0]);
    expect(-(d.stress[0] + d.stress[1] + d.stress[2]) / 3 - p0).toBeCloseTo((2e9 / (3 * (1 - 2 * 0.3))) * 0.003, -1);
  });

  it('Sahraei tensile failure: fails when eps1 reaches eps_tf(r), r = |eps3/eps1| (LS-DYNA TSEF < 0), stress zero after', () => {
    const m = new HoneycombMat126({ ...base, tensileFailure: { kind: 'sahraei', ratioCurve: [[0, 0.1], [4, 0.02]] } });
    const d = new MaterialPointDriver(m);
    // path eps = t (1, 0, -2): r = 2 -> eps_tf = 0.06
    let failedAt = -1;
    for (let s = 1; s <= 200; s++) {
      d.step([0.001, 0, -0.002, 0, 0, 0]);
      if (m.damage(d.history, 0) === 1) { failedAt = s; break; }
    }
    expect(failedAt).toBe(60);
    expect(Array.from(d.stress)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('Sahraei failure under through-thickness compression: r beyond the curve uses its last value (no failure while eps1 is a round-off 1e-9; a declining curve extrapolated to r = 1e7 would be negative)', () => {
    const m = new HoneycombMat126({ ...base, tensileFailure: { kind: 'sahraei', ratioCurve: [[0, 0.1], [1, 0.06], [5, 0.03]] } });
    const d = new MaterialPointDriver(m);
    for (let s = 0; s < 100; s++) d.step([1e-11, 0, -1e-3, 0, 0, 0]);
    expect(m.damage(d.history, 0)).toBe(0);
    expect(-d.stress[2]).toBeGreaterThan(2e6); // still carries the crush stress f_c
  });

  it('rotated material axes: c along x gives the through-thickness response on sigma_xx', () => {
    const m = new HoneycombMat126({ ...base, axes: [[0, 1, 0], [0, 0, 1], [1, 0, 0]] });
    const d = new MaterialPointDriver(m);
    d.path([Math.log(0.6), 0, 0, 0, 0, 0], 400);
    const g = 1 - d.relativeVolume[0];
    expect(-d.stress[0] / (10e6 + (g - 0.3) / 0.2 * 70e6)).toBeCloseTo(1, 9);
  });

  it('wave speed: c^2 min(rho, rho0) = largest current modulus (exact)', () => {
    const d = new MaterialPointDriver(new HoneycombMat126(base));
    d.path([0, 0, Math.log(0.8), 0, 0, 0], 100);
    const beta = (1 - d.relativeVolume[0]) / 0.5;
    expect(d.waveSpeed[0] ** 2 * 2500 / (200e6 + beta * (2e9 - 200e6))).toBeCloseTo(1, 9);
  });
});
