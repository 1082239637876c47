/**
 * Loading phase of a pouch cell through the explicit hex8 mechanics engine (issue 7): indentation
 * (flat plate, R75 semicylinder, rod, hemisphere), nail penetration and three-point bending, behind
 * the FeLoading interface of the coupled run (same semantics as FeIndentation for the cylinder).
 *
 * Frame of the mesh (mesh/box-cells.ts pouchCellMesh): x along the cell length, y across its width,
 * z through the thickness (the stacking direction), 0 <= x <= L, 0 <= y <= W, 0 <= z <= T. A cell
 * of CellParameters (pouch: width w, length l, thickness t) is meshed with L = l, W = w, T = t. The
 * indenter comes down along -z onto the top face z = T; 'across' = indenter axis along y (across
 * the width), 'along' = axis along x; the offset moves the indenter along x (the cell length).
 * - indentation and nail: the cell lies on a rigid plate at z = 0;
 * - three-point bend: the cell lies on two rigid cylinders (axis y, radius `supportRadius`, default
 *   the punch radius) at x = L/2 +- span/2; the punch comes down at mid-span.
 * Symmetry: 'quarter' keeps x >= L/2, y >= W/2 (symmetry planes fixed normal to themselves); force,
 * damaged area and energies of the model are those of the quarter, and this class reports the force
 * and damaged area of the whole cell (x 4). It needs offset 0. 'full' meshes the whole cell; with
 * offset 0 the in-plane rigid-body modes of the frictionless cell are removed by fixing x on the node
 * plane x = L/2 and y on y = W/2 (symmetric loading: these reactions are zero up to round-off).
 *
 * Quasi-static scaling (as FeIndentation): the solver runs `timeScaleFactor` times faster than the
 * test (a rate-dependent law gets its reference rate multiplied by the same factor at set-up, see
 * `pouchMaterialAtPhysicalRate`), thin foil elements are mass-scaled to `massScalingTimeStep`
 * with at most `maxAddedMassFraction` added mass, and the punch follows the smooth ramp
 * v(t) = v0 (1 - cos(pi t / t_r)) / 2 over `rampTime` [s of test time] (default: 5 % of T / speed).
 * The quasi-static check is the kinetic/internal energy ratio after the ramp while the internal
 * energy is above 10 % of its running peak.
 *
 * Short onset: the failure engine's volumetric compaction criterion (failure/volumetric-strain.ts,
 * 1 - V/V0 >= gamma_f, gamma_f = the cell's separator failure strain; mechanics.md §1.7) on the
 * stack elements, latched (once an element has reached it, its separator is broken for good).
 * Nail: the stack and foil elements are eroded so the nail can pass (stack: the same compaction
 * criterion or the card's own Sahraei tensile strain-ratio failure, whichever comes first; foil:
 * maximum principal strain >= `foilFailureStrain`, an assumed value, the foil card carries none).
 * An eroded stack element counts as failed. The homogenized stack has no separator layers of its
 * own: its top element layer holds the outermost electrode/separator unit cells, so the nail has
 * failed the first separator when the first stack element (which is in that layer, under the tip)
 * is at the criterion or eroded: the same indicator as for the other loadings.
 *
 * What the caller (resolve.ts / coupled-run.ts) passes:
 *   const setup = pouchFeSetup({
 *     geometry: cell.geometry (width, length, thickness [m]), shellThickness: cell.casingThickness,
 *     resolution: s.mesh?.resolution ?? 'default', loading,          // the pouch Loading (types.ts)
 *     stack: { law: card.law, params: materialParameters(stackCard, { soc }) },   // MAT_126 card
 *     pouch: { law: card.law, params: materialParameters(foilCard) },             // foil card
 *   });                                    // pure, throws RangeError naming the problem
 *   const fe = new FePouch(setup, loading, cell.separatorFailureStrain);
 *   fe.advanceToTime(t) ... as FeIndentation (coupled-run.ts loading loop).
 * Everything is in test (physical) time outside this file; only the solver sees scaled time.
 *
 * Status: the indentation loadings are verified (test/verification/coupling/fe-pouch.test.ts: flat
 * plate vs the MAT_126 crush curve, GB 38031 R75 stop before onset). The nail (erosion) and
 * three-point-bend paths are implemented but have NO verification test yet: do not wire them in
 * before they have one.
 */
