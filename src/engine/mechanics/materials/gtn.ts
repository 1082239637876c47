/**
 * Gurson–Tvergaard–Needleman porous plasticity with Chu–Needleman strain-controlled nucleation and
 * Tvergaard–Needleman coalescence, for casings and current collectors; ../shared/reference/
 * mechanics.md §1.6 (TFEL GursonTvergaardNeedleman1982StressCriterion; OpenRadioss LAW104).
 *
 * Phi = (sigma_eq/sigma_y)^2 + 2 q1 f* cosh(3 q2 sigma_m / (2 sigma_y)) - 1 - q3 f*^2
 * f* = f (f < fc), fc + delta (f - fc) with delta = (1/q1 - fc)/(fF - fc) beyond; failure at f = fF.
 * df = (1 - f) tr(d eps^p) + A_N d eps_bar, A_N = fN/(sN sqrt(2 pi)) exp(-1/2 ((eps_bar - eN)/sN)^2);
 * matrix strain from work equivalence (1 - f) sigma_y d eps_bar = sigma : d eps^p.
 *
 * Return mapping, fully implicit (backward Euler, associated flow d eps^p = dl dPhi/dsigma):
 * for given (sigma_y, f*) the deviator has the closed form sigma_eq = sigma_eq* / (1 + 6 G dl/sigma_y^2)
 * (direction of s* kept), sigma_m solves the monotone scalar equation
 *   sigma_m - sigma_m* + K dl (3 q1 q2 f* / sigma_y) sinh(3 q2 sigma_m/(2 sigma_y)) = 0,
 * and Phi(dl) = 0 is bracketed and solved by Illinois. The internal variables (eps_bar, f) are
 * iterated to a fixed point around that solve, so that Phi, sigma_y and f* all refer to the end of
 * the step (|Phi| < 1e-10 after return). This is equivalent to Aravas's (1987) two-unknown scheme
 * with the internal variables updated implicitly, written as nested scalar solves.
 * The results carry a warning once the porosity exceeds 10 % (review: unreliable beyond that).
 */
