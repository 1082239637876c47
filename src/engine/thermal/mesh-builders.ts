/**
 * Small structured hex meshes for the thermal engine's verification cases and benchmarks (a box,
 * and an O-grid cylinder with an optional can layer). The mechanics engineer's generators
 * (mechanics/mesh/) are the production meshes; these exist so the thermal tests do not depend on
 * them. Node order per hex is VTK (bottom face 0-3, top face 4-7); the conduction assembly uses
 * |det J|, so orientation does not matter.
 */
import type { HexMesh } from '../mechanics/mesh/hex-mesh';

export interface BoxMeshOptions {
  lengths: [number, number, number];
  divisions: [number, number, number];
  partName?: string;
}

export function buildBoxHexMesh(o: BoxMeshOptions): HexMesh {
  const [nx, ny, nz] = o.divisions;
  const [lx, ly, lz] = o.lengths;
  const nnx = nx + 1;
  const nny = ny + 1;
  const nodeCount = nnx * nny * (nz + 1);
  const coordinates = new Float64Array(3 * nodeCount);
  const id = (i: number, j: number, k: number) => i + nnx * (j + nny * k);
  const sets: Record<string, number[]> = { x0: [], x1: [], y0: [], y1: [], z0: [], z1: [] };
  for (let k = 0; k <= nz; k++)
    for (let j = 0; j <= ny; j++)
      for (let i = 0; i <= nx; i++) {
        const n = id(i, j, k);
        coordinates[3 * n] = (lx * i) / nx;
        coordinates[3 * n + 1] = (ly * j) / ny;
        coordinates[3 * n + 2] = (lz * k) / nz;
        if (i === 0) sets.x0.push(n);
        if (i === nx) sets.x1.push(n);
        if (j === 0) sets.y0.push(n);
        if (j === ny) sets.y1.push(n);
        if (k === 0) sets.z0.push(n);
        if (k === nz) sets.z1.push(n);
      }
  const elementCount = nx * ny * nz;
  const connectivity = new Int32Array(8 * elementCount);
  let e = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const c = connectivity;
        c.set(
          [id(i, j, k), id(i + 1, j, k), id(i + 1, j + 1, k), id(i, j + 1, k),
            id(i, j, k + 1), id(i + 1, j, k + 1), id(i + 1, j + 1, k + 1), id(i, j + 1, k + 1)],
          8 * e,
        );
        e++;
      }
  const nodeSets: Record<string, Int32Array> = {};
  for (const [k, v] of Object.entries(sets)) nodeSets[k] = Int32Array.from(v);
  return {
    coordinates,
    connectivity,
    elementPart: new Int32Array(elementCount),
    parts: [{ id: 0, name: o.partName ?? 'jellyroll' }],
    nodeSets,
  };
}

export interface CylinderMeshOptions {
  radius: number;
  height: number;
  /** Elements along each side of the central square (circumference gets 4×). */
  coreDivisions: number;
  /** Radial elements between the central square and the outer radius (jellyroll). */
  ringDivisions: number;
  axialDivisions: number;
  /** Half-width of the central square as a fraction of the radius (default 0.5). */
  coreFraction?: number;
  /** Optional can: wall thickness [m] and radial elements; part 1 'can' (the jellyroll is part 0). */
  can?: { thickness: number; divisions: number };
}

/**
 * O-grid cylinder about the z axis through (0, 0), from z = 0 to z = height. Node sets: 'bottom',
 * 'top', 'outer' (r = outer radius), 'axis-core' none. Parts: 0 jellyroll, 1 can (if any; the can
 * here is only its cylindrical wall).
 */
