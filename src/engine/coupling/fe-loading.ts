/**
 * What the coupled run (coupled-run.ts) needs from an explicit-FE loading phase, whatever the cell
 * format and loading (cylinder indentation in fe-indentation.ts; pouch/prismatic loadings implement
 * the same surface). Everything is in test (physical) time; only the solver sees scaled time.
 */
import type { MechanicsModel } from '../mechanics/solver';
import type { HexMesh } from '../mechanics/mesh/hex-mesh';
import type { SectionSnapshot, ShortOnsetElement } from './fe-indentation';

export interface FeLoading {
  /** The explicit solver (diagnostics: warnings, timeScaleFactor, addedMassFraction, steps, energy error). */
  readonly model: MechanicsModel;
  /** Duration of the smooth velocity ramp at the start [s of test time] (0 for a free-body impact). */
  readonly rampTime: number;
  /** Largest volumetric compaction 1 - V/V0 over the watched (jellyroll) elements, after maxIndicator(). */
  readonly maxCompaction: number;
  /** Advances the solver to test time `time` [s]; indenter travel [m] (from its start), force [N], or a failure message. */
  advanceToTime(time: number): { displacement: number; force: number; velocity?: number; error?: string };
  /** Largest short-onset indicator over the watched elements (>= 1: onset). */
  maxIndicator(): number;
  /** The watched element with the largest indicator (call after maxIndicator). */
  onsetElement(): ShortOnsetElement;
  /** Damaged separator area [m^2] (element-size estimate; call after maxIndicator). */
  damagedArea(): number;
  /** Kinetic/internal energy ratio after the ramp while the internal energy is > 10 % of its peak. */
  kineticToInternalRatio(): number;
  /** A cross-section of the deformed mesh at an event (sections.json format). */
  section(event: string, time: number, temperatureOf: (failed: boolean) => number): SectionSnapshot;
  readonly sectionConnectivity: number[][];
  /** Name of the failure-engine short-onset criterion in use (default volumetric-strain). */
  readonly criterionName?: string;
  /** Plane of the cross-sections for sections.json (default: the cylinder's mid-length x-y section). */
  readonly sectionPlane?: string;
  /**
   * With field capture on, every section() also keeps a full-mesh snapshot (the last one per event
   * name); fieldSeries() returns those of the given events. Optional: loadings without it write none.
   */
  enableFieldCapture?(): void;
  fieldSeries?(events: ReadonlyArray<{ event: string; time: number }>): FieldSeries;
}

/**
 * One 3-D field snapshot of a deformed mesh at an event (written as VTU by the runner with
 * `--fields`): current node coordinates and per-element fields, in mesh element order.
 */
export interface FieldSnapshot {
  event: string;
  /** Test time [s]. */
  time: number;
  /** 3 per node, current configuration [m]. */
  points: Float64Array;
  /** Per point (scalars, or 3 components per point for vectors). */
  pointData: Record<string, Float64Array>;
  /** Per element (scalars). */
  cellData: Record<string, Float64Array>;
}

/** Field snapshots of a run on one mesh (the mechanics mesh, or the 3-D thermal mesh). */
export interface FieldSeries {
  /** What the mesh is (e.g. 'mechanics', 'thermal'). */
  kind: string;
  /** 8 per hexahedron, VTK node order (HexMesh convention). */
  connectivity: Int32Array;
  /** Part id per element. */
  elementPart: Int32Array;
  snapshots: FieldSnapshot[];
}

/**
 * Full-mesh snapshot of an explicit-FE model: displacement, compaction 1 - V/V0, equivalent plastic
 * strain, von Mises stress and pressure from the Voigt stress [xx, yy, zz, xy, yz, zx] (tensor shear),
 * alive flag, part id, and the short-onset indicator of the watched elements.
 */
export function captureMechanicsSnapshot(
  model: MechanicsModel,
  initialCoordinates: Float64Array,
  elementPart: Int32Array,
  event: string,
  time: number,
  onsetIndicator: (element: number) => number,
): FieldSnapshot {
  const s = model.readElementState();
  const ne = elementPart.length;
  const points = Float64Array.from(model.x.subarray(0, initialCoordinates.length));
  const displacement = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) displacement[i] = points[i] - initialCoordinates[i];
  const compaction = new Float64Array(ne);
  const mises = new Float64Array(ne);
  const pressure = new Float64Array(ne);
  const indicator = new Float64Array(ne);
  const alive = new Float64Array(ne);
  const part = new Float64Array(ne);
  for (let e = 0; e < ne; e++) {
    compaction[e] = 1 - s.relativeVolume[e];
    const o = 6 * e;
    const sx = s.stress[o], sy = s.stress[o + 1], sz = s.stress[o + 2], txy = s.stress[o + 3], tyz = s.stress[o + 4], tzx = s.stress[o + 5];
    const p = -(sx + sy + sz) / 3;
    pressure[e] = p;
    // J2 = 1/2 s:s with the deviator s = sigma + p I (tensor shears counted twice).
    const dx = sx + p, dy = sy + p, dz = sz + p;
    mises[e] = Math.sqrt(1.5 * (dx * dx + dy * dy + dz * dz + 2 * (txy * txy + tyz * tyz + tzx * tzx)));
    indicator[e] = onsetIndicator(e);
    alive[e] = s.alive[e];
    part[e] = elementPart[e];
  }
  return {
    event,
    time,
    points,
    pointData: { 'Displacement [m]': displacement },
    cellData: {
      'Volumetric compaction 1 - V/V0': compaction,
      'Equivalent plastic strain': Float64Array.from(s.plasticStrain),
      'von Mises stress [Pa]': mises,
      'Pressure [Pa]': pressure,
      'Short-onset indicator': indicator,
      'Alive': alive,
      'Part id': part,
    },
  };
}

