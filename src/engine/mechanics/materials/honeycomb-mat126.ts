/**
 * Anisotropic honeycomb after LS-DYNA *MAT_MODIFIED_HONEYCOMB (MAT_126) / *MAT_HONEYCOMB
 * (MAT_026), the pouch-stack workhorse; algorithm as OpenRadioss LAW130 (sigeps130.F90),
 * ../shared/reference/mechanics.md §1.5. PRU = 0 (no Poisson coupling while uncompacted) only.
 *
 * In material axes (a, b, c):
 *  1. Failure first, on total strains: eps_aa, eps_bb or eps_cc >= TSEF, or an engineering shear
 *     strain |gamma| >= SSEF; or, with the Sahraei option (LS-DYNA TSEF < 0, Sahraei et al. 2016),
 *     the largest principal strain eps1 > 0 reaches eps_t,f(r), r = |eps3 / eps1| the ratio of
 *     compressive to tensile principal strain. A failed point carries no stress (erosion).
 *  2. beta = clamp((1 - V)/(1 - VF), 0, 1); beta >= 1 flags the point permanently compacted.
 *  3. Uncompacted: E_ii = E_iiu + beta (E - E_iiu), G_ij = G_iju + beta (G - G_iju), G = E/(2(1+nu));
 *     decoupled increments sigma_ii += E_ii d eps_ii, sigma_ij += G_ij d gamma_ij.
 *  4. Each component clipped independently: |sigma_ii| <= lambda f_i(x), |sigma_ij| <= lambda f_ij(x),
 *     x = volumetric strain 1 - V (MAT_026 style; `curveAbscissa: 'volumetric'`) or the component's
 *     own compressive strain -eps_ii / |gamma_ij| (`'component'`, MAT_126 LCA > 0 style; tension uses the
 *     curve's first value), lambda the strain-rate scale.
 *  5. Fully compacted: isotropic elastic–perfectly-plastic J2 with SIGY (radial return), pressure
 *     elastic with K (no cap).
 *  6. Wave speed c = sqrt(max(C_aa, C_bb, C_cc, G_ab, G_bc, G_ca) / min(rho, rho0)).
 * Stress history is kept in material axes; the solver sees the global-frame stress.
 */
import { MaterialModel, StressUpdateBlock } from '../material';
import { Curve, evalCurve, makeCurve } from './curve';
import { HardeningScale, RateScaleOptions } from './hardening-scale';
import { equivalentStrainRate, symmetricEigen, sortDescending3 } from './tensor3';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, max: mathMax, min: mathMin, sign, sqrt: mathSqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

type Points = ReadonlyArray<readonly [number, number]>;

export interface HoneycombMat126Params {
  density: number;
  /** Fully compacted Young's modulus E [Pa], Poisson's ratio nu, yield SIGY [Pa]. */
  youngsModulus: number;
  poissonsRatio: number;
  compactedYieldStress: number;
  /** Relative volume at full compaction VF, in (0, 1). */
  compactedRelativeVolume: number;
  /** Uncompacted moduli [Pa]: normal a, b, c and shear ab, bc, ca. */
  uncompactedModuli: { aa: number; bb: number; cc: number; ab: number; bc: number; ca: number };
  /** Load curves (stress magnitude [Pa] vs abscissa): normal a, b, c and shear ab, bc, ca. */
  curves: { aa: Points; bb: Points; cc: Points; ab: Points; bc: Points; ca: Points };
  curveAbscissa?: 'volumetric' | 'component';
  /** Material axes a, b, c as unit vectors in the solver frame (default x, y, z). */
  axes?: readonly [readonly number[], readonly number[], readonly number[]];
  /** Tensile failure: constant strain (TSEF > 0) or the Sahraei curve eps_t,f vs ratio r. */
  tensileFailure?: { kind: 'strain'; strain: number } | { kind: 'sahraei'; ratioCurve: Points };
  /** Engineering shear strain at failure SSEF. */
  shearFailureStrain?: number;
  rate?: RateScaleOptions;
}

