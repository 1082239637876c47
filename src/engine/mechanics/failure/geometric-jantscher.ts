/**
 * Geometric short-circuit criterion after Jantscher et al., Batteries 7 (2021) 79: the short is
 * predicted from the local radial and axial deformation of a cylindrical cell, and the
 * combination of the two geometric criteria worked best.
 *
 * Element-level form used here: with the cell axis a and the unit radial direction n of each
 * element (from its initial centroid, see `cylindricalDirections`), the local radial compression
 * is -n.eps.n and the axial compression -a.eps.a (log strains). Indicator:
 *   'either': max(radial/limit_r, axial/limit_a);  'both': min(...) (both limits must be met).
 * This is a local proxy for the paper's cell-level diameter reduction and axial shortening
 * (post-processed there); the limits are therefore calibration inputs, not the paper's numbers.
 */
import { CriterionPointState, FailureCriterion } from './criterion';
import { HexMesh } from '../mesh/hex-mesh';
import { Regularization, RegularizationOptions } from './regularization';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { hypot, max: mathMax, min: mathMin } = Math;

export interface GeometricJantscherParams {
  radialLimit: number;
  axialLimit: number;
  combination: 'either' | 'both';
  /** 3 per point: unit radial direction in the solver frame. */
  radialDirection: Float64Array;
  /** Cell axis unit vector. */
  axis: readonly [number, number, number];
  regularization?: RegularizationOptions;
}

export class GeometricJantscherCriterion implements FailureCriterion {
  readonly name = 'geometric-jantscher';
  readonly historySize = 0;
  private readonly reg: Regularization;

  constructor(readonly params: GeometricJantscherParams) {
    this.reg = new Regularization(params.regularization);
  }

  initHistory(): void { /* none */ }

  evaluate(state: CriterionPointState, _h: Float64Array, first: number, count: number, indicator: Float64Array): void {
    const { radialDirection: nd, axis, radialLimit, axialLimit, combination } = this.params;
    const e = state.totalStrain;
    for (let i = first; i < first + count; i++) {
      const o = 6 * i;
      const radial = -project(e, o, nd[3 * i], nd[3 * i + 1], nd[3 * i + 2]);
      const axial = -project(e, o, axis[0], axis[1], axis[2]);
      const reg = this.reg.scale(state.initialLength[i]);
      const ir = mathMax(radial, 0) / (radialLimit * reg);
      const ia = mathMax(axial, 0) / (axialLimit * reg);
      indicator[i] = combination === 'either' ? mathMax(ir, ia) : mathMin(ir, ia);
    }
  }
}

/** n . eps . n for the Voigt (tensor-shear) strain at o. */
function project(e: Float64Array, o: number, x: number, y: number, z: number): number {
  return e[o] * x * x + e[o + 1] * y * y + e[o + 2] * z * z + 2 * (e[o + 3] * x * y + e[o + 4] * y * z + e[o + 5] * z * x);
}

/**
 * Unit radial directions (3 per element) from the initial element centroids for a cell whose axis
 * passes through `origin` along the unit vector `axis`. Elements on the axis get (0, 0, 0).
 */
export function cylindricalDirections(mesh: HexMesh, origin: readonly number[], axis: readonly number[]): Float64Array {
  const nElem = mesh.connectivity.length / 8;
  const out = new Float64Array(3 * nElem);
  for (let e = 0; e < nElem; e++) {
    let cx = 0, cy = 0, cz = 0;
    for (let k = 0; k < 8; k++) {
      const nd = mesh.connectivity[8 * e + k];
      cx += mesh.coordinates[3 * nd] / 8; cy += mesh.coordinates[3 * nd + 1] / 8; cz += mesh.coordinates[3 * nd + 2] / 8;
    }
    const dx = cx - origin[0], dy = cy - origin[1], dz = cz - origin[2];
    const along = dx * axis[0] + dy * axis[1] + dz * axis[2];
    const rx = dx - along * axis[0], ry = dy - along * axis[1], rz = dz - along * axis[2];
    const r = hypot(rx, ry, rz);
    if (r > 0) { out[3 * e] = rx / r; out[3 * e + 1] = ry / r; out[3 * e + 2] = rz / r; }
  }
  return out;
}
