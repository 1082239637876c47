/**
 * Reduced-order mechanics of a cell under a rigid indenter: a bed of independent through-thickness
 * columns (Winkler foundation) of homogenized jellyroll, each following the compressive law of
 * CellParameters.jellyroll, under the exact indenter surface. It is the adapter the coupled run uses
 * until the explicit hex8 solver of issue 3 is wired in: it captures contact-area growth, SOC and
 * rate hardening and the local strain that the short-onset criterion watches, but no shear transfer
 * between columns, no casing membrane and no inertia of the cell (stated in every summary).
 *
 * Geometry: the cell lies on a rigid flat support at z = bottom, loaded in -z. Cylindrical cells have
 * their axis along y (columns are chords of the circle); pouch cells lie flat (columns = thickness).
 * Structure of arrays, no allocation per step.
 */
import { CellParameters, Indenter } from './types';
import { CriterionPointState, FailureCriterion } from '../mechanics/failure/criterion';

export interface WinklerBed {
  nx: number;
  ny: number;
  count: number;
  /** Column centre coordinates [m] and area [m^2]. */
  x: Float64Array;
  y: Float64Array;
  area: Float64Array;
  /** Undeformed column height [m] and its top surface z [m] (cell centre at z = 0). */
  height: Float64Array;
  top: Float64Array;
  /** Indenter displacement at which the column is first touched [m]. */
  engage: Float64Array;
  /** History: largest compressive strain reached, eroded flag (nail perforation). */
  maxStrain: Float64Array;
  eroded: Uint8Array;
  /** Current strain and stress [Pa] (outputs of the last evaluation). */
  strain: Float64Array;
  stress: Float64Array;
  /** Dimension of the cell in the loading direction [m]. */
  loadedDimension: number;
}

/** Unloading modulus of a crushed column relative to the law's stiffness [-] (assumed). */
const UNLOADING_MODULUS_FACTOR = 20;
/** Stress left in a perforated column (friction on the nail flank), fraction of its stress at failure (assumed). */
const PERFORATED_RESIDUAL_FRACTION = 0.1;
/** Strains are capped below 1 so the densification term stays finite. */
const MAX_STRAIN = 0.99;

export function createWinklerBed(cell: CellParameters, indenter: Indenter | undefined, nx: number, ny: number): WinklerBed {
  const g = cell.geometry;
  const cylindrical = cell.format === 'cylindrical';
  const halfX = cylindrical ? g.diameter! / 2 : g.width! / 2;
  const halfY = g.length / 2;
  // Refine the columns where the indenter is: a line indenter across the cell needs resolution along y.
  const count = nx * ny;
  const bed: WinklerBed = {
    nx, ny, count,
    x: new Float64Array(count), y: new Float64Array(count), area: new Float64Array(count),
    height: new Float64Array(count), top: new Float64Array(count), engage: new Float64Array(count),
    maxStrain: new Float64Array(count), eroded: new Uint8Array(count),
    strain: new Float64Array(count), stress: new Float64Array(count),
    loadedDimension: cylindrical ? g.diameter! : g.thickness!,
  };
  // Columns outside the indenter's footprint can never be touched: the bed covers only the
  // intersection of the cell footprint with the indenter footprint, so the resolution goes where the
  // contact is (a 5 mm nail on a 60 x 100 mm pouch still gets nx x ny columns under it).
  let [x0, x1, y0, y1] = [-halfX, halfX, -halfY, halfY];
  if (indenter && indenter.shape !== 'flat-plate') {
    const r = indenter.radius;
    const pointLike = indenter.shape === 'hemisphere' || indenter.shape === 'nail';
    if (pointLike || indenter.axis === 'along') { x0 = Math.max(x0, -r); x1 = Math.min(x1, r); }
    if (pointLike || indenter.axis !== 'along') { y0 = Math.max(y0, indenter.offset - r); y1 = Math.min(y1, indenter.offset + r); }
  }
  const dx = (x1 - x0) / nx;
  const dy = (y1 - y0) / ny;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const x = x0 + (i + 0.5) * dx;
      const y = y0 + (j + 0.5) * dy;
      bed.x[k] = x;
      bed.y[k] = y;
      bed.area[k] = dx * dy;
      if (cylindrical) {
        const half = Math.sqrt(Math.max(halfX * halfX - x * x, 0));
        bed.height[k] = 2 * half;
        bed.top[k] = half;
      } else {
        bed.height[k] = g.thickness!;
        bed.top[k] = g.thickness! / 2;
      }
    }
  }
  setIndenter(bed, indenter);
  return bed;
}

/** Indenter surface height above its lowest point at (x, y) [m]; Infinity where it cannot touch. */
export function indenterProfile(ind: Indenter, x: number, y: number): number {
  const along = ind.axis === 'along';
  switch (ind.shape) {
    case 'flat-plate':
      return 0;
    case 'semicylinder':
    case 'rod': {
      const u = along ? x : y - ind.offset;
      const r = ind.radius;
      return Math.abs(u) < r ? r - Math.sqrt(r * r - u * u) : Infinity;
    }
    case 'hemisphere': {
      const rho2 = x * x + (y - ind.offset) * (y - ind.offset);
      const r = ind.radius;
      return rho2 < r * r ? r - Math.sqrt(r * r - rho2) : Infinity;
    }
    case 'nail': {
      const rho = Math.sqrt(x * x + (y - ind.offset) * (y - ind.offset));
      return rho < ind.radius ? rho / Math.tan(ind.tipAngle / 2) : Infinity;
    }
  }
}

