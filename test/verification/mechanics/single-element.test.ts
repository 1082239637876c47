/**
 * Single hex8 element checks (references: Hooke's law in uniaxial stress, the J2 hardening table
 * itself, and frame indifference of the stress under rigid rotation).
 */
import { createMechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../../src/engine/mechanics/materials/elastic';
import { J2PlasticityMaterial } from '../../../src/engine/mechanics/materials/j2-plasticity';
import { expectHealthyEnergies } from './energy-checks';

const E = 200e9, nu = 0.3, rho = 7800;

function invariants(s: ArrayLike<number>): [number, number, number] {
  const [xx, yy, zz, xy, yz, zx] = [s[0], s[1], s[2], s[3], s[4], s[5]];
  const i1 = xx + yy + zz;
  const i2 = xx * yy + yy * zz + zz * xx - xy * xy - yz * yz - zx * zx;
  const i3 = xx * (yy * zz - yz * yz) - xy * (xy * zz - yz * zx) + zx * (xy * yz - yy * zx);
  return [i1, i2, i3];
}

describe('single element, uniaxial stress (Hooke: sigma = E eps, lateral strain -nu eps; 1e-10 relative)', () => {
  it('reproduces E and nu exactly under the uniaxial-stress velocity field', () => {
    const mesh = createBoxMesh({ size: [1e-3, 1e-3, 1e-3], divisions: [1, 1, 1] });
    const rate = 10; // 1/s
    const model = createMechanicsModel({
      mesh,
      parts: [{ id: 1, material: new ElasticMaterial({ density: rho, youngsModulus: E, poissonsRatio: nu }) }],
      boundaryConditions: [{
        kind: 'velocity', nodeSet: 'all',
        // v = L x^(n+1) exactly (so that the element sees D = L): v = L x^n / (1 - L dt) per axis.
        field: (_t, x, y, z, out, dt) => {
          out[0] = (-nu * rate * x) / (1 + nu * rate * dt); out[1] = (-nu * rate * y) / (1 + nu * rate * dt); out[2] = (rate * z) / (1 - rate * dt);
        },
      }],
    });
    model.advance({ steps: 200 });
    const st = model.readElementState();
    const strain = model.arrays.totalStrain;
    const szz = st.stress[2];
    expect(szz).toBeGreaterThan(0);
    expect(Math.abs(szz / strain[2] - E) / E).toBeLessThan(1e-10);
    expect(Math.abs(strain[0] / strain[2] + nu)).toBeLessThan(1e-10);
    for (const c of [0, 1, 3, 4, 5]) expect(Math.abs(st.stress[c]) / szz).toBeLessThan(1e-10);
  });
});

describe('J2 uniaxial tension past yield follows the hardening table (reference: the table; 1 % on sigma_zz, 1e-9 on von Mises)', () => {
  it('free lateral faces, slow loading, symmetry planes', () => {
    const table: Array<[number, number]> = [[0, 300e6], [0.02, 360e6], [0.1, 420e6], [0.5, 500e6]];
    const material = new J2PlasticityMaterial({ density: rho, youngsModulus: E, poissonsRatio: nu, hardening: table });
    const mesh = createBoxMesh({ size: [1e-3, 1e-3, 1e-3], divisions: [1, 1, 1] });
    const model = createMechanicsModel({
      mesh,
      parts: [{ id: 1, material }],
      boundaryConditions: [
        { kind: 'fixed', nodeSet: 'xmin', directions: ['x'] },
        { kind: 'fixed', nodeSet: 'ymin', directions: ['y'] },
        { kind: 'fixed', nodeSet: 'zmin', directions: ['z'] },
        // Smooth ramp to 2 m/s... slow relative to the element's wave transit (~1.7e-7 s).
        { kind: 'velocity', nodeSet: 'zmax', velocity: [null, null, 0.05], amplitude: (t) => Math.min(1, t / 2e-4) },
      ],
      historyInterval: 5e-5,
    });
    const checks: Array<{ ep: number; szz: number; mises: number }> = [];
    for (let k = 1; k <= 12; k++) {
      const r = model.advance({ untilTime: k * 1e-4 * 1.5 });
      expect(r.status).toBe('completed');
      const st = model.readElementState();
      const s = st.stress;
      const mises = Math.sqrt(0.5 * ((s[0] - s[1]) ** 2 + (s[1] - s[2]) ** 2 + (s[2] - s[0]) ** 2) + 3 * (s[3] ** 2 + s[4] ** 2 + s[5] ** 2));
      checks.push({ ep: st.plasticStrain[0], szz: s[2], mises });
    }
    const plastic = checks.filter((c) => c.ep > 1e-3);
    expect(plastic.length).toBeGreaterThan(5);
    expect(plastic[plastic.length - 1].ep).toBeGreaterThan(0.05); // beyond the second table point
    for (const c of plastic) {
      const sy = material.yieldStress(c.ep);
      expect(Math.abs(c.mises - sy) / sy).toBeLessThan(1e-9); // radial return lands on the table
      expect(Math.abs(c.szz - sy) / sy).toBeLessThan(0.01); // uniaxial: sigma_zz = sigma_y(eps_p) within 1 %
    }
    expectHealthyEnergies(model);
  });
});

describe('large rigid rotation of a stressed element (reference: frame indifference; invariants to 1e-10)', () => {
  it('rotating 90 degrees about z maps sigma_xx to sigma_yy and keeps the invariants', () => {
    const mesh = createBoxMesh({ size: [1e-3, 1e-3, 1e-3], divisions: [1, 1, 1], origin: [-5e-4, -5e-4, -5e-4] });
    const rate = 5, stretchTime = 2e-5;
    const omega = Math.PI / 2 / 1e-4; // 90 degrees in 1e-4 s
    const model = createMechanicsModel({
      mesh,
      parts: [{ id: 1, material: new ElasticMaterial({ density: rho, youngsModulus: E, poissonsRatio: nu }) }],
      boundaryConditions: [{
        kind: 'velocity', nodeSet: 'all',
        // Velocities linear in the end-of-step position (v = L x^(n+1)), so the element sees exactly
        // D = sym(L): a stretch, then a pure spin (D = 0) of rate omega about z.
        field: (t, x, y, _z, out, dt) => {
          if (t < stretchTime) { out[0] = (rate * x) / (1 - rate * dt); out[1] = (0.3 * rate * y) / (1 - 0.3 * rate * dt); out[2] = 0; return; }
          // v = W (x + v dt), W = omega [[0,-1],[1,0]]: solve the 2x2 system.
          const a = omega * dt, det = 1 + a * a;
          out[0] = (-omega * y - a * omega * x) / det; out[1] = (omega * x - a * omega * y) / det; out[2] = 0;
        },
      }],
    });
    model.advance({ untilTime: stretchTime });
    // One more step integrates the last stretch velocity; the spin starts acting from this step's start.
    const start = model.time;
    model.advance({ steps: 1 });
    const before = Float64Array.from(model.readElementState().stress);
    model.advance({ untilTime: start + 1e-4 });
    const after = model.readElementState().stress;
    // The velocity of the last step is not yet integrated into the stress.
    const lastDt = model.histories.timeStep[model.histories.timeStep.length - 1];
    const i0 = invariants(before), i1 = invariants(after);
    for (let k = 0; k < 3; k++) expect(Math.abs(i1[k] - i0[k]) / Math.abs(i0[k])).toBeLessThan(1e-10);
    // The rotation angle actually applied is omega * (elapsed time) ~ 90 degrees (overshoot < one step):
    const angle = omega * (model.time - lastDt - start);
    const c = Math.cos(angle), s = Math.sin(angle);
    const expectedYY = s * s * before[0] + c * c * before[1];
    expect(Math.abs(after[1] - expectedYY) / Math.abs(before[0])).toBeLessThan(1e-3); // Hughes–Winget angle error O(dt^2)
    expect(Math.abs(after[1] - before[0]) / Math.abs(before[0])).toBeLessThan(0.05);
  });
});
