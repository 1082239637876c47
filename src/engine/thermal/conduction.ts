/**
 * 3-D transient heat conduction on a HexMesh (issue 6):
 *
 *   ρc_p ∂T/∂t = ∇·(k∇T) + q,   −k∇T·n = h (T − T_amb) + εσ (T⁴ − T_rad⁴) on exterior faces,
 *
 * discretised with trilinear hex8 finite elements (2×2×2 Gauss), a row-sum lumped capacity, and the
 * θ-method in time (θ = 1 implicit Euler by default; θ = 1/2 Crank–Nicolson). Radiation is
 * linearised about the start of the step (one linear solve per step). Conductivity is anisotropic
 * per part: isotropic, orthotropic in x/y/z, or cylindrical (radial / hoop / axial about an axis,
 * directions taken at each element centroid) for jellyrolls.
 *
 * Runaway kinetics (runaway/kinetics.ts) run per element of the parts that carry them, with an
 * operator split: the reactions advance over the step at the element temperature (frozen, then
 * optionally corrected at the step midpoint temperature), and their heat Σ H·W·Δξ enters the
 * conduction solve as a step-constant source. The heat put into the mesh is exactly the enthalpy
 * consumed, so the energy balance closes to the linear-solver tolerance.
 *
 * Step control: the step is rejected and halved when any node changes by more than
 * `maxTemperatureChange` [K]; it grows by ≤ 2× otherwise, up to `maxStep`.
 */
import type { HexMesh } from '../mechanics/mesh/hex-mesh';
import {
  type CsrMatrix,
  type PcgWorkspace,
  type Preconditioner,
  createPcgWorkspace,
  csrEntryIndex,
  csrMultiply,
  csrPatternFromElements,
  solvePcg,
  updatePreconditioner,
} from '../numerics/sparse';
import {
  type RunawayKinetics,
  type RunawayState,
  advanceReactionsFrozenT,
  createRunawayState,
  reactionEnergyDensities,
} from '../runaway/kinetics';
import { type HeatLedger, HEAT_INDEX, createHeatLedger } from './heat-ledger';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, hypot, max, min, sqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/** Stefan–Boltzmann constant [W/(m² K⁴)]. */
export const STEFAN_BOLTZMANN = 5.670374419e-8;

export type Conductivity =
  | { kind: 'isotropic'; value: number }
  | { kind: 'orthotropic'; x: number; y: number; z: number }
  | {
      kind: 'cylindrical';
      radial: number;
      hoop: number;
      axial: number;
      /** A point on the axis [m] (default origin). */
      axisOrigin?: [number, number, number];
      /** Axis direction (default +z). */
      axisDirection?: [number, number, number];
    };

export interface PartThermalProperties {
  partId: number;
  /** ρ c_p [J/(m³ K)]. */
  volumetricHeatCapacity: number;
  conductivity: Conductivity;
}

export interface SurfaceBoundary {
  /** Applies to exterior faces whose four nodes are all in this node set; omitted = every exterior face not matched earlier. */
  nodeSet?: string;
  /** h [W/(m² K)], 0 for none. */
  convectionCoefficient: number;
  /** Surface emissivity ε [-], 0 for no radiation. */
  emissivity: number;
  /** Fluid (oven / ambient / coolant) temperature [K]. */
  ambientTemperature: number;
  /** Temperature of the radiating surroundings [K]; defaults to ambientTemperature. */
  radiationTemperature?: number;
}

export interface ConductionKineticsOptions {
  kinetics: RunawayKinetics;
  /** Part ids whose elements carry the reactions (e.g. the jellyroll). */
  partIds: number[];
}

export interface ConductionOptions {
  mesh: HexMesh;
  parts: PartThermalProperties[];
  /** Matched in order; a face matched by none is adiabatic. */
  boundaries: SurfaceBoundary[];
  initialTemperature: number;
  /** θ of the θ-method (default 1). */
  theta?: number;
  kinetics?: ConductionKineticsOptions;
  /** Largest nodal temperature change per accepted step [K] (default 2). */
  maxTemperatureChange?: number;
  /** Largest step [s] (default 60). */
  maxStep?: number;
  /** Smallest step before the run is declared failed [s] (default 1e-9). */
  minStep?: number;
  /**
   * Kinetics corrector (the reactions are re-run at the midpoint temperature of the predictor):
   * 'solve' re-solves the conduction with the corrected heat; 'local' (default) deposits the heat
   * difference in place (ΔT_i += Δq_i dt / C_i, no conduction of the correction within the step:
   * half the linear solves, still exactly conservative); 'off' keeps the frozen-start heat.
   */
  kineticsCorrector?: 'solve' | 'local' | 'off';
  preconditioner?: Preconditioner;
  /** PCG relative tolerance (default 1e-10). */
  solverTolerance?: number;
}

