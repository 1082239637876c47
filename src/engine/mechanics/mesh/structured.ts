/**
 * Structured hex-mesh builder shared by the cell and module generators: a logical (i, j, k) grid
 * mapped to coordinates, an element part function (0 = no element, which leaves holes such as
 * the mandrel), optional periodic j (full circles), named node sets from predicates. Nodes not
 * used by any element are dropped and the rest renumbered compactly. Connectivity in the order of
 * hex-mesh.ts with (i, j, k) -> (xi, eta, zeta), so a right-handed mapping gives positive volumes.
 */
import { HexMesh, MeshPart } from './hex-mesh';

export interface StructuredSpec {
  ni: number; // elements along i
  nj: number;
  nk: number;
  periodicJ?: boolean;
  coordinates(i: number, j: number, k: number, out: Float64Array): void;
  /** Part id of element (i, j, k), 0 for none. */
  part(i: number, j: number, k: number): number;
  /** Cell index of element (i, j, k) for modules, -1 for none. */
  cell?(i: number, j: number, k: number): number;
  parts: MeshPart[];
  nodeSets: Record<string, (i: number, j: number, k: number, xyz: Float64Array) => boolean>;
}

export function buildStructured(spec: StructuredSpec): HexMesh {
  const { ni, nj, nk } = spec;
  const njNodes = spec.periodicJ ? nj : nj + 1;
  const logical = (i: number, j: number, k: number): number => i + (ni + 1) * ((j % njNodes) + njNodes * k);
  const logicalCount = (ni + 1) * njNodes * (nk + 1);
  const used = new Int32Array(logicalCount).fill(-1);
  const conn: number[] = [];
  const partOf: number[] = [];
  const cellOf: number[] = [];
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++) {
        const p = spec.part(i, j, k);
        if (p === 0) continue;
        const ids = [logical(i, j, k), logical(i + 1, j, k), logical(i + 1, j + 1, k), logical(i, j + 1, k),
          logical(i, j, k + 1), logical(i + 1, j, k + 1), logical(i + 1, j + 1, k + 1), logical(i, j + 1, k + 1)];
        for (const id of ids) { used[id] = 0; conn.push(id); }
        partOf.push(p);
        cellOf.push(spec.cell ? spec.cell(i, j, k) : -1);
      }
    }
  }
  let count = 0;
  for (let id = 0; id < logicalCount; id++) if (used[id] === 0) used[id] = count++;
  const coordinates = new Float64Array(3 * count);
  const xyz = new Float64Array(3);
  const sets: Record<string, number[]> = {};
  for (const name of Object.keys(spec.nodeSets)) sets[name] = [];
  for (let k = 0; k <= nk; k++) {
    for (let j = 0; j < njNodes; j++) {
      for (let i = 0; i <= ni; i++) {
        const n = used[logical(i, j, k)];
        if (n < 0) continue;
        spec.coordinates(i, j, k, xyz);
        coordinates.set(xyz, 3 * n);
        for (const [name, pred] of Object.entries(spec.nodeSets)) if (pred(i, j, k, xyz)) sets[name].push(n);
      }
    }
  }
  const connectivity = Int32Array.from(conn, (id) => used[id]);
  const nodeSets: Record<string, Int32Array> = {};
  for (const [name, ids] of Object.entries(sets)) nodeSets[name] = Int32Array.from(ids).sort();
  const mesh: HexMesh = { coordinates, connectivity, elementPart: Int32Array.from(partOf), parts: spec.parts, nodeSets };
  if (spec.cell) mesh.elementCell = Int32Array.from(cellOf);
  return mesh;
}

/** Signed volume of element e (exact for trilinear hexes via the 8-point Gauss rule... here: 2x2x2 Gauss). */
export function elementVolume(mesh: HexMesh, e: number): number {
  const g = 1 / Math.sqrt(3);
  let v = 0;
  const sx = [-1, 1, 1, -1, -1, 1, 1, -1], sy = [-1, -1, 1, 1, -1, -1, 1, 1], sz = [-1, -1, -1, -1, 1, 1, 1, 1];
  for (const a of [-g, g]) for (const b of [-g, g]) for (const c of [-g, g]) {
    const J = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let n = 0; n < 8; n++) {
      const node = mesh.connectivity[8 * e + n];
      const dN = [sx[n] * (1 + sy[n] * b) * (1 + sz[n] * c) / 8, sy[n] * (1 + sx[n] * a) * (1 + sz[n] * c) / 8, sz[n] * (1 + sx[n] * a) * (1 + sy[n] * b) / 8];
      for (let d = 0; d < 3; d++) for (let r = 0; r < 3; r++) J[3 * r + d] += dN[r] * mesh.coordinates[3 * node + d];
    }
    v += J[0] * (J[4] * J[8] - J[5] * J[7]) - J[1] * (J[3] * J[8] - J[5] * J[6]) + J[2] * (J[3] * J[7] - J[4] * J[6]);
  }
  return v;
}