/**
 * Keeps the last full-mesh snapshot per event name for an FeLoading (`--fields`); shared by the
 * cylinder and pouch loadings. `watched` lists the elements the short criterion watches, in the
 * order of the loading's indicator array.
 */
export class FieldCapture {
  private readonly snapshots = new Map<string, FieldSnapshot>();
  private readonly watchedIndex: Int32Array;

  constructor(private readonly mesh: HexMesh, watched: Int32Array) {
    this.watchedIndex = new Int32Array(mesh.elementPart.length).fill(-1);
    for (let i = 0; i < watched.length; i++) this.watchedIndex[watched[i]] = i;
  }

  /** Snapshot now; `indicator` is the loading's per-watched-element indicator (>= 1: past the criterion). */
  capture(model: MechanicsModel, event: string, time: number, indicator: Float64Array, temperatureOf: (failed: boolean) => number): void {
    const w = this.watchedIndex;
    const snap = captureMechanicsSnapshot(model, this.mesh.coordinates, this.mesh.elementPart, event, time, (e) => (w[e] >= 0 ? indicator[w[e]] : 0));
    const temperature = new Float64Array(w.length);
    for (let e = 0; e < w.length; e++) temperature[e] = temperatureOf(w[e] >= 0 && indicator[w[e]] >= 1);
    snap.cellData['Temperature [K]'] = temperature;
    this.snapshots.set(event, snap);
  }

  /** The snapshots of the given (event, time) pairs, in that order. */
  series(events: ReadonlyArray<{ event: string; time: number }>): FieldSeries {
    const snaps: FieldSnapshot[] = [];
    for (const e of events) {
      const s = this.snapshots.get(e.event);
      if (s && s.time === e.time) snaps.push(s);
    }
    return { kind: 'mechanics', connectivity: this.mesh.connectivity, elementPart: this.mesh.elementPart, snapshots: snaps };
  }
}

/**
 * A planar cross-section of a hex mesh for sections.json: the node plane normal to axis `normal`
 * (0 x, 1 y, 2 z) nearest `plane`; each element with a face on it contributes that face (its lower
 * face, or at the upper mesh edge its upper face) as a convex polygon ordered by angle in the
 * (`inPlane[0]`, `inPlane[1]`) coordinates. Returns the polygons (indices into `nodes`), the mesh
 * element of each polygon and the mesh node of each polygon vertex.
 */
export function meshSection(mesh: HexMesh, normal: 0 | 1 | 2, plane: number, inPlane: readonly [number, number]): { cells: number[][]; elements: number[]; nodes: number[] } {
  const c = mesh.coordinates;
  const conn = mesh.connectivity;
  const ne = conn.length / 8;
  const [u, v] = inPlane;
  let face0 = NaN;
  for (let i = normal; i < c.length; i += 3) if (Number.isNaN(face0) || Math.abs(c[i] - plane) < Math.abs(face0 - plane)) face0 = c[i];
  const tol = 1e-9;
  const nodeIndex = new Map<number, number>();
  const cells: number[][] = [];
  const elements: number[] = [];
  const nodes: number[] = [];
  let useLower = false;
  for (let e = 0; e < ne && !useLower; e++) {
    let lo = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 8; k++) lo = Math.min(lo, c[3 * conn[8 * e + k] + normal]);
    if (Math.abs(lo - face0) < tol) useLower = true;
  }
  for (let e = 0; e < ne; e++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < 8; k++) { const w = c[3 * conn[8 * e + k] + normal]; lo = Math.min(lo, w); hi = Math.max(hi, w); }
    if (Math.abs((useLower ? lo : hi) - face0) > tol) continue;
    const face: number[] = [];
    for (let k = 0; k < 8; k++) { const nd = conn[8 * e + k]; if (Math.abs(c[3 * nd + normal] - face0) < tol && !face.includes(nd)) face.push(nd); }
    if (face.length < 3) continue;
    let cu = 0;
    let cv = 0;
    for (const nd of face) { cu += c[3 * nd + u]; cv += c[3 * nd + v]; }
    cu /= face.length; cv /= face.length;
    face.sort((a, b) => Math.atan2(c[3 * a + v] - cv, c[3 * a + u] - cu) - Math.atan2(c[3 * b + v] - cv, c[3 * b + u] - cu));
    cells.push(face.map((nd) => {
      let i = nodeIndex.get(nd);
      if (i === undefined) { i = nodes.length; nodeIndex.set(nd, i); nodes.push(nd); }
      return i;
    }));
    elements.push(e);
  }
  return { cells, elements, nodes };
}