export interface ConductionModel {
  readonly mesh: HexMesh;
  readonly nodeCount: number;
  readonly elementCount: number;
  /** Nodal temperatures [K]. */
  temperature: Float64Array;
  time: number;
  /** Lumped nodal heat capacity [J/K]. */
  readonly capacity: Float64Array;
  /** Element volumes [m³]. */
  readonly elementVolume: Float64Array;
  /** ∫N_a dV per element node (8 per element) [m³]: source distribution and element averaging. */
  readonly elementNodeWeight: Float64Array;
  /** Element reaction state (one lump per element of the kinetics parts), or null. */
  readonly runaway: RunawayState | null;
  /** Element index → lump index in `runaway` (−1 if none). */
  readonly elementLump: Int32Array;
  readonly lumpElement: Int32Array;
  readonly ledger: HeatLedger;
  readonly diagnostics: {
    steps: number;
    rejectedSteps: number;
    linearIterations: number;
    lastStep: number;
    /** Highest mean-temperature rate seen [K/s] and its time (runaway time proxy). */
    peakMeanTemperatureRate: number;
    timeOfPeakMeanTemperatureRate: number;
    peakTemperature: number;
  };
  /** Internal (solver data). */
  readonly internal: ConductionInternal;
}

interface ConductionInternal {
  options: Required<Omit<ConductionOptions, 'kinetics' | 'mesh' | 'parts' | 'boundaries'>> & { kinetics?: ConductionKineticsOptions };
  stiffness: CsrMatrix;
  stiffnessValues: Float64Array;
  system: CsrMatrix;
  workspace: PcgWorkspace;
  /** Per-face data: 4 nodes, 4 area weights, boundary index. */
  faceNodes: Int32Array;
  faceWeights: Float64Array;
  faceBoundary: Int32Array;
  boundaries: SurfaceBoundary[];
  /** Lumped boundary coefficients per node. */
  hA: Float64Array;
  hAT: Float64Array;
  eA: Float64Array;
  eAT4: Float64Array;
  // work vectors
  rhs: Float64Array;
  delta: Float64Array;
  kT: Float64Array;
  nodalSource: Float64Array;
  elementTemperature: Float64Array;
  elementStartTemperature: Float64Array;
  lumpHeat: Float64Array; // J over the step per lump
  lumpHeatPredictor: Float64Array;
  correction: Float64Array; // nodal ΔT of the 'local' corrector
  /** Increment of the last accepted step and its length: the PCG start of the next step (scaled by dt). */
  previousDelta: Float64Array;
  previousStep: number;
  lumpHeatByReaction: Float64Array; // 4 per step totals
  backup: RunawayState | null;
  extent: Float64Array;
  energyDensities: Float64Array;
}

const XI = [-1, 1, 1, -1, -1, 1, 1, -1];
const ETA = [-1, -1, 1, 1, -1, -1, 1, 1];
const ZETA = [-1, -1, -1, -1, 1, 1, 1, 1];
const G = 1 / sqrt(3);

/** Conductivity tensor (row-major 3×3) of one element from its centroid. */
function conductivityTensor(c: Conductivity, cx: number, cy: number, cz: number, out: Float64Array): void {
  out.fill(0);
  if (c.kind === 'isotropic') {
    out[0] = out[4] = out[8] = c.value;
    return;
  }
  if (c.kind === 'orthotropic') {
    out[0] = c.x;
    out[4] = c.y;
    out[8] = c.z;
    return;
  }
  const o = c.axisOrigin ?? [0, 0, 0];
  const d0 = c.axisDirection ?? [0, 0, 1];
  const dl = hypot(d0[0], d0[1], d0[2]);
  const d = [d0[0] / dl, d0[1] / dl, d0[2] / dl];
  const rx = cx - o[0];
  const ry = cy - o[1];
  const rz = cz - o[2];
  const along = rx * d[0] + ry * d[1] + rz * d[2];
  const er = [rx - along * d[0], ry - along * d[1], rz - along * d[2]];
  const rl = hypot(er[0], er[1], er[2]);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      const dd = d[i] * d[j];
      const plane = (i === j ? 1 : 0) - dd;
      if (rl < 1e-12) {
        out[3 * i + j] = 0.5 * (c.radial + c.hoop) * plane + c.axial * dd;
      } else {
        const rr = (er[i] * er[j]) / (rl * rl);
        out[3 * i + j] = c.radial * rr + c.hoop * (plane - rr) + c.axial * dd;
      }
    }
}

