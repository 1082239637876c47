/**
 * Dense and banded LU factorisation with partial pivoting (issue 5).
 *
 * Both matrix kinds implement `SquareMatrix`, so integrators and Newton solvers can work on either:
 * assemble with `set`/`add`, factor once with `factor()`, then `solve(b)` in place many times.
 * The banded algorithm is LAPACK's DGBTF2/DGBTRS (row interchanges widen the upper band to
 * ml + mu, so the storage keeps ml extra super-diagonals for the fill-in).
 */
// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, max, min } = Math;

export interface SquareMatrix {
  readonly n: number;
  /** Sets every entry (including factor fill-in storage) to zero. */
  clear(): void;
  get(i: number, j: number): number;
  set(i: number, j: number, value: number): void;
  add(i: number, j: number, value: number): void;
  /** True when (i, j) lies inside the storable pattern (always true for dense). */
  inPattern(i: number, j: number): boolean;
  /** LU-factorises in place; returns false if a zero pivot was met (matrix singular). */
  factor(): boolean;
  /** Solves A x = b after `factor()`, overwriting b with x. */
  solve(b: Float64Array): void;
  /** y = A x (before factorisation). */
  multiply(x: Float64Array, y: Float64Array): void;
}

export class DenseMatrix implements SquareMatrix {
  /** Row-major entries. */
  readonly data: Float64Array;
  private readonly pivots: Int32Array;

  constructor(readonly n: number) {
    this.data = new Float64Array(n * n);
    this.pivots = new Int32Array(n);
  }

  clear(): void {
    this.data.fill(0);
  }
  get(i: number, j: number): number {
    return this.data[i * this.n + j];
  }
  set(i: number, j: number, value: number): void {
    this.data[i * this.n + j] = value;
  }
  add(i: number, j: number, value: number): void {
    this.data[i * this.n + j] += value;
  }
  inPattern(): boolean {
    return true;
  }