import { createMechanicsModel, MechanicsModel, BoundaryCondition, IndenterSpec, PartSpec } from '../mechanics/solver';
import { HexMesh } from '../mechanics/mesh/hex-mesh';
import { pouchCellMesh } from '../mechanics/mesh/box-cells';
import { MaterialModel } from '../mechanics/material';
import { createMaterial } from '../mechanics/materials/registry';
import { IndenterShape } from '../mechanics/contact/rigid-indenter';
import { VolumetricStrainCriterion } from '../mechanics/failure/volumetric-strain';
import { SahraeiStrainRatioCriterion } from '../mechanics/failure/sahraei-strain-ratio';
import { MaxPrincipalStrainCriterion } from '../mechanics/failure/max-principal-strain';
import { CriterionPointState, FailureCriterion } from '../mechanics/failure/criterion';
import { Loading } from './types';
import { smoothRamp, SectionSnapshot, ShortOnsetElement } from './fe-indentation';
import { FeLoading, FieldCapture, FieldSeries, meshSection } from './fe-loading';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, atan2, log: mathLog, max: mathMax, min, round: mathRound } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/** The loadings of a pouch cell that run through this class. */
export type PouchLoading = Extract<Loading, { type: 'indentation' | 'nail' | 'three-point-bend' }>;

export type PouchResolution = 'coarse' | 'default' | 'fine';

/** Stack elements along x (length), y (width), z (thickness) of the full cell, by resolution. */
export const POUCH_FE_ELEMENTS: Record<PouchResolution, readonly [number, number, number]> = {
  coarse: [10, 6, 4],
  default: [24, 16, 8],
  fine: [48, 32, 16],
};

/** Defaults of the quasi-static scaling (the values resolve.ts uses for the cylinder). */
export const POUCH_FE_DEFAULTS = {
  /** Punch speed inside the solver [m/s]: time-scale factor = this / test speed, in [1, maxTimeScaleFactor]. */
  solverSpeed: 0.2,
  maxTimeScaleFactor: 1000,
  /** Mass scaling target step [s] (the 0.15 mm foil elements have ~3e-8 s without it). */
  massScalingTimeStep: 4e-7,
  /** Largest added mass / physical mass (as resolve.ts FE_MAX_ADDED_MASS). */
  maxAddedMassFraction: 20,
  /**
   * Pouch foil erosion strain for the nail (log max principal strain). Assumed: soft-temper
   * aluminium foil elongation at break is of the order of 10-25 %; the foil card carries none.
   */
  foilFailureStrain: 0.2,
  /**
   * Foil element formulation. The foil is ONE hex through its 0.15 mm: with reduced (one-point)
   * integration its bending is carried by hourglass control (GB 38031 R75, coarse quarter:
   * hourglass/internal energy 0.74 and kinetic/internal 8.7 % after the ramp); selective-reduced
   * (2x2x2 with B-bar, no hourglass modes) gives 0.004 and 1.4 % (test/verification/coupling/fe-pouch.test.ts).
   */
  foilIntegration: 'selective-reduced',
} as const;

export interface PouchFeSetup {
  /** pouchCellMesh: part 1 stack, part 2 pouch foil (frame in the file header). */
  mesh: HexMesh;
  /** Material per mesh part id. */
  materials: Record<number, MaterialModel>;
  /** Registry cards of the materials (lets worker threads rebuild the laws). */
  cards?: Record<number, { law: string; params: unknown }>;
  /** Part id of the stack (watched by the short criterion) and of the foil. */
  stackPart: number;
  foilPart: number;
  /** Cell dimensions [m]: length (x), width (y), thickness (z) of the full cell. */
  length: number;
  width: number;
  thickness: number;
  symmetry: 'full' | 'quarter';
  /** Quasi-static time scaling (solver time = test time / factor). */
  timeScaleFactor: number;
  /** Mass-scaling target time step [s]; 0 = no mass scaling. */
  massScalingTimeStep: number;
  /** Largest added mass / physical mass (default 0.05). */
  maxAddedMassFraction?: number;
  /** Smooth velocity ramp at the start [s of test time] (default 5 % of the thickness / speed). */
  rampTime?: number;
  /** Foil element formulation (pouchFeSetup default POUCH_FE_DEFAULTS.foilIntegration; 'reduced' when absent here). */
  foilIntegration?: 'reduced' | 'selective-reduced';
  /** Nail: foil erosion strain (default POUCH_FE_DEFAULTS.foilFailureStrain). */
  foilFailureStrain?: number;
  /** Nail: the stack card's Sahraei tensile failure curve (r, eps_t,f), also used for erosion. */
  stackTensileFailureCurve?: ReadonlyArray<readonly [number, number]>;
  /** Three-point bend: support cylinder radius [m] (default the punch radius). */
  supportRadius?: number;
}

