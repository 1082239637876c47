/**
 * Patch test (reference: a linear displacement/velocity field is reproduced exactly by a consistent
 * element, so every element carries the same stress, equal to Hooke's law C : eps, and interior nodes
 * are in equilibrium). Distorted 3x3x3 mesh; tolerance 1e-10 relative.
 */
import { createMechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../../src/engine/mechanics/materials/elastic';

describe('hex8 patch test (closed form, 1e-10 relative)', () => {
  const mesh = createBoxMesh({ size: [1, 1, 1], divisions: [3, 3, 3] });
  // Distort the interior nodes deterministically (up to 20 % of the element size).
  const boundary = new Set<number>();
  for (const s of ['xmin', 'xmax', 'ymin', 'ymax', 'zmin', 'zmax']) mesh.nodeSets[s].forEach((n) => boundary.add(n));
  let seed = 7;
  const rand = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; };
  const nn = mesh.coordinates.length / 3;
  for (let n = 0; n < nn; n++) if (!boundary.has(n)) for (let c = 0; c < 3; c++) mesh.coordinates[3 * n + c] += 0.2 * rand() / 3;
  const E = 1e9, nu = 0.3;
  // Velocity gradient with positive trace (no bulk viscosity) and shear.
  const L = [[1.0, 0.3, -0.2], [0.1, 0.5, 0.4], [0.25, -0.15, 0.8]];
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material: new ElasticMaterial({ density: 1000, youngsModulus: E, poissonsRatio: nu }) }],
    boundaryConditions: [{
      kind: 'velocity', nodeSet: 'all',
      field: (_t, x, y, z, out) => { for (let i = 0; i < 3; i++) out[i] = L[i][0] * x + L[i][1] * y + L[i][2] * z; },
    }],
  });
  model.advance({ steps: 2 });
  // The stress of step 2 integrates the velocity of the first move, over the first step.
  const dt = model.histories.timeStep[0];
  const state = model.readElementState();

  it('every element carries the closed-form stress C : (sym(Lx) dt)', () => {
    // The velocities v = L x0 are differentiated on the moved mesh x1 = (I + L dt) x0, so the exact
    // velocity gradient is Lx = L (I + L dt)^-1.
    const A = L.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) + v * dt));
    const det = A[0][0] * (A[1][1] * A[2][2] - A[1][2] * A[2][1]) - A[0][1] * (A[1][0] * A[2][2] - A[1][2] * A[2][0]) + A[0][2] * (A[1][0] * A[2][1] - A[1][1] * A[2][0]);
    const inv = [0, 1, 2].map((i) => [0, 1, 2].map((j) => {
      const r = [0, 1, 2].filter((k) => k !== j), c = [0, 1, 2].filter((k) => k !== i);
      return ((i + j) % 2 ? -1 : 1) * (A[r[0]][c[0]] * A[r[1]][c[1]] - A[r[0]][c[1]] * A[r[1]][c[0]]) / det;
    }));
    const Lx = [0, 1, 2].map((i) => [0, 1, 2].map((j) => L[i][0] * inv[0][j] + L[i][1] * inv[1][j] + L[i][2] * inv[2][j]));
    const eps = [Lx[0][0] * dt, Lx[1][1] * dt, Lx[2][2] * dt, 0.5 * (Lx[0][1] + Lx[1][0]) * dt, 0.5 * (Lx[1][2] + Lx[2][1]) * dt, 0.5 * (Lx[2][0] + Lx[0][2]) * dt];
    const G = E / (2 * (1 + nu)), lambda = (E * nu) / ((1 + nu) * (1 - 2 * nu));
    const tr = eps[0] + eps[1] + eps[2];
    const expected = eps.map((v, i) => (i < 3 ? lambda * tr : 0) + 2 * G * v);
    const scale = Math.max(...expected.map(Math.abs));
    for (let e = 0; e < 27; e++) {
      for (let c = 0; c < 6; c++) expect(Math.abs(state.stress[6 * e + c] - expected[c]) / scale).toBeLessThan(1e-10);
    }
  });

  it('interior nodes are in equilibrium (net internal force / boundary force < 1e-10)', () => {
    const f = model.arrays.force;
    let boundaryMax = 0, interiorMax = 0;
    for (let n = 0; n < nn; n++) {
      const mag = Math.hypot(f[3 * n], f[3 * n + 1], f[3 * n + 2]);
      if (boundary.has(n)) boundaryMax = Math.max(boundaryMax, mag); else interiorMax = Math.max(interiorMax, mag);
    }
    expect(boundaryMax).toBeGreaterThan(0);
    expect(interiorMax / boundaryMax).toBeLessThan(1e-10);
  });
});
