/**
 * Penalty node-to-segment contact between deformable parts (cell against cell, cell against
 * housing), with spatial bucketing. Used by the explicit solver each step.
 *
 * - Segments: the outer quadrilateral faces of the mesh (faces used by one element), oriented
 *   outwards. A node and a segment interact only when they belong to different parts, or to
 *   different cells of a module (mesh.elementCell); self-contact inside one part is not searched.
 * - Search: segments are bucketed by centroid on a uniform grid whose cell is at least the largest
 *   segment diameter, rebuilt every step (counting sort into typed arrays, no per-step allocation
 *   unless the grid grows); a node looks at the 27 cells around it.
 * - Penetration: the segment is treated as the bilinear patch's centre plane (normal from the
 *   diagonals), natural coordinates from the mid-edge vectors; a node inside the patch and below
 *   the plane by less than half the segment size is pushed out with f = k |phi| n, and the reaction
 *   is spread over the segment nodes with the bilinear weights (momentum conserved exactly).
 * - Stiffness k = penaltyScale * min(node mass, mean segment node mass) / dt0^2.
 * - Eroded elements' segments are skipped (faces newly exposed by erosion are not added).
 */
import { HexMesh } from '../mesh/hex-mesh';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { floor, hypot, max, min: mathMin, sqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

const FACES = [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]];

export interface DeformableContactOptions {
  /** Penalty factor (default 0.1). Deformable pairs are frictionless. */
  penaltyScale?: number;
}

export class DeformableContact {
  /** 4 node ids per segment, outward (counter-clockwise seen from outside). */
  readonly segmentNodes: Int32Array;
  /** Owner element (mesh index) of each segment. */
  readonly segmentElement: Int32Array;
  readonly segmentGroup: Int32Array;
  readonly nodes: Int32Array;
  /** Group of each contact node (-1 if it touches several groups: then it is checked against every other group). */
  readonly nodeGroup: Int32Array;
  private nodeStiffness: Float64Array;
  private segmentStiffness: Float64Array;
  private cellStart = new Int32Array(1);
  private cellItems: Int32Array;
  private readonly segmentCell: Int32Array;
  readonly penaltyScale: number;
  /** Largest penetration of the last evaluation [m]. */
  maxPenetration = 0;

  constructor(mesh: HexMesh, options: DeformableContactOptions = {}) {
    this.penaltyScale = options.penaltyScale ?? 0.1;
    const ne = mesh.connectivity.length / 8;
    const group = (e: number): number => (mesh.elementCell && mesh.elementCell[e] >= 0 ? mesh.elementCell[e] * 65536 : 0) + mesh.elementPart[e];
    const seen = new Map<string, number>();
    const faceList: number[] = [];
    for (let e = 0; e < ne; e++) {
      for (let f = 0; f < 6; f++) {
        const ids = FACES[f].map((a) => mesh.connectivity[8 * e + a]);
        const key = [...ids].sort((p, q) => p - q).join(',');
        const hit = seen.get(key);
        if (hit === undefined) seen.set(key, faceList.length / 6), faceList.push(ids[0], ids[1], ids[2], ids[3], e, group(e));
        else faceList[6 * hit + 4] = -1; // interior face
      }
    }
    const segs: number[] = [];
    for (let i = 0; i < faceList.length; i += 6) if (faceList[i + 4] >= 0) segs.push(i);
    const ns = segs.length;
    this.segmentNodes = new Int32Array(4 * ns);
    this.segmentElement = new Int32Array(ns);
    this.segmentGroup = new Int32Array(ns);
    const nodeGroup = new Map<number, number>();
    segs.forEach((i, s) => {
      for (let k = 0; k < 4; k++) {
        const n = faceList[i + k];
        this.segmentNodes[4 * s + k] = n;
        const g = faceList[i + 5];
        const prev = nodeGroup.get(n);
        nodeGroup.set(n, prev === undefined || prev === g ? g : -1);
      }
      this.segmentElement[s] = faceList[i + 4];
      this.segmentGroup[s] = faceList[i + 5];
    });
    const nodeIds = [...nodeGroup.keys()].sort((a, b) => a - b);
    this.nodes = Int32Array.from(nodeIds);
    this.nodeGroup = Int32Array.from(nodeIds.map((n) => nodeGroup.get(n)!));
    this.nodeStiffness = new Float64Array(this.nodes.length);
    this.segmentStiffness = new Float64Array(ns);
    this.cellItems = new Int32Array(ns);
    this.segmentCell = new Int32Array(ns);
  }

  get segmentCount(): number {
    return this.segmentElement.length;
  }

