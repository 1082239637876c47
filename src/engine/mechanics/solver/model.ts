/**
 * The explicit mechanics model: setup (validation, element blocks by part, lumped mass, mass
 * scaling, memory estimate), the central-difference loop, boundary conditions, rigid indenters
 * with penalty contact and Coulomb friction, erosion, energy bookkeeping and histories.
 * See index.ts for the API overview and the choices made.
 */
import { MaterialModel, StressUpdateBlock } from '../material';
import { CriterionPointState, FailureCriterion } from '../failure/criterion';
import { HexMesh } from '../mesh/hex-mesh';
import { CompiledShape, compileShape, signedDistance } from '../contact/rigid-indenter';
import { DeformableContact } from '../contact/deformable-contact';
import { MechanicsInputError } from './errors';
import { FULL_BLOCK, FullPointArrays, FullScratch, hex8FullForces, hex8FullKinematics } from './hex8-full';
import { CTL_DONE, CTL_GENERATION, CTL_READY, CTL_STOP, ParallelWorkerHandle, RESULT_SLOTS, WorkerInit } from './parallel';
import {
  BLOCK_SIZE, FAIL_JACOBIAN, FAIL_NAN, Hex8Arrays, Hex8Scratch, KernelAccumulators, PartConstants, hex8Forces, hex8Kinematics,
} from './hex8-kernel';
import {
  AdvanceResult, FirstFailure, IndenterSpec, MechanicsDiagnostics, MechanicsHistories, MechanicsModelSpec, MechanicsRunFailure,
  PrescribedVelocityBoundary,
} from './types';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, floor: mathFloor, hypot, max, min: mathMin, sqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

interface PartRuntime {
  id: number;
  name: string;
  material: MaterialModel;
  /** Internal element range [start, end). */
  start: number;
  end: number;
  constants: PartConstants;
  block: StressUpdateBlock;
  history: Float64Array;
  failure?: FailureCriterion;
  criterionHistory?: Float64Array;
  criterionState?: CriterionPointState;
  indicator?: Float64Array;
  plasticBefore?: Float64Array;
  /** 1 (one-point) or 8 (selective-reduced) material points per element. */
  pointsPerElement: number;
  full?: FullPointArrays;
  pointInitialLength?: Float64Array;
}

interface IndenterRuntime {
  spec: IndenterSpec;
  shape: CompiledShape;
  dx: number; dy: number; dz: number;
  /** Reference position and current displacement along the direction. */
  px: number; py: number; pz: number;
  displacement: number;
  velocity: number;
  mass: number;
  nodes: Int32Array;
  stiffness: Float64Array;
  tangential: Float64Array;
  friction: number;
  kinematic: boolean;
  /** Contact force on the indenter along the direction (this step). */
  forceAlong: number;
  fx: number; fy: number; fz: number;
  maxPenetration: number;
}

const DEFAULT_MEMORY_LIMIT = 4 * 1024 ** 3;
/** Finite waits on worker threads: a dead worker must not hang the run. */
const WORKER_START_TIMEOUT_MS = 30000;
const WORKER_STEP_TIMEOUT_MS = 60000;

/** Bytes per element and per node of the solver's arrays (for the estimate before allocation). */
export function estimateMemoryBytes(elements: number, nodes: number, historyPerElement: number, stiffnessHourglass: boolean, selectiveReducedElements = 0): number {
  // Selective-reduced elements carry 8 points: stress, total strain, increment (6 each) + 5 scalars.
  const perPointSet = 8 * 8 * (18 + 5);
  const perElement = 4 * 8 /* connectivity */ + 8 * (6 * 3 /* stress, total, increment */ + 6 /* V0, mass, scale, J, c, work */)
    + 8 * historyPerElement + 1 + 4 * 2 /* maps */ + (stiffnessHourglass ? 96 : 0) + 8 * 2 /* eps_p, indicator */;
  const perNode = 8 * (3 * 6 /* x x0 v fInt fContact prescribed */ + 2 /* mass, physical */) + 3 + 4;
  return elements * perElement + nodes * perNode + selectiveReducedElements * perPointSet;
}

function ensure(cond: boolean, field: string, message: string): void {
  if (!cond) throw new MechanicsInputError('invalid-spec', field, message);
}

/** Minimum corner Jacobian determinant of a hex (natural coordinates), and the centre one. */
function cornerJacobianMin(coords: Float64Array, conn: Int32Array, e: number): number {
  // Corner node a: edges to its three neighbours along xi, eta, zeta, oriented by the corner's signs.
  const nbr = [[1, 3, 4], [0, 2, 5], [3, 1, 6], [2, 0, 7], [5, 7, 0], [4, 6, 1], [7, 5, 2], [6, 4, 3]];
  const sx = [-1, 1, 1, -1, -1, 1, 1, -1], sy = [-1, -1, 1, 1, -1, -1, 1, 1], sz = [-1, -1, -1, -1, 1, 1, 1, 1];
  let min = INFINITY;
  for (let a = 0; a < 8; a++) {
    const p = 3 * conn[8 * e + a];
    const [i, j, k] = nbr[a];
    const pi = 3 * conn[8 * e + i], pj = 3 * conn[8 * e + j], pk = 3 * conn[8 * e + k];
    const ex = [(coords[pi] - coords[p]) * -sx[a], (coords[pi + 1] - coords[p + 1]) * -sx[a], (coords[pi + 2] - coords[p + 2]) * -sx[a]];
    const ey = [(coords[pj] - coords[p]) * -sy[a], (coords[pj + 1] - coords[p + 1]) * -sy[a], (coords[pj + 2] - coords[p + 2]) * -sy[a]];
    const ez = [(coords[pk] - coords[p]) * -sz[a], (coords[pk + 1] - coords[p + 1]) * -sz[a], (coords[pk + 2] - coords[p + 2]) * -sz[a]];
    const det = ex[0] * (ey[1] * ez[2] - ey[2] * ez[1]) - ex[1] * (ey[0] * ez[2] - ey[2] * ez[0]) + ex[2] * (ey[0] * ez[1] - ey[1] * ez[0]);
    if (det < min) min = det;
  }
  return min;
}

/** Nodes on the outer surface (faces used by exactly one element). */
export function surfaceNodes(mesh: HexMesh): Int32Array {
  const faces = [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]];
  const count = new Map<string, number[]>();
  const ne = mesh.connectivity.length / 8;
  for (let e = 0; e < ne; e++) {
    for (const f of faces) {
      const ids = f.map((a) => mesh.connectivity[8 * e + a]);
      const key = [...ids].sort((p, q) => p - q).join(',');
      const hit = count.get(key);
      if (hit) hit.push(-1); else count.set(key, ids);
    }
  }
  const on = new Uint8Array(mesh.coordinates.length / 3);
  for (const ids of count.values()) {
    if (ids.includes(-1)) continue;
    for (const id of ids) on[id] = 1;
  }
  const out: number[] = [];
  on.forEach((flag, i) => { if (flag) out.push(i); });
  return Int32Array.from(out);
}

export class MechanicsModel {
  readonly nodeTotal: number;
  readonly elementTotal: number;
  /** Current coordinates (3 per node) [m]. */
  readonly x: Float64Array;
  readonly initialCoordinates: Float64Array;
  /** Half-step velocities v^(n+1/2) (3 per node) [m/s]. */
  readonly v: Float64Array;
  readonly nodalMass: Float64Array;
  /** Internal element order (grouped by part) -> mesh element index, and back. */
  readonly internalToMesh: Int32Array;
  readonly meshToInternal: Int32Array;
  readonly arrays: Hex8Arrays;
  readonly diagnostics: MechanicsDiagnostics;
  readonly histories: MechanicsHistories;