/** Builds the model: assembles the conductance matrix, capacities and boundary faces once. */
export function createConductionModel(opts: ConductionOptions): ConductionModel {
  const mesh = opts.mesh;
  const nodeCount = mesh.coordinates.length / 3;
  const elementCount = mesh.connectivity.length / 8;
  const X = mesh.coordinates;
  const conn = mesh.connectivity;
  const partProps = new Map<number, PartThermalProperties>();
  for (const p of opts.parts) partProps.set(p.partId, p);
  for (let e = 0; e < elementCount; e++) {
    if (!partProps.has(mesh.elementPart[e])) {
      throw new Error(`conduction: element ${e} belongs to part ${mesh.elementPart[e]}, which has no thermal properties`);
    }
  }
  const stiffness = csrPatternFromElements(nodeCount, conn, 8);
  const capacity = new Float64Array(nodeCount);
  const elementVolume = new Float64Array(elementCount);
  const elementNodeWeight = new Float64Array(8 * elementCount);
  const kTensor = new Float64Array(9);
  const dNdxi = new Float64Array(24);
  const dNdx = new Float64Array(24);
  const N = new Float64Array(8);
  const Ke = new Float64Array(64);
  const scatter = new Int32Array(64);
  for (let e = 0; e < elementCount; e++) {
    const props = partProps.get(mesh.elementPart[e])!;
    let cx = 0;
    let cy = 0;
    let cz = 0;
    for (let a = 0; a < 8; a++) {
      const n = conn[8 * e + a];
      cx += X[3 * n] / 8;
      cy += X[3 * n + 1] / 8;
      cz += X[3 * n + 2] / 8;
    }
    conductivityTensor(props.conductivity, cx, cy, cz, kTensor);
    Ke.fill(0);
    for (let g = 0; g < 8; g++) {
      const xi = XI[g] * G;
      const eta = ETA[g] * G;
      const zeta = ZETA[g] * G;
      for (let a = 0; a < 8; a++) {
        N[a] = 0.125 * (1 + XI[a] * xi) * (1 + ETA[a] * eta) * (1 + ZETA[a] * zeta);
        dNdxi[3 * a] = 0.125 * XI[a] * (1 + ETA[a] * eta) * (1 + ZETA[a] * zeta);
        dNdxi[3 * a + 1] = 0.125 * ETA[a] * (1 + XI[a] * xi) * (1 + ZETA[a] * zeta);
        dNdxi[3 * a + 2] = 0.125 * ZETA[a] * (1 + XI[a] * xi) * (1 + ETA[a] * eta);
      }
      // J[r][c] = Σ_a dN_a/dξ_r x_a,c
      let j00 = 0, j01 = 0, j02 = 0, j10 = 0, j11 = 0, j12 = 0, j20 = 0, j21 = 0, j22 = 0;
      for (let a = 0; a < 8; a++) {
        const n = conn[8 * e + a];
        const x = X[3 * n], y = X[3 * n + 1], z = X[3 * n + 2];
        const d0 = dNdxi[3 * a], d1 = dNdxi[3 * a + 1], d2 = dNdxi[3 * a + 2];
        j00 += d0 * x; j01 += d0 * y; j02 += d0 * z;
        j10 += d1 * x; j11 += d1 * y; j12 += d1 * z;
        j20 += d2 * x; j21 += d2 * y; j22 += d2 * z;
      }
      const det = j00 * (j11 * j22 - j12 * j21) - j01 * (j10 * j22 - j12 * j20) + j02 * (j10 * j21 - j11 * j20);
      const w = abs(det);
      if (!(w > 0)) throw new Error(`conduction: element ${e} has a degenerate Jacobian (det J = ${det})`);
      const inv = 1 / det;
      const i00 = (j11 * j22 - j12 * j21) * inv, i01 = (j02 * j21 - j01 * j22) * inv, i02 = (j01 * j12 - j02 * j11) * inv;
      const i10 = (j12 * j20 - j10 * j22) * inv, i11 = (j00 * j22 - j02 * j20) * inv, i12 = (j02 * j10 - j00 * j12) * inv;
      const i20 = (j10 * j21 - j11 * j20) * inv, i21 = (j01 * j20 - j00 * j21) * inv, i22 = (j00 * j11 - j01 * j10) * inv;
      // dN/dx_c = Σ_r invJ[c][r] dN/dξ_r
      for (let a = 0; a < 8; a++) {
        const d0 = dNdxi[3 * a], d1 = dNdxi[3 * a + 1], d2 = dNdxi[3 * a + 2];
        dNdx[3 * a] = i00 * d0 + i01 * d1 + i02 * d2;
        dNdx[3 * a + 1] = i10 * d0 + i11 * d1 + i12 * d2;
        dNdx[3 * a + 2] = i20 * d0 + i21 * d1 + i22 * d2;
      }
      for (let a = 0; a < 8; a++) {
        const ax = dNdx[3 * a], ay = dNdx[3 * a + 1], az = dNdx[3 * a + 2];
        // k ∇N_a
        const fx = kTensor[0] * ax + kTensor[1] * ay + kTensor[2] * az;
        const fy = kTensor[3] * ax + kTensor[4] * ay + kTensor[5] * az;
        const fz = kTensor[6] * ax + kTensor[7] * ay + kTensor[8] * az;
        for (let b = 0; b < 8; b++) {
          Ke[8 * a + b] += (fx * dNdx[3 * b] + fy * dNdx[3 * b + 1] + fz * dNdx[3 * b + 2]) * w;
        }
        elementNodeWeight[8 * e + a] += N[a] * w;
      }
      elementVolume[e] += w;
    }
    for (let a = 0; a < 8; a++) {
      const na = conn[8 * e + a];
      capacity[na] += props.volumetricHeatCapacity * elementNodeWeight[8 * e + a];
      for (let b = 0; b < 8; b++) scatter[8 * a + b] = csrEntryIndex(stiffness, na, conn[8 * e + b]);
    }
    for (let q = 0; q < 64; q++) stiffness.values[scatter[q]] += Ke[q];
  }
  // K is kept unscaled; the system matrix C/dt + θ(K + H) is rebuilt from it each step (same pattern).
  const stiffnessValues = stiffness.values.slice();
  const system: CsrMatrix = { ...stiffness, values: new Float64Array(stiffness.values.length) };
  const { faceNodes, faceWeights } = exteriorFaces(mesh);
  const faceCount = faceNodes.length / 4;
  const faceBoundary = new Int32Array(faceCount).fill(-1);
  const sets = opts.boundaries.map((b) => {
    if (b.nodeSet === undefined) return null;
    const s = mesh.nodeSets[b.nodeSet];
    if (!s) throw new Error(`conduction: boundary node set '${b.nodeSet}' is not in the mesh`);
    const flags = new Uint8Array(nodeCount);
    for (let i = 0; i < s.length; i++) flags[s[i]] = 1;
    return flags;
  });
  for (let f = 0; f < faceCount; f++) {
    for (let bi = 0; bi < opts.boundaries.length; bi++) {
      const flags = sets[bi];
      if (flags === null || (flags[faceNodes[4 * f]] && flags[faceNodes[4 * f + 1]] && flags[faceNodes[4 * f + 2]] && flags[faceNodes[4 * f + 3]])) {
        faceBoundary[f] = bi;
        break;
      }
    }
  }
  // Runaway lumps
  let runaway: RunawayState | null = null;
  const elementLump = new Int32Array(elementCount).fill(-1);
  let lumpElement = new Int32Array(0);
  if (opts.kinetics) {
    const partSet = new Set(opts.kinetics.partIds);
    const list: number[] = [];
    for (let e = 0; e < elementCount; e++) if (partSet.has(mesh.elementPart[e])) {
      elementLump[e] = list.length;
      list.push(e);
    }
    lumpElement = Int32Array.from(list);
    runaway = createRunawayState(opts.kinetics.kinetics, list.length);
  }
  const options = {
    theta: opts.theta ?? 1,
    initialTemperature: opts.initialTemperature,
    maxTemperatureChange: opts.maxTemperatureChange ?? 2,
    maxStep: opts.maxStep ?? 60,
    minStep: opts.minStep ?? 1e-9,
    kineticsCorrector: opts.kineticsCorrector ?? 'local',
    preconditioner: opts.preconditioner ?? 'jacobi',
    solverTolerance: opts.solverTolerance ?? 1e-10,
    kinetics: opts.kinetics,
  };
  const internal: ConductionInternal = {
    options,
    stiffness,
    stiffnessValues,
    system,
    workspace: createPcgWorkspace(system, options.preconditioner),
    faceNodes,
    faceWeights,
    faceBoundary,
    boundaries: opts.boundaries.map((b) => ({ ...b })),
    hA: new Float64Array(nodeCount),
    hAT: new Float64Array(nodeCount),
    eA: new Float64Array(nodeCount),
    eAT4: new Float64Array(nodeCount),
    rhs: new Float64Array(nodeCount),
    delta: new Float64Array(nodeCount),
    kT: new Float64Array(nodeCount),
    nodalSource: new Float64Array(nodeCount),
    elementTemperature: new Float64Array(elementCount),
    elementStartTemperature: new Float64Array(elementCount),
    lumpHeat: new Float64Array(lumpElement.length),
    lumpHeatPredictor: new Float64Array(lumpElement.length),
    correction: new Float64Array(nodeCount),
    previousDelta: new Float64Array(nodeCount),
    previousStep: 0,
    lumpHeatByReaction: new Float64Array(4),
    backup: runaway ? createRunawayState(opts.kinetics!.kinetics, lumpElement.length) : null,
    extent: new Float64Array(4),
    energyDensities: opts.kinetics ? reactionEnergyDensities(opts.kinetics.kinetics) : new Float64Array(4),
  };
  const model: ConductionModel = {
    mesh,
    nodeCount,
    elementCount,
    temperature: new Float64Array(nodeCount).fill(opts.initialTemperature),
    time: 0,
    capacity,
    elementVolume,
    elementNodeWeight,
    runaway,
    elementLump,
    lumpElement,
    ledger: createHeatLedger(),
    diagnostics: {
      steps: 0,
      rejectedSteps: 0,
      linearIterations: 0,
      lastStep: min(options.maxStep, 1),
      peakMeanTemperatureRate: 0,
      timeOfPeakMeanTemperatureRate: 0,
      peakTemperature: opts.initialTemperature,
    },
    internal,
  };
  refreshBoundaryCoefficients(model);
  return model;
}

