/**
 * Drop weight (reference: conservation laws). A free rigid mass with initial velocity strikes a
 * free elastic block: total momentum is conserved (round-off, 1e-9 relative) and the energy
 * balance error stays below 1 % of the impact energy.
 */
import { createMechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../../src/engine/mechanics/materials/elastic';
import { expectHealthyEnergies } from './energy-checks';

describe('drop weight on a free elastic block: momentum and energy conserved', () => {
  const side = 0.01;
  const mesh = createBoxMesh({ size: [side, side, side], divisions: [4, 4, 4], origin: [-side / 2, -side / 2, 0] });
  const mass = 0.05, v0 = 5;
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material: new ElasticMaterial({ density: 2700, youngsModulus: 70e9, poissonsRatio: 0.33 }) }],
    indenters: [{
      name: 'striker', shape: { kind: 'plate', normal: [0, 0, -1] }, position: [0, 0, side + 1e-5], direction: [0, 0, -1],
      motion: { kind: 'free', mass, initialVelocity: v0 },
    }],
  });
  const impactEnergy = 0.5 * mass * v0 * v0;
  model.advance({ untilTime: 2e-5 });

  it('contact happened and transferred momentum to the block', () => {
    const d = model.histories.indenters[0];
    expect(Math.max(...d.force)).toBeGreaterThan(0);
    expect(d.velocity[d.velocity.length - 1]).toBeLessThan(0.99 * v0);
  });

  it('total momentum is conserved to 1e-9 relative (round-off)', () => {
    const pz = model.histories.momentum.z;
    const p0 = -mass * v0;
    for (const p of pz) expect(Math.abs(p - p0) / Math.abs(p0)).toBeLessThan(1e-9);
  });

  it("energy balance error below 1 % of the impact energy; hourglass below 10 % of internal", () => {
    expectHealthyEnergies(model, impactEnergy);
    const e = model.histories.energies;
    const worst = Math.max(...e.balanceError.map(Math.abs)) / impactEnergy;
    expect(worst).toBeLessThan(0.01);
  });
});
