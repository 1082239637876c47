/**
 * Variable-step, variable-order (1–5) BDF integrator for stiff ODEs and semi-explicit index-1
 * DAEs  M y' = f(t, y)  with a diagonal mass matrix M (M_ii = 0 marks an algebraic variable).
 *
 * Method: the fixed-leading-coefficient numerical differentiation formulas (NDF) of Shampine &
 * Reichelt, "The MATLAB ODE Suite", SIAM J. Sci. Comput. 18 (1997) 1–22, in the backward-difference
 * (Nordsieck-like D array) form also used by SciPy's `BDF`; κ = 0 gives plain BDF. Simplified
 * Newton with a reused LU of (M − c J); the Jacobian is refreshed only when Newton fails to
 * converge. For DAEs the algebraic rows of the Newton system are the constraints themselves
 * (as in ode15s), and `consistentInitialization` solves g(t0, y) = 0 for the algebraic variables.
 *
 * Error control: weighted RMS norm with scale atol + rtol |y|. Events: sign changes of g(t, y)
 * located with Brent's method on the dense-output polynomial. Guards: maxSteps and a wall-clock
 * limit through an injected `now()` (the engine never reads the system clock itself).
 * On failure the result keeps every accepted step and says at which t and why it stopped.
 */
import { BandMatrix, DenseMatrix, SquareMatrix } from './linear';
import { brent } from './roots';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, max, min, sqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/**
 * Sparsity pattern in compressed-column form: the rows of column j are rowIndex[columnStart[j] ..
 * columnStart[j+1]−1]. Must contain every (row, column) where ∂f_row/∂y_col can be non-zero.
 */
export interface SparsityPattern {
  columnStart: Int32Array;
  rowIndex: Int32Array;
}

/**
 * Jacobian storage. With `sparsity`, the finite-difference Jacobian perturbs structurally
 * independent columns together (greedy column colouring, Curtis–Powell–Reid 1974), so a
 * banded P2D Jacobian costs ~15 right-hand-side evaluations instead of 2·bandwidth + 1.
 */
export type JacobianStructure = { kind: 'dense'; sparsity?: SparsityPattern } | { kind: 'banded'; lower: number; upper: number; sparsity?: SparsityPattern };

/** Greedy colouring of columns so that no two columns of one colour share a row. Returns colour per column and the colour count. */
export function colourColumns(n: number, pattern: SparsityPattern): { colour: Int32Array; count: number } {
  const colour = new Int32Array(n).fill(-1);
  // rowOwner[c*n + row] would be memory-heavy; instead keep, per row, the last colour stamp seen
  // while scanning candidate colours (forbidden-colour marking, standard distance-2 colouring).
  const { columnStart, rowIndex } = pattern;
  // build row → columns (transpose)
  const rowCount = new Int32Array(n + 1);
  for (let k = 0; k < rowIndex.length; k++) rowCount[rowIndex[k] + 1]++;
  for (let i = 0; i < n; i++) rowCount[i + 1] += rowCount[i];
  const rowCols = new Int32Array(rowIndex.length);
  const fill = rowCount.slice(0, n);
  for (let j = 0; j < n; j++) for (let k = columnStart[j]; k < columnStart[j + 1]; k++) rowCols[fill[rowIndex[k]]++] = j;
  const forbidden = new Int32Array(n + 1).fill(-1);
  let count = 0;
  for (let j = 0; j < n; j++) {
    for (let k = columnStart[j]; k < columnStart[j + 1]; k++) {
      const row = rowIndex[k];
      for (let m = rowCount[row]; m < rowCount[row + 1]; m++) {
        const c = colour[rowCols[m]];
        if (c >= 0) forbidden[c] = j;
      }
    }
    let c = 0;
    while (forbidden[c] === j) c++;
    colour[j] = c;
    if (c + 1 > count) count = c + 1;
  }
  return { colour, count };
}

export interface OdeProblem {
  /** Number of unknowns. */
  size: number;
  /** Right-hand side: writes f(t, y) into `out`. Must not keep references to y or out. */
  rhs(t: number, y: Float64Array, out: Float64Array): void;
  /**
   * Optional analytic Jacobian ∂f/∂y, written into `J` (already cleared; same structure as `jacobian`).
   * When absent, a finite-difference Jacobian is formed (column-grouped when banded).
   */
  jacobianFn?(t: number, y: Float64Array, J: SquareMatrix): void;
  /** Jacobian storage (default dense). */
  jacobian?: JacobianStructure;
  /** Diagonal of the mass matrix (default all 1). 0 marks an algebraic variable (index-1 DAE). */
  massDiagonal?: Float64Array;
}