/** Exterior faces (owned by one element) with their nodal area weights ∫N_a dA (2×2 Gauss). */
function exteriorFaces(mesh: HexMesh): { faceNodes: Int32Array; faceWeights: Float64Array } {
  // Local faces of a VTK hex8.
  const F = [
    [0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7],
  ];
  const conn = mesh.connectivity;
  const elementCount = conn.length / 8;
  const count = new Map<string, number>();
  const keyOf = (n: number[]) => n.slice().sort((a, b) => a - b).join(',');
  const quad = [0, 0, 0, 0];
  for (let e = 0; e < elementCount; e++)
    for (const f of F) {
      for (let c = 0; c < 4; c++) quad[c] = conn[8 * e + f[c]];
      const k = keyOf(quad);
      count.set(k, (count.get(k) ?? 0) + 1);
    }
  const nodes: number[] = [];
  for (let e = 0; e < elementCount; e++)
    for (const f of F) {
      for (let c = 0; c < 4; c++) quad[c] = conn[8 * e + f[c]];
      if (count.get(keyOf(quad)) === 1) nodes.push(quad[0], quad[1], quad[2], quad[3]);
    }
  const faceNodes = Int32Array.from(nodes);
  const faceWeights = new Float64Array(faceNodes.length);
  const X = mesh.coordinates;
  const S = [-1, 1, 1, -1];
  const T = [-1, -1, 1, 1];
  for (let f = 0; f < faceNodes.length / 4; f++) {
    for (let g = 0; g < 4; g++) {
      const s = S[g] * G;
      const t = T[g] * G;
      let ax = 0, ay = 0, az = 0, bx = 0, by = 0, bz = 0;
      for (let a = 0; a < 4; a++) {
        const n = faceNodes[4 * f + a];
        const ds = 0.25 * S[a] * (1 + T[a] * t);
        const dt = 0.25 * T[a] * (1 + S[a] * s);
        ax += ds * X[3 * n]; ay += ds * X[3 * n + 1]; az += ds * X[3 * n + 2];
        bx += dt * X[3 * n]; by += dt * X[3 * n + 1]; bz += dt * X[3 * n + 2];
      }
      const jac = hypot(ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx);
      for (let a = 0; a < 4; a++) faceWeights[4 * f + a] += 0.25 * (1 + S[a] * s) * (1 + T[a] * t) * jac;
    }
  }
  return { faceNodes, faceWeights };
}