  private readonly parts: PartRuntime[] = [];
  private readonly fContact: Float64Array;
  private readonly physicalMass: Float64Array;
  private readonly bcCode: Uint8Array;
  private readonly prescribed: Float64Array;
  private readonly velocityBcs: Array<{ bc: PrescribedVelocityBoundary; nodes: Int32Array }> = [];
  private readonly nodeAliveElements: Int32Array;
  private readonly plasticStrain: Float64Array;
  private readonly plasticIncrement: Float64Array;
  private readonly initialLength: Float64Array;
  private readonly plasticWork: Float64Array;
  private readonly indenters: IndenterRuntime[] = [];
  private readonly gravity: [number, number, number];
  private readonly scratch = new Hex8Scratch();
  private readonly fullScratch = new FullScratch();
  private readonly acc: KernelAccumulators = {
    internalEnergy: 0, hourglassEnergy: 0, minTimeStep: INFINITY, minTimeStepElement: -1, failedElement: -1, failure: 0,
  };
  private readonly dtScale: number;
  private readonly dtFloor: number;
  private readonly timeScale: number;
  private readonly kineticRatioLimit: number;
  private readonly historyInterval: number;
  private readonly distanceOut = new Float64Array(4);
  private readonly erodeQueue: number[] = [];
  private needsOldVelocity = false;
  private readonly deformable: DeformableContact | null = null;
  private readonly parallelWorkers: ParallelWorkerHandle[];
  private parallel: {
    control: Int32Array; results: Float64Array; timeStep: Float64Array; forces: Float64Array[];
    /** Main-thread chunk [start, end) of each part. */
    mainChunk: Array<[number, number]>; ready: boolean;
  } | null = null;
  private readonly meshElementAlive: (meshElement: number) => boolean;
  private vOld: Float64Array = new Float64Array(0);

  time = 0;
  step = 0;
  private dtPrev = 0;
  private dtNext: number;
  /**
   * Energies. Velocities live at half steps: the *Ahead terms are the half-step work f_n . v^(n+1/2) dt/2
   * already contained in the n+1/2 values; subtracting them reports every term at t_n consistently.
   */
  private energy = {
    kinetic: 0, external: 0, contactTotal: 0, friction: 0, eroded: 0, initialTotal: 0, kineticAhead: 0, externalAhead: 0, contactAhead: 0,
  };
  private nextSample = 0;
  private frozen = false;
  private failure: MechanicsRunFailure | undefined;

  constructor(spec: MechanicsModelSpec) {
    const mesh = spec.mesh;
    ensure(mesh.coordinates.length % 3 === 0 && mesh.coordinates.length > 0, 'mesh.coordinates', 'must hold 3 numbers per node');
    ensure(mesh.connectivity.length % 8 === 0 && mesh.connectivity.length > 0, 'mesh.connectivity', 'must hold 8 node indices per element');
    const nn = mesh.coordinates.length / 3;
    const ne = mesh.connectivity.length / 8;
    ensure(mesh.elementPart.length === ne, 'mesh.elementPart', `needs one part id per element (${ne}), got ${mesh.elementPart.length}`);
    for (let i = 0; i < mesh.coordinates.length; i++) ensure(Number.isFinite(mesh.coordinates[i]), 'mesh.coordinates', `non-finite value at node ${Math.floor(i / 3)}`);
    for (let i = 0; i < mesh.connectivity.length; i++) {
      const n = mesh.connectivity[i];
      ensure(n >= 0 && n < nn, 'mesh.connectivity', `element ${Math.floor(i / 8)} refers to node ${n}, outside 0..${nn - 1}`);
    }
    this.nodeTotal = nn;
    this.elementTotal = ne;

    // Parts and element blocks grouped by part.
    const partIndex = new Map<number, number>();
    spec.parts.forEach((p, i) => {
      ensure(!partIndex.has(p.id), `parts[${i}].id`, `duplicate part id ${p.id}`);
      ensure(p.material !== undefined, `parts[${i}].material`, 'is required');
      ensure(p.integration === undefined || p.integration === 'reduced' || p.integration === 'selective-reduced', `parts[${i}].integration`,
        `must be 'reduced' or 'selective-reduced', got '${String(p.integration)}'`);
      partIndex.set(p.id, i);
    });
    const perPart = new Int32Array(spec.parts.length);
    for (let e = 0; e < ne; e++) {
      const pi = partIndex.get(mesh.elementPart[e]);
      if (pi === undefined) throw new MechanicsInputError('invalid-spec', 'mesh.elementPart', `element ${e} has part ${mesh.elementPart[e]}, which no parts[] entry defines`, e);
      perPart[pi]++;
    }
    const anyStiff = spec.parts.some((p) => p.hourglass?.form === 'stiffness');
    const historyTotal = spec.parts.reduce((s, p, i) => s + p.material.historySize * perPart[i] * (p.integration === 'selective-reduced' ? 8 : 1), 0) / ne;
    const selectiveCount = spec.parts.reduce((s, p, i) => s + (p.integration === 'selective-reduced' ? perPart[i] : 0), 0);
    const estimate = estimateMemoryBytes(ne, nn, historyTotal, anyStiff, selectiveCount);
    const limit = spec.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT;
    if (estimate > limit) {
      throw new MechanicsInputError('memory-limit', 'mesh', `estimated memory ${(estimate / 1e6).toFixed(1)} MB for ${ne} elements and ${nn} nodes exceeds the limit of ${(limit / 1e6).toFixed(1)} MB`);
    }

    const internalToMesh = new Int32Array(ne);
    const meshToInternal = new Int32Array(ne);
    const starts = new Int32Array(spec.parts.length);
    for (let i = 1; i < spec.parts.length; i++) starts[i] = starts[i - 1] + perPart[i - 1];
    const fill = Int32Array.from(starts);
    for (let e = 0; e < ne; e++) {
      const pi = partIndex.get(mesh.elementPart[e])!;
      const ie = fill[pi]++;
      internalToMesh[ie] = e;
      meshToInternal[e] = ie;
    }
    this.internalToMesh = internalToMesh;
    this.meshToInternal = meshToInternal;

    const connectivity = new Int32Array(8 * ne);
    for (let ie = 0; ie < ne; ie++) connectivity.set(mesh.connectivity.subarray(8 * internalToMesh[ie], 8 * internalToMesh[ie] + 8), 8 * ie);

    // Inverted or degenerate elements at start: corner Jacobians must be positive.
    for (let e = 0; e < ne; e++) {
      const minCorner = cornerJacobianMin(mesh.coordinates, mesh.connectivity, e);
      if (!(minCorner > 0)) {
        const degenerate = minCorner === 0 || !Number.isFinite(minCorner);
        throw new MechanicsInputError(degenerate ? 'degenerate-element' : 'inverted-element', `mesh element ${e}`,
          degenerate ? 'degenerate (zero corner Jacobian: collapsed edge or face)' : `inverted (negative corner Jacobian ${minCorner.toExponential(3)}; check the node order)`, e);
      }
    }

    // Parallel element pass: decided before allocation so that the shared arrays live in SharedArrayBuffers.
    const par = spec.parallel;
    let parallelReason = '';
    if (par && par.workers.length > 0) {
      if (ne < (par.minElements ?? 20000)) parallelReason = `model below ${par.minElements ?? 20000} elements`;
      else if (spec.parts.some((p) => p.integration === 'selective-reduced')) parallelReason = 'selective-reduced parts';
      else if (spec.parts.some((p) => p.failure)) parallelReason = 'failure criteria';
      else if (spec.parts.some((p) => !p.card)) parallelReason = 'a part without a material card';
    }
    const shared = !!par && par.workers.length > 0 && parallelReason === '';
    this.parallelWorkers = shared ? par!.workers : [];
    const f64 = (n: number): Float64Array => (shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n));
    this.x = f64(3 * nn);
    this.x.set(mesh.coordinates);
    this.initialCoordinates = Float64Array.from(mesh.coordinates);
    this.v = f64(3 * nn);
    this.fContact = new Float64Array(3 * nn);
    this.nodalMass = new Float64Array(nn);
    this.physicalMass = new Float64Array(nn);
    this.bcCode = new Uint8Array(3 * nn);
    this.prescribed = new Float64Array(3 * nn);
    this.nodeAliveElements = new Int32Array(nn);
    this.plasticStrain = new Float64Array(ne);
    this.plasticIncrement = new Float64Array(ne);
    this.initialLength = f64(ne);
    this.plasticWork = f64(ne);
    const sharedConnectivity = shared ? new Int32Array(new SharedArrayBuffer(4 * 8 * ne)) : connectivity;
    if (shared) sharedConnectivity.set(connectivity);
    const arrays: Hex8Arrays = {
      x: this.x, v: this.v, force: new Float64Array(3 * nn), connectivity: sharedConnectivity,
      alive: (shared ? new Uint8Array(new SharedArrayBuffer(ne)) : new Uint8Array(ne)).fill(1),
      initialVolume: f64(ne), elementMass: f64(ne), waveSpeedScale: f64(ne).fill(1),
      stress: f64(6 * ne), totalStrain: f64(6 * ne), strainIncrement: f64(6 * ne),
      relativeVolume: f64(ne).fill(1), waveSpeed: f64(ne), hourglassForce: f64(anyStiff ? 12 * ne : 0),
    };
    this.arrays = arrays;