const H_COMPACTED = 0;
const H_FAILED = 1;
const H_RATE = 2;
const H_SIGMA = 3; // 6 components, material axes
const HISTORY_SIZE = 9;

export class HoneycombMat126 implements MaterialModel {
  readonly law = 'honeycomb-mat126';
  readonly density: number;
  readonly historySize = HISTORY_SIZE;
  readonly bulkModulus: number;
  readonly shearModulus: number;
  private readonly compactedBulk: number;
  private readonly compactedShear: number;
  private readonly E: number;
  private readonly sigy: number;
  private readonly vf: number;
  private readonly uMod: Float64Array; // aa bb cc ab bc ca
  private readonly curves: Curve[];
  private readonly byComponent: boolean;
  private readonly Q: Float64Array; // row-major, columns = axes
  private readonly identityAxes: boolean;
  private readonly tsef: number;
  private readonly sahraei?: Curve;
  /** Smallest tensile failure strain of the Sahraei curve (over its abscissa range, where r is held). */
  private readonly sahraeiMin: number;
  private readonly ssef: number;
  private readonly rateScale: HardeningScale;
  private readonly local = new Float64Array(6);
  private readonly localTotal = new Float64Array(6);
  private readonly eig = new Float64Array(3);
  private readonly vec = new Float64Array(9);

  constructor(params: HoneycombMat126Params) {
    this.density = params.density;
    this.E = params.youngsModulus;
    const nu = params.poissonsRatio;
    // Fully compacted isotropic moduli (used by the compacted J2 branch).
    this.compactedBulk = this.E / (3 * (1 - 2 * nu));
    this.compactedShear = this.E / (2 * (1 + nu));
    this.sigy = params.compactedYieldStress;
    this.vf = params.compactedRelativeVolume;
    const u = params.uncompactedModuli;
    this.uMod = new Float64Array([u.aa, u.bb, u.cc, u.ab, u.bc, u.ca]);
    // The solver scales hourglass control and bulk viscosity with these: they must describe the
    // (soft) uncompacted state the element starts in, or the hourglass springs would be far
    // stiffer than the wave speed the time step is based on (observed: element inversion under
    // a rod). Decoupled PRU = 0 moduli: K = (E_aa + E_bb + E_cc)/9, G = largest uncompacted shear.
    this.bulkModulus = (u.aa + u.bb + u.cc) / 9;
    this.shearModulus = mathMax(u.ab, u.bc, u.ca);
    const c = params.curves;
    this.curves = [c.aa, c.bb, c.cc, c.ab, c.bc, c.ca].map((p) => makeCurve(p));
    this.byComponent = params.curveAbscissa === 'component';
    const ax = params.axes ?? [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    this.Q = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) this.Q[3 * i + k] = ax[k][i];
    this.identityAxes = ax.every((v, k) => v.every((x, i) => x === (i === k ? 1 : 0)));
    const tf = params.tensileFailure;
    this.tsef = tf?.kind === 'strain' ? tf.strain : INFINITY;
    if (tf?.kind === 'sahraei') this.sahraei = makeCurve(tf.ratioCurve);
    this.sahraeiMin = this.sahraei ? mathMin(...this.sahraei.y) : INFINITY;
    this.ssef = params.shearFailureStrain ?? INFINITY;
    this.rateScale = new HardeningScale({ rate: params.rate });
  }

  initHistory(history: Float64Array, first: number, count: number): void {
    history.fill(0, first * HISTORY_SIZE, (first + count) * HISTORY_SIZE);
  }

  initialWaveSpeed(): number {
    let m = 0;
    for (let k = 0; k < 6; k++) m = mathMax(m, this.uMod[k]);
    return mathSqrt(m / this.density);
  }

