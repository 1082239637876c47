/**
 * Deformable node-to-segment contact between two parts (references: conservation of momentum and
 * energy; a head-on impact of two equal elastic blocks exchanges their momenta).
 */
import { createMechanicsModel } from '../../../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../../../src/engine/mechanics/mesh/box';
import { HexMesh } from '../../../../../src/engine/mechanics/mesh/hex-mesh';
import { ElasticMaterial } from '../../../../../src/engine/mechanics/materials/elastic';
import { DeformableContact } from '../../../../../src/engine/mechanics/contact/deformable-contact';

function merge(a: HexMesh, b: HexMesh): HexMesh {
  const na = a.coordinates.length / 3;
  const coordinates = new Float64Array(a.coordinates.length + b.coordinates.length);
  coordinates.set(a.coordinates); coordinates.set(b.coordinates, a.coordinates.length);
  const connectivity = new Int32Array(a.connectivity.length + b.connectivity.length);
  connectivity.set(a.connectivity); connectivity.set(b.connectivity.map((n) => n + na), a.connectivity.length);
  const elementPart = new Int32Array(a.elementPart.length + b.elementPart.length);
  elementPart.set(a.elementPart); elementPart.set(b.elementPart, a.elementPart.length);
  return {
    coordinates, connectivity, elementPart, parts: [...a.parts, ...b.parts],
    nodeSets: { lower: a.nodeSets.all, upper: b.nodeSets.all.map((n) => n + na) },
  };
}

describe('deformable node-to-segment contact', () => {
  const s = 4e-3, gap = 5e-6, v0 = 5;
  const lower = createBoxMesh({ size: [s, s, s], divisions: [3, 3, 3], partId: 1, partName: 'lower' });
  const upper = createBoxMesh({ size: [s, s, s], divisions: [3, 3, 3], origin: [0.3e-3, -0.2e-3, s + gap], partId: 2, partName: 'upper' });
  const mesh = merge(lower, upper);

  it('finds the outer segments of both parts', () => {
    const c = new DeformableContact(mesh);
    expect(c.segmentCount).toBe(2 * 6 * 9);
    expect(c.nodes.length).toBe(2 * (64 - 8));
  });

  it('two equal blocks: no interpenetration, momentum exchanged and conserved, energy balanced', () => {
    const mat = new ElasticMaterial({ density: 2700, youngsModulus: 70e9, poissonsRatio: 0.3 });
    const model = createMechanicsModel({
      mesh,
      parts: [{ id: 1, material: mat }, { id: 2, material: mat }],
      initialVelocities: [{ nodeSet: 'upper', velocity: [0, 0, -v0] }],
      deformableContact: { penaltyScale: 0.2 },
    });
    const m = 2700 * s ** 3;
    // Impact lasts about two wave transits (2 s / c ~ 1.6 us); run 6 us.
    let minGap = Infinity;
    const topOfLower = mesh.nodeSets.lower.filter((n) => mesh.coordinates[3 * n + 2] === s);
    const bottomOfUpper = mesh.nodeSets.upper.filter((n) => Math.abs(mesh.coordinates[3 * n + 2] - (s + gap)) < 1e-12);
    model.advance({
      untilTime: 6e-6,
      onSample: (mm) => {
        const top = Math.max(...topOfLower.map((n) => mm.x[3 * n + 2]));
        const bottom = Math.min(...bottomOfUpper.map((n) => mm.x[3 * n + 2]));
        minGap = Math.min(minGap, bottom - top);
      },
    });
    // Penetration stays a small fraction of the element size (1.33 mm).
    expect(minGap).toBeGreaterThan(-0.05 * (s / 3));
    // Momentum (z) conserved to round-off.
    for (const p of model.histories.momentum.z) expect(Math.abs(p + m * v0) / (m * v0)).toBeLessThan(1e-9);
    // Momentum exchange: the lower block now carries most of it (elastic impact of equal bodies).
    let lowerMomentum = 0;
    for (const n of mesh.nodeSets.lower) lowerMomentum += model.nodalMass[n] * model.v[3 * n + 2];
    expect(lowerMomentum / (-m * v0)).toBeGreaterThan(0.8);
    // Energy balance within 1 % of the impact energy.
    const ke0 = 0.5 * m * v0 * v0;
    expect(Math.max(...model.histories.energies.balanceError.map(Math.abs)) / ke0).toBeLessThan(0.01);
  });
});
