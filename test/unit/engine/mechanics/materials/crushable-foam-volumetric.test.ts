import { CrushableFoamVolumetric, CrushableFoamVolumetricParams } from '../../../../../src/engine/mechanics/materials/crushable-foam-volumetric';
import { MaterialPointDriver } from '../../../../../src/engine/mechanics/materials/driver';

// Synthetic inputs in the range practitioners use for jellyrolls (k ~ 1, kt ~ 0.1; mechanics.md
// §2.7 [unverified]) — they are test inputs, not a calibration.
const curve: [number, number][] = [[0, 2e6], [0.2, 4e6], [0.4, 12e6], [0.6, 50e6]];
const base: CrushableFoamVolumetricParams = {
  density: 2000, youngsModulus: 500e6, poissonsRatio: 0.01,
  compressionYieldRatio: 1.1, hydrostaticTensionRatio: 0.1, compressionCurve: curve,
};
const sigmaC = (e: number): number => {
  for (let i = 0; i + 1 < curve.length; i++) {
    if (e <= curve[i + 1][0] || i + 2 === curve.length) {
      return curve[i][1] + (e - curve[i][0]) / (curve[i + 1][0] - curve[i][0]) * (curve[i + 1][1] - curve[i][1]);
    }
  }
  return NaN;
};
/** Bisection for g(x) = 0 on [a, b] (hand-derived closed forms below reduce to one scalar equation). */
function solve(g: (x: number) => number, a: number, b: number): number {
  let ga = g(a);
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b), gm = g(m);
    if (Math.sign(gm) === Math.sign(ga)) { a = m; ga = gm; } else b = m;
  }
  return 0.5 * (a + b);
}

