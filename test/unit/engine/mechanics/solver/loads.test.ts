/**
 * Loads and indenter motions (references: static equilibrium under gravity; Newton's second law
 * for a force-driven rigid body; Coulomb's law for a sliding block).
 */
import { createMechanicsModel } from '../../../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../../../../src/engine/mechanics/materials/elastic';

const rubberish = (): ElasticMaterial => new ElasticMaterial({ density: 1000, youngsModulus: 1e7, poissonsRatio: 0.3 });

describe('gravity and a resting contact (static equilibrium: mean reaction = m g within 2 %)', () => {
  it('a block resting on a fixed plate carries its weight', () => {
    const s = 0.01;
    const mesh = createBoxMesh({ size: [s, s, s], divisions: [3, 3, 3] });
    const g = 9.81;
    const model = createMechanicsModel({
      mesh, parts: [{ id: 1, material: rubberish() }], gravity: [0, 0, -g],
      indenters: [{ name: 'floor', shape: { kind: 'plate', normal: [0, 0, 1] }, position: [0, 0, 0], direction: [0, 0, 1], motion: { kind: 'velocity', velocity: 0 } }],
      historyInterval: 1e-5,
    });
    const c = Math.sqrt((rubberish().bulkModulus + (4 / 3) * rubberish().shearModulus) / 1000);
    model.advance({ untilTime: (200 * s) / c });
    const f = model.histories.indenters[0].force;
    // The floor (direction +z) pushes the block up: the resisting force along its direction is + m g
    // on average (the undamped block oscillates about the static state).
    const tail = f.slice(Math.floor(f.length / 10));
    const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
    const weight = 1000 * s ** 3 * g;
    expect(Math.abs(mean - weight) / weight).toBeLessThan(0.02);
    expect(Math.max(...model.histories.energies.balanceError.map(Math.abs))).toBeLessThan(0.01 * Math.max(...model.histories.energies.external.map(Math.abs)));
  });
});

describe('force-controlled rigid body (Newton: a = F / m before contact; 1e-9)', () => {
  it('accelerates uniformly while free', () => {
    const mesh = createBoxMesh({ size: [0.01, 0.01, 0.01], divisions: [1, 1, 1] });
    const F = 2, m = 0.5;
    const model = createMechanicsModel({
      mesh, parts: [{ id: 1, material: rubberish() }],
      indenters: [{ name: 'ram', shape: { kind: 'sphere', radius: 0.005 }, position: [0.005, 0.005, 0.1], direction: [0, 0, -1], motion: { kind: 'force', mass: m, force: () => F } }],
    });
    model.advance({ untilTime: 1e-3 });
    const d = model.histories.indenters[0];
    const t = model.time;
    // Central difference: the velocity lives at the half step t - dt/2; the position at t (exact for constant force).
    const dt = model.histories.timeStep[model.histories.timeStep.length - 1];
    expect(Math.abs(d.velocity[d.velocity.length - 1] - (F / m) * (t - dt / 2)) / ((F / m) * t)).toBeLessThan(1e-9);
    expect(Math.abs(d.displacement[d.displacement.length - 1] - 0.5 * (F / m) * t * t) / (0.5 * (F / m) * t * t)).toBeLessThan(1e-9);
  });
});

describe('Coulomb friction on a rigid plate (reference: sliding tangential force = mu * normal force, 1 %)', () => {
  it('a block pressed by a plate and dragged sideways', () => {
    const s = 0.01, mu = 0.3, press = 2e-3, drag = 0.5;
    const mesh = createBoxMesh({ size: [s, s, s], divisions: [2, 2, 2] });
    const model = createMechanicsModel({
      mesh, parts: [{ id: 1, material: rubberish() }],
      // Bottom held, then dragged along x once the plate has pressed in.
      boundaryConditions: [{ kind: 'velocity', nodeSet: 'zmin', field: (t, _x, _y, _z, out) => { out[0] = t > press ? drag : 0; out[1] = 0; out[2] = 0; } }],
      indenters: [{
        name: 'plate', shape: { kind: 'plate', normal: [0, 0, -1] }, position: [0, 0, s], direction: [0, 0, -1], friction: mu,
        motion: { kind: 'velocity', velocity: (t) => (t < press ? 0.2 : 0) },
      }],
      historyInterval: 1e-5,
    });
    model.advance({ untilTime: press + 2e-3 });
    const d = model.histories.indenters[0];
    const last = d.force.length - 1;
    expect(d.force[last]).toBeGreaterThan(0);
    expect(Math.abs(d.tangentialForce[last] / d.force[last] - mu) / mu).toBeLessThan(0.01);
    expect(model.histories.energies.friction[last]).toBeGreaterThan(0);
  });
});
