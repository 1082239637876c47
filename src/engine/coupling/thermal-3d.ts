/**
 * 3-D thermal option of the coupled run (`models.thermal: 3d`, issue 7 "lumped or 3-D thermal").
 *
 * The cell is a hex8 conduction model (thermal/conduction.ts: ρc_p ∂T/∂t = ∇·(k∇T) + q, θ-method,
 * convection + radiation on the outer surface, Kim 2007 / card kinetics per element) coupled to the
 * electrical model by a Lie operator split (coupled-run.ts drives the intervals):
 *  1. electrical step over [t, t + h] at the held cell temperature (the Rint adapter of
 *     electro-thermal.ts integrated by the BDF with its temperature states pinned, `electricalOnlyRhs`;
 *     or the card-based cell driver of cell-model-adapter.ts at the volume-mean temperature);
 *  2. conduction over the same h with the interval-mean electrical heat held constant: the
 *     irreversible (+ reversible) heat on the jellyroll elements by volume, the internal short's Joule
 *     heat on the elements within SPOT_RADIUS of the short location (shorts/short-circuit.ts
 *     elementsNear / distributeByVolume), an external short's heat outside the cell; the decomposition
 *     heat comes from the per-element kinetics inside the conduction model.
 * The interval h is limited so that the hottest node moves by at most MAX_KELVIN_PER_SPLIT (events
 * such as separator melt at the short elements and runaway onset are then resolved to that
 * resolution), grows by at most 2x, and starts again at FIRST_SPLIT_S when the short resistance changes.
 * Energy: the heat handed to the conduction model over an interval is exactly the electrical model's
 * quadrature increment, so the coupled closure (drawn = short + internal heat) is that of the
 * electrical model, and the conduction ledger closes separately (heat in = stored + to ambient).
 *
 * Mesh: the whole cell is one homogenised jellyroll part (the preset's ρc_p is a whole-cell value,
 * can and caps included). Cylinder: O-grid about the z axis, z ∈ [0, H], the polygon of the outer
 * ring scaled radially so that its area is πr² (volume and heat capacity equal the lumped model's;
 * side area within 1 %). Pouch: box [0, W] × [0, L] × [0, T] (thickness along z). Frames match the
 * explicit-FE cell mesh (axis z, indenter coming down along −y from y = +R) so that the FE onset
 * element's centroid is used as is.
 */