/** Sets the engage displacement of every column for this indenter (startGap to the first contact). */
export function setIndenter(bed: WinklerBed, ind: Indenter | undefined): void {
  if (!ind) {
    bed.engage.fill(Infinity);
    return;
  }
  // Indenter lowest point at z = C - d; column touched when C - d + s = top. C chosen so that the
  // first contact happens at d = startGap.
  let c = -Infinity;
  for (let k = 0; k < bed.count; k++) {
    const s = indenterProfile(ind, bed.x[k], bed.y[k]);
    if (Number.isFinite(s)) c = Math.max(c, bed.top[k] - s);
  }
  for (let k = 0; k < bed.count; k++) {
    const s = indenterProfile(ind, bed.x[k], bed.y[k]);
    bed.engage[k] = Number.isFinite(s) ? ind.startGap + (c - bed.top[k] + s) : Infinity;
  }
}

export interface LawState {
  /** Multiplier of the law from SOC hardening (1 + socHardening * SOC). */
  socFactor: number;
}

/** Loading branch of the compressive law at strain eps and strain rate epsRate [1/s] [Pa]. */
export function loadingStress(cell: CellParameters, socFactor: number, eps: number, epsRate: number): number {
  const j = cell.jellyroll;
  const e = Math.min(Math.max(eps, 0), MAX_STRAIN);
  const dens = Math.max(1 - e / j.densificationStrain, 1e-3);
  const rate = 1 + j.rateSensitivity * Math.log(Math.max(1, epsRate / j.referenceStrainRate));
  return j.stiffness * socFactor * Math.pow(e, j.exponent) / dens * rate;
}

/**
 * Evaluates every column at indenter displacement d [m] moving at speed v [m/s]; returns the total
 * force [N] and updates strain/stress/history. `erode`: columns past the separator failure strain are
 * perforated (nail) and keep only a residual stress.
 */
export function evaluateBed(bed: WinklerBed, cell: CellParameters, socFactor: number, d: number, v: number, erode: boolean, commit: boolean): number {
  let force = 0;
  const j = cell.jellyroll;
  const unloadModulus = UNLOADING_MODULUS_FACTOR * j.stiffness * socFactor;
  for (let k = 0; k < bed.count; k++) {
    const pen = d - bed.engage[k];
    if (!(pen > 0)) {
      bed.strain[k] = 0;
      bed.stress[k] = 0;
      continue;
    }
    const h = bed.height[k];
    const eps = Math.min(pen / h, MAX_STRAIN);
    let sigma: number;
    const epsMax = bed.maxStrain[k];
    if (bed.eroded[k]) {
      sigma = PERFORATED_RESIDUAL_FRACTION * loadingStress(cell, socFactor, cell.separatorFailureStrain, Math.abs(v) / h);
    } else if (eps >= epsMax) {
      sigma = loadingStress(cell, socFactor, eps, Math.max(v, 0) / h);
      if (erode && eps >= cell.separatorFailureStrain && commit) bed.eroded[k] = 1;
    } else {
      // Unloading/reloading below the largest strain reached: elastic line with permanent set.
      const top = loadingStress(cell, socFactor, epsMax, 0);
      sigma = Math.max(0, top - unloadModulus * (epsMax - eps));
    }
    if (commit && eps > epsMax) bed.maxStrain[k] = eps;
    bed.strain[k] = eps;
    bed.stress[k] = sigma;
    force += sigma * bed.area[k];
  }
  return force;
}

/** Largest compressive strain among the columns [-]. */
export function maxColumnStrain(bed: WinklerBed): number {
  let m = 0;
  for (let k = 0; k < bed.count; k++) if (bed.strain[k] > m) m = bed.strain[k];
  return m;
}

/**
 * Point states of the columns in the layout of the failure-criterion interface (issue 4), so that
 * the short-onset criteria of src/engine/mechanics/failure evaluate the bed directly. A column is in
 * uniaxial strain: eps_zz = ln(1 - eps) (compression negative), sigma_zz = -sigma, J = 1 - eps.
 */
export class ColumnCriterionAdapter {
  private readonly state: CriterionPointState;
  private readonly history: Float64Array;
  private readonly indicator: Float64Array;
  constructor(private readonly bed: WinklerBed, private readonly criterion: FailureCriterion) {
    const n = bed.count;
    this.state = {
      stress: new Float64Array(6 * n),
      totalStrain: new Float64Array(6 * n),
      plasticStrainIncrement: new Float64Array(n),
      relativeVolume: new Float64Array(n).fill(1),
      initialLength: Float64Array.from(bed.height),
    };
    this.history = new Float64Array(Math.max(1, criterion.historySize * n));
    this.indicator = new Float64Array(n);
    criterion.initHistory(this.history, 0, n);
  }

  /** Largest criterion indicator over the columns (>= 1: the separator has failed somewhere). */
  maxIndicator(): number {
    const b = this.bed;
    const st = this.state;
    for (let k = 0; k < b.count; k++) {
      const eps = b.strain[k];
      st.totalStrain[6 * k + 2] = Math.log(1 - Math.min(eps, 0.999));
      st.stress[6 * k + 2] = -b.stress[k];
      st.relativeVolume[k] = 1 - eps;
    }
    this.criterion.evaluate(st, this.history, 0, b.count, this.indicator);
    let m = 0;
    for (let k = 0; k < b.count; k++) if (this.indicator[k] > m) m = this.indicator[k];
    return m;
  }
}
