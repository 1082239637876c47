/**
 * Loading phase through the explicit hex8 mechanics engine (issue 3) for a cylindrical cell: the
 * cell mesh (axis z, load along -y) rests on a rigid plate at y = -R and the indenter comes down
 * from y = +R. After each increment the short-onset criterion of the failure engine (volumetric
 * compaction, mechanics.md §1.7) is evaluated on the jellyroll elements.
 *
 * Quasi-static scaling (issue 3 "quasi-static loading"; the usual explicit-crush practice):
 * - time scaling: the indenter runs `timeScaleFactor` times faster than the test inside the solver
 *   (limit `maxTimeScaleFactor`, default 1000); the rate-dependent jellyroll law gets its reference
 *   rate scaled by the same factor at set-up (src/scenario/resolve.ts) so it sees the physical rate;
 * - mass scaling: elements whose stable step is below `massScalingTimeStep` get added density, at
 *   most `maxAddedMassFraction` of the physical mass (the added-mass % is reported);
 * - a smooth velocity ramp v(t) = v0 (1 - cos(pi t / t_r)) / 2 over the first `rampTime` [s of test
 *   time], so the kinematic indenter does not start with a velocity jump (the jump is what made the
 *   kinetic/internal energy ratio reach 150 % before).
 * The quasi-static check is the kinetic/internal energy ratio after the ramp, while the internal
 * energy is above 10 % of its peak (before that the ratio of two tiny numbers says nothing).
 * Everything is in test (physical) time outside this file; only the solver sees scaled time.
 */