/** Re-lumps the boundary coefficients after a change of `setBoundary`. */
function refreshBoundaryCoefficients(model: ConductionModel): void {
  const I = model.internal;
  I.hA.fill(0);
  I.hAT.fill(0);
  I.eA.fill(0);
  I.eAT4.fill(0);
  const faceCount = I.faceBoundary.length;
  for (let f = 0; f < faceCount; f++) {
    const bi = I.faceBoundary[f];
    if (bi < 0) continue;
    const b = I.boundaries[bi];
    const Tr = b.radiationTemperature ?? b.ambientTemperature;
    const es = b.emissivity * STEFAN_BOLTZMANN;
    for (let a = 0; a < 4; a++) {
      const n = I.faceNodes[4 * f + a];
      const w = I.faceWeights[4 * f + a];
      I.hA[n] += b.convectionCoefficient * w;
      I.hAT[n] += b.convectionCoefficient * w * b.ambientTemperature;
      I.eA[n] += es * w;
      I.eAT4[n] += es * w * Tr * Tr * Tr * Tr;
    }
  }
}

/** Changes boundary `index` (e.g. an oven ramp or a coolant switched on) from now on. */
export function setBoundary(model: ConductionModel, index: number, boundary: SurfaceBoundary): void {
  model.internal.boundaries[index] = { ...boundary, nodeSet: model.internal.boundaries[index].nodeSet };
  refreshBoundaryCoefficients(model);
}

