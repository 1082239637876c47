import { CrushableFoamMat063, CrushableFoamMat063Params } from '../../../../../src/engine/mechanics/materials/crushable-foam-mat063';
import { MaterialPointDriver } from '../../../../../src/engine/mechanics/materials/driver';
import { symmetricEigen } from '../../../../../src/engine/mechanics/materials/tensor3';

// A synthetic jellyroll-like crush curve (plateau then densification); numbers are test inputs,
// not a calibration.
const curve: [number, number][] = [[0, 1e6], [0.3, 3e6], [0.5, 10e6], [0.7, 60e6]];
const base: CrushableFoamMat063Params = {
  density: 2000, youngsModulus: 50e6, poissonsRatio: 0, crushCurve: curve, tensionCutoff: 0.2e6, damping: 0,
};
function f(gamma: number): number {
  for (let i = 0; i + 1 < curve.length; i++) {
    if (gamma <= curve[i + 1][0] || i + 2 === curve.length) {
      const t = (gamma - curve[i][0]) / (curve[i + 1][0] - curve[i][0]);
      return curve[i][1] + t * (curve[i + 1][1] - curve[i][1]);
    }
  }
  return NaN;
}

describe('MAT_063 crushable foam (LS-DYNA MODEL 0 / OpenRadioss LAW163, mechanics.md §1.1)', () => {
  it('raises E to the steepest crush-curve slope (250 MPa here, exact)', () => {
    const m = new CrushableFoamMat063(base);
    expect(m.effectiveYoungsModulus).toBeCloseTo(50e6 / 0.2, 6);
  });

  it('uniaxial-strain compression follows sigma_xx = -f(1 - V) exactly (closed form, rel 1e-9), lateral stress 0 for nu = 0', () => {
    const m = new CrushableFoamMat063(base);
    const d = new MaterialPointDriver(m);
    const records = d.path([Math.log(0.35), 0, 0, 0, 0, 0], 400);
    for (const r of records.slice(10)) {
      const gamma = 1 - r.relativeVolume;
      expect(r.stress[0]).toBeCloseTo(-f(gamma), -Math.log10(f(gamma) * 1e-9));
      expect(Math.abs(r.stress[1])).toBeLessThan(1e-6);
    }
  });

  it('densification: the tangent d|sigma|/d gamma rises along the crush (0.3 -> 0.6)', () => {
    const m = new CrushableFoamMat063(base);
    const d = new MaterialPointDriver(m);
    const r = d.path([Math.log(0.3), 0, 0, 0, 0, 0], 700);
    const tangentAt = (g: number): number => {
      const i = r.findIndex((x) => 1 - x.relativeVolume >= g);
      return (r[i + 1].stress[0] - r[i].stress[0]) / (r[i].relativeVolume - r[i + 1].relativeVolume) * -1;
    };
    expect(tangentAt(0.6)).toBeGreaterThan(5 * tangentAt(0.2));
  });

  it('hydrostatic compression caps all three principal stresses at -f(1 - exp(3 eps)) (closed form, rel 1e-9)', () => {
    const d = new MaterialPointDriver(new CrushableFoamMat063({ ...base, poissonsRatio: 0.1 }));
    d.path([-0.1, -0.1, -0.1, 0, 0, 0], 200);
    const gamma = 1 - Math.exp(-0.3);
    for (let k = 0; k < 3; k++) expect(d.stress[k] / -f(gamma)).toBeCloseTo(1, 9);
  });

  it('uniaxial tension is capped at the tension cut-off TSC (asymmetry: 0.2 MPa vs 1 MPa crush start)', () => {
    const d = new MaterialPointDriver(new CrushableFoamMat063(base));
    d.path([0.05, 0, 0, 0, 0, 0], 50);
    expect(d.stress[0]).toBeCloseTo(0.2e6, 3);
    const c = new MaterialPointDriver(new CrushableFoamMat063(base));
    c.path([-0.05, 0, 0, 0, 0, 0], 50);
    expect(-c.stress[0] / d.stress[0]).toBeGreaterThan(5);
  });

  it('simple shear: principal values ±tau capped independently (hand-derived: sigma1 = TSC, sigma3 = -f(0))', () => {
    const m = new CrushableFoamMat063(base);
    const d = new MaterialPointDriver(m);
    const epsXY = 0.01; // trial tau = 2 G eps = 2.5 MPa > f(0) = 1 MPa > TSC
    d.path([0, 0, 0, epsXY, 0, 0], 20);
    const s1 = 0.2e6, s3 = -1e6;
    expect(d.stress[3]).toBeCloseTo((s1 - s3) / 2, 2);
    expect(d.stress[0]).toBeCloseTo((s1 + s3) / 2, 2);
    expect(d.stress[1]).toBeCloseTo((s1 + s3) / 2, 2);
    expect(Math.abs(d.stress[2])).toBeLessThan(1e-6);
  });

  it('unload-reload: elastic unloading with E* from the capped state, then back onto the curve at the current gamma', () => {
    const m = new CrushableFoamMat063(base);
    const d = new MaterialPointDriver(m);
    d.path([Math.log(0.6), 0, 0, 0, 0, 0], 200);
    const sLoaded = d.stress[0];
    d.path([0.002, 0, 0, 0, 0, 0], 4); // unload: uniaxial strain, nu = 0 -> modulus E*
    expect(d.stress[0] - sLoaded).toBeCloseTo(m.effectiveYoungsModulus * 0.002, 0);
    d.path([-0.02, 0, 0, 0, 0, 0], 40);
    const gamma = 1 - d.relativeVolume[0];
    expect(d.stress[0] / -f(gamma)).toBeCloseTo(1, 9);
  });

  it('consistency after return: every principal stress lies in [sigma_y, TSC] to 1e-8 relative on a mixed path', () => {
    const m = new CrushableFoamMat063({ ...base, poissonsRatio: 0.2 });
    const d = new MaterialPointDriver(m);
    const vals = new Float64Array(3), vecs = new Float64Array(9);
    const inc = [-0.002, 0.0005, -0.001, 0.0015, -0.0007, 0.0004];
    for (let s = 0; s < 200; s++) {
      d.step(inc);
      symmetricEigen(d.stress, 0, vals, vecs);
      const sy = -m.crushStress(1 - d.relativeVolume[0]);
      for (let k = 0; k < 3; k++) {
        expect(vals[k]).toBeGreaterThanOrEqual(sy * (1 + 1e-8));
        expect(vals[k]).toBeLessThanOrEqual(m.tensionCutoff * (1 + 1e-8));
      }
    }
  });

  it('wave speed: c^2 rho = max(K, df/dgamma) + 4G/3 without damping (exact), bounded below by the elastic speed at the current density', () => {
    const m = new CrushableFoamMat063(base);
    const d = new MaterialPointDriver(m);
    const c0 = m.initialWaveSpeed();
    expect(c0).toBeCloseTo(Math.sqrt(250e6 / 2000), 6);
    d.path([Math.log(0.35), 0, 0, 0, 0, 0], 300);
    const J = d.relativeVolume[0];
    const rho = 2000 / J;
    const slope = (60e6 - 10e6) / 0.2;
    expect(d.waveSpeed[0] ** 2 * rho).toBeCloseTo(Math.max(m.bulkModulus, slope) + (4 / 3) * m.shearModulus, -3);
    expect(d.waveSpeed[0]).toBeGreaterThanOrEqual(c0 * Math.sqrt(J) * (1 - 1e-12));
  });

  it('damping adds a(eps_dot) per LAW163 and does not carry over once the rate vanishes', () => {
    const m = new CrushableFoamMat063({ ...base, damping: 0.1 });
    const d = new MaterialPointDriver(m, { dt: 1e-4, initialLength: 2e-3 });
    d.path([Math.log(0.8), 0, 0, 0, 0, 0], 100);
    const withViscous = d.stress[0];
    d.step([0, 0, 0, 0, 0, 0]);
    const gamma = 1 - d.relativeVolume[0];
    expect(d.stress[0] / -f(gamma)).toBeCloseTo(1, 9);
    // a = c rho DAMP L / (1 + gamma), nu = 0: sigma_v = a * eps_dot (uniaxial)
    const rho = 2000 / d.relativeVolume[0];
    const c = Math.sqrt(m.bulkModulus + (4 / 3) * m.shearModulus) / Math.sqrt(rho);
    const rate = Math.log(0.8) / 100 / 1e-4;
    const a = c * rho * 0.1 * 2e-3 / (1 + gamma);
    expect((withViscous - d.stress[0]) / (a * rate)).toBeCloseTo(1, 2);
  });

  it('SOC and rate options scale the crush stress: stiffer at higher SOC and at higher rate (Johnson–Cook 1 + C ln(rate/rate0))', () => {
    const crushAt = (params: CrushableFoamMat063Params, dt: number): number => {
      const d = new MaterialPointDriver(new CrushableFoamMat063(params), { dt });
      d.path([Math.log(0.6), 0, 0, 0, 0, 0], 200);
      return -d.stress[0];
    };
    const soc = (s: number): CrushableFoamMat063Params => ({ ...base, scaling: { soc: { socScale: [[0, 0.8], [1, 1.2]], soc: s } } });
    expect(crushAt(soc(1), 1e-3) / crushAt(soc(0), 1e-3)).toBeCloseTo(1.2 / 0.8, 9);
    const rateParams = { ...base, scaling: { rate: { kind: 'johnson-cook' as const, c: 0.05, referenceRate: 1e-3 } } };
    const slow = crushAt(rateParams, 1); // rate ~ 2.6e-3 /s
    const fast = crushAt(rateParams, 1e-5);
    const rateFast = Math.sqrt(2 / 3) * Math.abs(Math.log(0.6) / 200) / 1e-5;
    const rateSlow = Math.sqrt(2 / 3) * Math.abs(Math.log(0.6) / 200) / 1;
    expect(fast / slow).toBeCloseTo((1 + 0.05 * Math.log(rateFast / 1e-3)) / (1 + 0.05 * Math.log(rateSlow / 1e-3)), 6);
  });
});