export interface PouchFeSetupInput {
  /** CellParameters.geometry of a pouch: width, length, thickness [m]. */
  geometry: { width?: number; length: number; thickness?: number };
  /** Pouch foil thickness [m] (CellParameters.casingThickness). */
  shellThickness: number;
  resolution: PouchResolution;
  loading: PouchLoading;
  /** Stack (MAT_126) and foil law name and parameters as the registry takes them (materialParameters of the cards). */
  stack: { law: string; params: Record<string, unknown> };
  pouch: { law: string; params: Record<string, unknown> };
  symmetry?: 'full' | 'quarter';
  solverSpeed?: number;
  maxTimeScaleFactor?: number;
  massScalingTimeStep?: number;
  maxAddedMassFraction?: number;
  foilIntegration?: 'reduced' | 'selective-reduced';
  foilFailureStrain?: number;
  supportRadius?: number;
  /** Override of the elements along x, y, z (else POUCH_FE_ELEMENTS[resolution]). */
  elements?: readonly [number, number, number];
}

/**
 * A law with its strain-rate reference multiplied by the time-scale factor, so that its rate factor
 * sees the test's physical strain rate although the solver runs `factor` times faster (the pouch
 * counterpart of resolve.ts materialAtPhysicalRate; MAT_126 keeps its rate option in `rate`, the
 * foam laws in `scaling.rate`).
 */
export function pouchMaterialAtPhysicalRate(law: string, params: Record<string, unknown>, factor: number): { law: string; params: Record<string, unknown> } {
  type Rate = { kind: string; referenceRate?: number; lnRateScale?: ReadonlyArray<readonly [number, number]> };
  const scaled = (r: Rate): Rate => (r.kind === 'johnson-cook'
    ? { ...r, referenceRate: r.referenceRate! * factor }
    : { ...r, lnRateScale: r.lnRateScale!.map(([x, y]) => [x + mathLog(factor), y] as const) });
  if (factor === 1) return { law, params };
  const out: Record<string, unknown> = { ...params };
  const sc = params.scaling as { rate?: Rate } | undefined;
  if (sc?.rate) out.scaling = { ...sc, rate: scaled(sc.rate) };
  const direct = params.rate as Rate | undefined;
  if (direct && typeof direct === 'object' && 'kind' in direct) out.rate = scaled(direct);
  // j2-tabulated: Johnson-Cook rate scaling in `rateScaling` (Cowper-Symonds has no reference rate:
  // D is in 1/s and cannot be referred to the physical rate by a reference change; left as is).
  const j2 = params.rateScaling as Rate | undefined;
  if (j2?.kind === 'johnson-cook') out.rateScaling = scaled(j2);
  return { law, params: out };
}

