/**
 * Symmetric positive-definite sparse solve for pack networks (electrical nodal matrices and the
 * cell-to-cell thermal conductance matrix): reverse Cuthill-McKee ordering (Cuthill & McKee 1969;
 * George & Liu, "Computer Solution of Large Sparse Positive Definite Systems", 1981, ch. 4) and an
 * envelope (profile) Cholesky factorisation, which produces no fill outside the envelope.
 *
 * The pattern is analysed once per network; every step only re-assembles values into the same
 * Float64Array and refactors in place, so a step allocates nothing. Pack graphs are ladders and
 * grids, for which RCM gives an envelope width of about the number of cells in parallel (or in a
 * row), so factorisation costs O(n w^2).
 */

export interface EnvelopePattern {
  /** Unknowns. */
  n: number;
  /** perm[newIndex] = original index. */
  perm: Int32Array;
  /** inverse[originalIndex] = new index. */
  inverse: Int32Array;
  /** First column of the envelope in each (new) row. */
  firstColumn: Int32Array;
  /** Offset of row i in `values`: entry (i, j), first[i] <= j <= i, is at rowStart[i] + j - first[i]. */
  rowStart: Int32Array;
  /** Total stored entries. */
  size: number;
}

/**
 * Builds the ordering and the envelope for a symmetric pattern given as undirected edges between
 * original unknowns (self-loops and duplicates are allowed and ignored). `pinLast` unknowns (e.g.
 * a housing node linked to every cell) are kept out of the RCM sweep and numbered last, so that
 * their dense rows cost O(n w) instead of widening every row's envelope.
 */
export function analyseEnvelope(n: number, edgeA: ArrayLike<number>, edgeB: ArrayLike<number>, pinLast: ArrayLike<number> = []): EnvelopePattern {
  const degree = new Int32Array(n);
  const m = edgeA.length;
  for (let e = 0; e < m; e++) {
    const a = edgeA[e];
    const b = edgeB[e];
    if (a === b || a < 0 || b < 0) continue;
    degree[a]++;
    degree[b]++;
  }
  const adjStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) adjStart[i + 1] = adjStart[i] + degree[i];
  const adj = new Int32Array(adjStart[n]);
  const fillPos = adjStart.slice(0, n);
  for (let e = 0; e < m; e++) {
    const a = edgeA[e];
    const b = edgeB[e];
    if (a === b || a < 0 || b < 0) continue;
    adj[fillPos[a]++] = b;
    adj[fillPos[b]++] = a;
  }

  // Cuthill-McKee breadth-first order from a minimum-degree start in each connected component,
  // neighbours visited by increasing degree; reversed at the end (RCM).
  const order = new Int32Array(n);
  const visited = new Uint8Array(n);
  for (let k = 0; k < pinLast.length; k++) visited[pinLast[k]] = 1;
  let head = 0;
  let tail = 0;
  const byDegree = Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[a] - degree[b] || a - b);
  for (const start of byDegree) {
    if (visited[start]) continue;
    visited[start] = 1;
    order[tail++] = start;
    while (head < tail) {
      const v = order[head++];
      const neighbours: number[] = [];
      for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
        const w = adj[k];
        if (!visited[w]) {
          visited[w] = 1;
          neighbours.push(w);
        }
      }
      neighbours.sort((a, b) => degree[a] - degree[b] || a - b);
      for (const w of neighbours) order[tail++] = w;
    }
  }
  const swept = tail;
  const perm = new Int32Array(n);
  const inverse = new Int32Array(n);
  for (let i = 0; i < swept; i++) perm[i] = order[swept - 1 - i];
  for (let k = 0; k < pinLast.length; k++) perm[swept + k] = pinLast[k];
  for (let i = 0; i < n; i++) inverse[perm[i]] = i;

  const firstColumn = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let first = i;
    const v = perm[i];
    for (let k = adjStart[v]; k < adjStart[v + 1]; k++) {
      const j = inverse[adj[k]];
      if (j < first) first = j;
    }
    firstColumn[i] = first;
  }
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i] + (i - firstColumn[i] + 1);
  return { n, perm, inverse, firstColumn, rowStart, size: rowStart[n] };
}

/** Position in the envelope value array of the entry between original unknowns a and b. */
export function envelopeIndex(p: EnvelopePattern, a: number, b: number): number {
  let i = p.inverse[a];
  let j = p.inverse[b];
  if (j > i) {
    const t = i;
    i = j;
    j = t;
  }
  if (j < p.firstColumn[i]) throw new Error(`envelope: entry (${a}, ${b}) is outside the analysed pattern`);
  return p.rowStart[i] + j - p.firstColumn[i];
}

/**
 * In-place Cholesky A = L L^T of the envelope values (lower triangle, row-wise). Returns the
 * (new) row index of the first non-positive pivot, or -1 when the factorisation succeeded.
 */
export function factorEnvelope(p: EnvelopePattern, values: Float64Array): number {
  const { n, firstColumn: first, rowStart } = p;
  for (let i = 0; i < n; i++) {
    const fi = first[i];
    const ri = rowStart[i] - fi;
    for (let j = fi; j < i; j++) {
      const fj = first[j];
      const rj = rowStart[j] - fj;
      let sum = values[ri + j];
      const k0 = fi > fj ? fi : fj;
      for (let k = k0; k < j; k++) sum -= values[ri + k] * values[rj + k];
      values[ri + j] = sum / values[rj + j];
    }
    let diag = values[ri + i];
    for (let k = fi; k < i; k++) diag -= values[ri + k] * values[ri + k];
    if (!(diag > 0)) return i;
    values[ri + i] = Math.sqrt(diag);
  }
  return -1;
}

/**
 * Solves L L^T x = b with a factor from factorEnvelope. `rhs` is in original numbering and is
 * overwritten with the solution (original numbering); `work` has length n.
 */
export function solveEnvelope(p: EnvelopePattern, factor: Float64Array, rhs: Float64Array, work: Float64Array): void {
  const { n, firstColumn: first, rowStart, perm } = p;
  for (let i = 0; i < n; i++) work[i] = rhs[perm[i]];
  // Forward: L y = b, row by row.
  for (let i = 0; i < n; i++) {
    const fi = first[i];
    const ri = rowStart[i] - fi;
    let sum = work[i];
    for (let k = fi; k < i; k++) sum -= factor[ri + k] * work[k];
    work[i] = sum / factor[ri + i];
  }
  // Backward: L^T x = y, column-oriented over the rows of L.
  for (let i = n - 1; i >= 0; i--) {
    const fi = first[i];
    const ri = rowStart[i] - fi;
    const xi = work[i] / factor[ri + i];
    work[i] = xi;
    for (let k = fi; k < i; k++) work[k] -= factor[ri + k] * xi;
  }
  for (let i = 0; i < n; i++) rhs[perm[i]] = work[i];
}