describe('Abaqus crushable foam, volumetric hardening (mechanics.md §1.2)', () => {
  const m = new CrushableFoamVolumetric(base);
  const E = base.youngsModulus, nu = base.poissonsRatio;

  it('shape factor and hardening map: alpha = 3k/sqrt((3kt+k)(3-k)) and pc(sigma_c0) = sigma_c0/k (derived identity, rel 1e-12)', () => {
    expect(m.alpha).toBeCloseTo(3.3 / Math.sqrt((0.3 + 1.1) * 1.9), 12);
    expect(m.pcFromSigmaC(2e6) / (2e6 / 1.1)).toBeCloseTo(1, 12);
    // the uniaxial point (sigma_c/3, sigma_c) lies on the surface at every hardening state
    for (const e of [0, 0.1, 0.3, 0.5]) expect(Math.abs(m.yieldFunction(sigmaC(e) / 3, sigmaC(e), e)) / sigmaC(e)).toBeLessThan(1e-12);
  });

  it('uniaxial-stress compression: sigma = -sigma_c(eps_p), eps_p = |eps_a| - sigma_c/E, and zero plastic lateral strain (closed form, rel 1e-6)', () => {
    const d = new MaterialPointDriver(m);
    d.pathMixed([-0.4, 0, 0, 0, 0, 0], [1, 2], 400);
    const epsA = -d.totalStrain[0];
    const s = solve((x) => x - sigmaC(epsA - x / E), 0, 100e6);
    expect(-d.stress[0] / s).toBeCloseTo(1, 6);
    // lateral strain stays purely elastic: eps_lat = nu * s / E
    expect(d.totalStrain[1] / (nu * s / E)).toBeCloseTo(1, 4);
    expect(m.equivalentPlasticStrain(d.history, 0) / (epsA - s / E)).toBeCloseTo(1, 6);
  });

  it('hydrostatic compression: p = pc(eps_v - p/K) (closed form, rel 1e-8)', () => {
    const d = new MaterialPointDriver(m);
    d.path([-0.1, -0.1, -0.1, 0, 0, 0], 300);
    const ev = 0.3;
    const p = solve((x) => x - m.pcFromSigmaC(sigmaC(ev - x / m.bulkModulus)), 0, 1e9);
    expect(-d.stress[0] / p).toBeCloseTo(1, 8);
    expect(Math.abs(d.stress[3])).toBeLessThan(1e-6);
  });

  it('hydrostatic tension: perfectly plastic at the apex p = -pt (Abaqus: fixed hydrostatic tensile strength)', () => {
    const d = new MaterialPointDriver(m);
    d.path([0.01, 0.01, 0.01, 0, 0, 0], 50);
    expect(d.stress[0] / m.pt).toBeCloseTo(1, 9);
    expect(d.stress[1] / m.pt).toBeCloseTo(1, 9);
  });

  it('uniaxial tension yields at the root of sigma_t^2 + alpha^2(-sigma_t/3 - p0)^2 = (alpha A)^2, far below the compressive sigma_c0 (asymmetry)', () => {
    const d = new MaterialPointDriver(m);
    // stop at the first plastic step: it sits on the initial surface up to the softening of one
    // small step (rel 1e-3)
    for (let s = 0; s < 2000 && d.plasticWork === 0; s++) d.stepMixed([2e-6, 0, 0, 0, 0, 0], [1, 2]);
    expect(d.plasticWork).toBeGreaterThan(0);
    const pc0 = 2e6 / 1.1, pt = m.pt, p0 = (pc0 - pt) / 2, A = (pc0 + pt) / 2, a = m.alpha;
    const st = solve((x) => x * x + a * a * (-x / 3 - p0) ** 2 - a * a * A * A, 0, 2e6);
    expect(d.stress[0] / st).toBeCloseTo(1, 3);
    expect(st).toBeLessThan(0.5 * 2e6);
  });

  it('simple shear: perfectly plastic at tau = alpha sqrt(pc0 pt)/sqrt(3) with no volumetric plastic strain (p = 0 on the path)', () => {
    const d = new MaterialPointDriver(m);
    d.path([0, 0, 0, 0.02, 0, 0], 100);
    const pc0 = 2e6 / 1.1;
    expect(d.stress[3] / (m.alpha * Math.sqrt(pc0 * m.pt) / Math.sqrt(3))).toBeCloseTo(1, 9);
    expect(Math.abs(m.equivalentPlasticStrain(d.history, 0))).toBeLessThan(1e-12);
  });

  it('unload-reload: unloading slope E in uniaxial stress; reload re-yields at the stress reached before (no hardening while elastic)', () => {
    const d = new MaterialPointDriver(m);
    d.pathMixed([-0.2, 0, 0, 0, 0, 0], [1, 2], 200);
    const s1 = d.stress[0];
    d.pathMixed([0.001, 0, 0, 0, 0, 0], [1, 2], 5);
    expect((d.stress[0] - s1) / (E * 0.001)).toBeCloseTo(1, 6);
    d.pathMixed([-0.001, 0, 0, 0, 0, 0], [1, 2], 5);
    expect(d.stress[0] / s1).toBeCloseTo(1, 6);
  });

  it('consistency after return: |F| < 1e-8 alpha A on a general multiaxial path; plastic work non-negative', () => {
    const d = new MaterialPointDriver(m);
    const inc = [-0.002, 0.0004, -0.0011, 0.0015, -0.0006, 0.0003];
    let yielded = 0;
    for (let s = 0; s < 150; s++) {
      d.step(inc);
      const p = -(d.stress[0] + d.stress[1] + d.stress[2]) / 3;
      const sm = -p;
      const dev = [d.stress[0] - sm, d.stress[1] - sm, d.stress[2] - sm];
      const q = Math.sqrt(1.5 * (dev[0] ** 2 + dev[1] ** 2 + dev[2] ** 2 + 2 * (d.stress[3] ** 2 + d.stress[4] ** 2 + d.stress[5] ** 2)));
      const ev = m.equivalentPlasticStrain(d.history, 0);
      const F = m.yieldFunction(p, q, ev);
      expect(F / m.yieldScale(ev)).toBeLessThan(1e-8);
      if (d.plasticWorkIncrement[0] > 0) { yielded++; expect(Math.abs(F / m.yieldScale(ev))).toBeLessThan(1e-8); }
      expect(d.plasticWorkIncrement[0]).toBeGreaterThanOrEqual(0);
    }
    expect(yielded).toBeGreaterThan(100);
  });

  it('wave speed: c^2 rho = K + 4G/3 at the current density (fixed moduli, exact)', () => {
    const d = new MaterialPointDriver(m);
    d.path([-0.1, 0, 0, 0, 0, 0], 50);
    const rho = 2000 / d.relativeVolume[0];
    expect(d.waveSpeed[0] ** 2 * rho / (m.bulkModulus + (4 / 3) * m.shearModulus)).toBeCloseTo(1, 12);
  });
});
