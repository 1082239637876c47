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
