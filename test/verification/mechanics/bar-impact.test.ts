/**
 * Elastic bar impact (reference: 1-D wave theory, uniaxial strain column: wave speed
 * c = sqrt((K + 4G/3)/rho) and stress behind the front sigma = rho c v; tolerance 2 %).
 * A 100-element column with symmetry (roller) lateral faces is pushed at one end at v0.
 */
import { createMechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../../src/engine/mechanics/materials/elastic';
import { expectHealthyEnergies } from './energy-checks';

describe('elastic bar impact: wave speed and sigma = rho c v (1-D wave theory, 2 %)', () => {
  const E = 200e9, nu = 0.3, rho = 7800, v0 = 2;
  const material = new ElasticMaterial({ density: rho, youngsModulus: E, poissonsRatio: nu });
  const c = Math.sqrt((material.bulkModulus + (4 / 3) * material.shearModulus) / rho);
  const length = 0.1, n = 100;
  const mesh = createBoxMesh({ size: [1e-3, 1e-3, length], divisions: [1, 1, n] });
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material }],
    boundaryConditions: [
      { kind: 'fixed', nodeSet: 'xmin', directions: ['x'] }, { kind: 'fixed', nodeSet: 'xmax', directions: ['x'] },
      { kind: 'fixed', nodeSet: 'ymin', directions: ['y'] }, { kind: 'fixed', nodeSet: 'ymax', directions: ['y'] },
      { kind: 'velocity', nodeSet: 'zmin', velocity: [null, null, v0] },
    ],
  });
  const tEnd = (0.6 * length) / c;
  model.advance({ untilTime: tEnd });
  const st = model.readElementState();
  const szz = Array.from({ length: n }, (_, e) => st.stress[6 * e + 2]);
  const plateau = -rho * c * v0;

  it('plateau stress behind the front equals -rho c v0 within 2 %', () => {
    // Elements well behind the front (front at 0.6 L): 0.1 L .. 0.45 L.
    const behind = szz.slice(10, 45);
    const mean = behind.reduce((a, b) => a + b, 0) / behind.length;
    expect(Math.abs(mean - plateau) / Math.abs(plateau)).toBeLessThan(0.02);
  });

  it('front travels at c within 2 % (half-plateau crossing)', () => {
    let k = 0;
    while (k < n - 1 && szz[k + 1] < 0.5 * plateau) k++;
    // Linear interpolation between element centres k and k+1.
    const zc = (e: number): number => (e + 0.5) * (length / n);
    const t = (0.5 * plateau - szz[k]) / (szz[k + 1] - szz[k]);
    const front = zc(k) + t * (zc(k + 1) - zc(k));
    // The loaded end has moved v0 t; the front is measured from the initial end.
    const speed = front / model.time;
    expect(Math.abs(speed - c) / c).toBeLessThan(0.02);
  });

  it('energy balance and hourglass limits hold', () => {
    expectHealthyEnergies(model);
  });
});
