/**
 * Deshpande–Fleck isotropic crushable foam: LS-DYNA *MAT_DESHPANDE_FLECK_FOAM (MAT_154, as in
 * OpenRadioss LAW115) and Abaqus *CRUSHABLE FOAM, HARDENING=ISOTROPIC (MAT_063 MODEL = 1);
 * ../shared/reference/mechanics.md §1.3–§1.4.
 *
 * Equivalent stress sigma_hat = sqrt[(q^2 + alpha^2 sigma_m^2) / (1 + (alpha/3)^2)], yield
 * sigma_hat = Y(eps_hat). alpha in [0, sqrt(4.5)] (sqrt(4.5) gives zero plastic Poisson's ratio);
 * the Abaqus form uses k = sigma_c0/pc0 with alpha = 3k/sqrt(9 - k^2).
 * Hardening, either
 *  - MAT_154: Y = sigma_p + gamma eps_hat/eps_D + alpha2 ln[1/(1 - (eps_hat/eps_D)^beta)]
 *    (densification at eps_D), or
 *  - a tabulated uniaxial-compression curve Y(eps_hat) (Abaqus).
 * Associated flow; eps_hat from plastic-work equivalence Y d eps_hat = sigma:d eps^p.
 *
 * Return mapping: fully implicit (not LAW115's fixed three cutting-plane passes). With
 * R = sqrt(q^2 + alpha^2 p^2), c = sqrt(1 + (alpha/3)^2) and d_lambda' = d_lambda/R, the closed
 * forms p = p* / (1 + K alpha^2 dl'), q = q* / (1 + 3 G dl') hold (§1.3), and at the converged state
 * sigma:d eps^p = dl' R^2 = Y d eps_hat with R = c Y, so d eps_hat = dl' R c. One scalar equation
 * R(dl') - c Y(eps_hat_n + dl' R c) = 0, bracketed Illinois to 1e-12 Y.
 * Symmetric in tension and compression: no tension cut-off (a known shortcoming for jellyrolls).
 */
import { MaterialModel, StressUpdateBlock } from '../material';
import { Curve, curveSlope, evalCurve, makeCurve } from './curve';
import { HardeningScale, HardeningScaleOptions } from './hardening-scale';
import { bracketAbove, illinoisRoot, misesOf, pressureOf, setPressureMises } from './pq';
import { addIsotropicIncrement, equivalentStrainRate, isotropicElasticEnergy } from './tensor3';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { log, max, min, pow, sqrt: mathSqrt } = Math;

export type DeshpandeFleckHardening =
  | { kind: 'mat154'; sigmaP: number; gamma: number; epsD: number; alpha2: number; beta: number }
  | { kind: 'table'; curve: ReadonlyArray<readonly [number, number]> };

export interface DeshpandeFleckParams {
  density: number;
  youngsModulus: number;
  poissonsRatio: number;
  /** Shape factor alpha in [0, sqrt(4.5)]. */
  alpha: number;
  hardening: DeshpandeFleckHardening;
  scaling?: HardeningScaleOptions;
}

const H_EPS = 0;
const H_RATE = 1;
const HISTORY_SIZE = 2;

export class DeshpandeFleck implements MaterialModel {
  readonly law = 'deshpande-fleck';
  readonly density: number;
  readonly historySize = HISTORY_SIZE;
  readonly bulkModulus: number;
  readonly shearModulus: number;
  readonly alpha: number;
  /** c = sqrt(1 + (alpha/3)^2). */
  readonly shapeScale: number;
  private readonly hardening: DeshpandeFleckHardening;
  private readonly table?: Curve;
  private readonly scale: HardeningScale;
  private pTrial = 0;
  private qTrial = 0;
  private epsN = 0;
  private factor = 1;

  constructor(params: DeshpandeFleckParams) {
    this.density = params.density;
    const E = params.youngsModulus, nu = params.poissonsRatio;
    this.bulkModulus = E / (3 * (1 - 2 * nu));
    this.shearModulus = E / (2 * (1 + nu));
    this.alpha = params.alpha;
    this.shapeScale = mathSqrt(1 + (params.alpha / 3) ** 2);
    this.hardening = params.hardening;
    if (params.hardening.kind === 'table') this.table = makeCurve(params.hardening.curve);
    this.scale = new HardeningScale(params.scaling);
  }

  /** Abaqus k -> alpha = 3k / sqrt(9 - k^2) (§1.3). */
  static alphaFromK(k: number): number {
    return (3 * k) / mathSqrt(9 - k * k);
  }