  factor(): boolean {
    const { n, data: a, pivots } = this;
    for (let k = 0; k < n; k++) {
      let p = k;
      let best = abs(a[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const v = abs(a[i * n + k]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      pivots[k] = p;
      if (best === 0 || !Number.isFinite(best)) return false;
      if (p !== k) {
        for (let j = 0; j < n; j++) {
          const t = a[k * n + j];
          a[k * n + j] = a[p * n + j];
          a[p * n + j] = t;
        }
      }
      const inv = 1 / a[k * n + k];
      for (let i = k + 1; i < n; i++) {
        const lik = (a[i * n + k] *= inv);
        if (lik !== 0) {
          for (let j = k + 1; j < n; j++) a[i * n + j] -= lik * a[k * n + j];
        }
      }
    }
    return true;
  }

  solve(b: Float64Array): void {
    const { n, data: a, pivots } = this;
    for (let k = 0; k < n; k++) {
      const p = pivots[k];
      if (p !== k) {
        const t = b[k];
        b[k] = b[p];
        b[p] = t;
      }
    }
    for (let i = 1; i < n; i++) {
      let s = b[i];
      for (let j = 0; j < i; j++) s -= a[i * n + j] * b[j];
      b[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i];
      for (let j = i + 1; j < n; j++) s -= a[i * n + j] * b[j];
      b[i] = s / a[i * n + i];
    }
  }

  multiply(x: Float64Array, y: Float64Array): void {
    const { n, data: a } = this;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
      y[i] = s;
    }
  }
}

/**
 * Band matrix with `lower` sub-diagonals and `upper` super-diagonals, LAPACK band storage
 * (column-major, leading dimension 2*lower + upper + 1, entry (i, j) at row lower + upper + i - j).
 */
export class BandMatrix implements SquareMatrix {
  readonly data: Float64Array;
  private readonly ld: number;
  private readonly kv: number;
  private readonly pivots: Int32Array;

  constructor(
    readonly n: number,
    readonly lower: number,
    readonly upper: number,
  ) {
    if (!(lower >= 0 && upper >= 0 && Number.isInteger(lower) && Number.isInteger(upper))) {
      throw new Error(`BandMatrix: bandwidths must be non-negative integers (lower=${lower}, upper=${upper})`);
    }
    this.kv = lower + upper;
    this.ld = 2 * lower + upper + 1;
    this.data = new Float64Array(this.ld * n);
    this.pivots = new Int32Array(n);
  }

  clear(): void {
    this.data.fill(0);
  }
  inPattern(i: number, j: number): boolean {
    return i - j <= this.lower && j - i <= this.upper && i >= 0 && j >= 0 && i < this.n && j < this.n;
  }
  get(i: number, j: number): number {
    if (!this.inPattern(i, j)) return 0;
    return this.data[this.kv + i - j + j * this.ld];
  }
  set(i: number, j: number, value: number): void {
    if (!this.inPattern(i, j)) throw new Error(`BandMatrix: entry (${i}, ${j}) outside band (lower=${this.lower}, upper=${this.upper})`);
    this.data[this.kv + i - j + j * this.ld] = value;
  }
  add(i: number, j: number, value: number): void {
    if (!this.inPattern(i, j)) throw new Error(`BandMatrix: entry (${i}, ${j}) outside band (lower=${this.lower}, upper=${this.upper})`);
    this.data[this.kv + i - j + j * this.ld] += value;
  }

  factor(): boolean {
    const { n, lower: kl, kv, ld, data: a, pivots } = this;
    // Fill-in rows (above the `upper` band) must start at zero: clear them (DGBTF2 does the same).
    for (let j = 0; j < n; j++) for (let r = 0; r < kl; r++) a[r + j * ld] = 0;
    let ju = 0;
    for (let j = 0; j < n; j++) {
      const km = min(kl, n - 1 - j);
      const diag = kv + j * ld; // storage of (j, j); (i, j) is diag + (i - j)
      let p = 0;
      let best = abs(a[diag]);
      for (let r = 1; r <= km; r++) {
        const v = abs(a[diag + r]);
        if (v > best) {
          best = v;
          p = r;
        }
      }
      pivots[j] = j + p;
      if (best === 0 || !Number.isFinite(best)) return false;
      ju = max(ju, min(j + this.upper + p, n - 1));
      if (p !== 0) {
        // swap rows j and j+p over columns j..ju: (i, c) at kv + i - c + c*ld
        for (let c = j; c <= ju; c++) {
          const base = kv - c + c * ld;
          const t = a[base + j];
          a[base + j] = a[base + j + p];
          a[base + j + p] = t;
        }
      }
      const inv = 1 / a[diag];
      for (let r = 1; r <= km; r++) a[diag + r] *= inv;
      for (let c = j + 1; c <= ju; c++) {
        const base = kv - c + c * ld;
        const ujc = a[base + j];
        if (ujc !== 0) {
          for (let r = 1; r <= km; r++) a[base + j + r] -= a[diag + r] * ujc;
        }
      }
    }
    return true;
  }

  solve(b: Float64Array): void {
    const { n, lower: kl, kv, ld, data: a, pivots } = this;
    for (let j = 0; j < n; j++) {
      const km = min(kl, n - 1 - j);
      const p = pivots[j];
      if (p !== j) {
        const t = b[j];
        b[j] = b[p];
        b[p] = t;
      }
      const bj = b[j];
      if (bj !== 0) {
        const diag = kv + j * ld;
        for (let r = 1; r <= km; r++) b[j + r] -= a[diag + r] * bj;
      }
    }
    for (let j = n - 1; j >= 0; j--) {
      const diag = kv + j * ld;
      const xj = (b[j] /= a[diag]);
      if (xj !== 0) {
        const i0 = max(0, j - kv);
        for (let i = i0; i < j; i++) b[i] -= a[diag + i - j] * xj;
      }
    }
  }

  multiply(x: Float64Array, y: Float64Array): void {
    const { n, lower, upper } = this;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const j0 = max(0, i - lower);
      const j1 = min(n - 1, i + upper);
      for (let j = j0; j <= j1; j++) s += this.data[this.kv + i - j + j * this.ld] * x[j];
      y[i] = s;
    }
  }
}

/** Solves the tridiagonal system (Thomas algorithm, no pivoting: for diagonally dominant systems). Overwrites d with x. */
export function solveTridiagonal(sub: Float64Array, diag: Float64Array, sup: Float64Array, d: Float64Array, work: Float64Array): void {
  const n = diag.length;
  let beta = diag[0];
  d[0] /= beta;
  for (let i = 1; i < n; i++) {
    work[i] = sup[i - 1] / beta;
    beta = diag[i] - sub[i] * work[i];
    d[i] = (d[i] - sub[i] * d[i - 1]) / beta;
  }
  for (let i = n - 2; i >= 0; i--) d[i] -= work[i + 1] * d[i + 1];
}