/** Meshes the pouch and builds the materials and scaling for FePouch (pure; throws RangeError). */
export function pouchFeSetup(input: PouchFeSetupInput): PouchFeSetup {
  const g = input.geometry;
  const L = g.length, W = g.width, T = g.thickness;
  if (!(W !== undefined && T !== undefined && L > 0 && W > 0 && T > 0)) throw new RangeError('pouch FE set-up: geometry needs positive width, length and thickness');
  const ld = input.loading;
  const symmetry = input.symmetry ?? 'full';
  if (symmetry === 'quarter' && ld.indenter.offset !== 0) throw new RangeError('pouch FE set-up: quarter symmetry needs the indenter at the cell centre (offset 0)');
  const speed = ld.speed;
  if (!(speed > 0)) throw new RangeError('pouch FE set-up: loading speed must be > 0');
  const base = input.elements ?? POUCH_FE_ELEMENTS[input.resolution];
  const div = symmetry === 'quarter' ? [mathMax(2, mathRound(base[0] / 2)), mathMax(2, mathRound(base[1] / 2)), base[2]] as const : base;
  // Refine in plane under a small indenter (nail, rod, hemisphere): elements about 3x smaller there.
  const ind = ld.indenter;
  const small = ind.shape === 'nail' || ind.shape === 'hemisphere' || (ind.shape === 'rod' && ld.type !== 'three-point-bend');
  const refinement = small ? { x: L / 2 + ind.offset, y: W / 2, width: mathMax(2 * ind.radius, 1e-3), factor: 3 } : undefined;
  const mesh = pouchCellMesh({ length: L, width: W, thickness: T, shellThickness: input.shellThickness, elements: div, symmetry, ...(refinement ? { refinement } : {}) });
  const factor = min(input.maxTimeScaleFactor ?? POUCH_FE_DEFAULTS.maxTimeScaleFactor, mathMax(1, (input.solverSpeed ?? POUCH_FE_DEFAULTS.solverSpeed) / speed));
  const stackCard = pouchMaterialAtPhysicalRate(input.stack.law, input.stack.params, factor);
  const foilCard = pouchMaterialAtPhysicalRate(input.pouch.law, input.pouch.params, factor);
  const tf = input.stack.params.tensileFailure as { kind: string; ratioCurve?: ReadonlyArray<readonly [number, number]> } | undefined;
  return {
    mesh,
    materials: { 1: createMaterial(stackCard.law, stackCard.params), 2: createMaterial(foilCard.law, foilCard.params) },
    cards: { 1: stackCard, 2: foilCard },
    stackPart: 1,
    foilPart: 2,
    length: L, width: W, thickness: T,
    symmetry,
    timeScaleFactor: factor,
    massScalingTimeStep: input.massScalingTimeStep ?? POUCH_FE_DEFAULTS.massScalingTimeStep,
    maxAddedMassFraction: input.maxAddedMassFraction ?? POUCH_FE_DEFAULTS.maxAddedMassFraction,
    foilIntegration: input.foilIntegration ?? POUCH_FE_DEFAULTS.foilIntegration,
    foilFailureStrain: input.foilFailureStrain ?? POUCH_FE_DEFAULTS.foilFailureStrain,
    ...(tf?.kind === 'sahraei' && tf.ratioCurve ? { stackTensileFailureCurve: tf.ratioCurve } : {}),
    ...(input.supportRadius !== undefined ? { supportRadius: input.supportRadius } : {}),
  };
}

/**
 * Erosion of the stack under a nail: max of the volumetric compaction indicator (the short
 * criterion) and, when the card has one, the Sahraei tensile strain-ratio indicator (the card's
 * own MAT_126 failure, which zeroes the stress of the point; eroding it removes the element).
 */
class StackErosion implements FailureCriterion {
  readonly name = 'pouch-stack-erosion';
  readonly historySize = 0;
  private readonly scratch: Float64Array;
  constructor(private readonly compaction: VolumetricStrainCriterion, private readonly tensile: SahraeiStrainRatioCriterion | undefined, points: number) {
    this.scratch = new Float64Array(points);
  }
  initHistory(): void { /* none */ }
  evaluate(state: CriterionPointState, h: Float64Array, first: number, count: number, indicator: Float64Array): void {
    this.compaction.evaluate(state, h, first, count, indicator);
    if (!this.tensile) return;
    this.tensile.evaluate(state, h, first, count, this.scratch);
    for (let i = first; i < first + count; i++) if (this.scratch[i] > indicator[i]) indicator[i] = this.scratch[i];
  }
}

export class FePouch implements FeLoading {
  readonly model: MechanicsModel;
  readonly rampTime: number;
  /** Whole cell / model (4 for a quarter model). */
  readonly multiplicity: number;
  private readonly criterion: VolumetricStrainCriterion;
  private readonly stackElements: Int32Array;
  /** Column (x, y footprint) of each watched element, and the footprint area of each column [m^2]. */
  private readonly stackColumn: Int32Array;
  private readonly columnArea: Float64Array;
  private readonly columnHit: Uint8Array;
  private readonly point: CriterionPointState;
  private readonly indicator: Float64Array;
  /** Latched indicator: the largest value each element reached (1 for an eroded element). */
  private readonly latched: Float64Array;
  private readonly sectionCells: number[][] = [];
  private readonly sectionElements: number[] = [];
  private readonly sectionNodes: number[] = [];
  private kineticRatioAfterRamp = 0;
  private historyScanned = 0;
  private forceScanned = 0;
  maxCompaction = 0;

