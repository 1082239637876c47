/**
 * Sparse symmetric linear algebra for the 3-D conduction (issue 6): a CSR matrix whose pattern is
 * built once from a mesh's node adjacency, and a preconditioned conjugate-gradient solver
 * (Jacobi or incomplete Cholesky IC(0)) for symmetric positive definite systems such as
 * C/dt + θ(K + H). Hestenes & Stiefel 1952; Saad, "Iterative Methods for Sparse Linear Systems",
 * 2nd ed. 2003, Alg. 9.1 (PCG) and §10.3 (IC(0)).
 *
 * Everything is preallocated: `solve` does not allocate (work vectors live in the workspace).
 */
// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { max, sqrt } = Math;

export interface CsrMatrix {
  rows: number;
  /** rows + 1 offsets into columns/values. */
  rowStart: Int32Array;
  /** Column indices, ascending within each row. */
  columns: Int32Array;
  values: Float64Array;
  /** Index into columns/values of the diagonal entry of each row. */
  diagonalIndex: Int32Array;
}

/**
 * Builds the symmetric CSR pattern of a mesh whose elements each couple all of their `nodesPerElement`
 * nodes (hex8: 8). Values are zero.
 */
export function csrPatternFromElements(nodeCount: number, connectivity: Int32Array, nodesPerElement: number): CsrMatrix {
  const elementCount = connectivity.length / nodesPerElement;
  // node -> elements
  const nodeElemCount = new Int32Array(nodeCount + 1);
  for (let k = 0; k < connectivity.length; k++) nodeElemCount[connectivity[k] + 1]++;
  for (let n = 0; n < nodeCount; n++) nodeElemCount[n + 1] += nodeElemCount[n];
  const nodeElems = new Int32Array(connectivity.length);
  const fill = nodeElemCount.slice(0, nodeCount);
  for (let e = 0; e < elementCount; e++) {
    for (let a = 0; a < nodesPerElement; a++) {
      const n = connectivity[e * nodesPerElement + a];
      nodeElems[fill[n]++] = e;
    }
  }
  const marker = new Int32Array(nodeCount).fill(-1);
  const rowStart = new Int32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) {
    let cnt = 0;
    for (let p = nodeElemCount[n]; p < nodeElemCount[n + 1]; p++) {
      const e = nodeElems[p];
      for (let a = 0; a < nodesPerElement; a++) {
        const m = connectivity[e * nodesPerElement + a];
        if (marker[m] !== n) {
          marker[m] = n;
          cnt++;
        }
      }
    }
    rowStart[n + 1] = rowStart[n] + cnt;
  }
  const columns = new Int32Array(rowStart[nodeCount]);
  marker.fill(-1);
  for (let n = 0; n < nodeCount; n++) {
    let pos = rowStart[n];
    for (let p = nodeElemCount[n]; p < nodeElemCount[n + 1]; p++) {
      const e = nodeElems[p];
      for (let a = 0; a < nodesPerElement; a++) {
        const m = connectivity[e * nodesPerElement + a];
        if (marker[m] !== n) {
          marker[m] = n;
          columns[pos++] = m;
        }
      }
    }
    columns.subarray(rowStart[n], rowStart[n + 1]).sort();
  }
  const diagonalIndex = new Int32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    diagonalIndex[n] = findEntry(columns, rowStart[n], rowStart[n + 1], n);
  }
  return { rows: nodeCount, rowStart, columns, values: new Float64Array(columns.length), diagonalIndex };
}

function findEntry(columns: Int32Array, lo: number, hi: number, col: number): number {
  let a = lo;
  let b = hi - 1;
  while (a <= b) {
    const mid = (a + b) >> 1;
    const c = columns[mid];
    if (c === col) return mid;
    if (c < col) a = mid + 1;
    else b = mid - 1;
  }
  return -1;
}

/** Index of entry (row, col) in the CSR arrays, -1 when outside the pattern. */
export function csrEntryIndex(m: CsrMatrix, row: number, col: number): number {
  return findEntry(m.columns, m.rowStart[row], m.rowStart[row + 1], col);
}

/** y = A x. */
export function csrMultiply(m: CsrMatrix, x: Float64Array, y: Float64Array): void {
  const { rows, rowStart, columns, values } = m;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) s += values[p] * x[columns[p]];
    y[i] = s;
  }
}

export type Preconditioner = 'jacobi' | 'ic0';

export interface PcgWorkspace {
  r: Float64Array;
  z: Float64Array;
  p: Float64Array;
  q: Float64Array;
  /** Jacobi: inverse diagonal. */
  inverseDiagonal: Float64Array;
  /** IC(0): factor values on the lower pattern (same CSR pattern as A; only j <= i used). */
  factor: Float64Array | null;
  preconditioner: Preconditioner;
}

export function createPcgWorkspace(m: CsrMatrix, preconditioner: Preconditioner = 'jacobi'): PcgWorkspace {
  const n = m.rows;
  return {
    r: new Float64Array(n),
    z: new Float64Array(n),
    p: new Float64Array(n),
    q: new Float64Array(n),
    inverseDiagonal: new Float64Array(n),
    factor: preconditioner === 'ic0' ? new Float64Array(m.values.length) : null,
    preconditioner,
  };
}