  /** Yield stress Y(eps_hat) [Pa] (with the SOC/rate factor). */
  yieldStress(eps: number, factor = this.scale.scale(0)): number {
    const h = this.hardening;
    if (h.kind === 'table') return max(evalCurve(this.table!, eps), 1e-10) * factor;
    const x = min(eps / h.epsD, 1 - 1e-15);
    const y = h.sigmaP + h.gamma * x + h.alpha2 * log(1 / (1 - pow(max(x, 0), h.beta)));
    return max(y, 1e-10) * factor;
  }

  /** dY/d eps_hat: H = gamma/eps_D + alpha2 beta x^(beta-1) / (eps_D (1 - x^beta)) (§1.4, derived). */
  hardeningModulus(eps: number): number {
    const h = this.hardening;
    if (h.kind === 'table') return curveSlope(this.table!, eps) * this.scale.scale(0);
    const x = min(max(eps / h.epsD, 0), 1 - 1e-15);
    const xb1 = x > 0 ? pow(x, h.beta - 1) : (h.beta === 1 ? 1 : 0);
    return (h.gamma / h.epsD + (h.alpha2 * h.beta * xb1) / (h.epsD * (1 - pow(x, h.beta)))) * this.scale.scale(0);
  }

  /** Equivalent stress sigma_hat(p, q). */
  equivalentStress(p: number, q: number): number {
    return mathSqrt(q * q + this.alpha * this.alpha * p * p) / this.shapeScale;
  }

  initHistory(history: Float64Array, first: number, count: number): void {
    history.fill(0, first * HISTORY_SIZE, (first + count) * HISTORY_SIZE);
  }

  initialWaveSpeed(): number {
    return mathSqrt((this.bulkModulus + (4 / 3) * this.shearModulus) / this.density);
  }

  equivalentPlasticStrain(history: Float64Array, point: number): number {
    return history[point * HISTORY_SIZE + H_EPS];
  }

  private readonly residual = (x: number): number => {
    const p = this.pTrial / (1 + this.bulkModulus * this.alpha * this.alpha * x);
    const q = this.qTrial / (1 + 3 * this.shearModulus * x);
    const R = mathSqrt(q * q + this.alpha * this.alpha * p * p);
    return R - this.shapeScale * this.yieldStress(this.epsN + x * R * this.shapeScale, this.factor);
  };

  update(b: StressUpdateBlock): void {
    const K = this.bulkModulus, G = this.shearModulus, a2 = this.alpha * this.alpha;
    const stress = b.stress, history = b.history, de = b.strainIncrement;
    for (let i = b.first; i < b.first + b.count; i++) {
      const so = 6 * i, ho = HISTORY_SIZE * i;
      const oldEnergy = isotropicElasticEnergy(stress, so, K, G);
      let work = 0;
      for (let k = 0; k < 6; k++) work += (k < 3 ? 1 : 2) * 0.5 * stress[so + k] * de[so + k];
      const rate = this.scale.rateDependent
        ? this.scale.filter(history[ho + H_RATE], equivalentStrainRate(de, so, b.dt)) : 0;
      this.factor = this.scale.scale(rate);
      this.epsN = history[ho + H_EPS];
      addIsotropicIncrement(stress, so, de, so, K, G);
      const pT = pressureOf(stress, so), qT = misesOf(stress, so);
      const f0 = mathSqrt(qT * qT + a2 * pT * pT) - this.shapeScale * this.yieldStress(this.epsN, this.factor);
      if (f0 > 0) {
        this.pTrial = pT; this.qTrial = qT;
        const tol = 1e-12 * this.shapeScale * this.yieldStress(this.epsN, this.factor);
        const hi = bracketAbove(this.residual, f0 / (K * max(a2, 1e-3) + 3 * G));
        const x = illinoisRoot(this.residual, 0, f0, hi, this.residual(hi), tol);
        const p = pT / (1 + K * a2 * x), q = qT / (1 + 3 * G * x);
        setPressureMises(stress, so, pT, qT, p, q);
        history[ho + H_EPS] = this.epsN + x * mathSqrt(q * q + a2 * p * p) * this.shapeScale;
      }
      history[ho + H_RATE] = rate;
      for (let k = 0; k < 6; k++) work += (k < 3 ? 1 : 2) * 0.5 * stress[so + k] * de[so + k];
      b.plasticWorkIncrement[i] = f0 > 0 ? max(work - (isotropicElasticEnergy(stress, so, K, G) - oldEnergy), 0) : 0;
      b.waveSpeed[i] = mathSqrt((K + (4 / 3) * G) * b.relativeVolume[i] / this.density);
    }
  }
}