  constructor(private readonly setup: PouchFeSetup, loading: PouchLoading, failureStrain: number) {
    const { length: L, width: W, thickness: T } = setup;
    const quarter = setup.symmetry === 'quarter';
    this.multiplicity = quarter ? 4 : 1;
    const ind = loading.indenter;
    if (quarter && ind.offset !== 0) throw new RangeError('pouch FE: quarter symmetry needs offset 0');
    const speed = loading.speed;
    const gap = ind.startGap;
    const xc = L / 2 + ind.offset;
    const yc = W / 2;
    const axis: [number, number, number] = ind.axis === 'along' ? [1, 0, 0] : [0, 1, 0];
    let shape: IndenterShape;
    let position: [number, number, number];
    switch (ind.shape) {
      case 'flat-plate':
        shape = { kind: 'plate', normal: [0, 0, -1] };
        position = [xc, yc, T + gap];
        break;
      case 'semicylinder':
      case 'rod':
        shape = { kind: 'cylinder', radius: ind.radius, axis };
        position = [xc, yc, T + gap + ind.radius];
        break;
      case 'hemisphere':
        shape = { kind: 'sphere', radius: ind.radius };
        position = [xc, yc, T + gap + ind.radius];
        break;
      case 'nail':
        // Cone of half angle tipAngle/2 with a rounded tip (10 % of the shank radius; a perfectly
        // sharp tip touches no node until its flank does), axis from the tip up into the shank.
        shape = { kind: 'cone', halfAngle: ind.tipAngle / 2, tipRadius: 0.1 * ind.radius, axis: [0, 0, 1], shankRadius: ind.radius };
        position = [xc, yc, T + gap];
        break;
      default:
        throw new RangeError(`pouch FE loading supports plate, semicylinder, rod, hemisphere and nail indenters, not '${String(ind.shape)}'`);
    }
    if (loading.type === 'nail' && ind.shape !== 'nail') throw new RangeError(`pouch FE: a nail loading needs the nail indenter, got '${ind.shape}'`);
    if (loading.type !== 'nail' && ind.shape === 'nail') throw new RangeError('pouch FE: the nail indenter is loaded with type nail');
    this.rampTime = setup.rampTime ?? (0.05 * T) / speed;
    const rampTime = this.rampTime;
    const factor = setup.timeScaleFactor;
    const velocity = (t: number) => speed * smoothRamp(t, rampTime);
    const indenters: IndenterSpec[] = [];
    const nail = loading.type === 'nail';
    // Eroded elements expose interior nodes: every node may touch the nail.
    indenters.push({ name: 'indenter', shape, position, direction: [0, 0, -1], motion: { kind: 'velocity', velocity }, enforcement: 'kinematic', ...(nail ? { nodeSet: 'all' } : {}) });
    let travel = T;
    if (loading.type === 'three-point-bend') {
      const rs = setup.supportRadius ?? ind.radius;
      if (!(rs > 0)) throw new RangeError('pouch FE: three-point bend needs a support radius > 0');
      const half = loading.supportSpan / 2;
      if (!(half > 0 && half < L / 2)) throw new RangeError(`pouch FE: support span ${loading.supportSpan} m must be in (0, cell length ${L} m)`);
      for (const [name, sx] of [['support-1', L / 2 + half], ['support-2', L / 2 - half]] as const) {
        if (quarter && sx < L / 2) continue;
        indenters.push({ name, shape: { kind: 'cylinder', radius: rs, axis: [0, 1, 0] }, position: [sx, yc, -rs], direction: [0, 0, -1], motion: { kind: 'velocity', velocity: 0 }, enforcement: 'kinematic' });
      }
      travel = mathMax(T, loading.supportSpan / 8);
    } else {
      indenters.push({ name: 'support', shape: { kind: 'plate', normal: [0, 0, 1] }, position: [xc, yc, 0], direction: [0, 0, -1], motion: { kind: 'velocity', velocity: 0 }, enforcement: 'kinematic' });
    }
    // Symmetry planes (quarter) or the centre node planes (full, offset 0): no in-plane rigid-body drift.
    const boundaryConditions: BoundaryCondition[] = [];
    let mesh = setup.mesh;
    if (quarter) {
      boundaryConditions.push({ kind: 'fixed', nodeSet: 'symmetry-x', directions: ['x'] }, { kind: 'fixed', nodeSet: 'symmetry-y', directions: ['y'] });
    } else {
      const cx = nodePlane(mesh, 0, L / 2), cy = nodePlane(mesh, 1, W / 2);
      const extra: Record<string, Int32Array> = {};
      if (cx.length && ind.offset === 0) { extra['fe-centre-x'] = cx; boundaryConditions.push({ kind: 'fixed', nodeSet: 'fe-centre-x', directions: ['x'] }); }
      if (cy.length) { extra['fe-centre-y'] = cy; boundaryConditions.push({ kind: 'fixed', nodeSet: 'fe-centre-y', directions: ['y'] }); }
      if (Object.keys(extra).length) mesh = { ...mesh, nodeSets: { ...mesh.nodeSets, ...extra } };
    }
    if (nail && !mesh.nodeSets.all) throw new RangeError("pouch FE: the nail needs the mesh node set 'all'");
    const stackCount = countPart(mesh, setup.stackPart);
    this.criterion = new VolumetricStrainCriterion({ failureVolumetricStrain: failureStrain });
    const parts: PartSpec[] = mesh.parts.map((p) => {
      const part: PartSpec = { id: p.id, material: setup.materials[p.id] ?? setup.materials[setup.stackPart] };
      if (setup.cards?.[p.id]) part.card = setup.cards[p.id];
      if (p.id === setup.foilPart && setup.foilIntegration) part.integration = setup.foilIntegration;
      if (nail && p.id === setup.stackPart) {
        const tensile = setup.stackTensileFailureCurve ? new SahraeiStrainRatioCriterion({ ratioCurve: setup.stackTensileFailureCurve }) : undefined;
        part.failure = new StackErosion(new VolumetricStrainCriterion({ failureVolumetricStrain: failureStrain }), tensile, stackCount);
      }
      if (nail && p.id === setup.foilPart) part.failure = new MaxPrincipalStrainCriterion({ failureStrain: setup.foilFailureStrain ?? POUCH_FE_DEFAULTS.foilFailureStrain });
      return part;
    });
    const loadingTime = travel / speed / factor;
    this.model = createMechanicsModel({
      mesh,
      parts,
      boundaryConditions,
      // The solver calls the velocity profiles with test time (scaled time x factor) and multiplies by the factor.
      indenters,
      ...(setup.massScalingTimeStep > 0 ? { timeStep: { massScaling: { targetTimeStep: setup.massScalingTimeStep, maxAddedMassFraction: setup.maxAddedMassFraction ?? 0.05 } } } : {}),
      quasiStatic: { timeScaleFactor: factor, maxTimeScaleFactor: mathMax(1000, factor) },
      historyInterval: loadingTime / 4000,
    });
    const ids: number[] = [];
    for (let e = 0; e < mesh.elementPart.length; e++) if (mesh.elementPart[e] === setup.stackPart) ids.push(e);
    this.stackElements = Int32Array.from(ids);
    const n = ids.length;
    // Columns: stack elements sharing an (x, y) footprint; the separator layers lie in x-y planes,
    // so the damaged separator area is the footprint of the columns holding a failed element.
    this.stackColumn = new Int32Array(n);
    const key = new Map<string, number>();
    const areas: number[] = [];
    const scale = 1e-7 * mathMax(L, W);
    for (let i = 0; i < n; i++) {
      const f = footprint(mesh, ids[i]);
      const k = `${Math.round(f.x / scale)},${Math.round(f.y / scale)}`;
      let c = key.get(k);
      if (c === undefined) { c = areas.length; key.set(k, c); areas.push(f.area); }
      this.stackColumn[i] = c;
    }
    this.columnArea = Float64Array.from(areas);
    this.columnHit = new Uint8Array(areas.length);
    this.point = { stress: new Float64Array(6 * n), totalStrain: new Float64Array(6 * n), plasticStrainIncrement: new Float64Array(n), relativeVolume: new Float64Array(n).fill(1), initialLength: new Float64Array(n).fill(1) };
    this.indicator = new Float64Array(n);
    this.latched = new Float64Array(n);
    this.buildSection(yc);
  }