    const bulk = spec.bulkViscosity ?? {};
    const bulkLinear = bulk.linear ?? 0.06, bulkQuadratic = bulk.quadratic ?? 1.5;
    ensure(bulkLinear >= 0 && bulkQuadratic >= 0, 'bulkViscosity', 'coefficients must be >= 0');

    spec.parts.forEach((p, i) => {
      const start = starts[i], end = start + perPart[i];
      const m = p.material;
      ensure(m.density > 0, `parts[${i}].material.density`, `must be > 0, got ${m.density}`);
      const form = p.hourglass?.form ?? 'viscous';
      ensure(form === 'viscous' || form === 'stiffness', `parts[${i}].hourglass.form`, `must be 'viscous' or 'stiffness', got '${String(form)}'`);
      const coefficient = p.hourglass?.coefficient ?? (form === 'viscous' ? 0.1 : 0.05);
      ensure(coefficient >= 0 && coefficient <= 0.5, `parts[${i}].hourglass.coefficient`, `must be in [0, 0.5], got ${coefficient}`);
      const ppe = p.integration === 'selective-reduced' ? 8 : 1;
      const points = ppe * (end - start);
      const history = f64(max(1, m.historySize * points));
      m.initHistory(history, 0, points);
      const view = (a: Float64Array, k: number): Float64Array => a.subarray(k * start, k * end);
      let block: StressUpdateBlock;
      let full: FullPointArrays | undefined;
      let pointInitialLength: Float64Array | undefined;
      if (ppe === 8) {
        full = {
          stress: new Float64Array(6 * points), totalStrain: new Float64Array(6 * points), strainIncrement: new Float64Array(6 * points),
          relativeVolume: new Float64Array(points).fill(1), waveSpeed: new Float64Array(points).fill(m.initialWaveSpeed()),
          initialPointVolume: new Float64Array(points).fill(1),
        };
        pointInitialLength = new Float64Array(points);
        block = {
          first: 0, count: 0, dt: 0, strainIncrement: full.strainIncrement, totalStrain: full.totalStrain, stress: full.stress,
          history, relativeVolume: full.relativeVolume, initialLength: pointInitialLength, waveSpeed: full.waveSpeed,
          plasticWorkIncrement: new Float64Array(points),
        };
      } else {
        block = {
          first: 0, count: 0, dt: 0,
          strainIncrement: view(arrays.strainIncrement, 6), totalStrain: view(arrays.totalStrain, 6), stress: view(arrays.stress, 6),
          history, relativeVolume: view(arrays.relativeVolume, 1), initialLength: view(this.initialLength, 1),
          waveSpeed: view(arrays.waveSpeed, 1), plasticWorkIncrement: view(this.plasticWork, 1),
        };
      }
      const part: PartRuntime = {
        id: p.id, name: mesh.parts.find((q) => q.id === p.id)?.name ?? `part ${p.id}`, material: m, start, end, block, history,
        constants: { bulkModulus: m.bulkModulus, shearModulus: m.shearModulus, hourglassStiffness: form === 'stiffness', hourglassCoefficient: coefficient, bulkLinear, bulkQuadratic },
        pointsPerElement: ppe, full, pointInitialLength,
      };
      if (p.failure) {
        const c = p.failure;
        part.failure = c;
        part.criterionHistory = new Float64Array(max(1, c.historySize * (end - start)));
        c.initHistory(part.criterionHistory, 0, end - start);
        part.indicator = new Float64Array(end - start);
        part.plasticBefore = new Float64Array(BLOCK_SIZE);
        // Criteria see element values (the average of the points for selective-reduced parts).
        part.criterionState = {
          stress: view(arrays.stress, 6), totalStrain: view(arrays.totalStrain, 6), plasticStrainIncrement: view(this.plasticIncrement, 1),
          relativeVolume: view(arrays.relativeVolume, 1), initialLength: view(this.initialLength, 1),
        };
      }
      arrays.waveSpeed.fill(m.initialWaveSpeed(), start, end);
      this.parts.push(part);
    });

    // Geometry, lumped mass (element mass / 8 per node), initial stable step per element.
    const kin = this.scratch;
    const elementDt = new Float64Array(ne);
    for (const part of this.parts) {
      if (part.full) {
        const fs = this.fullScratch;
        const n = part.end - part.start;
        for (let first = 0; first < n; first += FULL_BLOCK) {
          const count = mathMin(FULL_BLOCK, n - first);
          arrays.initialVolume.fill(1, part.start + first, part.start + first + count);
          hex8FullKinematics(arrays, part.full, part.start, first, count, 0, fs, this.acc);
          if (this.acc.failedElement >= 0) break;
          for (let i = 0; i < count; i++) {
            const e = part.start + first + i;
            arrays.initialVolume[e] = fs.volume[i];
            arrays.relativeVolume[e] = 1;
            arrays.elementMass[e] = part.material.density * fs.volume[i];
            this.initialLength[e] = fs.length[i];
            elementDt[e] = fs.length[i] / arrays.waveSpeed[e];
            for (let g = 0; g < 8; g++) {
              const pt = 8 * (first + i) + g;
              part.full.initialPointVolume[pt] = fs.detJ[8 * i + g];
              part.full.relativeVolume[pt] = 1;
              part.pointInitialLength![pt] = fs.length[i];
            }
          }
        }
        continue;
      }
      for (let first = part.start; first < part.end; first += BLOCK_SIZE) {
        const count = mathMin(BLOCK_SIZE, part.end - first);
        arrays.initialVolume.fill(1, first, first + count);
        arrays.elementMass.fill(1, first, first + count);
        hex8Kinematics(arrays, part.constants, first, count, 0, kin, this.acc);
        for (let i = 0; i < count; i++) {
          const e = first + i;
          const vol = kin.volume[i];
          arrays.initialVolume[e] = vol;
          arrays.relativeVolume[e] = 1;
          arrays.elementMass[e] = part.material.density * vol;
          this.initialLength[e] = kin.length[i];
          elementDt[e] = kin.length[i] / arrays.waveSpeed[e];
        }
      }
    }
    arrays.force.fill(0);
    this.acc.hourglassEnergy = 0;
    if (this.acc.failedElement >= 0) {
      const e = internalToMesh[this.acc.failedElement];
      throw new MechanicsInputError('inverted-element', `mesh element ${e}`, 'non-positive centre Jacobian', e);
    }

    // Time step and mass scaling.
    const ts = spec.timeStep ?? {};
    this.dtScale = ts.scale ?? 0.9;
    ensure(this.dtScale > 0 && this.dtScale <= 1, 'timeStep.scale', `must be in (0, 1], got ${this.dtScale}`);
    let addedMass = 0, physicalTotal = 0;
    const ms = ts.massScaling;
    for (let e = 0; e < ne; e++) {
      physicalTotal += arrays.elementMass[e];
      let factor = 1;
      if (ms && this.dtScale * elementDt[e] < ms.targetTimeStep) {
        factor = (ms.targetTimeStep / (this.dtScale * elementDt[e])) ** 2;
        addedMass += (factor - 1) * arrays.elementMass[e];
      }
      arrays.waveSpeedScale[e] = 1 / sqrt(factor);
      const share = arrays.elementMass[e] / 8;
      for (let a = 0; a < 8; a++) {
        const n = connectivity[8 * e + a];
        this.physicalMass[n] += share;
        this.nodalMass[n] += share * factor;
        this.nodeAliveElements[n]++;
      }
    }
    const addedFraction = addedMass / physicalTotal;
    if (ms) {
      ensure(ms.targetTimeStep > 0, 'timeStep.massScaling.targetTimeStep', 'must be > 0 s');
      const maxFraction = ms.maxAddedMassFraction ?? 0.05;
      if (addedFraction > maxFraction) {
        throw new MechanicsInputError('mass-scaling-limit', 'timeStep.massScaling',
          `target step ${ms.targetTimeStep.toExponential(3)} s needs ${(100 * addedFraction).toFixed(2)} % added mass, above the limit of ${(100 * maxFraction).toFixed(2)} %`);
      }
    }
    let dt0 = INFINITY;
    for (let e = 0; e < ne; e++) dt0 = mathMin(dt0, elementDt[e] / arrays.waveSpeedScale[e]);
    dt0 *= this.dtScale;
    this.dtNext = dt0;
    this.dtFloor = ts.floor ?? 1e-3 * dt0;

