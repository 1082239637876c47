/**
 * Structured box (block) mesh of hex8 elements with named node sets for its six faces, used by
 * the mechanics tests, verification cases and benchmarks, and as a building block for simple
 * specimens. Node index = i + (nx+1)*(j + (ny+1)*k); element connectivity in the VTK / LS-DYNA
 * order documented in hex-mesh.ts.
 *
 * Node sets: 'xmin' 'xmax' 'ymin' 'ymax' 'zmin' 'zmax' (faces), 'all'.
 * Grading: `grading[d]` is the ratio of successive element sizes along axis d (1 = uniform;
 * > 1 = elements grow away from the `min` face), e.g. to refine a contact zone at a corner.
 */
import { HexMesh } from './hex-mesh';

export interface BoxMeshSpec {
  /** Edge lengths [m]. */
  size: readonly [number, number, number];
  /** Number of elements along x, y, z. */
  divisions: readonly [number, number, number];
  /** Position of the (xmin, ymin, zmin) corner [m]; default 0. */
  origin?: readonly [number, number, number];
  /** Ratio of successive element sizes per axis (default 1, uniform). */
  grading?: readonly [number, number, number];
  partId?: number;
  partName?: string;
}

function axisCoordinates(length: number, n: number, ratio: number, origin: number): Float64Array {
  const out = new Float64Array(n + 1);
  // Sizes h, h r, h r^2, ... summing to length.
  const weights = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    weights[i] = Math.pow(ratio, i);
    sum += weights[i];
  }
  out[0] = origin;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += weights[i];
    out[i + 1] = origin + (length * acc) / sum;
  }
  out[n] = origin + length;
  return out;
}

export function createBoxMesh(spec: BoxMeshSpec): HexMesh {
  const [nx, ny, nz] = spec.divisions;
  for (const [i, n] of spec.divisions.entries()) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`box mesh: divisions[${i}] must be an integer >= 1, got ${n}`);
  }
  for (const [i, l] of spec.size.entries()) {
    if (!(l > 0)) throw new RangeError(`box mesh: size[${i}] must be > 0 m, got ${l}`);
  }
  const origin = spec.origin ?? [0, 0, 0];
  const grading = spec.grading ?? [1, 1, 1];
  const xs = axisCoordinates(spec.size[0], nx, grading[0], origin[0]);
  const ys = axisCoordinates(spec.size[1], ny, grading[1], origin[1]);
  const zs = axisCoordinates(spec.size[2], nz, grading[2], origin[2]);
  const nodeTotal = (nx + 1) * (ny + 1) * (nz + 1);
  const coordinates = new Float64Array(3 * nodeTotal);
  const node = (i: number, j: number, k: number): number => i + (nx + 1) * (j + (ny + 1) * k);
  for (let k = 0; k <= nz; k++) {
    for (let j = 0; j <= ny; j++) {
      for (let i = 0; i <= nx; i++) {
        const id = node(i, j, k);
        coordinates[3 * id] = xs[i];
        coordinates[3 * id + 1] = ys[j];
        coordinates[3 * id + 2] = zs[k];
      }
    }
  }
  const elementTotal = nx * ny * nz;
  const connectivity = new Int32Array(8 * elementTotal);
  let e = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const o = 8 * e++;
        connectivity[o] = node(i, j, k);
        connectivity[o + 1] = node(i + 1, j, k);
        connectivity[o + 2] = node(i + 1, j + 1, k);
        connectivity[o + 3] = node(i, j + 1, k);
        connectivity[o + 4] = node(i, j, k + 1);
        connectivity[o + 5] = node(i + 1, j, k + 1);
        connectivity[o + 6] = node(i + 1, j + 1, k + 1);
        connectivity[o + 7] = node(i, j + 1, k + 1);
      }
    }
  }
  const collect = (pred: (i: number, j: number, k: number) => boolean): Int32Array => {
    const ids: number[] = [];
    for (let k = 0; k <= nz; k++) for (let j = 0; j <= ny; j++) for (let i = 0; i <= nx; i++) if (pred(i, j, k)) ids.push(node(i, j, k));
    return Int32Array.from(ids);
  };
  const partId = spec.partId ?? 1;
  return {
    coordinates,
    connectivity,
    elementPart: new Int32Array(elementTotal).fill(partId),
    parts: [{ id: partId, name: spec.partName ?? 'block' }],
    nodeSets: {
      xmin: collect((i) => i === 0),
      xmax: collect((i) => i === nx),
      ymin: collect((_i, j) => j === 0),
      ymax: collect((_i, j) => j === ny),
      zmin: collect((_i, _j, k) => k === 0),
      zmax: collect((_i, _j, k) => k === nz),
      all: collect(() => true),
    },
  };
}