export interface OdeEvent {
  /** Name used in results and messages, e.g. 'lower voltage cut-off'. */
  name: string;
  g(t: number, y: Float64Array): number;
  /** +1: only upward zero crossings, −1: only downward, 0 (default): both. */
  direction?: -1 | 0 | 1;
  /** Stop integration at the event (default true). */
  terminal?: boolean;
  /**
   * Also fire at t0 when g already starts on the far side (g·direction > 0 at t0), e.g. a
   * voltage already below its cut-off after consistent initialisation (default false).
   */
  firesAtStart?: boolean;
}

export interface BdfOptions {
  rtol?: number;
  /** Scalar or per-component absolute tolerance. */
  atol?: number | Float64Array;
  /** Largest step allowed [same unit as t] (default Infinity). */
  maxStep?: number;
  /** First step (default: estimated). */
  firstStep?: number;
  /** Highest order, 1–5 (default 5). */
  maxOrder?: number;
  /** 'ndf' (default, Klopfenstein–Shampine κ) or 'bdf' (κ = 0). */
  formula?: 'ndf' | 'bdf';
  /** Abort after this many accepted + rejected steps (default 100 000). */
  maxSteps?: number;
  /** Wall-clock budget [ms], measured with `now` (required for this guard). */
  maxWallTimeMs?: number;
  /** Clock in ms, injected by the caller (e.g. `() => performance.now()`). */
  now?: () => number;
  events?: OdeEvent[];
  /** Record the solution at these times (ascending) instead of at every step. */
  tEval?: ArrayLike<number>;
  /** Record every accepted step (default true when tEval is absent). */
  recordSteps?: boolean;
  /** Called after each accepted step; return false to stop (status 'stopped'). */
  onStep?(t: number, y: Float64Array): boolean | void;
  /** Solve for consistent algebraic variables before starting (default true for DAEs). */
  consistentInitialization?: boolean;
}

export type OdeStatus = 'completed' | 'event' | 'stopped' | 'failed';

export interface EventHit {
  name: string;
  t: number;
  y: Float64Array;
  terminal: boolean;
}

export interface OdeStats {
  steps: number;
  rejectedSteps: number;
  rhsEvaluations: number;
  jacobianEvaluations: number;
  factorizations: number;
  newtonFailures: number;
}

export interface OdeResult {
  status: OdeStatus;
  /** Human-readable outcome; on failure names the time and the reason. */
  message: string;
  /** Recorded times and states. */
  t: number[];
  y: Float64Array[];
  /** Time and state reached (last accepted step or event point). */
  tFinal: number;
  yFinal: Float64Array;
  events: EventHit[];
  stats: OdeStats;
}

const MAX_ORDER = 5;
const NEWTON_MAXITER = 4;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
/** NDF κ coefficients (Shampine & Reichelt 1997, Table 1); the order-5 formula is plain BDF. */
const KAPPA_NDF = [0, -0.185, -1 / 9, -0.0823, -0.0415, 0];

/** Dense output of one step: the interpolating polynomial through the backward differences. */
function interpolate(tOld: number, h: number, order: number, D: Float64Array[], t: number, out: Float64Array): void {
  // y(t) = D0 + Σ_{k=1..order} D_k Π_{m=0..k-1} (t − (t_n − m h)) / ((m+1) h), with t_n = tOld + h
  const tn = tOld + h;
  const n = out.length;
  out.set(D[0]);
  let p = 1;
  for (let k = 1; k <= order; k++) {
    const m = k - 1;
    p *= (t - (tn - m * h)) / ((m + 1) * h);
    const Dk = D[k];
    for (let i = 0; i < n; i++) out[i] += Dk[i] * p;
  }
}

/** Builds the (order+1)×(order+1) matrix R of the step-size change (SciPy `compute_R`), row-major. */
function computeR(order: number, factor: number, out: Float64Array): void {
  const m = order + 1;
  for (let j = 0; j < m; j++) out[j] = 1;
  for (let i = 1; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const mij = j === 0 ? 0 : (i - 1 - factor * j) / i;
      out[i * m + j] = out[(i - 1) * m + j] * mij;
    }
  }
  // column 0 below row 0: (i-1 - 0)/i * previous; product from row1 = 0 for j = 0 handled above
}

/**
 * Persistent BDF stepper: keeps history between calls so a caller can advance in pieces
 * (`advanceTo`). Use `solveOde` for a one-shot integration.
 */
export class BdfIntegrator {
  readonly n: number;
  t: number;
  y: Float64Array;
  readonly stats: OdeStats = { steps: 0, rejectedSteps: 0, rhsEvaluations: 0, jacobianEvaluations: 0, factorizations: 0, newtonFailures: 0 };

