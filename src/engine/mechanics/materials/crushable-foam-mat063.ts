/**
 * Crushable foam after LS-DYNA *MAT_CRUSHABLE_FOAM (MAT_063), MODEL = 0 — the default homogenized
 * jellyroll (Sahraei/Wierzbicki 18650 models). Algorithm as in OpenRadioss LAW163
 * (sigeps163.F90), written out in ../shared/reference/mechanics.md §1.1:
 *  1. E* = max(E, steepest slope of the crush curve) ("the final slope of LCID determines the
 *     elastic stiffness"); K, G from E* and nu.
 *  2. Elastic trial sigma_tr = sigma_n + C(E*, nu):d_eps.
 *  3. Principal stresses of the trial.
 *  4. gamma = 1 - V (total volumetric strain, compaction positive); sigma_y = -|f(max(gamma, 0))|.
 *  5. Each principal stress is capped independently to [sigma_y, TSC].
 *  6. Rotated back.
 *  7. Stiffness-proportional viscous stress sigma_v = a[(d - d_m I)/(1 + nu) + d_m I/(1 - 2 nu)],
 *     a = c rho DAMP L_e / (1 + gamma), kept separately in the history so that it never enters
 *     the capped (elastic) stress; wave speed c^2 = (max(K, d sigma_y/d gamma) + 4G/3 + |a|/dt)/rho.
 * The behaviour is path independent in gamma: no plastic state, unloading is elastic from the
 * capped state and reloading meets the same curve. Shear is not yielded independently (the
 * documented weakness of MODEL 0).
 * Options: hardening scale vs SOC and strain rate (hardening-scale.ts) multiplies f.
 */
import { MaterialModel, StressUpdateBlock } from '../material';
import { Curve, curveSlope, evalCurve, makeCurve, maxSlope } from './curve';
import { HardeningScale, HardeningScaleOptions } from './hardening-scale';
import {
  EIGEN_RANGE_TOLERANCE, addIsotropicIncrement, composeFromEigen, eigenScale, equivalentStrainRate, isotropicElasticEnergy,
  symmetricEigen, symmetricEigenvalueRange,
} from './tensor3';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, log, max: mathMax, min, sqrt } = Math;

export interface CrushableFoamMat063Params {
  /** Initial density [kg/m^3]. */
  density: number;
  /** Young's modulus [Pa] (raised to the steepest crush-curve slope). */
  youngsModulus: number;
  /** Poisson's ratio (usually 0 to 0.05 for jellyrolls), in [0, 0.5). */
  poissonsRatio: number;
  /** Crush curve: [gamma = 1 - V, yield stress magnitude [Pa]] pairs, non-decreasing. */
  crushCurve: ReadonlyArray<readonly [number, number]>;
  /** Tensile stress cut-off [Pa], >= 0. */
  tensionCutoff: number;
  /** Damping coefficient DAMP (LS-DYNA recommends 0.05..0.5; default 0.10). */
  damping?: number;
  /** SOC and rate options. */
  scaling?: HardeningScaleOptions;
}

// History layout per point.
const H_GAMMA = 0;
const H_RATE = 1;
const H_VISCOUS = 2; // 6 components
const HISTORY_SIZE = 8;
/** Rate at which a Johnson–Cook rate scale is evaluated to size the elastic modulus [1/s]. */
const RATE_FOR_MODULUS = 1e4;

export class CrushableFoamMat063 implements MaterialModel {
  readonly law = 'crushable-foam-mat063';
  readonly density: number;
  readonly historySize = HISTORY_SIZE;
  readonly bulkModulus: number;
  readonly shearModulus: number;
  readonly effectiveYoungsModulus: number;
  readonly poissonsRatio: number;
  readonly tensionCutoff: number;
  readonly damping: number;
  private readonly curve: Curve;
  private readonly scale: HardeningScale;
  private readonly eigenValues = new Float64Array(3);
  private readonly eigenVectors = new Float64Array(9);
  private readonly eigenRange = new Float64Array(2);
  private readonly startStress = new Float64Array(6);

  constructor(params: CrushableFoamMat063Params) {
    this.density = params.density;
    this.poissonsRatio = params.poissonsRatio;
    this.tensionCutoff = params.tensionCutoff;
    this.damping = params.damping ?? 0.1;
    this.curve = makeCurve(params.crushCurve);
    this.scale = new HardeningScale(params.scaling);
    const maxScale = this.scale.socFactor * maxRateFactor(this.scale, params.scaling);
    this.effectiveYoungsModulus = mathMax(params.youngsModulus, maxSlope(this.curve) * maxScale);
    const nu = this.poissonsRatio;
    this.bulkModulus = this.effectiveYoungsModulus / (3 * (1 - 2 * nu));
    this.shearModulus = this.effectiveYoungsModulus / (2 * (1 + nu));
  }

  /** Yield stress magnitude |f(gamma)| times the SOC/rate scale. */
  crushStress(gamma: number, rate = 0): number {
    return abs(evalCurve(this.curve, mathMax(gamma, 0))) * this.scale.scale(rate);
  }

  initHistory(history: Float64Array, first: number, count: number): void {
    history.fill(0, first * HISTORY_SIZE, (first + count) * HISTORY_SIZE);
  }

  initialWaveSpeed(): number {
    return sqrt((this.bulkModulus + (4 / 3) * this.shearModulus) / this.density);
  }

  equivalentPlasticStrain(history: Float64Array, point: number): number {
    // LS-DYNA's "plastic strain" output for MAT_063 is ln(rho/rho0) = -ln(1 - gamma).
    const gamma = history[point * HISTORY_SIZE + H_GAMMA];
    return -log(mathMax(1 - gamma, 1e-12));
  }

