/**
 * Selectively reduced (2x2x2, B-bar) hex8 for thin layers (references: patch test — a linear field
 * gives uniform stress C : eps and interior equilibrium, 1e-10; homogeneous uniaxial compression
 * of an elastic–perfectly-plastic block, F = sigma_y A within 2 %; Hooke's law in one element).
 */
import { createMechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../../src/engine/mechanics/materials/elastic';
import { J2PlasticityMaterial } from '../../../src/engine/mechanics/materials/j2-plasticity';
import { expectHealthyEnergies } from './energy-checks';

describe('selective-reduced hex8: patch test on a distorted mesh (closed form, 1e-10)', () => {
  const mesh = createBoxMesh({ size: [1, 1, 1], divisions: [3, 3, 3] });
  const boundary = new Set<number>();
  for (const s of ['xmin', 'xmax', 'ymin', 'ymax', 'zmin', 'zmax']) mesh.nodeSets[s].forEach((n) => boundary.add(n));
  let seed = 11;
  const rand = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; };
  const nn = mesh.coordinates.length / 3;
  for (let n = 0; n < nn; n++) if (!boundary.has(n)) for (let c = 0; c < 3; c++) mesh.coordinates[3 * n + c] += (0.2 * rand()) / 3;
  const E = 1e9, nu = 0.3;
  const L = [[1.0, 0.3, -0.2], [0.1, 0.5, 0.4], [0.25, -0.15, 0.8]];
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material: new ElasticMaterial({ density: 1000, youngsModulus: E, poissonsRatio: nu }), integration: 'selective-reduced' }],
    boundaryConditions: [{
      kind: 'velocity', nodeSet: 'all',
      // v = L x^(n+1): the element sees exactly D = sym(L).
      field: (_t, x, y, z, out, dt) => {
        // Solve (I - L dt) v = L x.
        const lx = [0, 1, 2].map((i) => L[i][0] * x + L[i][1] * y + L[i][2] * z);
        const A = L.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - v * dt));
        const det = A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1]) - A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0]) + A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]);
        for (let i = 0; i < 3; i++) {
          const M = A.map((row) => row.slice());
          for (let r = 0; r < 3; r++) M[r][i] = lx[r];
          out[i] = (M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) - M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) + M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0])) / det;
        }
      },
    }],
  });
  model.advance({ steps: 2 });
  const dt = model.histories.timeStep[0];
  const st = model.readElementState();

  it('uniform stress equal to C : (sym(L) dt) in every element', () => {
    const eps = [L[0][0] * dt, L[1][1] * dt, L[2][2] * dt, 0.5 * (L[0][1] + L[1][0]) * dt, 0.5 * (L[1][2] + L[2][1]) * dt, 0.5 * (L[2][0] + L[0][2]) * dt];
    const G = E / (2 * (1 + nu)), lambda = (E * nu) / ((1 + nu) * (1 - 2 * nu));
    const tr = eps[0] + eps[1] + eps[2];
    const expected = eps.map((v, i) => (i < 3 ? lambda * tr : 0) + 2 * G * v);
    const scale = Math.max(...expected.map(Math.abs));
    for (let e = 0; e < 27; e++) for (let c = 0; c < 6; c++) expect(Math.abs(st.stress[6 * e + c] - expected[c]) / scale).toBeLessThan(1e-10);
  });

  it('interior nodes in equilibrium (1e-10 of the boundary forces)', () => {
    const f = model.arrays.force;
    let boundaryMax = 0, interiorMax = 0;
    for (let n = 0; n < nn; n++) {
      const mag = Math.hypot(f[3 * n], f[3 * n + 1], f[3 * n + 2]);
      if (boundary.has(n)) boundaryMax = Math.max(boundaryMax, mag); else interiorMax = Math.max(interiorMax, mag);
    }
    expect(interiorMax / boundaryMax).toBeLessThan(1e-10);
  });
});

describe('selective-reduced hex8: plate compression of an elastic-perfectly-plastic block, plateau = sigma_y A (2 %)', () => {
  it('no volumetric locking in plastic flow, no hourglass energy', () => {
    const sy = 250e6, side = 0.01, height = 0.01;
    const material = new J2PlasticityMaterial({ density: 7800, youngsModulus: 200e9, poissonsRatio: 0.3, hardening: [[0, sy]] });
    const mesh = createBoxMesh({ size: [side, side, height], divisions: [3, 3, 3] });
    const userSpeed = 0.05, factor = 20, ramp = 2e-3;
    const model = createMechanicsModel({
      mesh,
      parts: [{ id: 1, material, integration: 'selective-reduced' }],
      boundaryConditions: [
        { kind: 'fixed', nodeSet: 'xmin', directions: ['x'] }, { kind: 'fixed', nodeSet: 'ymin', directions: ['y'] }, { kind: 'fixed', nodeSet: 'zmin', directions: ['z'] },
      ],
      indenters: [{
        name: 'plate', shape: { kind: 'plate', normal: [0, 0, -1] }, position: [0, 0, height], direction: [0, 0, -1],
        motion: { kind: 'velocity', velocity: (t) => userSpeed * Math.min(1, t / ramp) },
      }],
      quasiStatic: { timeScaleFactor: factor },
      historyInterval: 2e-6,
    });
    const r = model.advance({ untilTime: ((0.06 * height) / userSpeed + ramp / 2) / factor });
    expect(r.status).toBe('completed');
    const h = model.histories, d = h.indenters[0];
    let checked = 0;
    for (let i = 0; i < h.time.length; i++) {
      if (d.displacement[i] / height < 0.03) continue;
      const area = (side * side * height) / (height - d.displacement[i] + d.maxPenetration[i]);
      expect(Math.abs(d.force[i] - sy * area) / (sy * area)).toBeLessThan(0.02);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    expect(Math.max(...h.energies.hourglass)).toBe(0);
    expectHealthyEnergies(model);
  });
});
