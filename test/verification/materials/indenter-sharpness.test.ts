/**
 * Indenter sharpness trend (issue 4, "Validation"): a sharper indenter reaches the short-onset
 * criterion at a smaller indenter displacement than a blunt one.
 *
 * Reference (trend only, no published number is compared): the chemomechanics review's cell-test
 * list (/work/shared/reference/seed-review.md §3: indentation with different tip diameters ->
 * non-uniform strain -> separator failure -> short [432]; §1.3 item 3, damage criteria for shear
 * cracks under rod indentation [354]) and mechanics.md §2.4 (failure-criterion comparisons, rod
 * indentation, Lian et al. 2019). A local indenter concentrates compaction under its contact, so
 * the critical compaction is met earlier than under a flat plate, where the block compacts
 * uniformly (onset there ~ 0.3 x block height).
 *
 * Model: coarse plane-strain half block of jellyroll (jellyroll-18650-mat063 card, SOC 0.5),
 * 15 mm wide x 15 mm high, one element through y (all nodes fixed in y), symmetry plane x = 0,
 * bottom z = 0 supported, 12 x 12 elements graded finer towards x = 0 and the top; the same mesh
 * pressed at the same speed (2 m/s, ramped in over 0.3 mm) by (a) a flat plate and (b) a rod of
 * radius 7.9 mm (the 15.8 mm bar, axis along y over x = 0). Kinematic contact enforcement. Onset:
 * volumetric-strain criterion 1 - V >= 0.3 on the first element (the run stops in the chunk where
 * onset occurs). Measured when written: plate 4.54 mm / 136 N, rod 4.10 mm / 24 N (ratio 0.90).
 * The card's numbers are unverified, so this is a trend check, not a calibration.
 *
 * Limits found while writing it (not tested here): on a 3-D quarter block 12 x 12 x 10 mm
 * (12 x 12 x 8 elements) the trend did NOT hold with this criterion — plate 3.06 mm, rod (7.9 mm)
 * 3.15 mm, hemispherical punch (6.35 mm) 3.59 mm — and the rod and punch runs hourglassed (15 % and
 * 44 % of internal energy). With Poisson's ratio 0.01 the crushable foam compacts column by column,
 * so the volumetric-strain onset is ~0.3 x the column height whatever the indenter unless the block
 * is deep compared with the contact width; the sharpness effect here is modest (10 %) and comes
 * from the compaction concentrating near the top under the rod. A criterion sensitive to shear or
 * tension at the contact edge (mechanics.md §2.4) would likely show a stronger effect.
 */
import { join } from 'node:path';
import { createMechanicsModel, MechanicsModel } from '../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../src/engine/mechanics/mesh/box';
import { loadMechanicsCard } from '../../../src/io/cards/mechanics-card';
import { VolumetricStrainCriterion } from '../../../src/engine/mechanics/failure/volumetric-strain';
import { IndenterShape } from '../../../src/engine/mechanics/contact/rigid-indenter';
import { expectHealthyEnergies } from '../mechanics/energy-checks';

const cardPath = join(__dirname, '../../../materials/mechanics/jellyroll-18650-mat063.yaml');
// Plane strain: x across (symmetry plane x = 0 under the indenter), z down the block height, one
// element through y with every node fixed in y (the rod is an infinite bar along y).
const SIZE: [number, number, number] = [15e-3, 1e-3, 15e-3];
const DIVISIONS: [number, number, number] = [12, 1, 12];
const GRADING: [number, number, number] = [1.12, 1, 1 / 1.12]; // finer at x = 0 and at the top
const SPEED = 2; // [m/s], ramped in over the first 0.3 mm
const MAX_DEPTH = 5.5e-3;
const ROD_RADIUS = 7.9e-3;

type Kind = 'plate' | 'rod';
interface OnsetRun { kind: Kind; model: MechanicsModel; displacement: number; force: number; element: number; seconds: number }