/** Total exterior area covered by boundary `index` [m²] (for checks and lumped equivalents). */
export function boundaryArea(model: ConductionModel, index: number): number {
  const I = model.internal;
  let s = 0;
  for (let f = 0; f < I.faceBoundary.length; f++)
    if (I.faceBoundary[f] === index) for (let a = 0; a < 4; a++) s += I.faceWeights[4 * f + a];
  return s;
}

/** A heat source held constant over an `advance` call: power per element [W] booked under a ledger name. */
export interface ElementHeatSource {
  name: 'short' | 'ohmic' | 'reversible';
  /** Power per element [W] (length = element count). */
  elementPower: Float64Array;
}

export interface AdvanceResult {
  status: 'ok' | 'failed';
  /** Set when failed: why, and the time reached. */
  reason?: string;
  time: number;
  steps: number;
}

/** Capacity-weighted mean temperature [K]. */
export function meanTemperature(model: ConductionModel): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < model.nodeCount; i++) {
    s += model.capacity[i] * model.temperature[i];
    c += model.capacity[i];
  }
  return s / c;
}

export function maxTemperature(model: ConductionModel): number {
  let m = -INFINITY;
  for (let i = 0; i < model.nodeCount; i++) if (model.temperature[i] > m) m = model.temperature[i];
  return m;
}

/** Σ C_i T_i [J] relative to 0 K: the thermal energy the balance is checked against. */
export function storedThermalEnergy(model: ConductionModel): number {
  let s = 0;
  for (let i = 0; i < model.nodeCount; i++) s += model.capacity[i] * model.temperature[i];
  return s;
}

/** Element temperatures [K] (volume-weighted average of the nodal field), into `out`. */
export function elementTemperatures(model: ConductionModel, out: Float64Array): Float64Array {
  const T = model.temperature;
  const conn = model.mesh.connectivity;
  const w = model.elementNodeWeight;
  for (let e = 0; e < model.elementCount; e++) {
    let s = 0;
    for (let a = 0; a < 8; a++) s += w[8 * e + a] * T[conn[8 * e + a]];
    out[e] = s / model.elementVolume[e];
  }
  return out;
}

function copyRunaway(from: RunawayState, to: RunawayState): void {
  to.cSei.set(from.cSei);
  to.cNeg.set(from.cNeg);
  to.tSei.set(from.tSei);
  to.alpha.set(from.alpha);
  to.cE.set(from.cE);
}

/**
 * Runs the reactions of every lump over dt at `temperatureOfElement`, restarting from `backup`;
 * fills the element heat [J over the step] into lumpHeat and per reaction into lumpHeatByReaction.
 */
function runKinetics(model: ConductionModel, dt: number, elementT: Float64Array): void {
  const I = model.internal;
  const k = I.options.kinetics!.kinetics;
  const s = model.runaway!;
  copyRunaway(I.backup!, s);
  const ed = I.energyDensities;
  const byR = I.lumpHeatByReaction;
  byR.fill(0);
  for (let l = 0; l < s.count; l++) {
    const e = model.lumpElement[l];
    advanceReactionsFrozenT(k, s, l, elementT[e], dt, I.extent);
    const V = model.elementVolume[e];
    const q0 = ed[0] * I.extent[0] * V;
    const q1 = ed[1] * I.extent[1] * V;
    const q2 = ed[2] * I.extent[2] * V;
    const q3 = ed[3] * I.extent[3] * V;
    byR[0] += q0;
    byR[1] += q1;
    byR[2] += q2;
    byR[3] += q3;
    I.lumpHeat[l] = q0 + q1 + q2 + q3;
  }
}

/** Re-runs the reactions from the step start at the predictor's midpoint element temperature. */
function correctedKinetics(model: ConductionModel, dt: number): void {
  const I = model.internal;
  const conn = model.mesh.connectivity;
  const Tn = I.elementStartTemperature;
  const Tmid = I.elementTemperature;
  for (let l = 0; l < model.lumpElement.length; l++) {
    const e = model.lumpElement[l];
    let s = 0;
    for (let a = 0; a < 8; a++) s += model.elementNodeWeight[8 * e + a] * I.delta[conn[8 * e + a]];
    Tmid[e] = Tn[e] + (0.5 * s) / model.elementVolume[e];
  }
  runKinetics(model, dt, Tmid);
}