import { MaterialModel, StressUpdateBlock } from '../material';
import { Curve, evalCurve, makeCurve } from './curve';
import { bracketAbove, illinoisRoot } from './pq';
import { addIsotropicIncrement, isotropicElasticEnergy } from './tensor3';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { PI, abs, asinh: mathAsinh, cosh: mathCosh, exp: mathExp, max: mathMax, min, sinh: mathSinh, sqrt: mathSqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

export interface GtnParams {
  density: number;
  youngsModulus: number;
  poissonsRatio: number;
  /** Matrix yield stress [Pa] vs matrix equivalent plastic strain. */
  hardening: ReadonlyArray<readonly [number, number]>;
  q1?: number;
  q2?: number;
  /** Defaults to q1^2. */
  q3?: number;
  initialPorosity: number;
  nucleation?: { fN: number; epsN: number; sN: number };
  coalescence?: { fc: number; fF: number };
}

const H_EPS = 0;
const H_F = 1;
const H_FAILED = 2;
/** 1 once a return at this point stopped without meeting its tolerance (reported by warnings()). */
const H_NONCONVERGED = 3;
const HISTORY_SIZE = 4;
/** Porosity above which results are flagged unreliable (seed-review / issue 4). */
export const GTN_POROSITY_WARNING = 0.1;

export class GursonTvergaardNeedleman implements MaterialModel {
  readonly law = 'gtn';
  readonly density: number;
  readonly historySize = HISTORY_SIZE;
  readonly bulkModulus: number;
  readonly shearModulus: number;
  readonly q1: number;
  readonly q2: number;
  readonly q3: number;
  readonly f0: number;
  private readonly curve: Curve;
  private readonly nucleation?: { fN: number; epsN: number; sN: number };
  private readonly fc: number;
  private readonly fF: number;
  // per-solve scratch
  private sy = 1;
  private fs = 0;
  private smTrial = 0;
  private seqTrial = 0;
  private lastSm = 0;

  constructor(p: GtnParams) {
    this.density = p.density;
    this.bulkModulus = p.youngsModulus / (3 * (1 - 2 * p.poissonsRatio));
    this.shearModulus = p.youngsModulus / (2 * (1 + p.poissonsRatio));
    this.q1 = p.q1 ?? 1.5;
    this.q2 = p.q2 ?? 1.0;
    this.q3 = p.q3 ?? this.q1 * this.q1;
    this.f0 = p.initialPorosity;
    this.curve = makeCurve(p.hardening);
    this.nucleation = p.nucleation;
    this.fc = p.coalescence?.fc ?? INFINITY;
    this.fF = p.coalescence?.fF ?? INFINITY;
  }

  yieldStress(eps: number): number {
    return evalCurve(this.curve, eps);
  }

  /** Effective porosity f* (Tvergaard–Needleman 1984). */
  effectivePorosity(f: number): number {
    if (f < this.fc) return f;
    const delta = (1 / this.q1 - this.fc) / (this.fF - this.fc);
    return min(this.fc + delta * (f - this.fc), 1 / this.q1);
  }

  /** Chu–Needleman nucleation rate A_N(eps_bar). */
  nucleationRate(eps: number): number {
    const n = this.nucleation;
    if (!n) return 0;
    const z = (eps - n.epsN) / n.sN;
    return (n.fN / (n.sN * mathSqrt(2 * PI))) * mathExp(-0.5 * z * z);
  }

  /** Phi(sigma_m, sigma_eq; sigma_y, f*). */
  yieldFunction(sm: number, seq: number, sy: number, fStar: number): number {
    return (seq / sy) ** 2 + 2 * this.q1 * fStar * mathCosh((3 * this.q2 * sm) / (2 * sy)) - 1 - this.q3 * fStar * fStar;
  }

  initHistory(history: Float64Array, first: number, count: number): void {
    for (let i = first; i < first + count; i++) {
      history[HISTORY_SIZE * i + H_EPS] = 0;
      history[HISTORY_SIZE * i + H_F] = this.f0;
      history[HISTORY_SIZE * i + H_FAILED] = 0;
      history[HISTORY_SIZE * i + H_NONCONVERGED] = 0;
    }
  }

  initialWaveSpeed(): number {
    return mathSqrt((this.bulkModulus + (4 / 3) * this.shearModulus) / this.density);
  }

  equivalentPlasticStrain(history: Float64Array, point: number): number {
    return history[point * HISTORY_SIZE + H_EPS];
  }

  /** Porosity f. */
  damage(history: Float64Array, point: number): number {
    return history[point * HISTORY_SIZE + H_F];
  }

  warnings(history: Float64Array, first: number, count: number): string[] {
    let n = 0, fMax = 0, failed = 0, nonConverged = 0;
    for (let i = first; i < first + count; i++) {
      if (history[HISTORY_SIZE * i + H_NONCONVERGED] === 1) nonConverged++;
      const f = history[HISTORY_SIZE * i + H_F];
      if (f > GTN_POROSITY_WARNING) { n++; fMax = mathMax(fMax, f); }
      if (history[HISTORY_SIZE * i + H_FAILED] === 1) failed++;
    }
    const out: string[] = [];
    if (n > 0) {
      out.push(`gtn: porosity exceeds ${GTN_POROSITY_WARNING * 100} % at ${n} point(s) (max ${(fMax * 100).toFixed(1)} %); `
        + 'GTN results beyond 10 % porosity are unreliable (Scalco de Vasconcelos et al., Chem. Rev. 2022)');
    }
    if (failed > 0) out.push(`gtn: ${failed} point(s) reached the fracture porosity fF and carry no stress`);
    if (nonConverged > 0) out.push(`gtn: the internal-variable update (matrix strain, porosity) stopped short of its tolerance at ${nonConverged} point(s) (voids closing within one step); the yield condition holds for the stored values, their evolution is approximate`);
    return out;
  }

  /**
   * sigma_m for a given dl: root of g(x) = x - sm* + c sinh(a x), odd and convex for x > 0, so
   * Newton from an upper bound (the smaller of sm* / (1 + c a) and asinh(sm* / c)/a, both >= the
   * root) converges monotonically without safeguards.
   */
  private meanStress(dl: number): number {
    const c = (this.bulkModulus * dl * 3 * this.q1 * this.q2 * this.fs) / this.sy;
    const a = (3 * this.q2) / (2 * this.sy);
    const smT = abs(this.smTrial);
    if (c === 0 || smT === 0) return this.smTrial;
    let x = min(smT / (1 + c * a), mathAsinh(smT / c) / a);
    for (let it = 0; it < 60; it++) {
      const g = x - smT + c * mathSinh(a * x);
      const next = x - g / (1 + c * a * mathCosh(a * x));
      const done = !(x - next > 1e-15 * smT);
      x = next;
      if (done) break;
    }
    return this.smTrial > 0 ? x : -x;
  }

  private readonly residual = (dl: number): number => {
    const seq = this.seqTrial / (1 + (6 * this.shearModulus * dl) / (this.sy * this.sy));
    const sm = this.meanStress(dl);
    this.lastSm = sm;
    return this.yieldFunction(sm, seq, this.sy, this.fs);
  };

  update(b: StressUpdateBlock): void {
    const K = this.bulkModulus, G = this.shearModulus;
    const stress = b.stress, history = b.history, de = b.strainIncrement;
    for (let i = b.first; i < b.first + b.count; i++) {
      const so = 6 * i, ho = HISTORY_SIZE * i;
      b.plasticWorkIncrement[i] = 0;
      b.waveSpeed[i] = mathSqrt((K + (4 / 3) * G) * b.relativeVolume[i] / this.density);
      if (history[ho + H_FAILED] === 1) {
        for (let k = 0; k < 6; k++) stress[so + k] = 0;
        continue;
      }
      const oldEnergy = isotropicElasticEnergy(stress, so, K, G);
      let work = 0;
      for (let k = 0; k < 6; k++) work += (k < 3 ? 1 : 2) * 0.5 * stress[so + k] * de[so + k];
      addIsotropicIncrement(stress, so, de, so, K, G);
      const epsN = history[ho + H_EPS], fN = history[ho + H_F];
      const smT = (stress[so] + stress[so + 1] + stress[so + 2]) / 3;
      let ss = 0;
      for (let k = 0; k < 3; k++) ss += (stress[so + k] - smT) ** 2;
      for (let k = 3; k < 6; k++) ss += 2 * stress[so + k] ** 2;
      const seqT = mathSqrt(1.5 * ss);
      const phi0 = this.yieldFunction(smT, seqT, this.yieldStress(epsN), this.effectivePorosity(fN));
      if (!(phi0 > 0)) continue;

      this.smTrial = smT; this.seqTrial = seqT;
      // Fixed point on the internal variables (eps_bar, f) around the scalar return. The matrix
      // strain keeps a bracket [lo, hi] (an overshoot falls back to bisection); the porosity update
      // is under-relaxed, halving the relaxation each time its correction changes sign — this
      // damps the two-cycle seen when voids close under high pressure within one step (f -> 0
      // switches pore compaction off, which would reopen them).
      let eps = epsN, f = fN, dl = 0, sm = smT, seq = seqT;
      let lo = epsN, hi = INFINITY, relax = 1, lastDf = 0, converged = false;
      let usedEps = eps, usedF = f;
      for (let outer = 0; outer < 100; outer++) {
        // The stress is always the exact return for the (eps, f) used here, so the yield condition
        // holds to the scalar tolerance even if the internal-variable iteration stops short.
        usedEps = eps; usedF = f;
        this.sy = this.yieldStress(eps);
        this.fs = this.effectivePorosity(f);
        const r0 = this.residual(0);
        if (r0 <= 0) { dl = 0; sm = smT; seq = seqT; }
        else {
          // Warm start: after the first pass the root moves little, so bracket it around the last dl.
          let a = 0, fa = r0, top = NaN, fTop = NaN;
          if (dl > 0) {
            const fl = this.residual(0.8 * dl);
            if (fl > 0) { a = 0.8 * dl; fa = fl; }
            const fh = this.residual(1.25 * dl);
            if (fh < 0) { top = 1.25 * dl; fTop = fh; }
          }
          if (Number.isNaN(top)) { top = bracketAbove(this.residual, mathMax(a, (this.sy * this.sy) / (6 * G) * 1e-3)); fTop = this.residual(top); }
          dl = illinoisRoot(this.residual, a, fa, top, fTop, 1e-14);
          this.residual(dl);
          sm = this.lastSm;
          seq = seqT / (1 + (6 * G * dl) / (this.sy * this.sy));
        }
        const trDep = (dl * 3 * this.q1 * this.q2 * this.fs / this.sy) * mathSinh((3 * this.q2 * sm) / (2 * this.sy));
        const stressPower = dl * 2 * seq * seq / (this.sy * this.sy) + sm * trDep; // sigma : d eps^p
        const epsNew = epsN + stressPower / ((1 - f) * this.sy);
        // Compaction closes the voids: porosity cannot go below 0 (the matrix is then plain J2).
        const fNew = mathMax(fN + (1 - f) * trDep + this.nucleationRate(epsNew) * (epsNew - epsN), 0);
        const g = epsNew - eps, df = fNew - f;
        if (abs(g) <= 1e-14 * (1 + eps) && abs(df) <= 1e-14) { converged = true; break; }
        if (g > 0) lo = eps; else hi = eps;
        eps = epsNew > lo && epsNew < hi ? epsNew : 0.5 * (lo + (Number.isFinite(hi) ? hi : 2 * epsNew - lo));
        if (df * lastDf < 0) relax *= 0.5;
        lastDf = df;
        f += relax * df;
      }
      if (!converged) history[ho + H_NONCONVERGED] = 1;
      eps = usedEps; f = usedF;
      // write back: s = (seq/seqT) s*, sigma_m
      const ratio = seqT > 0 ? seq / seqT : 0;
      for (let k = 0; k < 3; k++) stress[so + k] = sm + ratio * (stress[so + k] - smT);
      for (let k = 3; k < 6; k++) stress[so + k] *= ratio;
      history[ho + H_EPS] = eps;
      history[ho + H_F] = f;
      if (f >= this.fF * 0.99 || this.effectivePorosity(f) >= (1 / this.q1) * (1 - 1e-9)) {
        history[ho + H_FAILED] = 1;
      }
      for (let k = 0; k < 6; k++) work += (k < 3 ? 1 : 2) * 0.5 * stress[so + k] * de[so + k];
      b.plasticWorkIncrement[i] = mathMax(work - (isotropicElasticEnergy(stress, so, K, G) - oldEnergy), 0);
    }
  }
}