import type { HexMesh } from '../mechanics/mesh/hex-mesh';
import {
  advanceConduction,
  type AdvanceResult,
  type ConductionModel,
  createConductionModel,
  type ElementHeatSource,
  elementTemperatures,
  maxTemperature,
  meanTemperature,
  type PartThermalProperties,
  storedThermalEnergy,
  type SurfaceBoundary,
} from '../thermal/conduction';
import { buildBoxHexMesh, buildCylinderHexMesh } from '../thermal/mesh-builders';
import { totalHeatReleased, HEAT_INDEX } from '../thermal/heat-ledger';
import { distributeByVolume, elementsNear } from '../shorts/short-circuit';
import { heatReleaseRate, type RunawayKinetics as EngineKinetics } from '../runaway/kinetics';
import { CellParameters, Indenter, Loading } from './types';
import { ElectroThermalSystem, IX, SPOT_RADIUS, toEngineKinetics } from './electro-thermal';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { PI, abs, max, min, sin, sqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/** Largest change of the hottest node per split interval [K] (event and transient resolution). */
export const MAX_KELVIN_PER_SPLIT = 2;
/** Largest split interval [s] (also the sampling granularity of the observation phases). */
export const MAX_SPLIT_S = 10;
/** First split interval after the short resistance changed [s]. */
export const FIRST_SPLIT_S = 1e-3;
/** Largest nodal change per conduction step [K] and largest conduction step [s]. */
export const CONDUCTION_MAX_CHANGE_K = 2;
export const CONDUCTION_MAX_STEP_S = 10;
/**
 * θ of the conduction θ-method: Crank–Nicolson (second order). With implicit Euler the 155 °C oven
 * (k = 500 W/(m K), coarse mesh) ran away 1.6 % later than the lumped model at 2 K per step, with
 * Crank–Nicolson 0.14 %; the per-step temperature-change limit keeps its stiff modes from ringing.
 */
export const CONDUCTION_THETA = 0.5;

export type ThermalResolution = 'coarse' | 'default' | 'fine';

/** Divisions per resolution: cylinder (core square, ring, axial) and pouch box (width, length, thickness). */
export const THERMAL_3D_MESH = {
  cylinder: { coarse: [2, 2, 8], default: [4, 4, 16], fine: [6, 8, 32] },
  box: { coarse: [4, 6, 2], default: [8, 12, 4], fine: [16, 24, 8] },
} as const;

export interface Thermal3dSetup {
  shape: 'cylinder' | 'box';
  mesh: HexMesh;
  parts: PartThermalProperties[];
  /** Part ids of the jellyroll (where the cell's own heat goes and the kinetics run). */
  jellyrollParts: number[];
  /** The whole outer surface: convection + radiation to the ambient (the oven for oven loading). */
  boundary: SurfaceBoundary;
  /** Per-element decomposition kinetics; absent = no runaway. */
  kinetics?: EngineKinetics;
  /** Cell dimensions in the mesh frame [m]. */
  dims: { radius?: number; height?: number; width?: number; length?: number; thickness?: number };
  /** One line for the summary: mesh and conductivity choice. */
  description: string;
}

export interface Thermal3dOptions {
  resolution: ThermalResolution;
  ambientK: number;
  h: number;
  emissivity: number;
  runaway: boolean;
  /** Anisotropic jellyroll conductivity (a cell-thermal card); absent = isotropic cell.conductivity. */
  conductivity?: { radial: number; hoop: number; axial: number };
}

/** The conduction model of the cell (pure; the scenario layer calls it in resolve.ts). */
export function buildThermal3dSetup(cell: CellParameters, o: Thermal3dOptions): Thermal3dSetup {
  const g = cell.geometry;
  const k = o.conductivity;
  const rc = cell.volumetricHeatCapacity;
  let mesh: HexMesh;
  let part: PartThermalProperties;
  let dims: Thermal3dSetup['dims'];
  let shape: Thermal3dSetup['shape'];
  if (cell.format === 'cylindrical') {
    shape = 'cylinder';
    const R = g.diameter! / 2;
    const [core, ring, axial] = THERMAL_3D_MESH.cylinder[o.resolution];
    mesh = buildCylinderHexMesh({ radius: R, height: g.length, coreDivisions: core, ringDivisions: ring, axialDivisions: axial });
    // Equal-area polygon: the outer ring nodes lie on the circle; scale x, y so the N-gon has area π R².
    const N = 4 * core;
    const s = sqrt(PI / ((N / 2) * sin((2 * PI) / N)));
    for (let i = 0; i < mesh.coordinates.length; i += 3) {
      mesh.coordinates[i] *= s;
      mesh.coordinates[i + 1] *= s;
    }
    part = { partId: 0, volumetricHeatCapacity: rc, conductivity: k ? { kind: 'cylindrical', radial: k.radial, hoop: k.hoop, axial: k.axial, axisOrigin: [0, 0, 0], axisDirection: [0, 0, 1] } : { kind: 'isotropic', value: cell.conductivity } };
    dims = { radius: R, height: g.length };
  } else {
    shape = 'box';
    const [nx, ny, nz] = THERMAL_3D_MESH.box[o.resolution];
    mesh = buildBoxHexMesh({ lengths: [g.width!, g.length, g.thickness!], divisions: [nx, ny, nz] });
    // x = width and y = length are in the plane of the layers, z = thickness is through the stack.
    part = { partId: 0, volumetricHeatCapacity: rc, conductivity: k ? { kind: 'orthotropic', x: k.axial, y: k.hoop, z: k.radial } : { kind: 'isotropic', value: cell.conductivity } };
    dims = { width: g.width, length: g.length, thickness: g.thickness };
  }
  const kinetics = o.runaway ? cell.cardKinetics ?? toEngineKinetics(cell) : undefined;
  const elements = mesh.connectivity.length / 8;
  const kText = k ? (shape === 'cylinder' ? `cylindrical k radial ${k.radial} / hoop ${k.hoop} / axial ${k.axial} W/(m K)` : `orthotropic k in-plane ${k.axial} / ${k.hoop}, through ${k.radial} W/(m K)`) : `isotropic k ${cell.conductivity} W/(m K)`;
  return {
    shape,
    mesh,
    parts: [part],
    jellyrollParts: [0],
    boundary: { convectionCoefficient: o.h, emissivity: o.emissivity, ambientTemperature: o.ambientK },
    ...(kinetics ? { kinetics } : {}),
    dims,
    description: `3d (hex8 conduction, ${elements} elements, ${kText}, rho c_p ${rc} J/(m^3 K)${kinetics ? ', kinetics per element' : ''}, operator split with the cell model)`,
  };
}

/**
 * The cell surface point under the indenter (at its offset along the cell length), moved `depth`
 * into the cell along the loading direction (a nail tip); in the mesh frame of buildThermal3dSetup.
 */
export function shortPointUnderIndenter(setup: Thermal3dSetup, indenter: Indenter, depth: number): [number, number, number] {
  const d = setup.dims;
  if (setup.shape === 'cylinder') {
    const R = d.radius!;
    const y = R - min(max(depth, 0), 2 * R);
    return [0, y, d.height! / 2 + indenter.offset];
  }
  const T = d.thickness!;
  return [d.width! / 2, d.length! / 2 + indenter.offset, T - min(max(depth, 0), T)];
}

/**
 * The right-hand side of the electrical part alone: the electro-thermal system with its temperature
 * and kinetics states pinned (zero derivative) at the values the 3-D model writes at each split
 * interval; the SOC and the energy quadratures (short, internal) move.
 */
export function electricalOnlyRhs(system: ElectroThermalSystem): (t: number, y: Float64Array, out: Float64Array) => void {
  return (t, y, out) => {
    system.rhs(t, y, out);
    out[IX.tSpot] = 0;
    out[IX.tBulk] = 0;
    for (let i = IX.kinBulk; i < IX.kinSpot + 5; i++) out[i] = 0;
    out[IX.eDecomposition] = 0;
    out[IX.eToAmbient] = 0;
  };
}

/** The conduction side of the split, with the short placement and the event quantities. */
export class Thermal3dModel {
  readonly model: ConductionModel;
  /** Elements of the jellyroll (cell heat by volume). */
  readonly jellyroll: Int32Array;
  /** Elements of the short location (Joule heat); null until placed. */
  shortElements: Int32Array | null = null;
  shortPoint: [number, number, number] | null = null;
  splitIntervals = 0;
  private readonly elementT: Float64Array;
  private readonly ohmicPower: Float64Array;
  private readonly shortPower: Float64Array;
  private readonly sources: ElementHeatSource[];
  private readonly previousT: Float64Array;
  private readonly surfaceNodes: Int32Array;
  private readonly rates = new Float64Array(4);
  private readonly stored0: number;
  private readonly volumetricHeatCapacity: Float64Array;
  private lastInterval = 0;
  private lastMaxChange = 0;
  private lastResistance = NaN;

  constructor(readonly setup: Thermal3dSetup, initialTemperatureK: number) {
    this.model = createConductionModel({
      mesh: setup.mesh,
      parts: setup.parts,
      boundaries: [setup.boundary],
      initialTemperature: initialTemperatureK,
      ...(setup.kinetics ? { kinetics: { kinetics: setup.kinetics, partIds: setup.jellyrollParts } } : {}),
      maxTemperatureChange: CONDUCTION_MAX_CHANGE_K,
      maxStep: CONDUCTION_MAX_STEP_S,
      theta: CONDUCTION_THETA,
    });
    const m = this.model;
    const parts = new Set(setup.jellyrollParts);
    const jelly: number[] = [];
    for (let e = 0; e < m.elementCount; e++) if (parts.has(setup.mesh.elementPart[e])) jelly.push(e);
    this.jellyroll = Int32Array.from(jelly);
    this.elementT = new Float64Array(m.elementCount);
    this.ohmicPower = new Float64Array(m.elementCount);
    this.shortPower = new Float64Array(m.elementCount);
    this.sources = [{ name: 'ohmic', elementPower: this.ohmicPower }, { name: 'short', elementPower: this.shortPower }];
    this.previousT = new Float64Array(m.nodeCount);
    this.stored0 = storedThermalEnergy(m);
    const rcByPart = new Map(setup.parts.map((p) => [p.partId, p.volumetricHeatCapacity]));
    this.volumetricHeatCapacity = Float64Array.from(setup.mesh.elementPart, (p) => rcByPart.get(p)!);
    // Exterior nodes (the surface temperature is the hottest of them).
    const onSurface = new Uint8Array(m.nodeCount);
    const fn = m.internal.faceNodes;
    for (let i = 0; i < fn.length; i++) onSurface[fn[i]] = 1;
    const surf: number[] = [];
    for (let i = 0; i < m.nodeCount; i++) if (onSurface[i]) surf.push(i);
    this.surfaceNodes = Int32Array.from(surf);
  }

  /** The short's Joule heat goes to the elements within SPOT_RADIUS of `point` (the nearest if none). */
  placeShortAt(point: [number, number, number]): void {
    this.shortPoint = [point[0], point[1], point[2]];
    this.shortElements = elementsNear(this.model, this.shortPoint, SPOT_RADIUS);
  }

  /**
   * End of the next split interval from `t` (at most `tEnd`): temperature-change control from the
   * last interval, growth by at most 2x, a fresh start after a change of the short resistance.
   */
  nextIntervalEnd(t: number, tEnd: number, shortResistance: number): number {
    let h = this.lastInterval > 0 ? 2 * this.lastInterval : FIRST_SPLIT_S;
    if (shortResistance !== this.lastResistance) h = FIRST_SPLIT_S;
    this.lastResistance = shortResistance;
    if (this.lastMaxChange > 0 && this.lastInterval > 0) h = min(h, (MAX_KELVIN_PER_SPLIT * this.lastInterval) / this.lastMaxChange);
    h = max(min(h, MAX_SPLIT_S), 1e-6);
    return min(tEnd, t + h);
  }

  /**
   * Conduction over h [s] with the cell's heat `internalW` (jellyroll, by volume) and the short's
   * Joule heat `shortW` (short elements) held constant [W].
   */
  advance(h: number, internalW: number, shortW: number): AdvanceResult {
    const m = this.model;
    this.ohmicPower.fill(0);
    this.shortPower.fill(0);
    if (internalW !== 0) distributeByVolume(m, this.jellyroll, internalW, this.ohmicPower);
    if (shortW !== 0) {
      if (!this.shortElements) throw new Error('3-D thermal: short heat before the short location was placed');
      distributeByVolume(m, this.shortElements, shortW, this.shortPower);
    }
    this.previousT.set(m.temperature);
    const r = advanceConduction(m, h, this.sources);
    let change = 0;
    for (let i = 0; i < m.nodeCount; i++) change = max(change, abs(m.temperature[i] - this.previousT[i]));
    this.lastMaxChange = change;
    this.lastInterval = h;
    this.splitIntervals++;
    return r;
  }

  /** A note when the short spot (sphere of SPOT_RADIUS) is much smaller than the elements its heat goes to. */
  shortSpotNote(): string | null {
    if (!this.shortElements || !this.shortPoint) return null;
    let v = 0;
    for (let i = 0; i < this.shortElements.length; i++) v += this.model.elementVolume[this.shortElements[i]];
    const spot = (4 / 3) * PI * SPOT_RADIUS ** 3;
    if (v <= 2 * spot) return null;
    const p = this.shortPoint.map((c) => (c * 1000).toFixed(1)).join(', ');
    return `3-D thermal: the short's heat is spread over ${this.shortElements.length} element(s) of ${(v * 1e9).toFixed(0)} mm^3 around (${p}) mm, more than the ${(spot * 1e9).toFixed(0)} mm^3 short spot (r = ${SPOT_RADIUS * 1000} mm): the mesh is coarser than the spot, the short-location temperature is underestimated (use a finer mesh)`;
  }

  meanTemperature(): number {
    return meanTemperature(this.model);
  }

  maxTemperature(): number {
    return maxTemperature(this.model);
  }

  /** Hottest point of the outer surface [K] (where a thermocouple on the can would read the most). */
  surfaceTemperature(): number {
    let t = -INFINITY;
    const T = this.model.temperature;
    for (let i = 0; i < this.surfaceNodes.length; i++) t = max(t, T[this.surfaceNodes[i]]);
    return t;
  }

  /** Largest element temperature over the short elements [K] (the mean if no short is placed). */
  shortTemperature(): number {
    if (!this.shortElements) return this.meanTemperature();
    elementTemperatures(this.model, this.elementT);
    let t = -INFINITY;
    for (let i = 0; i < this.shortElements.length; i++) t = max(t, this.elementT[this.shortElements[i]]);
    return t;
  }

  /**
   * Decomposition at the current temperatures: total power [W], the volume-mean self-heating rate
   * Q/(ρc_p V) [K/s] and the largest element rate q/(ρc_p) [K/s] (runaway-and-shorts.md §1.5, T2).
   */
  decomposition(): { power: number; meanRate: number; maxElementRate: number } {
    const m = this.model;
    const s = m.runaway;
    if (!s || !this.setup.kinetics) return { power: 0, meanRate: 0, maxElementRate: 0 };
    elementTemperatures(m, this.elementT);
    let power = 0;
    let capacity = 0;
    let maxRate = 0;
    for (let l = 0; l < s.count; l++) {
      const e = m.lumpElement[l];
      const q = heatReleaseRate(this.setup.kinetics, s, l, this.elementT[e], this.rates);
      const rc = this.volumetricHeatCapacity[e];
      power += q * m.elementVolume[e];
      capacity += rc * m.elementVolume[e];
      if (q / rc > maxRate) maxRate = q / rc;
    }
    return { power, meanRate: capacity > 0 ? power / capacity : 0, maxElementRate: maxRate };
  }

  /** Cumulative decomposition heat released in the mesh [J] (conduction ledger). */
  decompositionEnergy(): number {
    const L = this.model.ledger;
    return L.energy[HEAT_INDEX.sei] + L.energy[HEAT_INDEX.anode] + L.energy[HEAT_INDEX.cathode] + L.energy[HEAT_INDEX.electrolyte];
  }

  /** Conduction ledger: |heat in − stored − to ambient| relative to the largest of the three. */
  ledgerClosure(): { heatIn: number; stored: number; toAmbient: number; relativeError: number } {
    const L = this.model.ledger;
    const heatIn = totalHeatReleased(L);
    const stored = storedThermalEnergy(this.model) - this.stored0;
    const toAmbient = L.boundaryLoss;
    const scale = max(abs(heatIn), abs(stored), abs(toAmbient), 1e-300);
    return { heatIn, stored, toAmbient, relativeError: abs(heatIn - stored - toAmbient) / scale };
  }
}

/** Whether the loading can place an internal short (for the short-location column and the nominal point). */
export function internalShortLoading(L: Loading): L is Extract<Loading, { indenter: Indenter }> {
  return L.type === 'indentation' || L.type === 'nail' || L.type === 'three-point-bend' || L.type === 'impact';
}