  private readonly problem: OdeProblem;
  private readonly rtol: number;
  private readonly atol: Float64Array;
  private readonly maxStep: number;
  private readonly maxOrder: number;
  private readonly mass: Float64Array;
  private readonly isDae: boolean;
  private readonly kappa: number[];
  private readonly gamma: number[];
  private readonly alpha: number[];
  private readonly errorConst: number[];
  private readonly D: Float64Array[];
  private readonly J: SquareMatrix;
  private readonly A: SquareMatrix;
  private jacCurrent = false;
  private colouring: { colour: Int32Array; count: number } | null = null;
  private luValid = false;
  private luC = NaN;
  private order = 1;
  private hAbs: number;
  private nEqualSteps = 0;
  /** Previous step's start and size, for dense output. */
  tOld: number;
  private hLast = 0;
  // work arrays
  private readonly f: Float64Array;
  private readonly f2: Float64Array;
  private readonly yPredict: Float64Array;
  private readonly psi: Float64Array;
  private readonly d: Float64Array;
  private readonly dy: Float64Array;
  private readonly yNew: Float64Array;
  private readonly scale: Float64Array;
  private readonly work: Float64Array;
  private readonly Rm: Float64Array;
  private readonly Um: Float64Array;
  private readonly RU: Float64Array;
  private readonly Dtmp: Float64Array[];

  constructor(problem: OdeProblem, t0: number, y0: ArrayLike<number>, options: BdfOptions = {}) {
    const n = problem.size;
    if (y0.length !== n) throw new Error(`BDF: initial state has ${y0.length} entries, problem size is ${n}`);
    this.n = n;
    this.problem = problem;
    this.t = t0;
    this.tOld = t0;
    this.y = Float64Array.from(y0);
    for (let i = 0; i < n; i++) if (!Number.isFinite(this.y[i])) throw new Error(`BDF: initial state entry ${i} is not finite (${this.y[i]})`);
    this.rtol = options.rtol ?? 1e-4;
    const atol = options.atol ?? 1e-6;
    this.atol = typeof atol === 'number' ? new Float64Array(n).fill(atol) : Float64Array.from(atol);
    if (this.atol.length !== n) throw new Error(`BDF: atol has ${this.atol.length} entries, problem size is ${n}`);
    if (!(this.rtol > 0)) throw new Error(`BDF: rtol must be positive (got ${this.rtol})`);
    this.maxStep = options.maxStep ?? INFINITY;
    this.maxOrder = min(MAX_ORDER, max(1, options.maxOrder ?? MAX_ORDER));
    this.mass = problem.massDiagonal ? Float64Array.from(problem.massDiagonal) : new Float64Array(n).fill(1);
    if (this.mass.length !== n) throw new Error(`BDF: massDiagonal has ${this.mass.length} entries, problem size is ${n}`);
    this.isDae = this.mass.some((m) => m === 0);
    this.kappa = options.formula === 'bdf' ? [0, 0, 0, 0, 0, 0] : KAPPA_NDF;
    this.gamma = [0];
    for (let k = 1; k <= MAX_ORDER; k++) this.gamma.push(this.gamma[k - 1] + 1 / k);
    this.alpha = this.kappa.map((k, i) => (1 - k) * this.gamma[i]);
    this.errorConst = this.kappa.map((k, i) => k * this.gamma[i] + 1 / (i + 1));
    this.D = [];
    this.Dtmp = [];
    for (let i = 0; i < MAX_ORDER + 3; i++) {
      this.D.push(new Float64Array(n));
      this.Dtmp.push(new Float64Array(n));
    }
    const js = problem.jacobian ?? { kind: 'dense' };
    const make = (): SquareMatrix => (js.kind === 'banded' ? new BandMatrix(n, js.lower, js.upper) : new DenseMatrix(n));
    this.J = make();
    this.A = make();
    this.f = new Float64Array(n);
    this.f2 = new Float64Array(n);
    this.yPredict = new Float64Array(n);
    this.psi = new Float64Array(n);
    this.d = new Float64Array(n);
    this.dy = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.scale = new Float64Array(n);
    this.work = new Float64Array(n);
    this.Rm = new Float64Array(36);
    this.Um = new Float64Array(36);
    this.RU = new Float64Array(36);

    if (this.isDae && options.consistentInitialization !== false) {
      const msg = this.initializeAlgebraic();
      if (msg) throw new Error(msg);
    }
    this.rhs(this.t, this.y, this.f);
    this.hAbs = options.firstStep ?? this.initialStep();
    if (!(this.hAbs > 0)) throw new Error(`BDF: first step must be positive (got ${this.hAbs})`);
    this.hAbs = min(this.hAbs, this.maxStep);
    this.resetHistory();
    this.evaluateJacobian(this.t, this.y, this.f);
  }

  private rhs(t: number, y: Float64Array, out: Float64Array): void {
    this.stats.rhsEvaluations++;
    this.problem.rhs(t, y, out);
  }