import { createMechanicsModel, MechanicsModel } from '../mechanics/solver';
import { HexMesh } from '../mechanics/mesh/hex-mesh';
import { MaterialModel } from '../mechanics/material';
import { IndenterShape } from '../mechanics/contact/rigid-indenter';
import { VolumetricStrainCriterion } from '../mechanics/failure/volumetric-strain';
import { createCriterion } from '../mechanics/failure/registry';
import type { FailureCriterion } from '../mechanics/failure/criterion';
import { CriterionPointState } from '../mechanics/failure/criterion';
import { Indenter } from './types';
import { FeLoading, FieldCapture, FieldSeries, meshSection } from './fe-loading';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { PI, abs, atan2, cos: mathCos, max, min, pow, sqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

export interface FeSetup {
  mesh: HexMesh;
  /** Material per mesh part id (1 jellyroll, 2 can, 3-4 end caps). */
  materials: Record<number, MaterialModel>;
  /** Part id of the jellyroll (watched by the short criterion). */
  jellyrollPart: number;
  outerRadius: number;
  /** Quasi-static time scaling of the indenter velocity (solver time = test time / factor). */
  timeScaleFactor: number;
  /** Mass-scaling target time step [s]; 0 = no mass scaling. */
  massScalingTimeStep: number;
  /** Largest added mass / physical mass accepted by the solver (default 0.05). */
  maxAddedMassFraction?: number;
  /**
   * Duration of the smooth velocity ramp at the start [s of test time] (default FE_RAMP_FRACTION of
   * the loaded dimension / speed, see there).
   */
  rampTime?: number;
  /**
   * Short-onset criterion on the jellyroll elements (failure-engine registry name and parameters);
   * absent: the volumetric compaction criterion with the separator failure strain.
   */
  shortCriterion?: { name: string; params: unknown };
  /** Hourglass control per part id (solver default: viscous, q_h = 0.1). */
  hourglass?: Record<number, import('../mechanics/solver/types').HourglassSpec>;
  /** Element formulation per part id (solver default: reduced, one point). */
  integration?: Record<number, 'reduced' | 'selective-reduced'>;
  /**
   * Impact (drop weight) instead of displacement control: the indenter is a free rigid body of
   * `mass` [kg] that touches the cell at t = 0 with `velocity` [m/s] (sqrt(2 g h)), under gravity.
   * A real dynamic event: no time scaling (timeScaleFactor must be 1), penalty contact (kinematic
   * enforcement needs a velocity-driven indenter).
   */
  impact?: { mass: number; velocity: number };
}

/**
 * Default ramp length as a fraction of (loaded dimension / speed). Its solver-time length is what
 * matters (the start-up excites the mass-scaled cell between indenter and support); with the solver
 * speed fixed (resolve.ts FE_SOLVER_SPEED) a fraction of D / speed is a fixed solver time.
 * Measured (GB 38031 R75 on the 18650, coarse mesh, to 1.2 mm, kinetic/internal after the ramp
 * with internal > 10 % of its peak): ramp 5 % (0.45 s) 2.2 %, 1.1 % (0.1 s) 2.6 %, 0.56 % (0.05 s)
 * 2.6 %, 0.22 % (0.02 s) 2.8 %; 0.5 % keeps the ratio at about half the 5 % limit.
 */
export const FE_RAMP_FRACTION = 0.005;
/** Standard gravity [m/s^2]. */
const GRAVITY = 9.80665;

/** One cross-section of the deformed mesh (format of sections.json, src/report/README.md). */
export interface SectionSnapshot {
  event: string;
  time: number;
  nodes: Array<[number, number]>;
  fields: Record<string, number[]>;
}

export interface ShortOnsetElement {
  /** Mesh element index of the first jellyroll element at the criterion. */
  element: number;
  /** Its centroid in the current configuration [m] (cell axis z, load along -y). */
  location: [number, number, number];
  compaction: number;
}

/** Smooth start (1 - cos) / 2 of the indenter velocity. */
export function smoothRamp(t: number, rampTime: number): number {
  if (rampTime <= 0 || t >= rampTime) return 1;
  if (t <= 0) return 0;
  return 0.5 * (1 - mathCos((PI * t) / rampTime));
}

export class FeIndentation implements FeLoading {
  readonly model: MechanicsModel;
  readonly rampTime: number;
  private readonly impact?: { mass: number; velocity: number };
  /** Internal (solver) element index of each watched element. */
  private readonly jellyInternal: Int32Array;
  private lastSample = 0;
  private readonly criterion: FailureCriterion;
  private readonly criterionHistory: Float64Array;
  /** Whether the criterion reads stress and strain (anything but the compaction criterion). */
  private readonly needsTensors: boolean;
  /** Name of the short-onset criterion in use. */
  readonly criterionName: string;
  private readonly jellyElements: Int32Array;
  /** Initial characteristic area V0^(2/3) of each watched element [m^2] (damaged-area estimate). */
  private readonly jellyArea: Float64Array;
  private readonly point: CriterionPointState;
  private readonly indicator: Float64Array;
  private readonly sectionCells: number[][] = [];
  private readonly sectionElements: number[] = [];
  private readonly sectionNodes: number[] = [];
  /** Ring buffer of (test time, driver work, travel) at the last increments, for the windowed force. */
  private readonly window = new Float64Array(3 * 128);
  private windowHead = 1;
  private windowCount = 1;
  /** Test-time window of the work-conjugate force [s]. */
  readonly forceWindow: number;
  private lastDisplacement = 0;
  private lastForce = 0;
  /** Jellyroll index (into jellyElements) of each section element, -1 for can/cap elements. */
  private sectionJelly = new Int32Array(0);
  maxCompaction = 0;

  constructor(private readonly setup: FeSetup, indenter: Indenter, private readonly speed: number, failureStrain: number) {
    const R = setup.outerRadius;
    const gap = indenter.startGap;
    let shape: IndenterShape;
    let position: [number, number, number];
    const zMid = meshMidZ(setup.mesh) + indenter.offset;
    switch (indenter.shape) {
      case 'flat-plate':
        shape = { kind: 'plate', normal: [0, -1, 0] };
        position = [0, R + gap, zMid];
        break;
      case 'semicylinder':
      case 'rod':
        shape = { kind: 'cylinder', radius: indenter.radius, axis: indenter.axis === 'along' ? [0, 0, 1] : [1, 0, 0] };
        position = [0, R + gap + indenter.radius, zMid];
        break;
      case 'hemisphere':
        shape = { kind: 'sphere', radius: indenter.radius };
        position = [0, R + gap + indenter.radius, zMid];
        break;
      default:
        throw new RangeError(`explicit-fe loading supports plate, semicylinder, rod and hemisphere indenters, not '${indenter.shape}'`);
    }
    const impact = setup.impact;
    if (impact && setup.timeScaleFactor !== 1) throw new RangeError('an impact is a real dynamic event: timeScaleFactor must be 1');
    this.rampTime = impact ? 0 : setup.rampTime ?? (FE_RAMP_FRACTION * 2 * R) / speed;
    const rampTime = this.rampTime;
    const factor = setup.timeScaleFactor;
    const loadingTime = impact ? (2 * R) / impact.velocity : (2 * R) / speed / factor;
    this.model = createMechanicsModel({
      mesh: setup.mesh,
      parts: setup.mesh.parts.map((p) => ({ id: p.id, material: setup.materials[p.id] ?? setup.materials[setup.jellyrollPart], ...(setup.hourglass?.[p.id] ? { hourglass: setup.hourglass[p.id] } : {}), ...(setup.integration?.[p.id] ? { integration: setup.integration[p.id] } : {}) })),
      indenters: [
        impact
          // Drop weight: free rigid body, v0 = sqrt(2 g h) at contact, gravity along the motion.
          ? { name: 'indenter', shape, position, direction: [0, -1, 0], motion: { kind: 'free', mass: impact.mass, initialVelocity: impact.velocity }, enforcement: 'penalty' }
          // The solver calls the profile with test time (scaled time x factor) and multiplies by the factor.
          : { name: 'indenter', shape, position, direction: [0, -1, 0], motion: { kind: 'velocity', velocity: (t: number) => speed * smoothRamp(t, rampTime) }, enforcement: 'kinematic' },
        { name: 'support', shape: { kind: 'plate', normal: [0, 1, 0] }, position: [0, -R, zMid], direction: [0, -1, 0], motion: { kind: 'velocity', velocity: 0 }, enforcement: 'kinematic' },
      ],
      ...(impact ? { gravity: [0, -GRAVITY, 0] as const } : {}),
      ...(setup.massScalingTimeStep > 0 ? { timeStep: { massScaling: { targetTimeStep: setup.massScalingTimeStep, maxAddedMassFraction: setup.maxAddedMassFraction ?? 0.05 } } } : {}),
      quasiStatic: { timeScaleFactor: factor, maxTimeScaleFactor: max(1000, factor) },
      historyInterval: loadingTime / 4000,
    });
    this.impact = impact;
    this.forceWindow = min((2 * R) / 1500, speed * 0.05) / speed;
    this.criterion = setup.shortCriterion ? createCriterion(setup.shortCriterion.name, setup.shortCriterion.params) : new VolumetricStrainCriterion({ failureVolumetricStrain: failureStrain });
    this.criterionName = this.criterion.name;
    this.needsTensors = this.criterion.name !== 'volumetric-strain';
    const ids: number[] = [];
    for (let e = 0; e < setup.mesh.elementPart.length; e++) if (setup.mesh.elementPart[e] === setup.jellyrollPart) ids.push(e);
    this.jellyElements = Int32Array.from(ids);
    const n = ids.length;
    this.jellyArea = new Float64Array(n);
    for (let i = 0; i < n; i++) this.jellyArea[i] = pow(hexVolume(setup.mesh, ids[i]), 2 / 3);
    this.point = { stress: new Float64Array(6 * n), totalStrain: new Float64Array(6 * n), plasticStrainIncrement: new Float64Array(n), relativeVolume: new Float64Array(n).fill(1), initialLength: new Float64Array(n).fill(1) };
    // Characteristic length V0^(1/3) per element (criterion size regularisation, when a card gives one).
    for (let i = 0; i < n; i++) this.point.initialLength[i] = sqrt(this.jellyArea[i]);
    this.criterionHistory = new Float64Array(this.criterion.historySize * n);
    this.criterion.initHistory(this.criterionHistory, 0, n);
    this.indicator = new Float64Array(n);
    this.jellyInternal = Int32Array.from(ids, (e) => this.model.meshToInternal[e]);
    this.buildSection(zMid);
    const jellyIndex = new Map<number, number>();
    for (let i = 0; i < n; i++) jellyIndex.set(ids[i], i);
    this.sectionJelly = Int32Array.from(this.sectionElements, (e) => jellyIndex.get(e) ?? -1);
  }

  /** Advances the solver to test time `time` [s]; returns indenter travel [m], force [N] or a failure message. */
  advanceToTime(time: number): { displacement: number; force: number; velocity: number; error?: string } {
    const r = this.model.advance({ untilTime: time / this.setup.timeScaleFactor });
    const h = this.model.histories;
    const k = h.time.length - 1;
    const displacement = k >= 0 ? h.indenters[0].displacement[k] : 0;
    // The kinematic contact reaction is a momentum change per step (explicit dynamics): it spikes
    // whenever a new node row touches, and sparse history samples of it are noise. The force of the
    // increment is the work-conjugate mean, F = dW / dd: the work the indenter driver did over the
    // increment (the only moving boundary: the support is fixed, no gravity) over its travel.
    // Every solver step counts in dW, so no spike is missed or over-weighted.
    // (The ring buffer starts with the state at t = 0: zero work, zero travel.)
    let force = this.lastForce;
    if (this.impact) {
      // Penalty contact (smooth): mean of the history samples since the previous call.
      const f = h.indenters[0].force;
      let sum = 0;
      for (let i = this.lastSample; i <= k; i++) sum += f[i];
      if (k >= this.lastSample) force = max(sum / (k - this.lastSample + 1), 0);
    } else {
      // Over a window of at least `forceWindow` of test time (the coupled run's nominal increment):
      // smaller increments near a stop predicate then see the same smoothing, not a sharper spike.
      const work = k >= 0 ? h.energies.external[k] : 0;
      const W = this.window;
      const n = W.length / 3;
      let j = this.windowHead;
      // Oldest retained entry that is at least forceWindow older than now (or the oldest one).
      let ref = -1;
      for (let c = 0; c < this.windowCount; c++) {
        j = (j - 1 + n) % n;
        ref = j;
        if (time - W[3 * j] >= this.forceWindow) break;
      }
      const w0 = ref >= 0 ? W[3 * ref + 1] : 0;
      const d0 = ref >= 0 ? W[3 * ref + 2] : 0;
      const dd = displacement - d0;
      if (dd > 1e-12) force = max((work - w0) / dd, 0);
      const o = 3 * this.windowHead;
      W[o] = time; W[o + 1] = work; W[o + 2] = displacement;
      this.windowHead = (this.windowHead + 1) % n;
      this.windowCount = min(this.windowCount + 1, n);
    }
    this.lastSample = k + 1;
    this.lastDisplacement = displacement;
    this.lastForce = force;
    const velocity = k >= 0 ? h.indenters[0].velocity[k] : 0;
    if (r.status === 'failed') return { displacement, force, velocity, error: r.failure ? `mechanics failed at test time ${(r.failure.time * this.setup.timeScaleFactor).toExponential(3)} s: ${r.failure.message ?? r.failure.cause}` : 'mechanics failed' };
    return { displacement, force, velocity };
  }

  /** Largest short-onset indicator over the jellyroll elements (>= 1: onset). */
  maxIndicator(): number {
    // Straight from the solver's element arrays (no per-increment copy of the element state).
    const a = this.model.arrays;
    const n = this.jellyElements.length;
    let maxGamma = 0;
    for (let i = 0; i < n; i++) {
      const ie = this.jellyInternal[i];
      const j = a.alive[ie] ? a.relativeVolume[ie] : 1;
      this.point.relativeVolume[i] = j;
      if (1 - j > maxGamma) maxGamma = 1 - j;
      if (this.needsTensors) {
        for (let k = 0; k < 6; k++) {
          this.point.stress[6 * i + k] = a.stress[6 * ie + k];
          this.point.totalStrain[6 * i + k] = a.totalStrain[6 * ie + k];
        }
      }
    }
    this.maxCompaction = maxGamma;
    this.criterion.evaluate(this.point, this.criterionHistory, 0, n, this.indicator);
    let m = 0;
    for (let i = 0; i < n; i++) if (this.indicator[i] > m) m = this.indicator[i];
    return m;
  }

  /** The jellyroll element with the largest indicator (call after maxIndicator). */
  onsetElement(): ShortOnsetElement {
    let best = 0;
    for (let i = 1; i < this.jellyElements.length; i++) if (this.indicator[i] > this.indicator[best]) best = i;
    const e = this.jellyElements[best];
    const s = this.model.readElementState();
    return { element: e, location: [s.centroid[3 * e], s.centroid[3 * e + 1], s.centroid[3 * e + 2]], compaction: 1 - this.point.relativeVolume[best] };
  }

  /**
   * Damaged separator area [m^2]: sum of V0^(2/3) over the jellyroll elements at or past the criterion
   * (call after maxIndicator). An element-size estimate of the failed region, not a resolved area.
   */
  damagedArea(): number {
    let a = 0;
    for (let i = 0; i < this.jellyElements.length; i++) if (this.indicator[i] >= 1) a += this.jellyArea[i];
    return a;
  }

  /**
   * Kinetic/internal energy ratio after the ramp, over the samples whose internal energy is above
   * 10 % of its peak so far in the loading (the solver's convention, with the peak of the whole
   * loading when called at its end): before that the ratio of two tiny numbers says nothing.
   * O(history samples): call it at the end of the loading, not per increment.
   */
  kineticToInternalRatio(): number {
    const h = this.model.histories;
    const e = h.energies;
    const factor = this.setup.timeScaleFactor;
    let peak = 0;
    for (let i = 0; i < e.internal.length; i++) if (e.internal[i] > peak) peak = e.internal[i];
    let ratio = 0;
    for (let i = 0; i < e.internal.length; i++) {
      if (h.time[i] * factor < this.rampTime) continue;
      if (e.internal[i] > 0.1 * peak && e.internal[i] > 0) ratio = max(ratio, e.kinetic[i] / e.internal[i]);
    }
    return ratio;
  }

  /** Added mass of mass scaling / physical mass. */
  addedMassFraction(): number {
    return this.model.diagnostics.addedMassFraction;
  }

  /**
   * Cross-section at mid-length (the axial element layer nearest the indenter plane): per element
   * of the layer, its four nodes on the lower face, deformed, as a polygon in (x, y) (y towards the
   * indenter). Fields per polygon: compaction, equivalent plastic strain and the given temperature
   * per element (no damage field: the jellyroll and can laws used here carry no damage variable).
   */
  /** Full-mesh snapshots at the section events (`--fields`). */
  private fieldCapture: FieldCapture | null = null;

  enableFieldCapture(): void {
    this.fieldCapture ??= new FieldCapture(this.setup.mesh, this.jellyElements);
  }

  fieldSeries(events: ReadonlyArray<{ event: string; time: number }>): FieldSeries {
    return (this.fieldCapture ?? new FieldCapture(this.setup.mesh, this.jellyElements)).series(events);
  }

  section(event: string, time: number, temperatureOf: (failed: boolean) => number): SectionSnapshot {
    this.fieldCapture?.capture(this.model, event, time, this.indicator, temperatureOf);
    const s = this.model.readElementState();
    const x = this.model.x;
    const nodes: Array<[number, number]> = this.sectionNodes.map((nd) => [x[3 * nd], x[3 * nd + 1]]);
    const n = this.sectionElements.length;
    const compaction: number[] = new Array(n);
    const plastic: number[] = new Array(n);
    const temperature: number[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const e = this.sectionElements[i];
      compaction[i] = 1 - s.relativeVolume[e];
      plastic[i] = s.plasticStrain[e];
      const j = this.sectionJelly[i];
      temperature[i] = temperatureOf(j >= 0 && this.indicator[j] >= 1);
    }
    return { event, time, nodes, fields: { 'Volumetric compaction 1 - V/V0': compaction, 'Equivalent plastic strain': plastic, 'Temperature [K]': temperature } };
  }

  get sectionConnectivity(): number[][] {
    return this.sectionCells;
  }

  private buildSection(zPlane: number): void {
    const sec = meshSection(this.setup.mesh, 2, zPlane, [0, 1]);
    this.sectionCells.push(...sec.cells);
    this.sectionElements.push(...sec.elements);
    this.sectionNodes.push(...sec.nodes);
  }
}

/** Hex8 volume from the Jacobian at the element centre (exact for parallelepipeds) [m^3]. */
function hexVolume(mesh: HexMesh, e: number): number {
  const c = mesh.coordinates;
  const conn = mesh.connectivity;
  const xi = [-1, 1, 1, -1, -1, 1, 1, -1];
  const eta = [-1, -1, 1, 1, -1, -1, 1, 1];
  const zeta = [-1, -1, -1, -1, 1, 1, 1, 1];
  const J = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let k = 0; k < 8; k++) {
    const nd = conn[8 * e + k];
    for (let d = 0; d < 3; d++) {
      J[d] += (xi[k] * c[3 * nd + d]) / 8;
      J[3 + d] += (eta[k] * c[3 * nd + d]) / 8;
      J[6 + d] += (zeta[k] * c[3 * nd + d]) / 8;
    }
  }
  const det = J[0] * (J[4] * J[8] - J[5] * J[7]) - J[1] * (J[3] * J[8] - J[5] * J[6]) + J[2] * (J[3] * J[7] - J[4] * J[6]);
  return 8 * abs(det);
}

function meshMidZ(mesh: HexMesh): number {
  let lo = INFINITY;
  let hi = -INFINITY;
  for (let i = 2; i < mesh.coordinates.length; i += 3) {
    lo = min(lo, mesh.coordinates[i]);
    hi = max(hi, mesh.coordinates[i]);
  }
  return 0.5 * (lo + hi);
}
