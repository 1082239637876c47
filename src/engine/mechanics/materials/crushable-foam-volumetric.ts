/**
 * Crushable foam with volumetric hardening after Abaqus *CRUSHABLE FOAM, HARDENING=VOLUMETRIC
 * (LS-DYNA MAT_063 MODEL = 2); ../shared/reference/mechanics.md §1.2.
 *
 * Yield: F = sqrt(q^2 + alpha^2 (p - p0)^2) - alpha A, p0 = (pc - pt)/2, A = (pc + pt)/2,
 * alpha = 3k / sqrt((3 kt + k)(3 - k)), k = sigma_c0/pc0, kt = pt/pc0, 0 < k < 3, kt >= 0.
 * pt is fixed; pc follows the uniaxial compression curve through
 *   pc(eps_vol^pl) = [sigma_c^2 (1/alpha^2 + 1/9) + (pt/3) sigma_c] / (pt + sigma_c/3),
 * i.e. the ellipse passes through (sigma_c/3, sigma_c) with sigma_c = curve(eps_vol^pl).
 * Flow potential (non-associated): G = sqrt(q^2 + 9/2 p^2), zero plastic Poisson's ratio in
 * uniaxial compression, which is what makes eps_axial^pl = eps_vol^pl.
 *
 * Return mapping (backward Euler). The reference writes it as a two-unknown Newton in
 * (d_eps_v, d_eps_q). Because the potential gradient is (9/2 p, q)/G evaluated at the end state
 * and the elasticity is isotropic, eliminating d_lambda' = d_lambda/G gives the exact closed forms
 *   p = p* / (1 + 9/2 K dl'),  q = q* / (1 + 3 G dl'),  d_eps_v = 9/2 p dl'  (compaction positive),
 * so the two-unknown system collapses to one scalar equation F(dl') = 0, solved by a bracketed
 * Illinois iteration to |F| < 1e-12 B. The hydrostatic case (q* = 0 keeps q = 0), pure shear
 * (p* = 0 keeps d_eps_v = 0) and the hydrostatic-tension apex (q = 0, p -> p0 - A = -pt,
 * perfectly plastic) come out of the same equation without special branches.
 * Dilatant flow (p < 0) lowers eps_vol^pl and softens; below the curve's first point sigma_c is
 * extrapolated with the first slope and floored at 1e-3 sigma_c0 so the ellipse never collapses.
 */
import { MaterialModel, StressUpdateBlock } from '../material';
import { Curve, evalCurve, makeCurve } from './curve';
import { HardeningScale, HardeningScaleOptions } from './hardening-scale';
import { bracketAbove, illinoisRoot, misesOf, pressureOf, setPressureMises } from './pq';
import { addIsotropicIncrement, equivalentStrainRate, isotropicElasticEnergy } from './tensor3';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { max, sqrt: mathSqrt } = Math;

export interface CrushableFoamVolumetricParams {
  density: number;
  youngsModulus: number;
  poissonsRatio: number;
  /** k = sigma_c0 / pc0, in (0, 3). */
  compressionYieldRatio: number;
  /** kt = pt / pc0, >= 0. */
  hydrostaticTensionRatio: number;
  /** Uniaxial compression yield magnitude [Pa] vs plastic strain (= volumetric plastic strain). */
  compressionCurve: ReadonlyArray<readonly [number, number]>;
  scaling?: HardeningScaleOptions;
}

const H_EPSV = 0;
const H_RATE = 1;
const HISTORY_SIZE = 2;

export class CrushableFoamVolumetric implements MaterialModel {
  readonly law = 'crushable-foam-volumetric';
  readonly density: number;
  readonly historySize = HISTORY_SIZE;
  readonly bulkModulus: number;
  readonly shearModulus: number;
  readonly alpha: number;
  /** Hydrostatic tensile strength pt [Pa] (fixed). */
  readonly pt: number;
  readonly sigmaC0: number;
  private readonly curve: Curve;
  private readonly scale: HardeningScale;
  // scratch for the closure-free hot loop
  private pTrial = 0;
  private qTrial = 0;
  private epsVn = 0;
  private hardeningFactor = 1;

  constructor(params: CrushableFoamVolumetricParams) {
    const k = params.compressionYieldRatio, kt = params.hydrostaticTensionRatio;
    this.density = params.density;
    const E = params.youngsModulus, nu = params.poissonsRatio;
    this.bulkModulus = E / (3 * (1 - 2 * nu));
    this.shearModulus = E / (2 * (1 + nu));
    this.alpha = (3 * k) / mathSqrt((3 * kt + k) * (3 - k));
    this.curve = makeCurve(params.compressionCurve);
    this.sigmaC0 = evalCurve(this.curve, 0);
    this.pt = kt * (this.sigmaC0 / k);
    this.scale = new HardeningScale(params.scaling);
  }