  /** Order-1 history from the current (t, y): D0 = y, D1 = h y'. */
  private resetHistory(): void {
    const { n, D, f, mass } = this;
    for (const Dk of D) Dk.fill(0);
    D[0].set(this.y);
    for (let i = 0; i < n; i++) D[1][i] = mass[i] !== 0 ? (f[i] / mass[i]) * this.hAbs : 0;
    this.order = 1;
    this.nEqualSteps = 0;
    this.luValid = false;
  }

  /**
   * Restarts the method at the current (t, y) after the caller changed the problem (a new load,
   * a discontinuity): the history is dropped and algebraic variables are re-initialised.
   */
  restart(yNew?: ArrayLike<number>, firstStep?: number): void {
    if (yNew) this.y.set(yNew);
    if (this.isDae) {
      const msg = this.initializeAlgebraic();
      if (msg) throw new Error(msg);
    }
    this.jacCurrent = false;
    this.rhs(this.t, this.y, this.f);
    this.hAbs = min(firstStep ?? this.initialStep(), this.maxStep);
    this.resetHistory();
    this.rhs(this.t, this.y, this.f);
    this.evaluateJacobian(this.t, this.y, this.f);
  }

  private rmsNorm(v: Float64Array, scale: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) {
      const r = v[i] / scale[i];
      s += r * r;
    }
    return sqrt(s / this.n);
  }

  /** Hairer–Nørsett–Wanner initial step heuristic on the differential components. */
  private initialStep(): number {
    const { n, y, f, mass, atol, rtol, scale } = this;
    for (let i = 0; i < n; i++) scale[i] = atol[i] + rtol * abs(y[i]);
    let d0 = 0;
    let d1 = 0;
    let nd = 0;
    for (let i = 0; i < n; i++) {
      if (mass[i] === 0) continue;
      nd++;
      d0 += (y[i] / scale[i]) ** 2;
      d1 += (f[i] / mass[i] / scale[i]) ** 2;
    }
    if (nd === 0) return 1e-6;
    d0 = sqrt(d0 / nd);
    d1 = sqrt(d1 / nd);
    const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    const y1 = this.work;
    for (let i = 0; i < n; i++) y1[i] = mass[i] !== 0 ? y[i] + (h0 * f[i]) / mass[i] : y[i];
    this.rhs(this.t + h0, y1, this.f2);
    let d2 = 0;
    for (let i = 0; i < n; i++) {
      if (mass[i] === 0) continue;
      d2 += ((this.f2[i] - f[i]) / mass[i] / scale[i]) ** 2;
    }
    d2 = sqrt(d2 / nd) / h0;
    const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? max(1e-6, h0 * 1e-3) : (0.01 / max(d1, d2)) ** (1 / 2);
    return min(100 * h0, h1);
  }

  /** Forms J = ∂f/∂y at (t, y): analytic if given, else finite differences (column-grouped for bands). */
  private evaluateJacobian(t: number, y: Float64Array, f0: Float64Array): void {
    this.stats.jacobianEvaluations++;
    const J = this.J;
    J.clear();
    if (this.problem.jacobianFn) {
      this.problem.jacobianFn(t, y, J);
      return;
    }
    const { n, atol } = this;
    const yp = this.work;
    yp.set(y);
    const fp = this.f2;
    const sqrtEps = sqrt(Number.EPSILON);
    const js = this.problem.jacobian ?? { kind: 'dense' };
    const delta = this.dy;
    const step = (j: number) => sqrtEps * max(abs(y[j]), atol[j] / this.rtol, 1e-10);
    if (js.sparsity) {
      if (!this.colouring) this.colouring = colourColumns(n, js.sparsity);
      const { colour, count } = this.colouring;
      const { columnStart, rowIndex } = js.sparsity;
      for (let g = 0; g < count; g++) {
        for (let j = 0; j < n; j++) {
          if (colour[j] !== g) continue;
          const yj = y[j] + step(j);
          delta[j] = yj - y[j];
          yp[j] = yj;
        }
        this.rhs(t, yp, fp);
        for (let j = 0; j < n; j++) {
          if (colour[j] !== g) continue;
          yp[j] = y[j];
          const inv = 1 / delta[j];
          for (let k = columnStart[j]; k < columnStart[j + 1]; k++) {
            const i = rowIndex[k];
            J.set(i, j, (fp[i] - f0[i]) * inv);
          }
        }
      }
      return;
    }
    const width = js.kind === 'banded' ? js.lower + js.upper + 1 : 1;
    const groups = js.kind === 'banded' ? min(width, n) : n;
    for (let g = 0; g < groups; g++) {
      const stride = js.kind === 'banded' ? width : n;
      for (let j = g; j < n; j += stride) {
        // round so that (y + dj) - y is exactly representable
        const yj = y[j] + step(j);
        delta[j] = yj - y[j];
        yp[j] = yj;
      }
      this.rhs(t, yp, fp);
      for (let j = g; j < n; j += stride) {
        yp[j] = y[j];
        const inv = 1 / delta[j];
        if (js.kind === 'banded') {
          const i0 = max(0, j - js.upper);
          const i1 = min(n - 1, j + js.lower);
          for (let i = i0; i <= i1; i++) J.set(i, j, (fp[i] - f0[i]) * inv);
        } else {
          for (let i = 0; i < n; i++) J.set(i, j, (fp[i] - f0[i]) * inv);
        }
      }
    }
  }

  /** Factors A = M − c J. */
  private factorIteration(c: number): boolean {
    const { A, J, mass, n } = this;
    // A and J share one storage layout (both dense or both banded with the same bandwidths)
    const a = (A as DenseMatrix | BandMatrix).data;
    const jd = (J as DenseMatrix | BandMatrix).data;
    for (let k = 0; k < a.length; k++) a[k] = -c * jd[k];
    for (let i = 0; i < n; i++) A.add(i, i, mass[i]);
    this.stats.factorizations++;
    const ok = A.factor();
    this.luValid = ok;
    this.luC = c;
    return ok;
  }

  /**
   * Newton solve of the algebraic equations 0 = f_alg(t, y) for the algebraic variables with the
   * differential ones frozen. Returns an error message or null.
   */
  private initializeAlgebraic(): string | null {
    const { n, mass, y, f } = this;
    const A = this.A;
    const b = this.dy;
    const js = this.problem.jacobian ?? { kind: 'dense' };
    let lastNorm = INFINITY;
    let damped = false;
    for (let iter = 0; iter < 100; iter++) {
      this.rhs(this.t, y, f);
      for (let i = 0; i < n; i++) {
        if (mass[i] === 0 && !Number.isFinite(f[i])) return `BDF: consistent initialisation failed at t=${this.t}: the algebraic residual ${i} is not finite`;
      }
      // Fresh Jacobian for the first iterations, then simplified Newton; after a damped step the
      // Jacobian is refreshed (full Newton), since a stale one far from the solution gives no
      // descent direction and the line search stalls (DFN dead short, 2e-4 Ohm m2).
      if (iter < 3 || iter % 5 === 0 || damped) {
        this.evaluateJacobian(this.t, y, f);
        A.clear();
        for (let i = 0; i < n; i++) {
          if (mass[i] !== 0) A.set(i, i, 1);
          else {
            const j0 = js.kind === 'banded' ? max(0, i - js.lower) : 0;
            const j1 = js.kind === 'banded' ? min(n - 1, i + js.upper) : n - 1;
            for (let j = j0; j <= j1; j++) if (mass[j] === 0) A.set(i, j, this.J.get(i, j));
          }
        }
        if (!A.factor()) return `BDF: consistent initialisation failed at t=${this.t}: the algebraic Jacobian is singular (is the DAE index 1?)`;
      }
      for (let i = 0; i < n; i++) b[i] = mass[i] !== 0 ? 0 : -f[i];
      A.solve(b);
      // Size of the full Newton update on the algebraic variables, scaled by their tolerances.
      let s = 0;
      let na = 0;
      for (let i = 0; i < n; i++) {
        if (mass[i] !== 0) continue;
        const r = b[i] / (this.atol[i] + this.rtol * abs(y[i]));
        s += r * r;
        na++;
      }
      const norm = sqrt(s / max(na, 1));
      if (!Number.isFinite(norm)) return `BDF: consistent initialisation failed at t=${this.t}: Newton update is not finite`;
      if (norm < 1e-3 || (norm < 1 && norm < 0.1 * lastNorm && iter > 1)) {
        for (let i = 0; i < n; i++) if (mass[i] === 0) y[i] += b[i];
        return null;
      }
      if (norm < 10) {
        // Close to the solution (update within ten tolerance units): plain Newton. The residual
        // merit below is at round-off level here and would stall a line search.
        for (let i = 0; i < n; i++) if (mass[i] === 0) y[i] += b[i];
        lastNorm = norm;
        damped = false;
        continue;
      }
      // Damped Newton far from the solution: halve the update until the algebraic residual
      // (2-norm) decreases, so that hard starts (a dead short) do not diverge.
      const merit = (): number => {
        let m = 0;
        for (let i = 0; i < n; i++) if (mass[i] === 0) m += f[i] * f[i];
        return m;
      };
      const m0 = merit();
      const y0 = this.yNew;
      y0.set(y);
      let lambda = 1;
      for (let k = 0; k < 12; k++) {
        for (let i = 0; i < n; i++) if (mass[i] === 0) y[i] = y0[i] + lambda * b[i];
        this.rhs(this.t, y, f);
        const m1 = merit();
        if ((Number.isFinite(m1) && m1 <= m0 * (1 - 1e-4 * lambda)) || k === 11) break;
        lambda *= 0.5;
      }
      lastNorm = norm;
      damped = true;
    }
    return `BDF: consistent initialisation did not converge at t=${this.t} in 100 Newton iterations`;
  }

  private changeD(order: number, factor: number): void {
    const m = order + 1;
    computeR(order, factor, this.Rm);
    computeR(order, 1, this.Um);
    const { Rm, Um, RU, D, Dtmp, n } = this;
    // RU = R · U
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += Rm[i * m + k] * Um[k * m + j];
        RU[i * m + j] = s;
      }
    // D[0..order] = RU^T · D[0..order]
    for (let j = 0; j < m; j++) {
      const out = Dtmp[j];
      out.fill(0);
      for (let k = 0; k < m; k++) {
        const w = RU[k * m + j];
        if (w === 0) continue;
        const Dk = D[k];
        for (let i = 0; i < n; i++) out[i] += w * Dk[i];
      }
    }
    for (let j = 0; j < m; j++) D[j].set(Dtmp[j]);
  }

  /**
   * Takes one accepted step towards tBound (never beyond it). Returns null on success or the reason
   * for failure (the state is left at the last accepted step).
   */
  step(tBound: number): string | null {
    const { n, D, mass, rtol, atol } = this;
    const t = this.t;
    const minStep = 10 * abs(nextAfter(t) - t);
    let hAbs = this.hAbs;
    if (hAbs > this.maxStep) {
      this.changeD(this.order, this.maxStep / hAbs);
      hAbs = this.maxStep;
      this.nEqualSteps = 0;
      this.luValid = false;
    } else if (hAbs < minStep) {
      this.changeD(this.order, minStep / hAbs);
      hAbs = minStep;
      this.nEqualSteps = 0;
      this.luValid = false;
    }
    const order = this.order;
    const alpha = this.alpha[order];
    const { yPredict, psi, d, dy, yNew, scale, f } = this;
    let accepted = false;
    let tNew = t;
    let nIter = 0;
    let errorNorm = 0;
    let safety = 0.9;
    while (!accepted) {
      if (hAbs < minStep) return `step size ${hAbs.toExponential(3)} fell below the minimum at t=${t} (the solution may be singular or the tolerances too tight)`;
      tNew = t + hAbs;
      if (tNew - tBound > 0) {
        tNew = tBound;
        this.changeD(order, abs(tNew - t) / hAbs);
        this.nEqualSteps = 0;
        this.luValid = false;
      }
      const h = tNew - t;
      hAbs = abs(h);
      // predictor and ψ
      yPredict.fill(0);
      for (let k = 0; k <= order; k++) {
        const Dk = D[k];
        for (let i = 0; i < n; i++) yPredict[i] += Dk[i];
      }
      for (let i = 0; i < n; i++) scale[i] = atol[i] + rtol * abs(yPredict[i]);
      psi.fill(0);
      for (let k = 1; k <= order; k++) {
        const g = this.gamma[k] / alpha;
        const Dk = D[k];
        for (let i = 0; i < n; i++) psi[i] += Dk[i] * g;
      }
      const c = h / alpha;
      let converged = false;
      let jacTried = this.jacCurrent;
      for (;;) {
        if (!this.luValid || this.luC !== c) {
          if (!this.factorIteration(c)) {
            if (!jacTried) {
              this.rhs(tNew, yPredict, f);
              this.evaluateJacobian(tNew, yPredict, f);
              this.jacCurrent = true;
              jacTried = true;
              continue;
            }
            break; // singular even with a fresh Jacobian: reduce the step
          }
        }
        // simplified Newton on  M (d + ψ) = c f(t_new, y_pred + d)
        yNew.set(yPredict);
        d.fill(0);
        let dyNormOld = -1;
        converged = false;
        nIter = 0;
        const newtonTol = max((10 * Number.EPSILON) / rtol, min(0.03, sqrt(rtol)));
        for (let k = 0; k < NEWTON_MAXITER; k++) {
          nIter = k + 1;
          this.rhs(tNew, yNew, f);
          let finite = true;
          for (let i = 0; i < n; i++) {
            if (!Number.isFinite(f[i])) {
              finite = false;
              break;
            }
            dy[i] = c * f[i] - mass[i] * (psi[i] + d[i]);
          }
          if (!finite) break;
          this.A.solve(dy);
          const dyNorm = this.rmsNorm(dy, scale);
          const rate = dyNormOld < 0 ? -1 : dyNorm / dyNormOld;
          if (rate >= 0 && (rate >= 1 || (rate ** (NEWTON_MAXITER - k) / (1 - rate)) * dyNorm > newtonTol)) break;
          for (let i = 0; i < n; i++) {
            yNew[i] += dy[i];
            d[i] += dy[i];
          }
          if (dyNorm === 0 || (rate >= 0 && (rate / (1 - rate)) * dyNorm < newtonTol)) {
            converged = true;
            break;
          }
          dyNormOld = dyNorm;
        }
        if (converged) break;
        this.stats.newtonFailures++;
        if (jacTried) break;
        this.rhs(tNew, yPredict, f);
        this.evaluateJacobian(tNew, yPredict, f);
        this.jacCurrent = true;
        jacTried = true;
        this.luValid = false;
      }
      if (!converged) {
        this.stats.rejectedSteps++;
        hAbs *= 0.5;
        this.changeD(order, 0.5);
        this.nEqualSteps = 0;
        this.luValid = false;
        continue;
      }
      safety = (0.9 * (2 * NEWTON_MAXITER + 1)) / (2 * NEWTON_MAXITER + nIter);
      for (let i = 0; i < n; i++) scale[i] = atol[i] + rtol * abs(yNew[i]);
      const ec = this.errorConst[order];
      for (let i = 0; i < n; i++) dy[i] = ec * d[i];
      errorNorm = this.rmsNorm(dy, scale);
      if (errorNorm > 1) {
        this.stats.rejectedSteps++;
        const factor = max(MIN_FACTOR, safety * errorNorm ** (-1 / (order + 1)));
        hAbs *= factor;
        this.changeD(order, factor);
        this.nEqualSteps = 0;
        this.luValid = false;
      } else accepted = true;
    }
    this.stats.steps++;
    this.nEqualSteps++;
    this.tOld = t;
    this.hLast = tNew - t;
    this.t = tNew;
    this.y.set(yNew);
    this.hAbs = hAbs;
    this.jacCurrent = false;
    // update differences
    for (let i = 0; i < n; i++) {
      D[order + 2][i] = d[i] - D[order + 1][i];
      D[order + 1][i] = d[i];
    }
    for (let k = order; k >= 0; k--) {
      const Dk = D[k];
      const Dk1 = D[k + 1];
      for (let i = 0; i < n; i++) Dk[i] += Dk1[i];
    }
    if (this.nEqualSteps < order + 1) return null;
    let errM = INFINITY;
    let errP = INFINITY;
    if (order > 1) {
      const e = this.errorConst[order - 1];
      for (let i = 0; i < n; i++) dy[i] = e * D[order][i];
      errM = this.rmsNorm(dy, scale);
    }
    if (order < this.maxOrder) {
      const e = this.errorConst[order + 1];
      for (let i = 0; i < n; i++) dy[i] = e * D[order + 2][i];
      errP = this.rmsNorm(dy, scale);
    }
    const fM = errM ** (-1 / order);
    const f0 = errorNorm ** (-1 / (order + 1));
    const fP = errP ** (-1 / (order + 2));
    let delta = 0;
    let best = f0;
    if (fM > best) {
      best = fM;
      delta = -1;
    }
    if (fP > best) {
      best = fP;
      delta = 1;
    }
    const newOrder = order + delta;
    this.order = newOrder;
    const factor = min(MAX_FACTOR, safety * best);
    this.hAbs *= factor;
    this.changeD(newOrder, factor);
    this.nEqualSteps = 0;
    this.luValid = false;
    return null;
  }

  /** State at time s inside the last accepted step [tOld, t], from the dense-output polynomial. */
  denseOutput(s: number, out: Float64Array): void {
    if (this.hLast === 0 || s === this.t) {
      out.set(this.y);
      return;
    }
    // The D array was already rescaled for the next step; interpolate with the order/h that produced
    // the current state: after the update D holds differences with step hLast unless an order/step
    // change rescaled it. Use the rescaled form: D now corresponds to step hNext = this.hAbs ending at t.
    interpolate(this.t - this.hAbs, this.hAbs, this.order, this.D, s, out);
  }
}