  /** Advances the solver to test time `time` [s]; punch travel [m], force on the whole cell [N], velocity [m/s] or a failure message. */
  advanceToTime(time: number): { displacement: number; force: number; velocity: number; error?: string } {
    const factor = this.setup.timeScaleFactor;
    const r = this.model.advance({ untilTime: time / factor });
    const h = this.model.histories.indenters[0];
    const k = h.force.length - 1;
    // Mean of the (oscillating, kinematic) contact reaction over the history samples of the increment.
    let sum = 0;
    let count = 0;
    for (let i = this.forceScanned; i <= k; i++) { sum += h.force[i]; count++; }
    this.forceScanned = k + 1;
    const modelForce = count > 0 ? mathMax(sum / count, 0) : k >= 0 ? mathMax(h.force[k], 0) : 0;
    const force = this.multiplicity * modelForce;
    const displacement = k >= 0 ? h.displacement[k] : 0;
    const velocity = k >= 0 ? h.velocity[k] / factor : 0;
    this.scanEnergies();
    if (r.status === 'failed') return { displacement, force, velocity, error: r.failure ? `mechanics failed at test time ${(r.failure.time * factor).toExponential(3)} s: ${r.failure.message ?? r.failure.cause}` : 'mechanics failed' };
    return { displacement, force, velocity };
  }