  equivalentPlasticStrain(history: Float64Array, point: number): number {
    return history[point * HISTORY_SIZE + H_COMPACTED];
  }

  /** 1 for a failed (eroded) point, else 0. */
  damage(history: Float64Array, point: number): number {
    return history[point * HISTORY_SIZE + H_FAILED];
  }

  /** Global (solver frame) Voigt -> material frame: T' = Q^T T Q. */
  private toLocal(src: ArrayLike<number>, o: number, out: Float64Array): void {
    if (this.identityAxes) { for (let k = 0; k < 6; k++) out[k] = src[o + k]; return; }
    rotate(src, o, this.Q, true, out, 0);
  }

  update(b: StressUpdateBlock): void {
    const stress = b.stress, history = b.history;
    const local = this.local, tot = this.localTotal;
    const E = this.E, G = this.compactedShear, K = this.compactedBulk;
    for (let i = b.first; i < b.first + b.count; i++) {
      const so = 6 * i, ho = HISTORY_SIZE * i;
      const J = b.relativeVolume[i];
      const rho = this.density / J;
      b.plasticWorkIncrement[i] = 0;
      if (history[ho + H_FAILED] === 1) {
        for (let k = 0; k < 6; k++) { stress[so + k] = 0; history[ho + H_SIGMA + k] = 0; }
        b.waveSpeed[i] = this.initialWaveSpeed();
        continue;
      }
      // 1. failure on total strains (material axes)
      this.toLocal(b.totalStrain, so, tot);
      let failed = tot[0] >= this.tsef || tot[1] >= this.tsef || tot[2] >= this.tsef
        || 2 * abs(tot[3]) >= this.ssef || 2 * abs(tot[4]) >= this.ssef || 2 * abs(tot[5]) >= this.ssef;
      // Gershgorin bound on eps1: below the smallest failure strain of the curve the point cannot
      // fail, and the eigen solve (most of the cost of this law under compression) is skipped.
      if (!failed && this.sahraei && gershgorinMax(tot) >= this.sahraeiMin) {
        symmetricEigen(tot, 0, this.eig, this.vec);
        sortDescending3(this.eig);
        const e1 = this.eig[0], e3 = this.eig[2];
        // r is held at the curve's last abscissa (as failure/sahraei-strain-ratio.ts): the curve's
        // last-slope extrapolation turns negative for large r, and compression with a round-off
        // positive eps1 (r -> infinity) would then fail every point at once.
        const x = this.sahraei.x;
        if (e1 > 0) failed = e1 >= evalCurve(this.sahraei, mathMin(abs(e3 / e1), x[x.length - 1]));
      }
      if (failed) {
        history[ho + H_FAILED] = 1;
        for (let k = 0; k < 6; k++) { stress[so + k] = 0; history[ho + H_SIGMA + k] = 0; }
        b.waveSpeed[i] = this.initialWaveSpeed();
        continue;
      }
      this.toLocal(b.strainIncrement, so, local);
      const rate = this.rateScale.rateDependent
        ? this.rateScale.filter(history[ho + H_RATE], equivalentStrainRate(b.strainIncrement, so, b.dt)) : 0;
      history[ho + H_RATE] = rate;
      const lambda = this.rateScale.scale(rate);
      const beta = mathMin(mathMax((1 - J) / (1 - this.vf), 0), 1);
      if (beta >= 1) history[ho + H_COMPACTED] = 1;
      let maxModulus = 0;
      if (history[ho + H_COMPACTED] === 1) {
        // 5. fully compacted: isotropic elastic–perfectly-plastic J2.
        const s = history;
        const h = ho + H_SIGMA;
        const dv = local[0] + local[1] + local[2];
        const mOld = (s[h] + s[h + 1] + s[h + 2]) / 3;
        const mNew = mOld + K * dv;
        let q2 = 0;
        for (let k = 0; k < 6; k++) {
          const dev = k < 3 ? local[k] - dv / 3 : local[k];
          const sOld = k < 3 ? s[h + k] - mOld : s[h + k];
          const sTr = sOld + 2 * G * dev;
          local[k] = sTr; // reuse as trial deviator
          q2 += (k < 3 ? 1 : 2) * sTr * sTr;
        }
        const q = mathSqrt(1.5 * q2);
        const ratio = q > this.sigy ? this.sigy / q : 1;
        if (ratio < 1) b.plasticWorkIncrement[i] = (q - this.sigy) * this.sigy / (3 * G);
        for (let k = 0; k < 6; k++) s[h + k] = local[k] * ratio + (k < 3 ? mNew : 0);
        maxModulus = K + (4 / 3) * G;
      } else {
        // 3–4. uncompacted, decoupled (PRU = 0), clipped per component.
        const volumetric = 1 - J;
        for (let k = 0; k < 6; k++) {
          const modulus = k < 3 ? this.uMod[k] + beta * (E - this.uMod[k]) : this.uMod[k] + beta * (G - this.uMod[k]);
          maxModulus = mathMax(maxModulus, modulus);
          const h = ho + H_SIGMA + k;
          const before = history[h];
          // tensor shear: d gamma = 2 d eps
          let trial = before + modulus * (k < 3 ? local[k] : 2 * local[k]);
          // Component abscissa: compressive normal strain magnitude / engineering shear strain;
          // tension (negative abscissa) uses the curve's first value rather than extrapolating.
          const curveK = this.curves[k];
          const x = this.byComponent ? mathMax(k < 3 ? -tot[k] : 2 * abs(tot[k]), curveK.x[0]) : volumetric;
          const limit = mathMax(evalCurve(curveK, x), 0) * lambda;
          if (abs(trial) > limit) {
            const clipped = sign(trial) * limit;
            b.plasticWorkIncrement[i] += abs(trial - clipped) * limit / modulus;
            trial = clipped;
          }
          history[h] = trial;
        }
      }
      // back to the solver frame
      if (this.identityAxes) for (let k = 0; k < 6; k++) stress[so + k] = history[ho + H_SIGMA + k];
      else rotate(history, ho + H_SIGMA, this.Q, false, stress, so);
      b.waveSpeed[i] = mathSqrt(maxModulus / mathMin(rho, this.density));
    }
  }
}

