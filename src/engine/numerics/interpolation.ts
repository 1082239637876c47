/**
 * Table interpolation on rectilinear grids: 1-D (linear, optional clamping), 2-D (bilinear) and
 * n-D (multilinear). Breakpoints must be strictly increasing; `validateBreakpoints` says which
 * table and axis is wrong. Lookups never allocate.
 */
// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, max: mathMax, min: mathMin, sign } = Math;

/** Throws an Error naming `label` if `x` is not finite and strictly increasing with at least 2 points. */
export function validateBreakpoints(x: ArrayLike<number>, label: string): void {
  if (x.length < 2) throw new Error(`${label}: a table needs at least 2 breakpoints (got ${x.length})`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`${label}: breakpoint ${i} is not a finite number (${x[i]})`);
    if (i > 0 && !(x[i] > x[i - 1])) throw new Error(`${label}: breakpoints must be strictly increasing (entry ${i}: ${x[i]} after ${x[i - 1]})`);
  }
}

/** Index i with x[i] <= v < x[i+1], clamped to [0, n-2] (binary search). */
export function findInterval(x: ArrayLike<number>, v: number): number {
  const n = x.length;
  if (v <= x[0]) return 0;
  if (v >= x[n - 1]) return n - 2;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

export type Extrapolation = 'clamp' | 'linear';

/** 1-D piecewise-linear table y(x). */
export class Table1D {
  readonly x: Float64Array;
  readonly y: Float64Array;
  constructor(
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    readonly label = 'table',
    readonly extrapolation: Extrapolation = 'clamp',
  ) {
    validateBreakpoints(x, label);
    if (y.length !== x.length) throw new Error(`${label}: ${x.length} breakpoints but ${y.length} values`);
    for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new Error(`${label}: value ${i} is not finite (${y[i]})`);
    this.x = Float64Array.from(x);
    this.y = Float64Array.from(y);
  }
  get min(): number {
    return this.x[0];
  }
  get max(): number {
    return this.x[this.x.length - 1];
  }
  evaluate(v: number): number {
    const { x, y } = this;
    const n = x.length;
    if (this.extrapolation === 'clamp') {
      if (v <= x[0]) return y[0];
      if (v >= x[n - 1]) return y[n - 1];
    }
    const i = findInterval(x, v);
    const t = (v - x[i]) / (x[i + 1] - x[i]);
    return y[i] + t * (y[i + 1] - y[i]);
  }
  /** Slope dy/dx of the segment containing v (0 outside when clamped). */
  derivative(v: number): number {
    const { x, y } = this;
    const n = x.length;
    if (this.extrapolation === 'clamp' && (v < x[0] || v > x[n - 1])) return 0;
    const i = findInterval(x, v);
    return (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
  }
  /** True if the values are strictly monotone (increasing or decreasing). */
  isStrictlyMonotone(): boolean {
    const { y } = this;
    const s = sign(y[1] - y[0]);
    if (s === 0) return false;
    for (let i = 1; i < y.length; i++) if (sign(y[i] - y[i - 1]) !== s) return false;
    return true;
  }
}

/**
 * n-D multilinear table on a rectilinear grid. `values` is row-major with the LAST axis fastest
 * (values[((i0*n1 + i1)*n2 + i2)...]). Queries outside the grid are clamped to its edge.
 */
export class TableND {
  readonly axes: Float64Array[];
  readonly values: Float64Array;
  private readonly strides: Int32Array;
  private readonly idx: Int32Array;
  private readonly frac: Float64Array;

  constructor(axes: ArrayLike<number>[], values: ArrayLike<number>, readonly label = 'table') {
    if (axes.length < 1) throw new Error(`${label}: a table needs at least one axis`);
    axes.forEach((a, k) => validateBreakpoints(a, `${label} axis ${k}`));
    this.axes = axes.map((a) => Float64Array.from(a));
    const size = this.axes.reduce((p, a) => p * a.length, 1);
    if (values.length !== size) throw new Error(`${label}: grid has ${size} points but ${values.length} values were given`);
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) throw new Error(`${label}: value ${i} is not finite (${values[i]})`);
    this.values = Float64Array.from(values);
    const d = axes.length;
    this.strides = new Int32Array(d);
    let s = 1;
    for (let k = d - 1; k >= 0; k--) {
      this.strides[k] = s;
      s *= this.axes[k].length;
    }
    this.idx = new Int32Array(d);
    this.frac = new Float64Array(d);
  }

  /** Multilinear value at the point `q` (one coordinate per axis). */
  evaluate(...q: number[]): number {
    return this.evaluateAt(q);
  }

  /** As `evaluate`, without the rest-argument array (for hot loops: pass a reused array). */
  evaluateAt(q: ArrayLike<number>): number {
    const d = this.axes.length;
    let base = 0;
    for (let k = 0; k < d; k++) {
      const ax = this.axes[k];
      const n = ax.length;
      const v = mathMin(mathMax(q[k], ax[0]), ax[n - 1]);
      const i = findInterval(ax, v);
      this.idx[k] = i;
      this.frac[k] = (v - ax[i]) / (ax[i + 1] - ax[i]);
      base += i * this.strides[k];
    }
    let sum = 0;
    const corners = 1 << d;
    for (let m = 0; m < corners; m++) {
      let w = 1;
      let off = base;
      for (let k = 0; k < d; k++) {
        if ((m >> k) & 1) {
          w *= this.frac[k];
          off += this.strides[k];
        } else w *= 1 - this.frac[k];
      }
      if (w !== 0) sum += w * this.values[off];
    }
    return sum;
  }
}

/** 2-D bilinear table z(x, y); values row-major with y fastest (values[i*ny + j] = z(x[i], y[j])). */
export class Table2D extends TableND {
  constructor(x: ArrayLike<number>, y: ArrayLike<number>, values: ArrayLike<number>, label = 'table') {
    super([x, y], values, label);
  }
  at(x: number, y: number): number {
    return this.evaluate(x, y);
  }
}

/**
 * Shape-preserving piecewise-cubic Hermite interpolation (PCHIP; Fritsch & Carlson, SIAM J. Numer.
 * Anal. 17 (1980) 238, with the Fritsch–Butland harmonic-mean slopes as in MATLAB/SciPy `pchip`).
 * C¹-continuous, so stiff integrators do not stall on the kinks of a linear table; no overshoot
 * between data points. Clamped outside the breakpoints.
 */
export class PchipTable1D {
  readonly x: Float64Array;
  readonly y: Float64Array;
  private readonly d: Float64Array;
  constructor(x: ArrayLike<number>, y: ArrayLike<number>, readonly label = 'table') {
    validateBreakpoints(x, label);
    if (y.length !== x.length) throw new Error(`${label}: ${x.length} breakpoints but ${y.length} values`);
    this.x = Float64Array.from(x);
    this.y = Float64Array.from(y);
    const n = x.length;
    const h = new Float64Array(n - 1);
    const delta = new Float64Array(n - 1);
    for (let i = 0; i < n - 1; i++) {
      h[i] = this.x[i + 1] - this.x[i];
      delta[i] = (this.y[i + 1] - this.y[i]) / h[i];
    }
    const d = new Float64Array(n);
    if (n === 2) {
      d[0] = d[1] = delta[0];
    } else {
      for (let i = 1; i < n - 1; i++) {
        if (delta[i - 1] * delta[i] <= 0) d[i] = 0;
        else {
          const w1 = 2 * h[i] + h[i - 1];
          const w2 = h[i] + 2 * h[i - 1];
          d[i] = (w1 + w2) / (w1 / delta[i - 1] + w2 / delta[i]);
        }
      }
      const end = (h0: number, h1: number, d0: number, d1: number): number => {
        let s = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
        if (sign(s) !== sign(d0)) s = 0;
        else if (sign(d0) !== sign(d1) && abs(s) > abs(3 * d0)) s = 3 * d0;
        return s;
      };
      d[0] = end(h[0], h[1], delta[0], delta[1]);
      d[n - 1] = end(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
    }
    this.d = d;
  }
  evaluate(v: number): number {
    const { x, y, d } = this;
    const n = x.length;
    if (v <= x[0]) return y[0];
    if (v >= x[n - 1]) return y[n - 1];
    const i = findInterval(x, v);
    const h = x[i + 1] - x[i];
    const t = (v - x[i]) / h;
    const t2 = t * t;
    const t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * y[i] + (t3 - 2 * t2 + t) * h * d[i] + (-2 * t3 + 3 * t2) * y[i + 1] + (t3 - t2) * h * d[i + 1];
  }
}