function press(kind: Kind): OnsetRun {
  const t0 = Date.now();
  const material = loadMechanicsCard(cardPath, { soc: 0.5 }).material;
  const mesh = createBoxMesh({ size: SIZE, divisions: DIVISIONS, grading: GRADING });
  const h = SIZE[2];
  const shapes: Record<Kind, { shape: IndenterShape; offset: number }> = {
    plate: { shape: { kind: 'plate', normal: [0, 0, -1] }, offset: 0 },
    rod: { shape: { kind: 'cylinder', radius: ROD_RADIUS, axis: [0, 1, 0] }, offset: ROD_RADIUS },
  };
  const s = shapes[kind];
  const ramp = 0.3e-3 / SPEED;
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material, hourglass: { form: 'stiffness' }, failure: new VolumetricStrainCriterion({ failureVolumetricStrain: 0.3 }) }],
    boundaryConditions: [
      { kind: 'fixed', nodeSet: 'xmin', directions: ['x'] },
      { kind: 'fixed', nodeSet: 'all', directions: ['y'] },
      { kind: 'fixed', nodeSet: 'zmin', directions: ['z'] },
    ],
    indenters: [{
      name: kind, shape: s.shape, position: [0, 0, h + s.offset + 1e-6], direction: [0, 0, -1],
      motion: { kind: 'velocity', velocity: (t: number) => SPEED * Math.min(1, t / ramp) }, enforcement: 'kinematic',
    }],
    historyInterval: MAX_DEPTH / SPEED / 300,
  });
  const tEnd = MAX_DEPTH / SPEED + ramp / 2;
  const chunks = 90;
  for (let k = 1; k <= chunks; k++) {
    const r = model.advance({ untilTime: (tEnd * k) / chunks });
    if (r.status === 'failed') throw new Error(`${kind} run failed: ${r.failure?.message}`);
    if (model.diagnostics.firstFailure) break;
  }
  const first = model.diagnostics.firstFailure;
  if (!first) throw new Error(`${kind}: onset not reached within ${MAX_DEPTH * 1e3} mm`);
  return { kind, model, displacement: first.indenters[0].displacement, force: first.indenters[0].force, element: first.element, seconds: (Date.now() - t0) / 1e3 };
}

describe('indenter sharpness: short onset (1 - V >= 0.3) under a sharper indenter at a smaller displacement (MAT_063 jellyroll block)', () => {
  const runs = {} as Record<Kind, OnsetRun>;
  beforeAll(() => {
    for (const k of ['plate', 'rod'] as Kind[]) runs[k] = press(k);
    for (const r of Object.values(runs)) {
      const e = r.model.histories.energies, d = r.model.diagnostics;
      const last = e.internal.length - 1;
      // eslint-disable-next-line no-console
      console.log(`${r.kind}: onset at indenter displacement ${(r.displacement * 1e3).toFixed(3)} mm, force ${r.force.toFixed(1)} N (element ${r.element}); `
        + `internal ${e.internal[last].toExponential(3)} J, hourglass/internal ${(d.maxHourglassRatio * 100).toFixed(2)} %, `
        + `balance error ${(d.maxRelativeEnergyError * 100).toFixed(3)} %, kinetic/internal ${(d.maxKineticToInternalRatio * 100).toFixed(2)} %, `
        + `${d.steps} steps, ${r.seconds.toFixed(1)} s`);
    }
  });

  it('plate onset ~ uniform compaction: 0.3 x block height (within 20 %)', () => {
    expect(runs.plate.displacement).toBeGreaterThan(0.8 * 0.3 * SIZE[2]);
    expect(runs.plate.displacement).toBeLessThan(1.2 * 0.3 * SIZE[2]);
  });

  it('sharper indenter -> smaller onset displacement: rod < 0.95 x plate', () => {
    // eslint-disable-next-line no-console
    console.log(`onset displacement rod / plate = ${(runs.rod.displacement / runs.plate.displacement).toFixed(3)}`);
    expect(runs.rod.displacement).toBeLessThan(0.95 * runs.plate.displacement);
  });

  it('the onset force is positive and smaller under the rod than under the plate', () => {
    for (const r of Object.values(runs)) expect(r.force).toBeGreaterThan(0);
    expect(runs.rod.force).toBeLessThan(runs.plate.force);
  });

  it('energies are healthy in every run (balance error < 1 %, hourglass < 10 % of internal)', () => {
    for (const r of Object.values(runs)) expectHealthyEnergies(r.model);
  });
});
