/**
 * Nail penetration with erosion (integration check of the conical indenter, erosion and contact
 * clean-up; references: momentum and energy bookkeeping with eroded energy, geometry of the nail).
 * The criterion is a simple relative-volume limit standing in for a jellyroll criterion.
 */
import { createMechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { J2PlasticityMaterial } from '../../../src/engine/mechanics/materials/j2-plasticity';
import { FailureCriterion, CriterionPointState } from '../../../src/engine/mechanics/failure/criterion';

class StrainLimit implements FailureCriterion {
  readonly name = 'max-shear-or-volume';
  readonly historySize = 0;
  initHistory(): void {}
  evaluate(state: CriterionPointState, _h: Float64Array, first: number, count: number, indicator: Float64Array): void {
    for (let p = first; p < first + count; p++) {
      const e = state.totalStrain;
      const o = 6 * p;
      const shear = Math.max(Math.abs(e[o + 3]), Math.abs(e[o + 4]), Math.abs(e[o + 5]));
      indicator[p] = Math.max(shear / 0.3, (1 - state.relativeVolume[p]) / 0.2);
    }
  }
}

describe('nail penetration into a plastic block with erosion', () => {
  const s = 0.006;
  const mesh = createBoxMesh({ size: [s, s, s / 2], divisions: [8, 8, 4], origin: [-s / 2, -s / 2, 0] });
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material: new J2PlasticityMaterial({ density: 2700, youngsModulus: 70e9, poissonsRatio: 0.33, hardening: [[0, 100e6], [1, 200e6]] }), failure: new StrainLimit() }],
    boundaryConditions: [{ kind: 'fixed', nodeSet: 'zmin' }],
    indenters: [{
      name: 'nail', shape: { kind: 'cone', halfAngle: Math.PI / 6, tipRadius: 2e-4, axis: [0, 0, 1], shankRadius: 1.5e-3 },
      position: [1e-4, 2e-4, s / 2 + 1e-5], direction: [0, 0, -1], motion: { kind: 'velocity', velocity: 20 },
    }],
    historyInterval: 1e-6,
  });
  const r = model.advance({ untilTime: 1e-4 }); // 2 mm of travel

  it('runs through the penetration, eroding elements under the nail', () => {
    expect(r.status).toBe('completed');
    expect(model.diagnostics.erodedElements).toBeGreaterThan(0);
    const first = model.diagnostics.firstFailure!;
    // First failure sits under the nail tip (within one element of the axis, in the top layer).
    expect(Math.hypot(first.centroid[0] - 1e-4, first.centroid[1] - 2e-4)).toBeLessThan(1.2 * (s / 8));
    expect(first.centroid[2]).toBeGreaterThan(s / 2 - s / 8);
    expect(first.indenters[0].displacement).toBeGreaterThan(0);
    expect(first.indenters[0].force).toBeGreaterThan(0);
  });

  it('energy balance (eroded kinetic energy included) within 1 % of the work done', () => {
    const e = model.histories.energies;
    const work = Math.max(...e.external);
    expect(work).toBeGreaterThan(0);
    expect(Math.max(...e.balanceError.map(Math.abs)) / work).toBeLessThan(0.01);
  });
});