/**
 * One attempted θ-step of length dt with the nodal source vector in I.nodalSource [W]; the
 * increment is left in I.delta. `sameStep` (the corrector pass of the kinetics split) reuses the
 * matrix, the preconditioner and K·T of the predictor pass and warm-starts PCG from its increment.
 */
function solveStep(model: ConductionModel, dt: number, sameStep: boolean): { maxChange: number; iterations: number; converged: boolean } {
  const I = model.internal;
  const n = model.nodeCount;
  const T = model.temperature;
  const theta = I.options.theta;
  const A = I.system;
  const guessScale = I.previousStep > 0 ? dt / I.previousStep : 0;
  if (!sameStep) {
    const Kv = I.stiffnessValues;
    for (let p = 0; p < Kv.length; p++) A.values[p] = theta * Kv[p];
    csrMultiply(I.stiffness, T, I.kT);
  }
  for (let i = 0; i < n; i++) {
    const Ti = T[i];
    const T3 = Ti * Ti * Ti;
    if (!sameStep) {
      A.values[A.diagonalIndex[i]] += model.capacity[i] / dt + theta * (I.hA[i] + 4 * I.eA[i] * T3);
      // start from the last accepted increment scaled to this step (smooth heating: fewer iterations)
      I.delta[i] = guessScale * I.previousDelta[i];
    }
    I.rhs[i] = I.nodalSource[i] - I.kT[i] - (I.hA[i] * Ti - I.hAT[i]) - (I.eA[i] * T3 * Ti - I.eAT4[i]);
  }
  if (!sameStep) updatePreconditioner(A, I.workspace);
  const res = solvePcg(A, I.rhs, I.delta, I.workspace, I.options.solverTolerance, 5000);
  let maxChange = 0;
  for (let i = 0; i < n; i++) {
    const d = abs(I.delta[i]);
    if (d > maxChange) maxChange = d;
  }
  return { maxChange, iterations: res.iterations, converged: res.converged };
}

/**
 * Advances the model by `duration` [s] with the given element heat sources held constant (the
 * coupling steps the thermal model in chunks). Adaptive inner steps; never throws on numerical
 * trouble: returns status 'failed' with the reason and keeps the state reached.
 */
