/**
 * Single-material-point driver (the batsafe analogue of MFront's MTest): applies strain-increment
 * paths to one point of a MaterialModel so that a law can be checked against closed-form and
 * hand-derived responses without a mesh. Strain is logarithmic with tensor shear (Voigt
 * [xx, yy, zz, xy, yz, zx]); the relative volume is J = exp(tr eps), exact for log strain.
 *
 * Mixed control (e.g. uniaxial stress) solves for the free strain components that make the
 * selected stress components vanish, by Newton with a finite-difference Jacobian (the law's
 * history is restored between trials, so each trial is a genuine step from the same state).
 */
import { MaterialModel, StressUpdateBlock } from '../material';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, exp: mathExp, max } = Math;

export interface DriverOptions {
  /** Time step [s] per increment (sets the strain rate). */
  dt?: number;
  /** Characteristic element length [m] (damping, regularisation). */
  initialLength?: number;
}

export interface DriverRecord {
  strain: number[];
  stress: number[];
  relativeVolume: number;
  waveSpeed: number;
  plasticWork: number;
}

export class MaterialPointDriver {
  readonly stress = new Float64Array(6);
  readonly totalStrain = new Float64Array(6);
  readonly history: Float64Array;
  readonly relativeVolume = new Float64Array(1);
  readonly waveSpeed = new Float64Array(1);
  readonly plasticWorkIncrement = new Float64Array(1);
  /** Accumulated plastic work density [J/m^3]. */
  plasticWork = 0;
  dt: number;
  private readonly increment = new Float64Array(6);
  private readonly block: StressUpdateBlock;

  constructor(readonly model: MaterialModel, options: DriverOptions = {}) {
    this.dt = options.dt ?? 1e-3;
    this.history = new Float64Array(max(model.historySize, 1));
    model.initHistory(this.history, 0, 1);
    this.relativeVolume[0] = 1;
    this.waveSpeed[0] = model.initialWaveSpeed();
    const initialLength = new Float64Array([options.initialLength ?? 1e-3]);
    this.block = {
      first: 0, count: 1, dt: this.dt,
      strainIncrement: this.increment, totalStrain: this.totalStrain, stress: this.stress,
      history: this.history, relativeVolume: this.relativeVolume, initialLength,
      waveSpeed: this.waveSpeed, plasticWorkIncrement: this.plasticWorkIncrement,
    };
  }

  /** One strain-controlled increment. */
  step(dEps: ArrayLike<number>): void {
    for (let k = 0; k < 6; k++) {
      this.increment[k] = dEps[k];
      this.totalStrain[k] += dEps[k];
    }
    this.relativeVolume[0] = mathExp(this.totalStrain[0] + this.totalStrain[1] + this.totalStrain[2]);
    this.block.dt = this.dt;
    this.model.update(this.block);
    this.plasticWork += this.plasticWorkIncrement[0];
  }

  /**
   * One increment with the components listed in `free` left unknown and their stresses driven to
   * zero (e.g. free = [1, 2] for uniaxial stress along x). `dEps` gives the prescribed components
   * and the initial guess of the free ones. Returns the number of Newton iterations.
   */
  stepMixed(dEps: ArrayLike<number>, free: readonly number[], tolerance = 1e-9): number {
    const saved = this.save();
    const trial = Float64Array.from(dEps as ArrayLike<number>);
    const n = free.length;
    const residual = new Float64Array(n);
    const jac = new Float64Array(n * n);
    const evaluate = (out: Float64Array): void => {
      this.restore(saved);
      this.step(trial);
      for (let a = 0; a < n; a++) out[a] = this.stress[free[a]];
    };
    let iterations = 0;
    for (; iterations < 50; iterations++) {
      evaluate(residual);
      let norm = 0;
      let scale = 1;
      for (let k = 0; k < 6; k++) scale = max(scale, abs(this.stress[k]));
      for (let a = 0; a < n; a++) norm = max(norm, abs(residual[a]));
      if (norm <= tolerance * scale) return iterations;
      let h = 0;
      for (let k = 0; k < 6; k++) h = max(h, abs(trial[k]));
      h = max(h * 1e-6, 1e-12);
      const perturbed = new Float64Array(n);
      for (let bIdx = 0; bIdx < n; bIdx++) {
        trial[free[bIdx]] += h;
        evaluate(perturbed);
        trial[free[bIdx]] -= h;
        for (let a = 0; a < n; a++) jac[a * n + bIdx] = (perturbed[a] - residual[a]) / h;
      }
      const delta = solveDense(jac, residual, n);
      for (let a = 0; a < n; a++) trial[free[a]] -= delta[a];
    }
    evaluate(residual);
    return iterations;
  }

  record(): DriverRecord {
    return {
      strain: Array.from(this.totalStrain), stress: Array.from(this.stress),
      relativeVolume: this.relativeVolume[0], waveSpeed: this.waveSpeed[0], plasticWork: this.plasticWork,
    };
  }

  /** Runs `steps` equal increments of `total` (strain controlled) and records each state. */
  path(total: ArrayLike<number>, steps: number): DriverRecord[] {
    const inc = Array.from(total as ArrayLike<number>, (v) => v / steps);
    const out: DriverRecord[] = [];
    for (let s = 0; s < steps; s++) {
      this.step(inc);
      out.push(this.record());
    }
    return out;
  }

  /** Runs `steps` equal increments with `free` components stress-free (mixed control). */
  pathMixed(total: ArrayLike<number>, free: readonly number[], steps: number): DriverRecord[] {
    const inc = Array.from(total as ArrayLike<number>, (v) => v / steps);
    const out: DriverRecord[] = [];
    for (let s = 0; s < steps; s++) {
      this.stepMixed(inc, free);
      for (const f of free) inc[f] = this.increment[f];
      out.push(this.record());
    }
    return out;
  }

  private save(): Float64Array[] {
    return [Float64Array.from(this.stress), Float64Array.from(this.totalStrain), Float64Array.from(this.history),
      Float64Array.from([this.relativeVolume[0], this.waveSpeed[0], this.plasticWork])];
  }

  private restore(s: Float64Array[]): void {
    this.stress.set(s[0]);
    this.totalStrain.set(s[1]);
    this.history.set(s[2]);
    this.relativeVolume[0] = s[3][0];
    this.waveSpeed[0] = s[3][1];
    this.plasticWork = s[3][2];
  }
}

/** Gaussian elimination with partial pivoting for the small mixed-control systems. */
function solveDense(aIn: Float64Array, bIn: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(aIn), b = Float64Array.from(bIn);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (abs(a[r * n + c]) > abs(a[piv * n + c])) piv = r;
    if (piv !== c) {
      for (let k = 0; k < n; k++) { const t = a[c * n + k]; a[c * n + k] = a[piv * n + k]; a[piv * n + k] = t; }
      const t = b[c]; b[c] = b[piv]; b[piv] = t;
    }
    const d = a[c * n + c] || 1e-300;
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / d;
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * x[k];
    x[r] = s / (a[r * n + r] || 1e-300);
  }
  return x;
}
