import { DeshpandeFleck, DeshpandeFleckParams } from '../../../../../src/engine/mechanics/materials/deshpande-fleck';
import { MaterialPointDriver } from '../../../../../src/engine/mechanics/materials/driver';

// MAT_154-type hardening with synthetic parameters (test inputs, not a calibration).
const hard = { kind: 'mat154' as const, sigmaP: 1e6, gamma: 2e6, epsD: 0.8, alpha2: 3e6, beta: 2 };
const base: DeshpandeFleckParams = { density: 1800, youngsModulus: 300e6, poissonsRatio: 0.05, alpha: 2.0, hardening: hard };
const Y = (e: number): number => hard.sigmaP + hard.gamma * e / hard.epsD + hard.alpha2 * Math.log(1 / (1 - (e / hard.epsD) ** hard.beta));
function solve(g: (x: number) => number, a: number, b: number): number {
  let ga = g(a);
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b), gm = g(m);
    if (Math.sign(gm) === Math.sign(ga)) { a = m; ga = gm; } else b = m;
  }
  return 0.5 * (a + b);
}

describe('Deshpande–Fleck foam (MAT_154 / Abaqus isotropic crushable foam, mechanics.md §1.3–1.4)', () => {
  const m = new DeshpandeFleck(base);
  const E = base.youngsModulus, nu = base.poissonsRatio, a = base.alpha;
  const nuP = (0.5 - (a / 3) ** 2) / (1 + (a / 3) ** 2); // associated plastic Poisson ratio (§1.3, derived)

  it('alpha from Abaqus k: the surface passes through (sigma_c/3, sigma_c) and p = sigma_c/k (derived, rel 1e-12)', () => {
    const k = 1.2, al = DeshpandeFleck.alphaFromK(k);
    const mk = new DeshpandeFleck({ ...base, alpha: al });
    expect(mk.equivalentStress(1 / 3, 1)).toBeCloseTo(1, 12);
    expect(mk.equivalentStress(1 / k, 0)).toBeCloseTo(1, 12);
  });

  it('hardening modulus H = dY/d eps matches a central difference of Y (rel 1e-6)', () => {
    for (const e of [0.05, 0.3, 0.6]) {
      const fd = (m.yieldStress(e + 1e-7) - m.yieldStress(e - 1e-7)) / 2e-7;
      expect(m.hardeningModulus(e) / fd).toBeCloseTo(1, 6);
    }
  });

  it('uniaxial-stress compression: |sigma| = Y(eps_p), eps_p = |eps_a| - |sigma|/E, lateral plastic strain = nu_p * axial (closed form, rel 1e-5)', () => {
    const d = new MaterialPointDriver(m);
    d.pathMixed([-0.5, 0, 0, 0, 0, 0], [1, 2], 500);
    const epsA = -d.totalStrain[0];
    const s = solve((x) => x - Y(epsA - x / E), 0, 1e9);
    expect(-d.stress[0] / s).toBeCloseTo(1, 5);
    const epsP = epsA - s / E;
    expect(d.totalStrain[1] / (nu * s / E + nuP * epsP)).toBeCloseTo(1, 4);
  });

  it('densification: tangent of the uniaxial response rises towards eps_D', () => {
    const d = new MaterialPointDriver(m);
    const r = d.pathMixed([-0.7, 0, 0, 0, 0, 0], [1, 2], 350);
    const t = (i: number): number => (r[i].stress[0] - r[i + 1].stress[0]) / (r[i].strain[0] - r[i + 1].strain[0]);
    expect(Math.abs(t(300))).toBeGreaterThan(3 * Math.abs(t(100)));
  });

  it('tension and compression are symmetric (no cut-off): first yield at +/- sigma_p', () => {
    for (const sign of [1, -1]) {
      const d = new MaterialPointDriver(m);
      d.pathMixed([sign * 0.01, 0, 0, 0, 0, 0], [1, 2], 200);
      expect(Math.abs(d.stress[0]) / Y(m.equivalentPlasticStrain(d.history, 0))).toBeCloseTo(1, 6);
    }
  });

  it('hydrostatic compression: p = c Y(eps_hat)/alpha, eps_hat = (c/alpha)(eps_v - p/K) (closed form, rel 1e-8)', () => {
    const d = new MaterialPointDriver(m);
    d.path([-0.05, -0.05, -0.05, 0, 0, 0], 300);
    const c = Math.sqrt(1 + (a / 3) ** 2);
    // hydrostatic: sigma:d eps^p = p d eps_v^p = Y d eps_hat and p = c Y / alpha -> d eps_hat = c/alpha d eps_v^p
    const ev = 0.15;
    const p = solve((x) => x - c * Y((c / a) * (ev - x / m.bulkModulus)) / a, 0, 1e9);
    expect(-d.stress[0] / p).toBeCloseTo(1, 8);
  });

  it('simple shear: tau = c Y(eps_hat)/sqrt(3), c = sqrt(1 + (alpha/3)^2), eps_hat = (2c/sqrt3) * plastic tensor shear (hand-derived, rel 1e-6)', () => {
    const d = new MaterialPointDriver(m);
    d.path([0, 0, 0, 0.05, 0, 0], 200);
    const G = m.shearModulus;
    const epsXY = 0.05;
    const c = Math.sqrt(1 + (a / 3) ** 2);
    // tau = 2 G (eps_xy - eps_xy^p); sigma_hat = sqrt3 tau / c = Y; Y d eps_hat = 2 tau d eps_xy^p -> d eps_hat = (2c/sqrt3) d eps_xy^p
    const tau = solve((t) => t - c * Y((2 * c / Math.sqrt(3)) * (epsXY - t / (2 * G))) / Math.sqrt(3), 0, 1e9);
    expect(d.stress[3] / tau).toBeCloseTo(1, 6);
  });

  it('unload-reload: elastic unloading with slope E and re-yield at the previous stress', () => {
    const d = new MaterialPointDriver(m);
    d.pathMixed([-0.2, 0, 0, 0, 0, 0], [1, 2], 200);
    const s1 = d.stress[0];
    d.pathMixed([0.002, 0, 0, 0, 0, 0], [1, 2], 4);
    expect((d.stress[0] - s1) / (E * 0.002)).toBeCloseTo(1, 6);
    d.pathMixed([-0.002, 0, 0, 0, 0, 0], [1, 2], 4);
    expect(d.stress[0] / s1).toBeCloseTo(1, 6);
  });

  it('consistency after return: |sigma_hat - Y| < 1e-8 Y on a multiaxial path; wave speed c^2 rho = K + 4G/3', () => {
    const d = new MaterialPointDriver(m);
    const inc = [-0.002, 0.0004, -0.0011, 0.0015, -0.0006, 0.0003];
    for (let s = 0; s < 150; s++) {
      d.step(inc);
      const p = -(d.stress[0] + d.stress[1] + d.stress[2]) / 3;
      const dev = [d.stress[0] + p, d.stress[1] + p, d.stress[2] + p];
      const q = Math.sqrt(1.5 * (dev[0] ** 2 + dev[1] ** 2 + dev[2] ** 2 + 2 * (d.stress[3] ** 2 + d.stress[4] ** 2 + d.stress[5] ** 2)));
      const y = m.yieldStress(m.equivalentPlasticStrain(d.history, 0));
      expect((m.equivalentStress(p, q) - y) / y).toBeLessThan(1e-8);
      if (d.plasticWorkIncrement[0] > 0) expect(Math.abs(m.equivalentStress(p, q) - y) / y).toBeLessThan(1e-8);
    }
    const rho = 1800 / d.relativeVolume[0];
    expect(d.waveSpeed[0] ** 2 * rho / (m.bulkModulus + (4 / 3) * m.shearModulus)).toBeCloseTo(1, 12);
  });
});