export function advanceConduction(
  model: ConductionModel,
  duration: number,
  sources: ElementHeatSource[] = [],
  onStep?: (model: ConductionModel, dt: number) => void,
): AdvanceResult {
  const I = model.internal;
  const o = I.options;
  const conn = model.mesh.connectivity;
  const tEnd = model.time + duration;
  let steps = 0;
  const Tn = I.elementStartTemperature;
  // external source totals (W) per ledger name
  const sourceTotals = sources.map((s) => {
    let t = 0;
    for (let e = 0; e < model.elementCount; e++) t += s.elementPower[e];
    return t;
  });
  const nodalExternal = new Float64Array(model.nodeCount);
  for (const s of sources) {
    for (let e = 0; e < model.elementCount; e++) {
      const P = s.elementPower[e];
      if (P === 0) continue;
      const Vinv = 1 / model.elementVolume[e];
      for (let a = 0; a < 8; a++) nodalExternal[conn[8 * e + a]] += P * model.elementNodeWeight[8 * e + a] * Vinv;
    }
  }
  let dt = min(model.diagnostics.lastStep, o.maxStep);
  let lastChange = 0;
  while (model.time < tEnd - 1e-12 * max(1, tEnd)) {
    if (dt < o.minStep) {
      return {
        status: 'failed',
        reason: `time step fell below ${o.minStep} s at t = ${model.time} s (the step controller needs ${dt.toExponential(3)} s to keep the temperature change per step under ${o.maxTemperatureChange} K; last change ${lastChange.toFixed(3)} K)`,
        time: model.time,
        steps,
      };
    }
    const stepDt = min(dt, tEnd - model.time);
    const meanBefore = meanTemperature(model);
    let result: { maxChange: number; iterations: number; converged: boolean };
    if (model.runaway) {
      copyRunaway(model.runaway, I.backup!);
      elementTemperatures(model, Tn);
    }
    const corrector = model.runaway ? o.kineticsCorrector : 'off';
    const passes = corrector === 'solve' ? 2 : 1;
    result = { maxChange: 0, iterations: 0, converged: true };
    I.correction.fill(0);
    for (let pass = 0; pass < passes; pass++) {
      I.nodalSource.set(nodalExternal);
      if (model.runaway) {
        if (pass === 0) runKinetics(model, stepDt, Tn);
        else correctedKinetics(model, stepDt);
        for (let l = 0; l < model.runaway.count; l++) {
          const e = model.lumpElement[l];
          const P = I.lumpHeat[l] / stepDt;
          const Vinv = 1 / model.elementVolume[e];
          for (let a = 0; a < 8; a++) I.nodalSource[conn[8 * e + a]] += P * model.elementNodeWeight[8 * e + a] * Vinv;
        }
      }
      const r = solveStep(model, stepDt, pass > 0);
      result = { maxChange: r.maxChange, iterations: result.iterations + r.iterations, converged: r.converged };
      model.diagnostics.linearIterations += r.iterations;
      if (!r.converged || r.maxChange > o.maxTemperatureChange) break;
    }
    if (corrector === 'local' && result.converged && result.maxChange <= o.maxTemperatureChange) {
      // Re-run the reactions at the midpoint and deposit the heat difference in place.
      I.lumpHeatPredictor.set(I.lumpHeat);
      correctedKinetics(model, stepDt);
      for (let l = 0; l < model.runaway!.count; l++) {
        const e = model.lumpElement[l];
        const dQ = I.lumpHeat[l] - I.lumpHeatPredictor[l];
        if (dQ === 0) continue;
        const Vinv = 1 / model.elementVolume[e];
        for (let a = 0; a < 8; a++) {
          const n = conn[8 * e + a];
          I.correction[n] += (dQ * model.elementNodeWeight[8 * e + a] * Vinv) / model.capacity[n];
        }
      }
      let m = 0;
      for (let i = 0; i < model.nodeCount; i++) m = max(m, abs(I.delta[i] + I.correction[i]));
      result.maxChange = m;
    }
    if (!result.converged || result.maxChange > o.maxTemperatureChange || !Number.isFinite(result.maxChange)) {
      if (model.runaway) copyRunaway(I.backup!, model.runaway);
      model.diagnostics.rejectedSteps++;
      dt = stepDt * (result.converged && Number.isFinite(result.maxChange) ? max(0.1, (0.7 * o.maxTemperatureChange) / result.maxChange) : 0.25);
      lastChange = result.maxChange;
      if (!result.converged) {
        if (dt < o.minStep) return { status: 'failed', reason: `linear solver did not converge at t = ${model.time} s`, time: model.time, steps };
      }
      continue;
    }
    // accept
    const theta = o.theta;
    const T = model.temperature;
    let boundary = 0;
    for (let i = 0; i < model.nodeCount; i++) {
      const Ti = T[i];
      const T3 = Ti * Ti * Ti;
      // boundary flux of the linear solve (the 'local' correction is deposited after it)
      boundary += I.hA[i] * (Ti + theta * I.delta[i]) - I.hAT[i] + I.eA[i] * (T3 * Ti + 4 * T3 * theta * I.delta[i]) - I.eAT4[i];
      T[i] = Ti + I.delta[i] + I.correction[i];
    }
    I.previousDelta.set(I.delta);
    I.previousStep = stepDt;
    const L = model.ledger;
    L.boundaryLoss += boundary * stepDt;
    L.power.fill(0);
    for (let j = 0; j < sources.length; j++) {
      const idx = HEAT_INDEX[sources[j].name];
      L.power[idx] += sourceTotals[j];
      L.energy[idx] += sourceTotals[j] * stepDt;
    }
    if (model.runaway) {
      const names = ['sei', 'anode', 'cathode', 'electrolyte'] as const;
      for (let r = 0; r < 4; r++) {
        L.power[HEAT_INDEX[names[r]]] = I.lumpHeatByReaction[r] / stepDt;
        L.energy[HEAT_INDEX[names[r]]] += I.lumpHeatByReaction[r];
      }
    }
    model.time += stepDt;
    steps++;
    model.diagnostics.steps++;
    const meanAfter = meanTemperature(model);
    const rate = (meanAfter - meanBefore) / stepDt;
    if (rate > model.diagnostics.peakMeanTemperatureRate) {
      model.diagnostics.peakMeanTemperatureRate = rate;
      model.diagnostics.timeOfPeakMeanTemperatureRate = model.time - 0.5 * stepDt;
    }
    const tmax = maxTemperature(model);
    if (tmax > model.diagnostics.peakTemperature) model.diagnostics.peakTemperature = tmax;
    onStep?.(model, stepDt);
    const factor = min(2, max(0.5, result.maxChange > 0 ? (0.8 * o.maxTemperatureChange) / result.maxChange : 2));
    const truncated = stepDt < dt;
    dt = truncated ? (factor < 1 ? min(dt, stepDt * factor) : dt) : min(o.maxStep, stepDt * factor);
    model.diagnostics.lastStep = dt;
    lastChange = result.maxChange;
  }
  return { status: 'ok', time: model.time, steps };
}