export function buildCylinderHexMesh(o: CylinderMeshOptions): HexMesh {
  const n = o.coreDivisions;
  const a = (o.coreFraction ?? 0.5) * o.radius;
  const canLayers = o.can ? o.can.divisions : 0;
  const ringLayers = o.ringDivisions + canLayers;
  const perimeter = 4 * n;
  const coreNodes = (n + 1) * (n + 1);
  const planeNodes = coreNodes + ringLayers * perimeter;
  // 2-D coordinates of the disc
  const px = new Float64Array(planeNodes);
  const py = new Float64Array(planeNodes);
  for (let j = 0; j <= n; j++)
    for (let i = 0; i <= n; i++) {
      px[i + (n + 1) * j] = a * (-1 + (2 * i) / n);
      py[i + (n + 1) * j] = a * (-1 + (2 * j) / n);
    }
  // perimeter loop of the core square, counter-clockwise from (-1,-1)
  const loop = new Int32Array(perimeter);
  const loopU = new Float64Array(perimeter);
  const loopV = new Float64Array(perimeter);
  let q = 0;
  for (let i = 0; i < n; i++) loop[q++] = i; // bottom edge j=0
  for (let j = 0; j < n; j++) loop[q++] = n + (n + 1) * j; // right edge i=n
  for (let i = n; i > 0; i--) loop[q++] = i + (n + 1) * n; // top edge j=n
  for (let j = n; j > 0; j--) loop[q++] = (n + 1) * j; // left edge i=0
  for (let k = 0; k < perimeter; k++) {
    loopU[k] = px[loop[k]] / a;
    loopV[k] = py[loop[k]] / a;
  }
  const ringNode = (layer: number, k: number) =>
    layer === 0 ? loop[k % perimeter] : coreNodes + (layer - 1) * perimeter + (k % perimeter);
  const rInner = o.radius;
  const rOuter = o.radius + (o.can ? o.can.thickness : 0);
  for (let l = 1; l <= ringLayers; l++) {
    for (let k = 0; k < perimeter; k++) {
      const u = loopU[k];
      const v = loopV[k];
      const len = Math.hypot(u, v);
      const idx = ringNode(l, k);
      if (l <= o.ringDivisions) {
        const t = l / o.ringDivisions;
        px[idx] = (1 - t) * a * u + (t * rInner * u) / len;
        py[idx] = (1 - t) * a * v + (t * rInner * v) / len;
      } else {
        const r = rInner + ((rOuter - rInner) * (l - o.ringDivisions)) / canLayers;
        px[idx] = (r * u) / len;
        py[idx] = (r * v) / len;
      }
    }
  }
  // 2-D quads (counter-clockwise) with part ids
  const quads: number[] = [];
  const quadPart: number[] = [];
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const b = i + (n + 1) * j;
      quads.push(b, b + 1, b + 1 + (n + 1), b + (n + 1));
      quadPart.push(0);
    }
  for (let l = 0; l < ringLayers; l++)
    for (let k = 0; k < perimeter; k++) {
      quads.push(ringNode(l, k), ringNode(l, k + 1), ringNode(l + 1, k + 1), ringNode(l + 1, k));
      quadPart.push(l < o.ringDivisions ? 0 : 1);
    }
  const nz = o.axialDivisions;
  const nodeCount = planeNodes * (nz + 1);
  const coordinates = new Float64Array(3 * nodeCount);
  for (let k = 0; k <= nz; k++)
    for (let p = 0; p < planeNodes; p++) {
      const g = p + planeNodes * k;
      coordinates[3 * g] = px[p];
      coordinates[3 * g + 1] = py[p];
      coordinates[3 * g + 2] = (o.height * k) / nz;
    }
  const quadCount = quads.length / 4;
  const elementCount = quadCount * nz;
  const connectivity = new Int32Array(8 * elementCount);
  const elementPart = new Int32Array(elementCount);
  let e = 0;
  for (let k = 0; k < nz; k++)
    for (let qd = 0; qd < quadCount; qd++) {
      for (let c = 0; c < 4; c++) {
        connectivity[8 * e + c] = quads[4 * qd + c] + planeNodes * k;
        connectivity[8 * e + 4 + c] = quads[4 * qd + c] + planeNodes * (k + 1);
      }
      elementPart[e] = quadPart[qd];
      e++;
    }
  const bottom: number[] = [];
  const top: number[] = [];
  const outer: number[] = [];
  for (let p = 0; p < planeNodes; p++) {
    bottom.push(p);
    top.push(p + planeNodes * nz);
  }
  for (let k = 0; k <= nz; k++) for (let c = 0; c < perimeter; c++) outer.push(ringNode(ringLayers, c) + planeNodes * k);
  const parts = [{ id: 0, name: 'jellyroll' }];
  if (o.can) parts.push({ id: 1, name: 'can' });
  return {
    coordinates,
    connectivity,
    elementPart,
    parts,
    nodeSets: { bottom: Int32Array.from(bottom), top: Int32Array.from(top), outer: Int32Array.from(outer) },
  };
}