  /** Largest short-onset indicator over the stack elements, latched; eroded elements count as failed (>= 1: onset). */
  maxIndicator(): number {
    const s = this.model.readElementState();
    const n = this.stackElements.length;
    let maxGamma = this.maxCompaction;
    for (let i = 0; i < n; i++) {
      const e = this.stackElements[i];
      this.point.relativeVolume[i] = s.alive[e] ? s.relativeVolume[e] : 1;
      if (s.alive[e]) maxGamma = mathMax(maxGamma, 1 - this.point.relativeVolume[i]);
    }
    this.maxCompaction = maxGamma;
    this.criterion.evaluate(this.point, new Float64Array(0), 0, n, this.indicator);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const e = this.stackElements[i];
      const v = s.alive[e] ? this.indicator[i] : mathMax(1, this.latched[i]);
      if (v > this.latched[i]) this.latched[i] = v;
      if (this.latched[i] > m) m = this.latched[i];
    }
    return m;
  }

  /** The stack element with the largest (latched) indicator; the earliest one on ties (call after maxIndicator). */
  onsetElement(): ShortOnsetElement {
    let best = 0;
    for (let i = 1; i < this.stackElements.length; i++) if (this.latched[i] > this.latched[best]) best = i;
    const e = this.stackElements[best];
    const s = this.model.readElementState();
    return { element: e, location: [s.centroid[3 * e], s.centroid[3 * e + 1], s.centroid[3 * e + 2]], compaction: s.alive[e] ? 1 - s.relativeVolume[e] : this.maxCompaction };
  }

  /**
   * Damaged separator area of the whole cell [m^2]: footprint (x-y) area of the stack columns
   * holding an element at or past the criterion (call after maxIndicator). Element-size resolution.
   */
  damagedArea(): number {
    this.columnHit.fill(0);
    for (let i = 0; i < this.stackElements.length; i++) if (this.latched[i] >= 1) this.columnHit[this.stackColumn[i]] = 1;
    let a = 0;
    for (let c = 0; c < this.columnArea.length; c++) if (this.columnHit[c]) a += this.columnArea[c];
    return this.multiplicity * a;
  }

  /** Kinetic/internal energy ratio after the ramp, while internal energy > 10 % of its running peak. */
  kineticToInternalRatio(): number {
    return this.kineticRatioAfterRamp;
  }

  /** Added mass of mass scaling / physical mass. */
  addedMassFraction(): number {
    return this.model.diagnostics.addedMassFraction;
  }

  private scanEnergies(): void {
    const h = this.model.histories;
    const e = h.energies;
    const factor = this.setup.timeScaleFactor;
    let peak = 0;
    for (let i = 0; i < e.internal.length; i++) peak = mathMax(peak, e.internal[i]);
    for (let i = this.historyScanned; i < e.internal.length; i++) {
      if (h.time[i] * factor < this.rampTime) continue;
      if (e.internal[i] > 0.1 * peak && e.internal[i] > 0) this.kineticRatioAfterRamp = mathMax(this.kineticRatioAfterRamp, e.kinetic[i] / e.internal[i]);
    }
    this.historyScanned = e.internal.length;
  }

  /**
   * Cross-section through the thickness along the length (the x-z plane through the indenter, at the
   * node plane y nearest W/2): per element of the layer on the +y side, its four nodes on that plane,
   * deformed, as a polygon in (x, z) (z towards the indenter). Fields: compaction, equivalent plastic
   * strain, and the given temperature (short-spot temperature on stack elements past the criterion).
   * Eroded elements are reported with compaction 1.
   */
  /** Full-mesh snapshots at the section events (`--fields`). */
  private fieldCapture: FieldCapture | null = null;

  enableFieldCapture(): void {
    this.fieldCapture ??= new FieldCapture(this.setup.mesh, this.stackElements);
  }

  fieldSeries(events: ReadonlyArray<{ event: string; time: number }>): FieldSeries {
    return (this.fieldCapture ?? new FieldCapture(this.setup.mesh, this.stackElements)).series(events);
  }

  section(event: string, time: number, temperatureOf: (failed: boolean) => number): SectionSnapshot {
    this.fieldCapture?.capture(this.model, event, time, this.latched, temperatureOf);
    const s = this.model.readElementState();
    const x = this.model.x;
    const nodes: Array<[number, number]> = this.sectionNodes.map((nd) => [x[3 * nd], x[3 * nd + 2]]);
    const compaction: number[] = [];
    const plastic: number[] = [];
    const temperature: number[] = [];
    const stackIndex = new Map<number, number>();
    for (let i = 0; i < this.stackElements.length; i++) stackIndex.set(this.stackElements[i], i);
    for (const e of this.sectionElements) {
      compaction.push(s.alive[e] ? 1 - s.relativeVolume[e] : 1);
      plastic.push(s.plasticStrain[e]);
      const j = stackIndex.get(e);
      temperature.push(temperatureOf(j !== undefined && this.latched[j] >= 1));
    }
    return { event, time, nodes, fields: { 'Volumetric compaction 1 - V/V0': compaction, 'Equivalent plastic strain': plastic, 'Temperature [K]': temperature } };
  }

  get sectionConnectivity(): number[][] {
    return this.sectionCells;
  }

  /** Plane description for sections.json. */
  get sectionPlane(): string {
    return `x-z section of the ${this.setup.symmetry === 'quarter' ? 'quarter model (x >= L/2)' : 'cell'} through the indenter (node plane nearest y = W/2), deformed; x along the cell length, z through the thickness towards the indenter`;
  }

  private buildSection(yPlane: number): void {
    const sec = meshSection(this.setup.mesh, 1, yPlane, [0, 2]);
    this.sectionCells.push(...sec.cells);
    this.sectionElements.push(...sec.elements);
    this.sectionNodes.push(...sec.nodes);
  }
}