function nextAfter(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buf = new Float64Array(1);
  const bits = new BigInt64Array(buf.buffer);
  buf[0] = x;
  bits[0] += x > 0 ? 1n : -1n;
  return buf[0];
}

/**
 * Integrates from t0 to tEnd. Never throws for numerical trouble: returns status 'failed' with the
 * accepted steps so far and a message naming t and the reason. Throws only for invalid arguments.
 */
export function solveOde(problem: OdeProblem, tSpan: [number, number], y0: ArrayLike<number>, options: BdfOptions = {}): OdeResult {
  const [t0, tEnd] = tSpan;
  if (!(tEnd > t0)) throw new Error(`solveOde: tEnd (${tEnd}) must be greater than t0 (${t0})`);
  const integ = new BdfIntegrator(problem, t0, y0, options);
  const n = problem.size;
  const tOut: number[] = [];
  const yOut: Float64Array[] = [];
  const tEval = options.tEval;
  const record = options.recordSteps ?? !tEval;
  let evalIdx = 0;
  const events = options.events ?? [];
  const gOld = events.map((e) => e.g(t0, integ.y));
  const gNew = new Float64Array(events.length);
  const hits: EventHit[] = [];
  const maxSteps = options.maxSteps ?? 100000;
  const start = options.now ? options.now() : 0;
  const tmp = new Float64Array(n);
  if (record) {
    tOut.push(t0);
    yOut.push(Float64Array.from(integ.y));
  }
  if (tEval) {
    while (evalIdx < tEval.length && tEval[evalIdx] <= t0) {
      if (tEval[evalIdx] === t0 && !record) {
        tOut.push(t0);
        yOut.push(Float64Array.from(integ.y));
      }
      evalIdx++;
    }
  }
  const finish = (status: OdeStatus, message: string): OdeResult => ({
    status,
    message,
    t: tOut,
    y: yOut,
    tFinal: integ.t,
    yFinal: Float64Array.from(integ.y),
    events: hits,
    stats: { ...integ.stats },
  });
  // A terminal event with a direction whose function already starts on the far side (e.g. a
  // voltage already below its cut-off after consistent initialisation) stops at t0.
  for (let k = 0; k < events.length; k++) {
    const ev = events[k];
    const dir = ev.direction ?? 0;
    if (ev.firesAtStart && (ev.terminal ?? true) && dir !== 0 && gOld[k] * dir > 0) {
      hits.push({ name: ev.name, t: t0, y: Float64Array.from(integ.y), terminal: true });
      return finish('event', `stopped at t=${t0} by event '${ev.name}' (already reached at the start)`);
    }
  }
  while (integ.t < tEnd) {
    if (integ.stats.steps + integ.stats.rejectedSteps >= maxSteps) {
      return finish('failed', `BDF stopped at t=${integ.t}: step limit of ${maxSteps} reached before t=${tEnd}`);
    }
    if (options.now && options.maxWallTimeMs !== undefined && options.now() - start > options.maxWallTimeMs) {
      return finish('failed', `BDF stopped at t=${integ.t}: wall-clock limit of ${options.maxWallTimeMs} ms reached before t=${tEnd}`);
    }
    const tPrev = integ.t;
    const err = integ.step(tEnd);
    if (err) return finish('failed', `BDF failed at t=${integ.t}: ${err}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(integ.y[i])) return finish('failed', `BDF failed at t=${integ.t}: state component ${i} is not finite`);
    }
    // events
    let firstT = INFINITY;
    let firstK = -1;
    for (let k = 0; k < events.length; k++) {
      const ev = events[k];
      const g1 = ev.g(integ.t, integ.y);
      gNew[k] = g1;
      const g0 = gOld[k];
      const dir = ev.direction ?? 0;
      const up = g0 < 0 && g1 >= 0;
      const down = g0 > 0 && g1 <= 0;
      if ((up && dir >= 0) || (down && dir <= 0)) {
        let tr = integ.t;
        if (g1 !== 0) {
          const fn = (s: number): number => {
            integ.denseOutput(s, tmp);
            return ev.g(s, tmp);
          };
          try {
            tr = brent(fn, tPrev, integ.t, { xtol: 1e-12 * max(1, abs(integ.t)) }, g0, g1).x;
          } catch {
            tr = integ.t;
          }
        }
        const yr = new Float64Array(n);
        integ.denseOutput(tr, yr);
        const terminal = ev.terminal ?? true;
        hits.push({ name: ev.name, t: tr, y: yr, terminal });
        if (terminal && tr < firstT) {
          firstT = tr;
          firstK = hits.length - 1;
        }
      }
    }
    const stopT = firstK >= 0 ? firstT : integ.t;
    if (tEval) {
      while (evalIdx < tEval.length && tEval[evalIdx] <= stopT) {
        const y = new Float64Array(n);
        integ.denseOutput(tEval[evalIdx], y);
        tOut.push(tEval[evalIdx]);
        yOut.push(y);
        evalIdx++;
      }
    }
    if (firstK >= 0) {
      const hit = hits[firstK];
      // keep only events up to the terminal one
      for (let k = hits.length - 1; k >= 0; k--) if (hits[k].t > firstT) hits.splice(k, 1);
      if (record) {
        tOut.push(hit.t);
        yOut.push(Float64Array.from(hit.y));
      }
      integ.t = hit.t;
      integ.y.set(hit.y);
      return finish('event', `stopped at t=${hit.t} by event '${hit.name}'`);
    }
    gOld.splice(0, gOld.length, ...gNew);
    if (record) {
      tOut.push(integ.t);
      yOut.push(Float64Array.from(integ.y));
    }
    if (options.onStep && options.onStep(integ.t, integ.y) === false) return finish('stopped', `stopped by the caller at t=${integ.t}`);
  }
  return finish('completed', `reached t=${integ.t}`);
}
