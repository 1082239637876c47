/**
 * Coarse cell-level crush scenarios for the materials verification tests (issue 4): 18650 quarter
 * models (flat plates; rod and hemispherical punch shapes are available but on these coarse meshes
 * the rod run hourglassed (40 % of internal energy) and the 3-D punch runs were too slow for a
 * test, so the tests use the plate), built from the shipped cards and run on the explicit solver
 * (issue 3). Meshes are deliberately coarse (tests, not benchmarks); results are trends, not
 * calibrations.
 */
import { join } from 'node:path';
import { createMechanicsModel, MechanicsModel } from '../../../src/engine/mechanics/solver';
import { cylindricalCellMesh } from '../../../src/engine/mechanics/mesh/cylindrical-cell';
import { FailureCriterion } from '../../../src/engine/mechanics/failure/criterion';
import { loadMechanicsCard } from '../../../src/io/cards/mechanics-card';
import { IndenterShape } from '../../../src/engine/mechanics/contact/rigid-indenter';

const cards = join(__dirname, '../../../materials/mechanics');
export const card = (id: string, soc = 0.5) => loadMechanicsCard(join(cards, `${id}.yaml`), { soc }).material;

export const R18650 = 9e-3;
/** Rod (cylinder) radius [m]. */
export const ROD_RADIUS = 5e-3;

export interface CrushRun {
  model: MechanicsModel;
  displacement: number[];
  force: number[];
}

/** Force at a given indenter displacement (linear interpolation in the history). */
export function forceAt(run: CrushRun, d: number): number {
  const { displacement: x, force: f } = run;
  for (let i = 1; i < x.length; i++) {
    if (x[i] >= d) return f[i - 1] + ((d - x[i - 1]) / (x[i] - x[i - 1])) * (f[i] - f[i - 1]);
  }
  return NaN;
}

export type Indenter18650 = 'plate' | 'rod' | 'sphere';

/**
 * Quarter 18650 segment: x >= 0 and y >= 0 (symmetry planes x = 0, y = 0: the plate/rod/punch
 * acts on both sides of the cell), z in [0, halfLength] with z = 0 a symmetry plane (the rod and
 * the punch sit at z = 0). `planeStrain` fixes z everywhere (a slice) for the plate.
 */
export function crush18650(options: {
  indenter: Indenter18650; jellyroll?: string; soc?: number; speed?: number; depth: number; halfLength?: number;
  elementsAxial?: number; criterion?: FailureCriterion; planeStrain?: boolean; stopAtFailure?: boolean;
  /** false: the can ring gets the jellyroll material (cheap trend runs; the steel can needs ~1e-7 s steps). */
  withCan?: boolean; elementsAround?: number; elementsRadial?: number;
}): CrushRun {
  const halfLength = options.halfLength ?? 8e-3;
  const mesh = cylindricalCellMesh({
    outerRadius: R18650, height: halfLength, canThickness: 0.25e-3, mandrelRadius: 1e-3, endCapThickness: 0,
    elementsAround: options.elementsAround ?? 8, elementsRadialJellyroll: options.elementsRadial ?? 4, elementsAxial: options.elementsAxial ?? (options.planeStrain ? 1 : 4), symmetry: 'quarter',
  });
  const jelly = card(options.jellyroll ?? 'jellyroll-18650-mat063', options.soc ?? 0.5);
  const can = options.withCan === false ? jelly : card('can-18650-steel');
  const shapes: Record<Indenter18650, { shape: IndenterShape; offset: number }> = {
    plate: { shape: { kind: 'plate', normal: [0, -1, 0] }, offset: 0 },
    rod: { shape: { kind: 'cylinder', radius: ROD_RADIUS, axis: options.planeStrain ? [0, 0, 1] : [1, 0, 0] }, offset: ROD_RADIUS },
    sphere: { shape: { kind: 'sphere', radius: 6.35e-3 }, offset: 6.35e-3 },
  };
  const s = shapes[options.indenter];
  const speed = options.speed ?? 2;
  const model = createMechanicsModel({
    mesh,
    parts: [
      { id: 1, material: jelly, failure: options.criterion, hourglass: { form: 'stiffness' } },
      { id: 2, material: can },
      { id: 3, material: can },
      { id: 4, material: can },
    ],
    boundaryConditions: [
      { kind: 'fixed', nodeSet: 'symmetry-x', directions: ['x'] },
      { kind: 'fixed', nodeSet: 'symmetry-y', directions: ['y'] },
      { kind: 'fixed', nodeSet: options.planeStrain ? 'all' : 'bottom', directions: ['z'] },
    ],
    indenters: [{
      name: options.indenter, shape: s.shape, position: [0, R18650 + s.offset + 1e-6, 0], direction: [0, -1, 0],
      // ramped to `speed` over the first 20 % of the stroke to avoid an impact transient
      motion: { kind: 'velocity', velocity: (t: number) => speed * Math.min(1, t / (0.2 * options.depth / speed)) }, nodeSet: 'outer-surface',
    }],
    // Quasi-static crush: the 0.25 mm can limits the stable step to ~4e-8 s; mass scaling to
    // 1.5e-7 s adds mass to the can only (the jellyroll's own step is larger). Inertia is checked
    // through the kinetic/internal energy ratio in the tests.
    timeStep: options.withCan === false ? {} : { massScaling: { targetTimeStep: 1.5e-7, maxAddedMassFraction: 4 } },
    historyInterval: options.depth / speed / 200,
  });
  runTo(model, 1.1 * options.depth / speed, options.stopAtFailure ?? false);
  const h = model.histories.indenters[0];
  return { model, displacement: h.displacement, force: h.force };
}

/** Advances in chunks; stops early at the first failure when asked. */
function runTo(model: MechanicsModel, tEnd: number, stopAtFailure: boolean): void {
  const chunks = stopAtFailure ? 40 : 1;
  for (let k = 1; k <= chunks; k++) {
    const r = model.advance({ untilTime: (tEnd * k) / chunks });
    if (r.status === 'failed') throw new Error(`crush run failed: ${r.failure?.message}`);
    if (stopAtFailure && model.diagnostics.firstFailure) return;
  }
}
