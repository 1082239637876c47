/**
 * Input and output types of the explicit mechanics solver (see index.ts for the API overview).
 * All quantities SI.
 */
import { MaterialModel } from '../material';
import { FailureCriterion } from '../failure/criterion';
import { HexMesh } from '../mesh/hex-mesh';
import { IndenterShape } from '../contact/rigid-indenter';

export type Vec3 = readonly [number, number, number];

export interface HourglassSpec {
  /** Flanagan–Belytschko viscous (rate) or stiffness (elastic, incremental) form. Default 'viscous'. */
  form?: 'viscous' | 'stiffness';
  /** Coefficient q_h (default 0.1 viscous, 0.05 stiffness). */
  coefficient?: number;
}

export interface PartSpec {
  /** Part id as in mesh.elementPart. */
  id: number;
  material: MaterialModel;
  hourglass?: HourglassSpec;
  /** Erosion criterion for this part: an element whose indicator reaches 1 is eroded. */
  failure?: FailureCriterion;
  /**
   * Registry card the material was built from (law name and parameters): lets worker threads
   * rebuild the law (needed for `parallel`).
   */
  card?: { law: string; params: unknown };
  /**
   * Element formulation: 'reduced' (default; one point, Flanagan–Belytschko hourglass control) or
   * 'selective-reduced' (2x2x2 Gauss points with B-bar dilatation, no hourglass modes: for thin
   * layers such as cans and pouch skins; about 8x the cost per element; no bulk viscosity).
   */
  integration?: 'reduced' | 'selective-reduced';
}

/** Constrains the listed velocity components of a node set (fixed support, symmetry plane). */
export interface FixedBoundary {
  kind: 'fixed';
  nodeSet: string;
  /** Components to fix: e.g. ['x'] for a symmetry plane normal to x; default all three. */
  directions?: ReadonlyArray<'x' | 'y' | 'z'>;
}

/** Prescribes nodal velocity [m/s] of a node set: a constant vector times an amplitude, or a field. */
export interface PrescribedVelocityBoundary {
  kind: 'velocity';
  nodeSet: string;
  /** Velocity per component (null = free). */
  velocity?: readonly [number | null, number | null, number | null];
  /** Amplitude multiplier a(t) (default 1). */
  amplitude?: (time: number) => number;
  /**
   * Alternative: velocity field of the current position and time, written into `out` (all three
   * components are prescribed); `dt` is the step over which the velocity will act (lets a driver
   * make v a linear function of the end-of-step position exactly). Evaluated per node per step:
   * keep it allocation free.
   */
  field?: (time: number, x: number, y: number, z: number, out: Float64Array, dt: number) => void;
}

export type BoundaryCondition = FixedBoundary | PrescribedVelocityBoundary;

export type IndenterMotion =
  /** Displacement controlled: velocity along `direction` [m/s] as a function of time. */
  | { kind: 'velocity'; velocity: number | ((time: number) => number) }
  /** Force controlled: a rigid body of `mass` [kg] pushed along `direction` by force(t) [N]. */
  | { kind: 'force'; mass: number; force: (time: number) => number; initialVelocity?: number }
  /** Free rigid body (drop weight): mass [kg], initial velocity along `direction` [m/s]. */
  | { kind: 'free'; mass: number; initialVelocity: number };

export interface IndenterSpec {
  name: string;
  shape: IndenterShape;
  /** Position of the shape's reference point at t = 0 [m] (see contact/rigid-indenter.ts). */
  position: Vec3;
  /** Unit direction of motion (the indenter translates along it only). */
  direction: Vec3;
  motion: IndenterMotion;
  /** Coulomb friction coefficient (default 0). */
  friction?: number;
  /**
   * Node set that can touch this indenter (default: every node on the outer surface of the mesh).
   */
  nodeSet?: string;
  /** Penalty stiffness factor: k_i = penaltyScale * m_i / dt0^2 per node (default 0.2, stable). */
  penaltyScale?: number;
  /**
   * 'penalty' (default): springs k_i on penetrating nodes (some penetration, energy stored).
   * 'kinematic': penetrating nodes are put back on the surface at the end of each step (no
   * penetration; the contact force is the momentum change; dissipative like a plastic impact).
   * Kinematic enforcement needs a velocity-controlled indenter.
   */
  enforcement?: 'penalty' | 'kinematic';
}

export interface TimeStepSpec {
  /** Fraction of the stable step (default 0.9). */
  scale?: number;
  /** Run fails when the stable step falls below this [s] (default: 1e-3 times the initial step). */
  floor?: number;
  /** Mass scaling: elements with a smaller stable step get added density so that their step is targetTimeStep. */
  massScaling?: { targetTimeStep: number; /** Upper limit on added mass / physical mass (default 0.05). */ maxAddedMassFraction?: number };
}