/**
 * Refreshes the preconditioner for the current values of A. IC(0) falls back to Jacobi for a row
 * whose pivot would not be positive (returns false in that case).
 */
export function updatePreconditioner(m: CsrMatrix, ws: PcgWorkspace): boolean {
  const { rows, rowStart, columns, values, diagonalIndex } = m;
  for (let i = 0; i < rows; i++) ws.inverseDiagonal[i] = 1 / values[diagonalIndex[i]];
  if (ws.preconditioner !== 'ic0' || !ws.factor) return true;
  // Row-oriented IC(0) on the lower triangle: L L^T ≈ A with the pattern of A.
  const L = ws.factor;
  L.set(values);
  let ok = true;
  for (let i = 0; i < rows; i++) {
    const di = diagonalIndex[i];
    for (let p = rowStart[i]; p < di; p++) {
      const j = columns[p];
      // L_ij = (A_ij - Σ_{k<j} L_ik L_jk) / L_jj
      let s = L[p];
      let pi = rowStart[i];
      let pj = rowStart[j];
      const dj = diagonalIndex[j];
      while (pi < p && pj < dj) {
        const ci = columns[pi];
        const cj = columns[pj];
        if (ci === cj) {
          s -= L[pi] * L[pj];
          pi++;
          pj++;
        } else if (ci < cj) pi++;
        else pj++;
      }
      L[p] = s / L[dj];
    }
    let d = L[di];
    for (let p = rowStart[i]; p < di; p++) d -= L[p] * L[p];
    if (d <= 0) {
      ok = false;
      d = values[di];
    }
    L[di] = sqrt(d);
  }
  return ok;
}

function applyPreconditioner(m: CsrMatrix, ws: PcgWorkspace, r: Float64Array, z: Float64Array): void {
  const n = m.rows;
  if (ws.preconditioner !== 'ic0' || !ws.factor) {
    const inv = ws.inverseDiagonal;
    for (let i = 0; i < n; i++) z[i] = r[i] * inv[i];
    return;
  }
  const L = ws.factor;
  const { rowStart, columns, diagonalIndex } = m;
  // forward: L y = r
  for (let i = 0; i < n; i++) {
    let s = r[i];
    const di = diagonalIndex[i];
    for (let p = rowStart[i]; p < di; p++) s -= L[p] * z[columns[p]];
    z[i] = s / L[di];
  }
  // backward: L^T z = y (column sweep using rows of L)
  for (let i = n - 1; i >= 0; i--) {
    const di = diagonalIndex[i];
    z[i] /= L[di];
    const zi = z[i];
    for (let p = rowStart[i]; p < di; p++) z[columns[p]] -= L[p] * zi;
  }
}

export interface PcgResult {
  iterations: number;
  /** Final ||r|| / ||b||. */
  relativeResidual: number;
  converged: boolean;
}

/**
 * Solves A x = b for SPD A by preconditioned CG, starting from the x given.
 * Stops at ||r|| <= relativeTolerance ||b|| (or ||r|| <= absoluteTolerance).
 */
export function solvePcg(
  m: CsrMatrix,
  b: Float64Array,
  x: Float64Array,
  ws: PcgWorkspace,
  relativeTolerance = 1e-10,
  maxIterations = 10000,
  absoluteTolerance = 0,
): PcgResult {
  const n = m.rows;
  const { r, z, p, q } = ws;
  csrMultiply(m, x, q);
  let bnorm2 = 0;
  for (let i = 0; i < n; i++) {
    r[i] = b[i] - q[i];
    bnorm2 += b[i] * b[i];
  }
  const bnorm = sqrt(bnorm2);
  const target = max(relativeTolerance * bnorm, absoluteTolerance);
  let rnorm2 = 0;
  for (let i = 0; i < n; i++) rnorm2 += r[i] * r[i];
  if (sqrt(rnorm2) <= target || bnorm === 0 && rnorm2 === 0) {
    return { iterations: 0, relativeResidual: bnorm > 0 ? sqrt(rnorm2) / bnorm : 0, converged: true };
  }
  applyPreconditioner(m, ws, r, z);
  let rz = 0;
  for (let i = 0; i < n; i++) {
    p[i] = z[i];
    rz += r[i] * z[i];
  }
  for (let it = 1; it <= maxIterations; it++) {
    csrMultiply(m, p, q);
    let pq = 0;
    for (let i = 0; i < n; i++) pq += p[i] * q[i];
    const alpha = rz / pq;
    rnorm2 = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      rnorm2 += r[i] * r[i];
    }
    const rnorm = sqrt(rnorm2);
    if (rnorm <= target) {
      return { iterations: it, relativeResidual: bnorm > 0 ? rnorm / bnorm : rnorm, converged: true };
    }
    applyPreconditioner(m, ws, r, z);
    let rzNew = 0;
    for (let i = 0; i < n; i++) rzNew += r[i] * z[i];
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
  return { iterations: maxIterations, relativeResidual: sqrt(rnorm2) / (bnorm || 1), converged: false };
}
