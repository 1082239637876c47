/**
 * Hertz contact (reference: Hertz 1882 / Johnson, Contact Mechanics, 1985, §4.2: rigid sphere on
 * an elastic half-space, F = (4/3) E* sqrt(R) delta^(3/2), E* = E / (1 - nu^2); tolerance 5 % on
 * the finest of three meshes at delta/R <= 0.01, where the small-strain half-space theory holds).
 * Quarter model (symmetry planes x = 0, y = 0), block 40 R/10 deep (half-space to ~1 %), meshes
 * graded towards the contact; kinematic contact enforcement (no penalty penetration); loading over
 * 10 wave transits with a cosine velocity ramp (quasi-static), mass scaling of the smallest
 * elements only. The three-mesh convergence is printed and its trend asserted.
 */
import { createMechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../../src/engine/mechanics/materials/elastic';
import { expectHealthyEnergies } from './energy-checks';

const size = 0.04, R = 0.01, E = 1e9, nu = 0.3, rho = 1000, deltaMax = 1e-4;
const Estar = E / (1 - nu * nu);
const hertz = (delta: number): number => (4 / 3) * Estar * Math.sqrt(R) * Math.pow(delta, 1.5);
const fractions = [0.5, 0.75, 1];

function run(n: number): { errors: number[]; model: ReturnType<typeof createMechanicsModel> } {
  // Same total length for every mesh; grading ratio chosen so that 16 divisions would use 1.34.
  const r = Math.pow(1.34, 16 / n);
  const mesh = createBoxMesh({ size: [size, size, size], divisions: [n, n, n], grading: [r, r, 1 / r] });
  const material = new ElasticMaterial({ density: rho, youngsModulus: E, poissonsRatio: nu });
  const c = Math.sqrt((material.bulkModulus + (4 / 3) * material.shearModulus) / rho);
  const T = (10 * size) / c;
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material }],
    boundaryConditions: [
      { kind: 'fixed', nodeSet: 'xmin', directions: ['x'] }, { kind: 'fixed', nodeSet: 'ymin', directions: ['y'] }, { kind: 'fixed', nodeSet: 'zmin' },
    ],
    indenters: [{
      name: 'sphere', shape: { kind: 'sphere', radius: R }, position: [0, 0, size + R], direction: [0, 0, -1], nodeSet: 'zmax',
      enforcement: 'kinematic',
      motion: { kind: 'velocity', velocity: (t) => (deltaMax / T) * (1 - Math.cos((Math.PI * Math.min(t, T)) / T)) },
    }],
    timeStep: { massScaling: { targetTimeStep: 1.5e-7, maxAddedMassFraction: 0.01 } },
    historyInterval: T / 100,
  });
  model.advance({ untilTime: T });
  const h = model.histories, d = h.indenters[0];
  const errors = fractions.map((f) => {
    let i = h.time.findIndex((t) => t >= f * T);
    if (i < 0) i = h.time.length - 1;
    const force = 4 * d.force[i]; // quarter model
    return (force - hertz(d.displacement[i])) / hertz(d.displacement[i]);
  });
  return { errors, model };
}

describe('Hertz sphere on an elastic block (Johnson 1985 §4.2; 5 % on the finest of three meshes)', () => {
  const meshes = [6, 9, 12];
  const runs = meshes.map((n) => ({ n, ...run(n) }));

  it('records the three-mesh convergence', () => {
    const table = runs.map((r) => `  n=${r.n}: ${r.errors.map((e, k) => `delta=${fractions[k]}*dmax: ${(100 * e).toFixed(2)} %`).join(', ')}`).join('\n');
    // eslint-disable-next-line no-console
    console.log(`Hertz force error vs mesh (F_FE - F_Hertz) / F_Hertz:\n${table}`);
    // Error at delta_max does not grow with refinement.
    const atMax = runs.map((r) => Math.abs(r.errors[2]));
    expect(atMax[2]).toBeLessThanOrEqual(atMax[0]);
  });

  it('finest mesh within 5 % of Hertz at delta/R = 0.005 .. 0.01', () => {
    for (const e of runs[runs.length - 1].errors) expect(Math.abs(e)).toBeLessThan(0.05);
  });

  it('energy balance and hourglass limits hold on every mesh', () => {
    for (const r of runs) expectHealthyEnergies(r.model);
    expect(runs[2].model.diagnostics.addedMassFraction).toBeLessThan(0.01);
  });
});