export interface QuasiStaticSpec {
  /**
   * Time scaling: indenter and boundary velocities are multiplied by `factor` and their time
   * arguments are the scaled time (velocity profile v_user(t * factor)). Default 1.
   */
  timeScaleFactor?: number;
  /** Refuses factors above this (default 1000). */
  maxTimeScaleFactor?: number;
  /** Kinetic/internal energy ratio above which the run warns (default 0.05). */
  kineticRatioLimit?: number;
}

export interface MechanicsModelSpec {
  mesh: HexMesh;
  parts: PartSpec[];
  boundaryConditions?: BoundaryCondition[];
  /** Gravity acceleration [m/s^2]. */
  gravity?: Vec3;
  /** Initial velocity of node sets (default whole mesh) [m/s]. */
  initialVelocities?: Array<{ nodeSet?: string; velocity: Vec3 }>;
  indenters?: IndenterSpec[];
  /**
   * Penalty node-to-segment contact between different parts (or different cells of a module,
   * mesh.elementCell) with spatial bucketing; frictionless. Off when absent.
   */
  deformableContact?: { penaltyScale?: number };
  /** Linear (C1, default 0.06) and quadratic (C0, default 1.5) bulk viscosity coefficients. */
  bulkViscosity?: { linear?: number; quadratic?: number };
  timeStep?: TimeStepSpec;
  quasiStatic?: QuasiStaticSpec;
  /** Refuses models whose estimated memory exceeds this [bytes] (default 4 GiB). */
  memoryLimitBytes?: number;
  /**
   * Split the element pass over caller-created worker threads (see solver/parallel.ts); used when
   * the model has at least `minElements` (default 20000) one-point elements, no failure criteria
   * and material cards. Call model.dispose() at the end to release the workers' loops.
   */
  parallel?: { workers: Array<{ postMessage(message: unknown): void }>; minElements?: number };
  /** History sample interval [s] (default: every step). */
  historyInterval?: number;
}

export interface IndenterHistory {
  name: string;
  /** Displacement along the motion direction from the start [m]. */
  displacement: number[];
  /** Contact force the body exerts on the indenter, resisting the motion (positive when pushing) [N]. */
  force: number[];
  /** Magnitude of the contact force component perpendicular to the direction (friction) [N]. */
  tangentialForce: number[];
  /** Velocity along the direction [m/s]. */
  velocity: number[];
  /** Largest penetration of any node [m] (penalty compliance). */
  maxPenetration: number[];
}

export interface EnergyHistory {
  internal: number[];
  kinetic: number[];
  hourglass: number[];
  /** Normal contact (penalty) interface energy [J]. */
  contact: number[];
  /** Tangential (friction) interface energy, dissipated [J]. */
  friction: number[];
  /** Work of boundary reactions, indenter drivers, applied forces and gravity [J]. */
  external: number[];
  /** Kinetic energy of nodes removed by erosion [J]. */
  eroded: number[];
  /** (internal + kinetic + hourglass + contact + friction + eroded) - (initial total + external) [J]. */
  balanceError: number[];
}

export interface MechanicsHistories {
  time: number[];
  timeStep: number[];
  energies: EnergyHistory;
  indenters: IndenterHistory[];
  /** Total momentum of nodes and rigid indenters [kg m/s]. */
  momentum: { x: number[]; y: number[]; z: number[] };
}

export interface FirstFailure {
  time: number;
  /** Mesh element index. */
  element: number;
  part: number;
  centroid: [number, number, number];
  /** Displacement and force of each indenter at that moment. */
  indenters: Array<{ name: string; displacement: number; force: number }>;
}

export type MechanicsErrorCause =
  | 'negative-jacobian'
  | 'time-step-collapse'
  | 'nan-stress'
  | 'worker-timeout';

export interface MechanicsRunFailure {
  cause: MechanicsErrorCause;
  /** Mesh element index (or -1 when not element specific). */
  element: number;
  time: number;
  step: number;
  message: string;
}

export interface AdvanceResult {
  status: 'running' | 'completed' | 'failed' | 'frozen' | 'stopped';
  time: number;
  steps: number;
  failure?: MechanicsRunFailure;
}

export interface MechanicsDiagnostics {
  steps: number;
  time: number;
  initialTimeStep: number;
  minTimeStep: number;
  addedMassFraction: number;
  timeScaleFactor: number;
  /** Peak internal energy [J]. */
  peakInternalEnergy: number;
  /** Largest |balance error| / peak internal energy over the run. */
  maxRelativeEnergyError: number;
  /** Largest ratio of hourglass energy to the running peak of the internal energy (once above 1 % of the final peak). */
  maxHourglassRatio: number;
  /** Largest kinetic / internal energy ratio while loading (internal > 10 % of its peak). */
  maxKineticToInternalRatio: number;
  erodedElements: number;
  firstFailure: FirstFailure | null;
  warnings: string[];
  estimatedMemoryBytes: number;
}