    const qs = spec.quasiStatic ?? {};
    this.timeScale = qs.timeScaleFactor ?? 1;
    const maxScale = qs.maxTimeScaleFactor ?? 1000;
    ensure(this.timeScale >= 1, 'quasiStatic.timeScaleFactor', `must be >= 1, got ${this.timeScale}`);
    if (this.timeScale > maxScale) {
      throw new MechanicsInputError('time-scale-limit', 'quasiStatic.timeScaleFactor', `${this.timeScale} exceeds the limit ${maxScale}`);
    }
    this.kineticRatioLimit = qs.kineticRatioLimit ?? 0.05;
    this.historyInterval = spec.historyInterval ?? 0;

    // Boundary conditions.
    const nodeSet = (name: string, field: string): Int32Array => {
      const s = mesh.nodeSets[name];
      if (!s) throw new MechanicsInputError('invalid-spec', field, `unknown node set '${name}' (known: ${Object.keys(mesh.nodeSets).join(', ')})`);
      return s;
    };
    (spec.boundaryConditions ?? []).forEach((bc, i) => {
      const nodes = nodeSet(bc.nodeSet, `boundaryConditions[${i}].nodeSet`);
      if (bc.kind === 'fixed') {
        const dirs = bc.directions ?? ['x', 'y', 'z'];
        for (const d of dirs) {
          const c = d === 'x' ? 0 : d === 'y' ? 1 : d === 'z' ? 2 : -1;
          ensure(c >= 0, `boundaryConditions[${i}].directions`, `'${String(d)}' is not x, y or z`);
          for (const n of nodes) this.bcCode[3 * n + c] = 1;
        }
      } else if (bc.kind === 'velocity') {
        ensure(bc.velocity !== undefined || bc.field !== undefined, `boundaryConditions[${i}]`, 'needs velocity or field');
        for (const n of nodes) for (let c = 0; c < 3; c++) {
          if (bc.field || (bc.velocity && bc.velocity[c] !== null)) this.bcCode[3 * n + c] = 2;
        }
        this.velocityBcs.push({ bc, nodes });
      } else {
        throw new MechanicsInputError('invalid-spec', `boundaryConditions[${i}].kind`, `must be 'fixed' or 'velocity'`);
      }
    });
    this.gravity = spec.gravity ? [spec.gravity[0], spec.gravity[1], spec.gravity[2]] : [0, 0, 0];
    for (const [i, iv] of (spec.initialVelocities ?? []).entries()) {
      const nodes = iv.nodeSet ? nodeSet(iv.nodeSet, `initialVelocities[${i}].nodeSet`) : null;
      const apply = (n: number): void => { this.v[3 * n] = iv.velocity[0]; this.v[3 * n + 1] = iv.velocity[1]; this.v[3 * n + 2] = iv.velocity[2]; };
      if (nodes) nodes.forEach(apply); else for (let n = 0; n < nn; n++) apply(n);
    }

    // Indenters.
    let surface: Int32Array | null = null;
    (spec.indenters ?? []).forEach((ind, i) => {
      const where = `indenters[${i}]`;
      const shape = compileShape(ind.shape, where);
      const dn = hypot(ind.direction[0], ind.direction[1], ind.direction[2]);
      ensure(dn > 0, `${where}.direction`, 'must be a non-zero vector');
      const friction = ind.friction ?? 0;
      ensure(friction >= 0, `${where}.friction`, `must be >= 0, got ${friction}`);
      let nodes: Int32Array;
      if (ind.nodeSet) nodes = nodeSet(ind.nodeSet, `${where}.nodeSet`);
      else nodes = surface ??= surfaceNodes(mesh);
      const enforcement = ind.enforcement ?? 'penalty';
      ensure(enforcement === 'penalty' || enforcement === 'kinematic', `${where}.enforcement`, `must be 'penalty' or 'kinematic'`);
      ensure(enforcement === 'penalty' || ind.motion.kind === 'velocity', `${where}.enforcement`, 'kinematic enforcement needs a velocity-controlled indenter');
      if (enforcement === 'kinematic') this.needsOldVelocity = true;
      const penalty = ind.penaltyScale ?? 0.2;
      ensure(penalty > 0 && penalty <= 1, `${where}.penaltyScale`, `must be in (0, 1], got ${penalty}`);
      const stiffness = new Float64Array(nodes.length);
      for (let k = 0; k < nodes.length; k++) stiffness[k] = (penalty * this.nodalMass[nodes[k]]) / (dt0 * dt0);
      let mass = 0, velocity = 0;
      const motion = ind.motion;
      if (motion.kind === 'velocity') {
        velocity = typeof motion.velocity === 'number' ? motion.velocity : motion.velocity(0);
      } else {
        ensure(motion.mass > 0, `${where}.motion.mass`, `must be > 0 kg, got ${motion.mass}`);
        mass = motion.mass;
        velocity = motion.initialVelocity ?? 0;
      }
      this.indenters.push({
        spec: ind, shape, dx: ind.direction[0] / dn, dy: ind.direction[1] / dn, dz: ind.direction[2] / dn,
        px: ind.position[0], py: ind.position[1], pz: ind.position[2],
        displacement: 0, velocity: velocity * (motion.kind === 'velocity' ? this.timeScale : 1), mass, nodes, stiffness,
        tangential: new Float64Array(3 * nodes.length), friction, kinematic: enforcement === 'kinematic', forceAlong: 0, fx: 0, fy: 0, fz: 0, maxPenetration: 0,
      });
    });