/** Nodes on the plane coordinate[dim] = value (within 1e-9 of the mesh size). */
function nodePlane(mesh: HexMesh, dim: number, value: number): Int32Array {
  const c = mesh.coordinates;
  let lo = INFINITY;
  let hi = -INFINITY;
  for (let i = dim; i < c.length; i += 3) { lo = min(lo, c[i]); hi = mathMax(hi, c[i]); }
  const tol = 1e-9 * mathMax(hi - lo, 1e-12);
  const out: number[] = [];
  for (let n = 0; n < c.length / 3; n++) if (abs(c[3 * n + dim] - value) < tol) out.push(n);
  return Int32Array.from(out);
}

function countPart(mesh: HexMesh, part: number): number {
  let n = 0;
  for (let e = 0; e < mesh.elementPart.length; e++) if (mesh.elementPart[e] === part) n++;
  return n;
}

/** Footprint (x-y extent) of an axis-aligned element of the undeformed mesh: centre and area. */
function footprint(mesh: HexMesh, e: number): { x: number; y: number; area: number } {
  const c = mesh.coordinates;
  let x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (let k = 0; k < 8; k++) {
    const nd = mesh.connectivity[8 * e + k];
    x0 = min(x0, c[3 * nd]); x1 = mathMax(x1, c[3 * nd]);
    y0 = min(y0, c[3 * nd + 1]); y1 = mathMax(y1, c[3 * nd + 1]);
  }
  return { x: 0.5 * (x0 + x1), y: 0.5 * (y0 + y1), area: (x1 - x0) * (y1 - y0) };
}