  /** Sets the penalty stiffness from nodal masses and the initial step. */
  setStiffness(nodalMass: Float64Array, dt0: number): void {
    const s = this.penaltyScale / (dt0 * dt0);
    for (let k = 0; k < this.nodes.length; k++) this.nodeStiffness[k] = s * nodalMass[this.nodes[k]];
    for (let i = 0; i < this.segmentCount; i++) {
      let m = 0;
      for (let k = 0; k < 4; k++) m += nodalMass[this.segmentNodes[4 * i + k]] / 4;
      this.segmentStiffness[i] = s * m;
    }
  }

  /**
   * Adds contact forces into `force` (3 per node). `elementAlive` is in mesh element order
   * (1 alive), `nodeAlive` counts alive elements per node. Returns the number of active contacts.
   */
  evaluate(x: Float64Array, force: Float64Array, elementAlive: (meshElement: number) => boolean, nodeAlive: Int32Array): number {
    const ns = this.segmentCount;
    if (ns === 0) return 0;
    const sn = this.segmentNodes;
    // Grid: bounding box of segment centroids, cell >= largest segment diameter.
    let minX = INFINITY, minY = INFINITY, minZ = INFINITY, maxX = -INFINITY, maxY = -INFINITY, maxZ = -INFINITY, diam = 0;
    for (let i = 0; i < ns; i++) {
      const a = 3 * sn[4 * i], b = 3 * sn[4 * i + 1], c = 3 * sn[4 * i + 2], d = 3 * sn[4 * i + 3];
      const cx = 0.25 * (x[a] + x[b] + x[c] + x[d]), cy = 0.25 * (x[a + 1] + x[b + 1] + x[c + 1] + x[d + 1]), cz = 0.25 * (x[a + 2] + x[b + 2] + x[c + 2] + x[d + 2]);
      if (cx < minX) minX = cx; if (cx > maxX) maxX = cx;
      if (cy < minY) minY = cy; if (cy > maxY) maxY = cy;
      if (cz < minZ) minZ = cz; if (cz > maxZ) maxZ = cz;
      const d1 = hypot(x[c] - x[a], x[c + 1] - x[a + 1], x[c + 2] - x[a + 2]);
      const d2 = hypot(x[d] - x[b], x[d + 1] - x[b + 1], x[d + 2] - x[b + 2]);
      if (d1 > diam) diam = d1;
      if (d2 > diam) diam = d2;
    }
    let cell = diam;
    const span = max(maxX - minX, maxY - minY, maxZ - minZ);
    // Keep the grid at most ~4 cells per segment.
    while (((span / cell + 1) ** 3) > 4 * ns + 64) cell *= 1.5;
    const gx = floor((maxX - minX) / cell) + 1, gy = floor((maxY - minY) / cell) + 1, gz = floor((maxZ - minZ) / cell) + 1;
    const cells = gx * gy * gz;
    if (this.cellStart.length < cells + 1) this.cellStart = new Int32Array(cells + 1);
    const start = this.cellStart;
    start.fill(0, 0, cells + 1);
    const segCell = this.segmentCell;
    for (let i = 0; i < ns; i++) {
      const a = 3 * sn[4 * i], b = 3 * sn[4 * i + 1], c = 3 * sn[4 * i + 2], d = 3 * sn[4 * i + 3];
      const ix = floor((0.25 * (x[a] + x[b] + x[c] + x[d]) - minX) / cell);
      const iy = floor((0.25 * (x[a + 1] + x[b + 1] + x[c + 1] + x[d + 1]) - minY) / cell);
      const iz = floor((0.25 * (x[a + 2] + x[b + 2] + x[c + 2] + x[d + 2]) - minZ) / cell);
      const id = ix + gx * (iy + gy * iz);
      segCell[i] = id;
      start[id + 1]++;
    }
    for (let k = 0; k < cells; k++) start[k + 1] += start[k];
    const fill = this.cellItems;
    // Counting sort: start[k + 1] holds the end of cell k; decrementing it while filling leaves it at
    // the first slot of cell k, so cell k spans [start[k + 1], start[k + 2]) (the last cell ends at ns).
    for (let i = 0; i < ns; i++) fill[--start[segCell[i] + 1]] = i;
    let contacts = 0;
    let maxPen = 0;
    const nodes = this.nodes, ngroup = this.nodeGroup, sgroup = this.segmentGroup;
    for (let k = 0; k < nodes.length; k++) {
      const n = nodes[k];
      if (nodeAlive[n] === 0) continue;
      const px = x[3 * n], py = x[3 * n + 1], pz = x[3 * n + 2];
      const ix = floor((px - minX) / cell), iy = floor((py - minY) / cell), iz = floor((pz - minZ) / cell);
      let best = -1, bestPhi = -INFINITY, bnx = 0, bny = 0, bnz = 0, bxi = 0, beta = 0;
      for (let dz = -1; dz <= 1; dz++) {
        const cz = iz + dz;
        if (cz < 0 || cz >= gz) continue;
        for (let dy = -1; dy <= 1; dy++) {
          const cy = iy + dy;
          if (cy < 0 || cy >= gy) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const cx = ix + dx;
            if (cx < 0 || cx >= gx) continue;
            const id = cx + gx * (cy + gy * cz);
            for (let q = start[id + 1], end = id + 2 <= cells ? start[id + 2] : ns; q < end; q++) {
              const s = fill[q];
              const g = ngroup[k];
              if (g === sgroup[s] || g === -1 && this.nodeOnSegment(n, s)) continue;
              if (!elementAlive(this.segmentElement[s])) continue;
              const a = 3 * sn[4 * s], b = 3 * sn[4 * s + 1], c = 3 * sn[4 * s + 2], d = 3 * sn[4 * s + 3];
              const c0x = 0.25 * (x[a] + x[b] + x[c] + x[d]), c0y = 0.25 * (x[a + 1] + x[b + 1] + x[c + 1] + x[d + 1]), c0z = 0.25 * (x[a + 2] + x[b + 2] + x[c + 2] + x[d + 2]);
              const ux = x[c] - x[a], uy = x[c + 1] - x[a + 1], uz = x[c + 2] - x[a + 2];
              const vx = x[d] - x[b], vy = x[d + 1] - x[b + 1], vz = x[d + 2] - x[b + 2];
              let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
              const nl = sqrt(nx * nx + ny * ny + nz * nz);
              if (!(nl > 0)) continue;
              nx /= nl; ny /= nl; nz /= nl;
              const rx = px - c0x, ry = py - c0y, rz = pz - c0z;
              const phi = rx * nx + ry * ny + rz * nz;
              const half = 0.25 * sqrt(nl); // ~ half the segment size (|u x v| = 2 area)
              if (!(phi < 0 && phi > -half)) continue;
              // Natural coordinates from the mid-edge vectors.
              const e1x = 0.5 * (x[b] + x[c] - x[a] - x[d]), e1y = 0.5 * (x[b + 1] + x[c + 1] - x[a + 1] - x[d + 1]), e1z = 0.5 * (x[b + 2] + x[c + 2] - x[a + 2] - x[d + 2]);
              const e2x = 0.5 * (x[c] + x[d] - x[a] - x[b]), e2y = 0.5 * (x[c + 1] + x[d + 1] - x[a + 1] - x[b + 1]), e2z = 0.5 * (x[c + 2] + x[d + 2] - x[a + 2] - x[b + 2]);
              const xi = (rx * e1x + ry * e1y + rz * e1z) / (0.5 * (e1x * e1x + e1y * e1y + e1z * e1z));
              const eta = (rx * e2x + ry * e2y + rz * e2z) / (0.5 * (e2x * e2x + e2y * e2y + e2z * e2z));
              if (xi < -1 || xi > 1 || eta < -1 || eta > 1) continue;
              if (phi > bestPhi) { bestPhi = phi; best = s; bnx = nx; bny = ny; bnz = nz; bxi = xi; beta = eta; }
            }
          }
        }
      }
      if (best < 0) continue;
      contacts++;
      if (-bestPhi > maxPen) maxPen = -bestPhi;
      const kk = mathMin(this.nodeStiffness[k], this.segmentStiffness[best]);
      const fn = -kk * bestPhi;
      const fx = fn * bnx, fy = fn * bny, fz = fn * bnz;
      force[3 * n] += fx; force[3 * n + 1] += fy; force[3 * n + 2] += fz;
      // Bilinear weights of nodes a, b, c, d at (xi, eta) with a(-1,-1) b(1,-1) c(1,1) d(-1,1).
      for (let q = 0; q < 4; q++) {
        const sx = q === 1 || q === 2 ? 1 : -1, sy = q >= 2 ? 1 : -1;
        const w = 0.25 * (1 + sx * bxi) * (1 + sy * beta);
        const m = 3 * sn[4 * best + q];
        force[m] -= w * fx; force[m + 1] -= w * fy; force[m + 2] -= w * fz;
      }
    }
    this.maxPenetration = maxPen;
    return contacts;
  }

  private nodeOnSegment(n: number, s: number): boolean {
    const sn = this.segmentNodes;
    return sn[4 * s] === n || sn[4 * s + 1] === n || sn[4 * s + 2] === n || sn[4 * s + 3] === n;
  }
}