    if (this.needsOldVelocity) this.vOld = new Float64Array(3 * nn);
    if (spec.deformableContact) {
      const scale = spec.deformableContact.penaltyScale ?? 0.1;
      ensure(scale > 0 && scale <= 1, 'deformableContact.penaltyScale', `must be in (0, 1], got ${scale}`);
      this.deformable = new DeformableContact(mesh, { penaltyScale: scale });
      this.deformable.setStiffness(this.nodalMass, dt0);
    }
    const aliveArr = arrays.alive;
    this.meshElementAlive = (e: number): boolean => aliveArr[meshToInternal[e]] === 1;
    this.histories = {
      time: [], timeStep: [],
      energies: { internal: [], kinetic: [], hourglass: [], contact: [], friction: [], external: [], eroded: [], balanceError: [] },
      indenters: this.indenters.map((d) => ({ name: d.spec.name, displacement: [], force: [], tangentialForce: [], velocity: [], maxPenetration: [] })),
      momentum: { x: [], y: [], z: [] },
    };
    // Initial kinetic energy.
    let ke = 0;
    for (let n = 0; n < nn; n++) ke += 0.5 * this.nodalMass[n] * (this.v[3 * n] ** 2 + this.v[3 * n + 1] ** 2 + this.v[3 * n + 2] ** 2);
    for (const d of this.indenters) ke += 0.5 * d.mass * d.velocity * d.velocity;
    this.energy.kinetic = ke;
    this.energy.initialTotal = ke;
    this.diagnostics = {
      steps: 0, time: 0, initialTimeStep: dt0, minTimeStep: dt0, addedMassFraction: addedFraction, timeScaleFactor: this.timeScale,
      peakInternalEnergy: 0, maxRelativeEnergyError: 0, maxHourglassRatio: 0, maxKineticToInternalRatio: 0, erodedElements: 0,
      firstFailure: null, warnings: [], estimatedMemoryBytes: estimate,
    };
    if (this.timeScale > 1) {
      this.diagnostics.warnings.push(`time scaling: loading velocities x${this.timeScale}; rate-dependent materials see the scaled rate`);
    }
    if (addedFraction > 0) this.diagnostics.warnings.push(`mass scaling added ${(100 * addedFraction).toFixed(3)} % mass`);
    if (parallelReason) this.diagnostics.warnings.push(`parallel element pass not used: ${parallelReason}; running single-threaded`);
    if (shared) this.startWorkers(spec);
  }

  /** Hands the shared arrays to the workers and splits every part's elements into chunks. */
  private startWorkers(spec: MechanicsModelSpec): void {
    const workers = this.parallelWorkers;
    const threads = workers.length + 1;
    const control = new Int32Array(new SharedArrayBuffer(4 * 4));
    const results = new Float64Array(new SharedArrayBuffer(8 * RESULT_SLOTS * workers.length));
    const timeStep = new Float64Array(new SharedArrayBuffer(8));
    const forces = workers.map(() => new Float64Array(new SharedArrayBuffer(8 * 3 * this.nodeTotal)));
    const a = this.arrays;
    const buf = (t: { buffer: ArrayBufferLike }): SharedArrayBuffer => t.buffer as SharedArrayBuffer;
    const chunk = (start: number, end: number, k: number): [number, number] => {
      const n = end - start;
      return [start + mathFloor((n * k) / threads), start + mathFloor((n * (k + 1)) / threads)];
    };
    workers.forEach((w, index) => {
      const init: WorkerInit = {
        kind: 'mechanics-init', index,
        x: buf(a.x), v: buf(a.v), force: buf(forces[index]), connectivity: buf(a.connectivity), alive: buf(a.alive),
        initialVolume: buf(a.initialVolume), elementMass: buf(a.elementMass), waveSpeedScale: buf(a.waveSpeedScale), stress: buf(a.stress),
        totalStrain: buf(a.totalStrain), strainIncrement: buf(a.strainIncrement), relativeVolume: buf(a.relativeVolume),
        waveSpeed: buf(a.waveSpeed), hourglassForce: buf(a.hourglassForce), control: buf(control), results: buf(results), timeStep: buf(timeStep),
        parts: this.parts.map((p, i) => {
          const [chunkStart, chunkEnd] = chunk(p.start, p.end, index + 1);
          return {
            card: spec.parts[i].card!, constants: p.constants, start: p.start, end: p.end, chunkStart, chunkEnd,
            history: buf(p.history), plasticWork: buf(this.plasticWork), initialLength: buf(this.initialLength),
          };
        }),
      };
      w.postMessage(init);
    });
    this.parallel = { control, results, timeStep, forces, mainChunk: this.parts.map((p) => chunk(p.start, p.end, 0)), ready: false };
  }

  /** Threads used by the element pass (1 when single-threaded). */
  get threads(): number {
    return this.parallel ? this.parallelWorkers.length + 1 : 1;
  }

  /** Ends the workers' step loops (the caller then terminates its Worker objects). */
  dispose(): void {
    if (!this.parallel) return;
    const c = this.parallel.control;
    Atomics.store(c, CTL_STOP, 1);
    Atomics.add(c, CTL_GENERATION, 1);
    Atomics.notify(c, CTL_GENERATION);
    this.parallel = null;
  }

  /** Parallel element pass: workers take their chunks, the main thread its own; forces summed. */
  private parallelElementPass(dt: number): boolean {
    const par = this.parallel!;
    const a = this.arrays, acc = this.acc;
    const nw = this.parallelWorkers.length;
    if (!par.ready) {
      // Workers load their code on their own threads; wait for all of them once, but not forever:
      // a worker that failed to start (e.g. missing dist/ build) leaves the run single-threaded.
      const deadline = Date.now() + WORKER_START_TIMEOUT_MS;
      for (let ready = Atomics.load(par.control, CTL_READY); ready < nw; ready = Atomics.load(par.control, CTL_READY)) {
        if (Date.now() > deadline) {
          this.diagnostics.warnings.push(`parallel element pass not used: ${nw - ready} worker(s) did not start within ${WORKER_START_TIMEOUT_MS / 1000} s; running single-threaded`);
          Atomics.store(par.control, CTL_STOP, 1);
          Atomics.add(par.control, CTL_GENERATION, 1);
          Atomics.notify(par.control, CTL_GENERATION);
          this.parallel = null;
          return true;
        }
        Atomics.wait(par.control, CTL_READY, ready, 100);
      }
      par.ready = true;
    }
    par.timeStep[0] = dt;
    Atomics.store(par.control, CTL_DONE, 0);
    Atomics.add(par.control, CTL_GENERATION, 1);
    Atomics.notify(par.control, CTL_GENERATION);
    this.parts.forEach((part, i) => {
      const [start, end] = par.mainChunk[i];
      part.block.dt = dt;
      for (let first = start; first < end && acc.failedElement < 0; first += BLOCK_SIZE) {
        const count = mathMin(BLOCK_SIZE, end - first);
        hex8Kinematics(a, part.constants, first, count, dt, this.scratch, acc);
        if (acc.failedElement >= 0) break;
        part.block.first = first - part.start;
        part.block.count = count;
        part.material.update(part.block);
        hex8Forces(a, part.constants, first, count, dt, this.scratch, acc);
      }
    });
    const deadline = Date.now() + WORKER_STEP_TIMEOUT_MS;
    for (let done = Atomics.load(par.control, CTL_DONE); done < nw; done = Atomics.load(par.control, CTL_DONE)) {
      if (Date.now() > deadline) {
        this.dispose();
        return this.fail('worker-timeout', -1, `a worker thread did not finish its element chunk within ${WORKER_STEP_TIMEOUT_MS / 1000} s (crashed or killed)`);
      }
      Atomics.wait(par.control, CTL_DONE, done, 100);
    }
    const f = a.force;
    for (let w = 0; w < nw; w++) {
      const fw = par.forces[w];
      for (let k = 0; k < f.length; k++) f[k] += fw[k];
      const r = par.results, o = RESULT_SLOTS * w;
      acc.internalEnergy += r[o];
      acc.hourglassEnergy += r[o + 1];
      if (r[o + 2] < acc.minTimeStep) { acc.minTimeStep = r[o + 2]; acc.minTimeStepElement = r[o + 3]; }
      if (acc.failedElement < 0 && r[o + 4] >= 0) { acc.failedElement = r[o + 4]; acc.failure = r[o + 5] as 0 | 1 | 2; }
    }
    if (acc.failedElement >= 0) {
      return this.fail(acc.failure === FAIL_NAN ? 'nan-stress' : 'negative-jacobian', acc.failedElement,
        acc.failure === FAIL_NAN ? 'the material returned a non-finite stress' : 'element volume became non-positive (element inverted)');
    }
    return true;
  }

  /** Mesh-order index of the element with internal index ie. */
  private meshElement(ie: number): number {
    return this.internalToMesh[ie];
  }

  /** Current stable time step the next step will use [s]. */
  get timeStep(): number {
    return this.dtNext;
  }

  freeze(): void {
    this.frozen = true;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /**
   * Advances until `untilTime` [s] or for `steps` steps (whichever comes first; at least one must
   * be given). The last step is not shortened to land on untilTime (a step-size jump would spoil
   * the energy consistency), so the time reached may exceed it by less than one step. Never throws for numerical failure: returns status 'failed' with the cause and keeps
   * the histories. `onSample` is called after each history sample; returning 'stop' ends the chunk.
   */
  advance(options: { untilTime?: number; steps?: number; onSample?: (model: MechanicsModel) => void | 'stop' }): AdvanceResult {
    if (this.failure) return { status: 'failed', time: this.time, steps: this.step, failure: this.failure };
    if (this.frozen) return { status: 'frozen', time: this.time, steps: this.step };
    const until = options.untilTime ?? INFINITY;
    const maxSteps = options.steps ?? INFINITY;
    if (until === INFINITY && maxSteps === INFINITY) throw new RangeError('advance: give untilTime or steps');
    let done = 0;
    while (done < maxSteps && this.time < until) {
      const ok = this.singleStep();
      done++;
      if (!ok) {
        this.sample();
        this.finishDiagnostics();
        return { status: 'failed', time: this.time, steps: this.step, failure: this.failure };
      }
      if (this.time >= this.nextSample) {
        this.sample();
        this.nextSample = this.time + this.historyInterval;
        if (options.onSample && options.onSample(this) === 'stop') {
          this.finishDiagnostics();
          return { status: 'stopped', time: this.time, steps: this.step };
        }
      }
    }
    if (this.histories.time[this.histories.time.length - 1] !== this.time) this.sample();
    this.finishDiagnostics();
    return { status: this.time >= until ? 'completed' : 'running', time: this.time, steps: this.step };
  }

  private fail(cause: MechanicsRunFailure['cause'], ie: number, message: string): false {
    const element = ie >= 0 ? this.meshElement(ie) : -1;
    this.failure = {
      cause, element, time: this.time, step: this.step,
      message: `${cause} at t = ${this.time.toExponential(4)} s (step ${this.step})${element >= 0 ? `, element ${element}` : ''}: ${message}`,
    };
    this.diagnostics.warnings.push(this.failure.message);
    return false;
  }

  /** One central-difference step. Returns false when the run failed (state of the last good step kept in histories). */
  private singleStep(): boolean {
    const a = this.arrays;
    const acc = this.acc;
    const force = a.force;
    force.fill(0);
    acc.minTimeStep = INFINITY;
    acc.minTimeStepElement = -1;
    const dt = this.dtPrev;
    if (this.parallel && !this.parallelElementPass(dt)) return false;
    for (const part of this.parallel ? [] : this.parts) {
      const block = part.block;
      block.dt = dt;
      if (part.full) {
        const n = part.end - part.start;
        for (let first = 0; first < n; first += FULL_BLOCK) {
          const count = mathMin(FULL_BLOCK, n - first);
          hex8FullKinematics(a, part.full, part.start, first, count, dt, this.fullScratch, acc);
          if (acc.failedElement >= 0) return this.fail('negative-jacobian', acc.failedElement, 'a Gauss-point Jacobian became non-positive (element inverted)');
          if (part.failure) for (let i = 0; i < count; i++) part.plasticBefore![i] = this.elementPlasticStrain(part, first + i);
          block.first = 8 * first;
          block.count = 8 * count;
          part.material.update(block);
          hex8FullForces(a, part.full, part.start, first, count, this.fullScratch, acc);
          if (acc.failedElement >= 0) return this.fail('nan-stress', acc.failedElement, 'the material returned a non-finite stress');
          if (part.failure) this.evaluateFailure(part, first, count);
        }
        continue;
      }
      for (let first = part.start; first < part.end; first += BLOCK_SIZE) {
        const count = mathMin(BLOCK_SIZE, part.end - first);
        hex8Kinematics(a, part.constants, first, count, dt, this.scratch, acc);
        if (acc.failedElement >= 0) {
          return this.fail('negative-jacobian', acc.failedElement, 'element volume became non-positive (element inverted)');
        }
        block.first = first - part.start;
        block.count = count;
        if (part.failure) {
          for (let i = 0; i < count; i++) part.plasticBefore![i] = this.elementPlasticStrain(part, block.first + i);
        }
        part.material.update(block);
        hex8Forces(a, part.constants, first, count, dt, this.scratch, acc);
        if (acc.failedElement >= 0) {
          return this.fail('nan-stress', acc.failedElement, 'the material returned a non-finite stress');
        }
        if (part.failure) this.evaluateFailure(part, block.first, count);
      }
    }
    // Rigid indenter contact at x_n.
    this.contactForces();
    const stable = this.dtScale * acc.minTimeStep;
    if (!(stable >= this.dtFloor)) {
      return this.fail('time-step-collapse', acc.minTimeStepElement,
        `stable time step ${stable.toExponential(3)} s fell below the floor ${this.dtFloor.toExponential(3)} s`);
    }
    // The step may grow by at most 10 % per step (smooth changes keep the central difference consistent).
    const dtNext = this.dtPrev > 0 ? mathMin(stable, 1.1 * this.dtPrev) : stable;
    this.dtNext = dtNext;
    if (dtNext < this.diagnostics.minTimeStep) this.diagnostics.minTimeStep = dtNext;
    this.updateNodes(dtNext);
    this.time += dtNext;
    this.step++;
    this.dtPrev = dtNext;
    if (this.erodeQueue.length) this.erode();
    return true;
  }

  private evaluateFailure(part: PartRuntime, localFirst: number, count: number): void {
    const inc = part.criterionState!.plasticStrainIncrement;
    for (let i = 0; i < count; i++) {
      const p = localFirst + i;
      const now = this.elementPlasticStrain(part, p);
      inc[p] = now - part.plasticBefore![i];
      this.plasticStrain[part.start + p] = now;
    }
    part.failure!.evaluate(part.criterionState!, part.criterionHistory!, localFirst, count, part.indicator!);
    const alive = this.arrays.alive;
    for (let i = 0; i < count; i++) {
      const p = localFirst + i;
      if (part.indicator![p] >= 1 && alive[part.start + p] === 1) this.erodeQueue.push(part.start + p);
    }
  }

  /** Equivalent plastic strain of a part-local element (mean over its points). */
  private elementPlasticStrain(part: PartRuntime, localElement: number): number {
    if (part.pointsPerElement === 1) return part.material.equivalentPlasticStrain(part.history, localElement);
    let sum = 0;
    for (let g = 0; g < 8; g++) sum += part.material.equivalentPlasticStrain(part.history, 8 * localElement + g);
    return sum / 8;
  }

  private elementDamage(part: PartRuntime, localElement: number): number {
    const m = part.material;
    if (!m.damage) return 0;
    if (part.pointsPerElement === 1) return m.damage(part.history, localElement);
    let sum = 0;
    for (let g = 0; g < 8; g++) sum += m.damage(part.history, 8 * localElement + g);
    return sum / 8;
  }

  /** Removes queued elements: no more forces, their mass leaves the nodes, free nodes leave contact. */
  private erode(): void {
    const a = this.arrays;
    for (const ie of this.erodeQueue) {
      if (a.alive[ie] === 0) continue;
      a.alive[ie] = 0;
      this.diagnostics.erodedElements++;
      if (!this.diagnostics.firstFailure) {
        const c = this.centroid(ie);
        this.diagnostics.firstFailure = {
          time: this.time, element: this.meshElement(ie), part: this.partOf(ie).id, centroid: c,
          indenters: this.indenters.map((d) => ({ name: d.spec.name, displacement: d.displacement, force: d.forceAlong })),
        } satisfies FirstFailure;
      }
      const share = a.elementMass[ie] / 8;
      const scaled = share / (a.waveSpeedScale[ie] * a.waveSpeedScale[ie]);
      for (let k = 0; k < 8; k++) {
        const n = a.connectivity[8 * ie + k];
        const v2 = this.v[3 * n] ** 2 + this.v[3 * n + 1] ** 2 + this.v[3 * n + 2] ** 2;
        this.nodeAliveElements[n]--;
        const removed = this.nodeAliveElements[n] === 0 ? this.nodalMass[n] : mathMin(scaled, this.nodalMass[n]);
        this.energy.eroded += 0.5 * removed * v2;
        this.energy.kinetic -= 0.5 * removed * v2;
        this.nodalMass[n] -= removed;
        this.physicalMass[n] = max(0, this.physicalMass[n] - share);
        if (this.nodeAliveElements[n] === 0) {
          this.nodalMass[n] = 0;
          this.v[3 * n] = 0; this.v[3 * n + 1] = 0; this.v[3 * n + 2] = 0;
        }
      }
    }
    this.erodeQueue.length = 0;
  }

  private partOf(ie: number): PartRuntime {
    for (const p of this.parts) if (ie >= p.start && ie < p.end) return p;
    return this.parts[0];
  }

  private centroid(ie: number): [number, number, number] {
    const c: [number, number, number] = [0, 0, 0];
    for (let k = 0; k < 8; k++) {
      const n = this.arrays.connectivity[8 * ie + k];
      c[0] += this.x[3 * n] / 8; c[1] += this.x[3 * n + 1] / 8; c[2] += this.x[3 * n + 2] / 8;
    }
    return c;
  }

  /** Penalty node-to-rigid-surface contact with Coulomb friction (elastic predictor, return to the cone). */
  private contactForces(): void {
    const fc = this.fContact;
    fc.fill(0);
    if (this.deformable) this.deformable.evaluate(this.x, fc, this.meshElementAlive, this.nodeAliveElements);
    if (!this.indenters.length) return;
    const out = this.distanceOut;
    const x = this.x, v = this.v, alive = this.nodeAliveElements;
    const dt = this.dtPrev;
    for (const d of this.indenters) {
      if (d.kinematic) continue;
      const cx = d.px + d.displacement * d.dx, cy = d.py + d.displacement * d.dy, cz = d.pz + d.displacement * d.dz;
      const ivx = d.velocity * d.dx, ivy = d.velocity * d.dy, ivz = d.velocity * d.dz;
      let fx = 0, fy = 0, fz = 0, maxPen = 0, frictionPower = 0;
      const nodes = d.nodes, stiff = d.stiffness, tang = d.tangential, mu = d.friction;
      for (let k = 0; k < nodes.length; k++) {
        const n = nodes[k];
        const o = 3 * n, ot = 3 * k;
        if (alive[n] === 0) { tang[ot] = 0; tang[ot + 1] = 0; tang[ot + 2] = 0; continue; }
        const phi = signedDistance(d.shape, x[o] - cx, x[o + 1] - cy, x[o + 2] - cz, out);
        if (!(phi < 0)) { tang[ot] = 0; tang[ot + 1] = 0; tang[ot + 2] = 0; continue; }
        const nx = out[1], ny = out[2], nz = out[3];
        const fn = -stiff[k] * phi;
        if (-phi > maxPen) maxPen = -phi;
        let gx = fn * nx, gy = fn * ny, gz = fn * nz;
        if (mu > 0) {
          // Relative tangential velocity of the node w.r.t. the indenter.
          const rx = v[o] - ivx, ry = v[o + 1] - ivy, rz = v[o + 2] - ivz;
          const rn = rx * nx + ry * ny + rz * nz;
          const tx = rx - rn * nx, ty = ry - rn * ny, tz = rz - rn * nz;
          // Previous tangential force projected on the current tangent plane, elastic predictor.
          let px = tang[ot], py = tang[ot + 1], pz = tang[ot + 2];
          const pn = px * nx + py * ny + pz * nz;
          px -= pn * nx; py -= pn * ny; pz -= pn * nz;
          px -= stiff[k] * tx * dt; py -= stiff[k] * ty * dt; pz -= stiff[k] * tz * dt;
          const mag = sqrt(px * px + py * py + pz * pz);
          const limit = mu * fn;
          if (mag > limit) { const r = limit / mag; px *= r; py *= r; pz *= r; }
          tang[ot] = px; tang[ot + 1] = py; tang[ot + 2] = pz;
          gx += px; gy += py; gz += pz;
          frictionPower -= px * tx + py * ty + pz * tz;
        }
        fc[o] += gx; fc[o + 1] += gy; fc[o + 2] += gz;
        fx += gx; fy += gy; fz += gz;
      }
      // Force on the indenter is the reaction: -(sum of node forces).
      d.fx = -fx; d.fy = -fy; d.fz = -fz;
      d.forceAlong = fx * d.dx + fy * d.dy + fz * d.dz;
      d.maxPenetration = maxPen;
      this.energy.friction += frictionPower * dt;
    }
  }

  /** Velocity and position update with boundary conditions, and the energy/work bookkeeping. */
  private updateNodes(dtNext: number): void {
    const nn = this.nodeTotal;
    const x = this.x, v = this.v, f = this.arrays.force, fc = this.fContact, m = this.nodalMass;
    const code = this.bcCode, pres = this.prescribed;
    const dtn = 0.5 * (this.dtPrev + dtNext);
    const tMid = this.time + 0.5 * dtNext;
    const ts = this.timeScale;
    // Prescribed velocities at t^(n+1/2) (time scaling: v_user(t * s) * s).
    for (const { bc, nodes } of this.velocityBcs) {
      if (bc.field) {
        const out = this.distanceOut;
        for (const n of nodes) {
          bc.field(tMid * ts, x[3 * n], x[3 * n + 1], x[3 * n + 2], out, dtNext);
          pres[3 * n] = out[0] * ts; pres[3 * n + 1] = out[1] * ts; pres[3 * n + 2] = out[2] * ts;
        }
      } else {
        const amp = (bc.amplitude ? bc.amplitude(tMid * ts) : 1) * ts;
        for (const n of nodes) for (let c = 0; c < 3; c++) {
          const val = bc.velocity![c];
          if (val !== null) pres[3 * n + c] = val * amp;
        }
      }
    }
    if (this.needsOldVelocity) this.vOld.set(v);
    const [gx, gy, gz] = this.gravity;
    let workContactNodes = 0, workExternal = 0, ke = 0;
    let keAhead = 0, extAhead = 0, contactAhead = 0;
    for (let n = 0; n < nn; n++) {
      const mass = m[n];
      if (mass <= 0) continue;
      for (let c = 0; c < 3; c++) {
        const o = 3 * n + c;
        const g = c === 0 ? gx : c === 1 ? gy : gz;
        const ftot = f[o] + fc[o] + mass * g;
        const vOld = v[o];
        let vNew = vOld + (dtn * ftot) / mass;
        const bc = code[o];
        let reaction = 0;
        if (bc !== 0) {
          vNew = bc === 1 ? 0 : pres[o];
          // Reaction needed to impose the velocity does external work.
          reaction = (mass * (vNew - vOld)) / dtn - ftot;
          workExternal += reaction * dtn * 0.5 * (vOld + vNew);
        }
        const dxAvg = dtn * 0.5 * (vOld + vNew);
        workContactNodes += fc[o] * dxAvg;
        workExternal += mass * g * dxAvg;
        const aheadV = 0.5 * dtn * vNew;
        keAhead += (ftot + reaction) * aheadV;
        extAhead += (reaction + mass * g) * aheadV;
        contactAhead += fc[o] * aheadV;
        v[o] = vNew;
        x[o] += vNew * dtNext;
        ke += 0.5 * mass * vNew * vNew;
      }
    }
    // Kinematic contact: put penetrating nodes back on the indenter surface at t^(n+1).
    for (const d of this.indenters) {
      if (!d.kinematic) continue;
      const motion = d.spec.motion as { kind: 'velocity'; velocity: number | ((t: number) => number) };
      const vInd = (typeof motion.velocity === 'number' ? motion.velocity : motion.velocity(tMid * ts)) * ts;
      const sNext = d.displacement + vInd * dtNext;
      const cx = d.px + sNext * d.dx, cy = d.py + sNext * d.dy, cz = d.pz + sNext * d.dz;
      const out = this.distanceOut;
      const vo = this.vOld, alive = this.nodeAliveElements, mu = d.friction;
      let fx = 0, fy = 0, fz = 0, frictionWork = 0;
      for (let k = 0; k < d.nodes.length; k++) {
        const n = d.nodes[k];
        const o = 3 * n;
        if (alive[n] === 0 || m[n] <= 0) continue;
        const phi = signedDistance(d.shape, x[o] - cx, x[o + 1] - cy, x[o + 2] - cz, out);
        if (!(phi < 0)) continue;
        const nx = out[1], ny = out[2], nz = out[3];
        // Normal velocity change that lands the node on the surface; only on unconstrained components.
        const dvn = -phi / dtNext;
        let dvx = code[o] === 0 ? dvn * nx : 0, dvy = code[o + 1] === 0 ? dvn * ny : 0, dvz = code[o + 2] === 0 ? dvn * nz : 0;
        if (mu > 0) {
          // Stick: remove the tangential velocity relative to the indenter, up to mu |f_n|.
          const rx = v[o] + dvx - vInd * d.dx, ry = v[o + 1] + dvy - vInd * d.dy, rz = v[o + 2] + dvz - vInd * d.dz;
          const rn = rx * nx + ry * ny + rz * nz;
          let tx = -(rx - rn * nx), ty = -(ry - rn * ny), tz = -(rz - rn * nz);
          const tmag = sqrt(tx * tx + ty * ty + tz * tz);
          const limit = mu * abs(dvn);
          if (tmag > limit) { const r = limit / tmag; tx *= r; ty *= r; tz *= r; }
          if (code[o] === 0) dvx += tx;
          if (code[o + 1] === 0) dvy += ty;
          if (code[o + 2] === 0) dvz += tz;
          frictionWork += m[n] * (tx * (v[o] + dvx - vInd * d.dx) + ty * (v[o + 1] + dvy - vInd * d.dy) + tz * (v[o + 2] + dvz - vInd * d.dz)) * (dtNext / dtn);
        }
        const mass = m[n];
        const cfx = (mass * dvx) / dtn, cfy = (mass * dvy) / dtn, cfz = (mass * dvz) / dtn;
        for (let c = 0; c < 3; c++) {
          const oc = o + c;
          const dv = c === 0 ? dvx : c === 1 ? dvy : dvz;
          if (dv === 0) continue;
          const fcc = (mass * dv) / dtn;
          const vPre = v[oc], vNew = vPre + dv;
          ke += 0.5 * mass * (vNew * vNew - vPre * vPre);
          workContactNodes += fcc * dtn * 0.5 * (vo[oc] + vNew);
          keAhead += 0.5 * dtn * (mass * (vNew - vo[oc]) / dtn * vNew - (mass * (vPre - vo[oc]) / dtn) * vPre);
          contactAhead += fcc * 0.5 * dtn * vNew;
          v[oc] = vNew;
          x[oc] += dv * dtNext;
        }
        fx += cfx; fy += cfy; fz += cfz;
      }
      d.fx = -fx; d.fy = -fy; d.fz = -fz;
      d.forceAlong = fx * d.dx + fy * d.dy + fz * d.dz;
      d.maxPenetration = 0;
      this.energy.friction -= frictionWork;
    }
    // Indenters (rigid, one translational degree of freedom along their direction).
    let workContactIndenters = 0;
    const gAlong = (d: IndenterRuntime): number => gx * d.dx + gy * d.dy + gz * d.dz;
    for (const d of this.indenters) {
      const motion = d.spec.motion;
      const vOld = d.velocity;
      let vNew: number;
      const onIndenter = -d.forceAlong;
      if (motion.kind === 'velocity') {
        vNew = (typeof motion.velocity === 'number' ? motion.velocity : motion.velocity(tMid * ts)) * ts;
        // The driver supplies -onIndenter to keep the motion (massless indenter).
        workExternal += -onIndenter * dtn * 0.5 * (vOld + vNew);
        extAhead += -onIndenter * 0.5 * dtn * vNew;
      } else {
        const applied = motion.kind === 'force' ? motion.force(this.time) : 0;
        vNew = vOld + (dtn * (applied + onIndenter + d.mass * gAlong(d))) / d.mass;
        workExternal += (applied + d.mass * gAlong(d)) * dtn * 0.5 * (vOld + vNew);
        ke += 0.5 * d.mass * vNew * vNew;
        keAhead += (applied + onIndenter + d.mass * gAlong(d)) * 0.5 * dtn * vNew;
        extAhead += (applied + d.mass * gAlong(d)) * 0.5 * dtn * vNew;
      }
      workContactIndenters += onIndenter * dtn * 0.5 * (vOld + vNew);
      contactAhead += onIndenter * 0.5 * dtn * vNew;
      d.velocity = vNew;
      d.displacement += vNew * dtNext;
    }
    this.energy.kinetic = ke;
    this.energy.kineticAhead = keAhead;
    this.energy.externalAhead = extAhead;
    this.energy.contactAhead = contactAhead;
    this.energy.external += workExternal;
    this.energy.contactTotal -= workContactNodes + workContactIndenters;
  }

  private sample(): void {
    const h = this.histories;
    const e = this.energy;
    const internal = this.acc.internalEnergy, hourglass = this.acc.hourglassEnergy;
    const kinetic = e.kinetic - e.kineticAhead;
    const external = e.external - e.externalAhead;
    const contactTotal = e.contactTotal + e.contactAhead;
    const contactNormal = contactTotal - e.friction;
    const balance = internal + hourglass + kinetic + contactTotal + e.eroded - e.initialTotal - external;
    h.time.push(this.time);
    h.timeStep.push(this.dtPrev);
    h.energies.internal.push(internal);
    h.energies.kinetic.push(kinetic);
    h.energies.hourglass.push(hourglass);
    h.energies.contact.push(contactNormal);
    h.energies.friction.push(e.friction);
    h.energies.external.push(external);
    h.energies.eroded.push(e.eroded);
    h.energies.balanceError.push(balance);
    let px = 0, py = 0, pz = 0;
    for (let n = 0; n < this.nodeTotal; n++) {
      const m = this.nodalMass[n];
      px += m * this.v[3 * n]; py += m * this.v[3 * n + 1]; pz += m * this.v[3 * n + 2];
    }
    this.indenters.forEach((d, i) => {
      const hi = h.indenters[i];
      hi.displacement.push(d.displacement);
      hi.force.push(d.forceAlong);
      const along = d.fx * d.dx + d.fy * d.dy + d.fz * d.dz;
      hi.tangentialForce.push(hypot(d.fx - along * d.dx, d.fy - along * d.dy, d.fz - along * d.dz));
      hi.velocity.push(d.velocity);
      hi.maxPenetration.push(d.maxPenetration);
      px += d.mass * d.velocity * d.dx; py += d.mass * d.velocity * d.dy; pz += d.mass * d.velocity * d.dz;
    });
    h.momentum.x.push(px); h.momentum.y.push(py); h.momentum.z.push(pz);
    if (internal > this.diagnostics.peakInternalEnergy) this.diagnostics.peakInternalEnergy = internal;
  }

  private finishDiagnostics(): void {
    const d = this.diagnostics;
    const h = this.histories.energies;
    d.steps = this.step;
    d.time = this.time;
    const peak = d.peakInternalEnergy;
    let err = 0, hg = 0, kr = 0, running = 0;
    for (let i = 0; i < h.internal.length; i++) {
      if (peak > 0) err = max(err, abs(h.balanceError[i]) / peak);
      running = max(running, h.internal[i]);
      // Hourglass energy (cumulative) against the internal energy reached so far, once it is significant.
      if (running > 1e-2 * peak && running > 0) hg = max(hg, h.hourglass[i] / running);
      if (h.internal[i] > 0.1 * peak && h.internal[i] > 0) kr = max(kr, h.kinetic[i] / h.internal[i]);
    }
    d.maxRelativeEnergyError = err;
    d.maxHourglassRatio = hg;
    d.maxKineticToInternalRatio = kr;
    const msg = `not quasi-static: kinetic/internal energy ratio reached ${(100 * kr).toFixed(1)} % (limit ${(100 * this.kineticRatioLimit).toFixed(1)} %)`;
    const idx = d.warnings.findIndex((w) => w.startsWith('not quasi-static'));
    if (kr > this.kineticRatioLimit && this.indenters.length) {
      if (idx >= 0) d.warnings[idx] = msg; else d.warnings.push(msg);
    }
  }

  /** Per-element state in mesh element order (copies; safe to keep). */
  readElementState(): {
    stress: Float64Array; plasticStrain: Float64Array; relativeVolume: Float64Array; damage: Float64Array;
    failureIndicator: Float64Array; alive: Uint8Array; centroid: Float64Array;
  } {
    const ne = this.elementTotal;
    const a = this.arrays;
    const out = {
      stress: new Float64Array(6 * ne), plasticStrain: new Float64Array(ne), relativeVolume: new Float64Array(ne),
      damage: new Float64Array(ne), failureIndicator: new Float64Array(ne), alive: new Uint8Array(ne), centroid: new Float64Array(3 * ne),
    };
    for (const part of this.parts) {
      for (let ie = part.start; ie < part.end; ie++) {
        const e = this.internalToMesh[ie];
        const p = ie - part.start;
        out.stress.set(a.stress.subarray(6 * ie, 6 * ie + 6), 6 * e);
        out.plasticStrain[e] = this.elementPlasticStrain(part, p);
        out.relativeVolume[e] = a.relativeVolume[ie];
        out.damage[e] = this.elementDamage(part, p);
        out.failureIndicator[e] = part.indicator ? part.indicator[p] : 0;
        out.alive[e] = a.alive[ie];
        const c = this.centroid(ie);
        out.centroid[3 * e] = c[0]; out.centroid[3 * e + 1] = c[1]; out.centroid[3 * e + 2] = c[2];
      }
    }
    return out;
  }

  /** Bytes held by the model's typed arrays (nodes, elements, part histories, contact). */
  allocatedBytes(): number {
    let total = 0;
    const add = (a: { byteLength: number } | undefined): void => { if (a) total += a.byteLength; };
    for (const a of Object.values(this.arrays)) add(a as { byteLength: number });
    [this.initialCoordinates, this.fContact, this.nodalMass, this.physicalMass, this.bcCode, this.prescribed, this.nodeAliveElements,
      this.plasticStrain, this.plasticIncrement, this.initialLength, this.plasticWork, this.internalToMesh, this.meshToInternal, this.vOld].forEach(add);
    for (const p of this.parts) {
      add(p.history); add(p.criterionHistory); add(p.indicator); add(p.pointInitialLength);
      if (p.full) for (const a of Object.values(p.full)) add(a);
    }
    for (const d of this.indenters) { add(d.nodes); add(d.stiffness); add(d.tangential); }
    return total;
  }

  /** Warnings raised by the material laws for the current state. */
  materialWarnings(): string[] {
    const out: string[] = [];
    for (const p of this.parts) if (p.material.warnings) out.push(...p.material.warnings(p.history, 0, p.pointsPerElement * (p.end - p.start)));
    return out;
  }
}

export function createMechanicsModel(spec: MechanicsModelSpec): MechanicsModel {
  return new MechanicsModel(spec);
}

export { FAIL_JACOBIAN, FAIL_NAN };