  /** Uniaxial compressive yield sigma_c at volumetric plastic strain eps (with the SOC/rate factor). */
  compressionYield(epsV: number, factor = this.scale.scale(0)): number {
    return max(evalCurve(this.curve, epsV), 1e-3 * this.sigmaC0) * factor;
  }

  /** Hydrostatic compression yield pc for a given sigma_c (§1.2). */
  pcFromSigmaC(sc: number): number {
    const a2 = this.alpha * this.alpha;
    return (sc * sc * (1 / a2 + 1 / 9) + (this.pt / 3) * sc) / (this.pt + sc / 3);
  }

  /** Yield function F(p, q; eps_vol^pl) [Pa]. */
  yieldFunction(p: number, q: number, epsV: number, factor = this.scale.scale(0)): number {
    const pc = this.pcFromSigmaC(this.compressionYield(epsV, factor));
    const p0 = (pc - this.pt) / 2, A = (pc + this.pt) / 2;
    return mathSqrt(q * q + this.alpha * this.alpha * (p - p0) * (p - p0)) - this.alpha * A;
  }

  /** alpha A of the current surface (the natural scale of F). */
  yieldScale(epsV: number, factor = this.scale.scale(0)): number {
    return this.alpha * (this.pcFromSigmaC(this.compressionYield(epsV, factor)) + this.pt) / 2;
  }

  initHistory(history: Float64Array, first: number, count: number): void {
    history.fill(0, first * HISTORY_SIZE, (first + count) * HISTORY_SIZE);
  }

  initialWaveSpeed(): number {
    return mathSqrt((this.bulkModulus + (4 / 3) * this.shearModulus) / this.density);
  }

  equivalentPlasticStrain(history: Float64Array, point: number): number {
    return history[point * HISTORY_SIZE + H_EPSV];
  }

  private readonly residual = (x: number): number => {
    const p = this.pTrial / (1 + 4.5 * this.bulkModulus * x);
    const q = this.qTrial / (1 + 3 * this.shearModulus * x);
    return this.yieldFunction(p, q, this.epsVn + 4.5 * p * x, this.hardeningFactor);
  };

  update(b: StressUpdateBlock): void {
    const K = this.bulkModulus, G = this.shearModulus;
    const stress = b.stress, history = b.history, de = b.strainIncrement;
    for (let i = b.first; i < b.first + b.count; i++) {
      const so = 6 * i, ho = HISTORY_SIZE * i;
      const oldEnergy = isotropicElasticEnergy(stress, so, K, G);
      let work = 0;
      for (let k = 0; k < 6; k++) work += (k < 3 ? 1 : 2) * 0.5 * stress[so + k] * de[so + k];
      const rate = this.scale.rateDependent
        ? this.scale.filter(history[ho + H_RATE], equivalentStrainRate(de, so, b.dt)) : 0;
      this.hardeningFactor = this.scale.scale(rate);
      this.epsVn = history[ho + H_EPSV];

      addIsotropicIncrement(stress, so, de, so, K, G);
      const pT = pressureOf(stress, so), qT = misesOf(stress, so);
      const f0 = this.yieldFunction(pT, qT, this.epsVn, this.hardeningFactor);
      if (f0 > 0) {
        this.pTrial = pT; this.qTrial = qT;
        const tol = 1e-12 * this.yieldScale(this.epsVn, this.hardeningFactor);
        const hi = bracketAbove(this.residual, f0 / (K + G));
        const x = illinoisRoot(this.residual, 0, f0, hi, this.residual(hi), tol);
        const p = pT / (1 + 4.5 * K * x), q = qT / (1 + 3 * G * x);
        setPressureMises(stress, so, pT, qT, p, q);
        history[ho + H_EPSV] = this.epsVn + 4.5 * p * x;
      }
      history[ho + H_RATE] = rate;
      for (let k = 0; k < 6; k++) work += (k < 3 ? 1 : 2) * 0.5 * stress[so + k] * de[so + k];
      // Elastic steps dissipate nothing; do not let round-off in the energy difference say otherwise.
      b.plasticWorkIncrement[i] = f0 > 0 ? max(work - (isotropicElasticEnergy(stress, so, K, G) - oldEnergy), 0) : 0;
      // Elastic moduli are fixed in this law (Abaqus): c^2 = (K + 4G/3)/rho at the current density.
      b.waveSpeed[i] = mathSqrt((K + (4 / 3) * G) * b.relativeVolume[i] / this.density);
    }
  }
}