/** Upper bound of the largest eigenvalue of a Voigt (tensor shear) symmetric tensor (Gershgorin discs). */
function gershgorinMax(t: Float64Array): number {
  const a = abs(t[3]), b = abs(t[4]), c = abs(t[5]);
  return mathMax(t[0] + a + c, t[1] + a + b, t[2] + b + c);
}

const PAIR_I = [0, 1, 2, 0, 1, 2];
const PAIR_J = [0, 1, 2, 1, 2, 0];
const FULL = new Float64Array(9);

/** T' = Q^T T Q (toLocal) or Q T Q^T (to global), Voigt in/out, Q row-major with axes as columns. No allocation. */
function rotate(src: ArrayLike<number>, o: number, Q: Float64Array, toLocal: boolean, out: Float64Array, oo: number): void {
  FULL[0] = src[o]; FULL[4] = src[o + 1]; FULL[8] = src[o + 2];
  FULL[1] = FULL[3] = src[o + 3]; FULL[5] = FULL[7] = src[o + 4]; FULL[2] = FULL[6] = src[o + 5];
  for (let v = 0; v < 6; v++) {
    const i = PAIR_I[v], j = PAIR_J[v];
    let s = 0;
    for (let k = 0; k < 3; k++) {
      const rik = toLocal ? Q[3 * k + i] : Q[3 * i + k];
      for (let l = 0; l < 3; l++) s += rik * FULL[3 * k + l] * (toLocal ? Q[3 * l + j] : Q[3 * j + l]);
    }
    out[oo + v] = s;
  }
}