  update(b: StressUpdateBlock): void {
    const K = this.bulkModulus, G = this.shearModulus, nu = this.poissonsRatio;
    const values = this.eigenValues, vectors = this.eigenVectors, range = this.eigenRange;
    const tsc = this.tensionCutoff, start = this.startStress;
    const stress = b.stress, history = b.history, de = b.strainIncrement;
    for (let i = b.first; i < b.first + b.count; i++) {
      const so = 6 * i, ho = HISTORY_SIZE * i;
      // Remove last step's viscous stress: only the capped elastic stress carries over. The
      // start-of-step stress is kept (scratch) for the plastic work, needed only when capped.
      for (let k = 0; k < 6; k++) {
        const sk = stress[so + k] - history[ho + H_VISCOUS + k];
        stress[so + k] = sk;
        start[k] = sk;
      }

      const J = b.relativeVolume[i];
      const gamma = 1 - J;
      const rate = this.scale.rateDependent ? this.scale.filter(history[ho + H_RATE], equivalentStrainRate(de, so, b.dt)) : 0;
      const scale = this.scale.scale(rate);
      const yieldStress = -abs(evalCurve(this.curve, mathMax(gamma, 0))) * scale;

      addIsotropicIncrement(stress, so, de, so, K, G);
      // Steps 3-6 only change the stress when a principal value leaves [sigma_y, TSC]. Most points
      // of a crush run are inside with a wide margin; prove that without eigenvectors first
      // (Gershgorin discs, then the closed-form extreme eigenvalues), each with a margin far above
      // the error of both it and Jacobi (EIGEN_RANGE_TOLERANCE * eigenScale), so the decision,
      // and therefore the result, is exactly that of the Jacobi path, which the rest still takes.
      let capped = false;
      if (!insideInterval(stress, so, yieldStress, tsc, range)) {
        symmetricEigen(stress, so, values, vectors);
        for (let k = 0; k < 3; k++) {
          if (values[k] < yieldStress) { values[k] = yieldStress; capped = true; }
          else if (values[k] > tsc) { values[k] = tsc; capped = true; }
        }
        if (capped) composeFromEigen(values, vectors, stress, so);
      }

      if (capped) {
        // Plastic work = total work (trapezoid) - change of elastic energy.
        const oldEnergy = isotropicElasticEnergy(start, 0, K, G);
        let work = 0;
        for (let k = 0; k < 6; k++) work += (k < 3 ? 1 : 2) * 0.5 * start[k] * de[so + k];
        for (let k = 0; k < 6; k++) work += (k < 3 ? 1 : 2) * 0.5 * stress[so + k] * de[so + k];
        b.plasticWorkIncrement[i] = mathMax(work - (isotropicElasticEnergy(stress, so, K, G) - oldEnergy), 0);
      } else {
        b.plasticWorkIncrement[i] = 0;
      }

      // Wave speed and stiffness-proportional damping (LAW163).
      const rho = this.density / J;
      const crushTangent = gamma > 0 ? curveSlope(this.curve, gamma) * scale : 0;
      const stiffness = mathMax(K, crushTangent) + (4 / 3) * G;
      const elasticSpeed = sqrt(stiffness / rho);
      let a = 0;
      if (this.damping > 0 && b.dt > 0) {
        a = elasticSpeed * rho * this.damping * b.initialLength[i] / (1 + mathMax(gamma, 0));
        const dm = (de[so] + de[so + 1] + de[so + 2]) / (3 * b.dt);
        const dev = 1 / (1 + nu), vol = 1 / (1 - 2 * nu);
        for (let k = 0; k < 6; k++) {
          const d = de[so + k] / b.dt;
          const v = k < 3 ? a * ((d - dm) * dev + dm * vol) : a * d * dev;
          history[ho + H_VISCOUS + k] = v;
          stress[so + k] += v;
        }
      } else {
        for (let k = 0; k < 6; k++) history[ho + H_VISCOUS + k] = 0;
      }
      b.waveSpeed[i] = sqrt((stiffness + (b.dt > 0 ? abs(a) / b.dt : 0)) / rho);
      history[ho + H_GAMMA] = gamma;
      history[ho + H_RATE] = rate;
    }
  }
}

/**
 * True when every eigenvalue of the tensor at `o` is provably in [lo, hi] with the margin
 * EIGEN_RANGE_TOLERANCE * eigenScale (false means "not proven", not "outside").
 */
function insideInterval(t: Float64Array, o: number, lo: number, hi: number, range: Float64Array): boolean {
  const margin = EIGEN_RANGE_TOLERANCE * eigenScale(t, o);
  const a00 = t[o], a11 = t[o + 1], a22 = t[o + 2];
  const b01 = abs(t[o + 3]), b12 = abs(t[o + 4]), b02 = abs(t[o + 5]);
  // Gershgorin: every eigenvalue lies in some [a_ii - R_i, a_ii + R_i], R_i = sum_j!=i |a_ij|.
  const r0 = b01 + b02, r1 = b01 + b12, r2 = b02 + b12;
  const gLo = min(a00 - r0, a11 - r1, a22 - r2);
  const gHi = mathMax(a00 + r0, a11 + r1, a22 + r2);
  if (gLo - margin > lo && gHi + margin < hi) return true;
  symmetricEigenvalueRange(t, o, range);
  return range[0] - margin > lo && range[1] + margin < hi;
}

function maxRateFactor(scale: HardeningScale, options?: HardeningScaleOptions): number {
  const rate = options?.rate;
  if (!rate) return 1;
  if (rate.kind === 'table') return mathMax(...rate.lnRateScale.map((p) => p[1]));
  return scale.rateFactor(RATE_FOR_MODULUS);
}
