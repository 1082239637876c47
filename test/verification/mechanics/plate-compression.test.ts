/**
 * Flat-plate compression of an elastic–perfectly-plastic block (reference: homogeneous uniaxial
 * compression, plateau force F = sigma_y * A with A the current loaded area; tolerance 2 %).
 * Quarter symmetry, frictionless rigid plate, time scaling to reach a quasi-static state quickly.
 */
import { createMechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { J2PlasticityMaterial } from '../../../src/engine/mechanics/materials/j2-plasticity';
import { expectHealthyEnergies } from './energy-checks';

describe('flat-plate compression of an elastic-perfectly-plastic block: plateau = sigma_y A (2 %)', () => {
  const sy = 250e6, side = 0.01, height = 0.01;
  const material = new J2PlasticityMaterial({ density: 7800, youngsModulus: 200e9, poissonsRatio: 0.3, hardening: [[0, sy]] });
  const mesh = createBoxMesh({ size: [side, side, height], divisions: [4, 4, 4] });
  // Physical loading 0.05 m/s ramped in; time scaling x20 (the run is checked for quasi-statics).
  const userSpeed = 0.05, factor = 20, ramp = 2e-3;
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material }],
    boundaryConditions: [
      { kind: 'fixed', nodeSet: 'xmin', directions: ['x'] },
      { kind: 'fixed', nodeSet: 'ymin', directions: ['y'] },
      { kind: 'fixed', nodeSet: 'zmin', directions: ['z'] },
    ],
    indenters: [{
      name: 'plate', shape: { kind: 'plate', normal: [0, 0, -1] }, position: [0, 0, height], direction: [0, 0, -1],
      motion: { kind: 'velocity', velocity: (t) => userSpeed * Math.min(1, t / ramp) },
    }],
    quasiStatic: { timeScaleFactor: factor },
    historyInterval: 2e-6,
  });
  // Compress to 8 % (user time ~ 0.017 s -> simulated / factor).
  const userDuration = (0.08 * height) / userSpeed + ramp / 2;
  const result = model.advance({ untilTime: userDuration / factor });

  it('runs to completion and reports the time scaling', () => {
    expect(result.status).toBe('completed');
    expect(model.diagnostics.timeScaleFactor).toBe(factor);
    expect(model.diagnostics.warnings.some((w) => w.includes('time scaling'))).toBe(true);
  });

  it('plateau force equals sigma_y times the current top area within 2 %', () => {
    const h = model.histories;
    const d = h.indenters[0];
    let checked = 0;
    // Current area from volume conservation of the (plastically incompressible) block: A = A0 H0 / H.
    // Check from 3 % to 8 % compression (well past yield at ~0.13 %).
    for (let i = 0; i < h.time.length; i++) {
      const strain = d.displacement[i] / height;
      if (strain < 0.03) continue;
      const area = (side * side * height) / (height - d.displacement[i] + d.maxPenetration[i]);
      const expected = sy * area;
      expect(Math.abs(d.force[i] - expected) / expected).toBeLessThan(0.02);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('is quasi-static (kinetic/internal < 5 %) with healthy energies', () => {
    expect(model.diagnostics.maxKineticToInternalRatio).toBeLessThan(0.05);
    expectHealthyEnergies(model);
  });
});
