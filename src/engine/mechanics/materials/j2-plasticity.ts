/**
 * J2 (von Mises) plasticity with isotropic hardening from a table and optional strain-rate
 * scaling, for steel cans, aluminium housings and current collectors (LS-DYNA *MAT_024 /
 * OpenRadioss LAW36 class, simplified).
 *
 * Algorithm: backward-Euler radial return (Simo & Hughes, Computational Inelasticity, 1998,
 * Box 3.1). Trial s* = s_n + 2G de', q* = sqrt(3/2 s*:s*); if q* > R sigma_y(eps_p) the plastic
 * increment dl solves q* - 3G dl = R sigma_y(eps_p + dl) exactly on the piecewise-linear table
 * (segment by segment, no iteration tolerance), and s = s* (1 - 3G dl / q*).
 * Table: [equivalent plastic strain, yield stress [Pa]] pairs, eps_p starting at 0; beyond the last
 * point the last segment's slope continues (constant stress if the last two points are equal).
 * Rate scale R (multiplies the whole table), evaluated from the equivalent total strain rate
 * sqrt(2/3 de':de')/dt of the step (as LS-DYNA *MAT_024 with VP = 0):
 *   Cowper–Symonds  R = 1 + (rate/C)^(1/P);
 *   Johnson–Cook    R = 1 + C ln(max(rate/rate0, 1)).
 * History per point: [equivalent plastic strain].
 */
import { MaterialModel, StressUpdateBlock } from '../material';
import { ElasticParams, validateElasticParams } from './elastic';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { log, max: mathMax, pow, sqrt: mathSqrt } = Math;

export type J2RateScaling =
  | { kind: 'cowper-symonds'; c: number; p: number }
  | { kind: 'johnson-cook'; c: number; referenceRate: number };

export interface J2PlasticityParams extends ElasticParams {
  /** [equivalent plastic strain, yield stress [Pa]] pairs; first abscissa 0, strictly increasing. */
  hardening: ReadonlyArray<readonly [number, number]>;
  rateScaling?: J2RateScaling;
}

export class J2PlasticityMaterial implements MaterialModel {
  readonly law: string = 'j2-tabulated';
  readonly density: number;
  readonly historySize: number = 1;
  readonly bulkModulus: number;
  readonly shearModulus: number;
  private readonly tableStrain: Float64Array;
  private readonly tableStress: Float64Array;
  private readonly tableSlope: Float64Array;
  private readonly rateKind: 0 | 1 | 2;
  private readonly rateC: number;
  private readonly rateP: number;
  private readonly waveSpeed0: number;

  constructor(params: J2PlasticityParams) {
    validateElasticParams(params, 'j2-tabulated');
    const { density, youngsModulus: E, poissonsRatio: nu, hardening } = params;
    if (hardening.length < 1) throw new RangeError('j2-tabulated: hardening needs at least one point');
    if (hardening[0][0] !== 0) throw new RangeError(`j2-tabulated: hardening must start at plastic strain 0, got ${hardening[0][0]}`);
    const pts = hardening.length === 1 ? [hardening[0], [1, hardening[0][1]] as const] : hardening;
    const n = pts.length;
    this.tableStrain = new Float64Array(n);
    this.tableStress = new Float64Array(n);
    this.tableSlope = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.tableStrain[i] = pts[i][0];
      this.tableStress[i] = pts[i][1];
      if (!(pts[i][1] > 0)) throw new RangeError(`j2-tabulated: hardening[${i}] yield stress must be > 0 Pa, got ${pts[i][1]}`);
      if (i > 0 && !(pts[i][0] > pts[i - 1][0])) throw new RangeError(`j2-tabulated: hardening[${i}] plastic strain must increase strictly`);
    }
    this.density = density;
    this.shearModulus = E / (2 * (1 + nu));
    this.bulkModulus = E / (3 * (1 - 2 * nu));
    for (let i = 0; i < n - 1; i++) {
      this.tableSlope[i] = (this.tableStress[i + 1] - this.tableStress[i]) / (this.tableStrain[i + 1] - this.tableStrain[i]);
      if (!(3 * this.shearModulus + this.tableSlope[i] > 0)) {
        throw new RangeError(`j2-tabulated: hardening segment ${i} softens faster than 3G allows`);
      }
    }
    this.tableSlope[n - 1] = this.tableSlope[n - 2];
    const rs = params.rateScaling;
    if (rs?.kind === 'cowper-symonds') {
      if (!(rs.c > 0 && rs.p > 0)) throw new RangeError('j2-tabulated: cowper-symonds c and p must be > 0');
      this.rateKind = 1; this.rateC = rs.c; this.rateP = 1 / rs.p;
    } else if (rs?.kind === 'johnson-cook') {
      if (!(rs.c >= 0 && rs.referenceRate > 0)) throw new RangeError('j2-tabulated: johnson-cook c >= 0 and referenceRate > 0 required');
      this.rateKind = 2; this.rateC = rs.c; this.rateP = rs.referenceRate;
    } else {
      this.rateKind = 0; this.rateC = 0; this.rateP = 0;
    }
    this.waveSpeed0 = mathSqrt((this.bulkModulus + (4 / 3) * this.shearModulus) / density);
  }

  initHistory(history: Float64Array, first: number, count: number): void {
    history.fill(0, first, first + count);
  }

  initialWaveSpeed(): number {
    return this.waveSpeed0;
  }

  equivalentPlasticStrain(history: Float64Array, point: number): number {
    return history[point];
  }

  /** Yield stress of the table (no rate scale) at plastic strain `ep` [Pa]. */
  yieldStress(ep: number): number {
    const xs = this.tableStrain;
    let i = 0;
    while (i < xs.length - 1 && ep >= xs[i + 1]) i++;
    return this.tableStress[i] + this.tableSlope[i] * (ep - xs[i]);
  }

  update(block: StressUpdateBlock): void {
    const { first, count, dt, strainIncrement: de, stress: s, history, waveSpeed, plasticWorkIncrement } = block;
    const G = this.shearModulus, K = this.bulkModulus;
    const twoG = 2 * G, threeG = 3 * G;
    const xs = this.tableStrain, ys = this.tableStress, hs = this.tableSlope;
    const last = xs.length - 1;
    const rateKind = this.rateKind, rateC = this.rateC, rateP = this.rateP;
    const c = this.waveSpeed0;
    for (let p = first, end = first + count; p < end; p++) {
      const o = 6 * p;
      const e0 = de[o], e1 = de[o + 1], e2 = de[o + 2], e3 = de[o + 3], e4 = de[o + 4], e5 = de[o + 5];
      const em = (e0 + e1 + e2) / 3;
      const d0 = e0 - em, d1 = e1 - em, d2 = e2 - em;
      // Elastic trial: pressure and deviator separately.
      const oldMean = (s[o] + s[o + 1] + s[o + 2]) / 3;
      const mean = oldMean + 3 * K * em;
      let s0 = s[o] - oldMean + twoG * d0;
      let s1 = s[o + 1] - oldMean + twoG * d1;
      let s2 = s[o + 2] - oldMean + twoG * d2;
      let s3 = s[o + 3] + twoG * e3, s4 = s[o + 4] + twoG * e4, s5 = s[o + 5] + twoG * e5;
      const qTrial = mathSqrt(1.5 * (s0 * s0 + s1 * s1 + s2 * s2 + 2 * (s3 * s3 + s4 * s4 + s5 * s5)));
      let scale = 1;
      if (rateKind !== 0 && dt > 0) {
        const rate = mathSqrt((2 / 3) * (d0 * d0 + d1 * d1 + d2 * d2 + 2 * (e3 * e3 + e4 * e4 + e5 * e5))) / dt;
        scale = rateKind === 1 ? 1 + pow(rate / rateC, rateP) : 1 + rateC * log(mathMax(rate / rateP, 1));
      }
      const ep = history[p];
      let seg = 0;
      while (seg < last && ep >= xs[seg + 1]) seg++;
      const sy = scale * (ys[seg] + hs[seg] * (ep - xs[seg]));
      let work = 0;
      if (qTrial > sy) {
        // Walk the segments: on segment `seg`, q* - 3G dl = R (y_seg + h_seg (ep + dl - x_seg)).
        let dl = 0;
        for (;;) {
          const h = scale * hs[seg];
          dl = (qTrial - scale * (ys[seg] + hs[seg] * (ep - xs[seg]))) / (threeG + h);
          if (seg < last && ep + dl > xs[seg + 1]) seg++;
          else break;
        }
        const r = 1 - (threeG * dl) / qTrial;
        s0 *= r; s1 *= r; s2 *= r; s3 *= r; s4 *= r; s5 *= r;
        history[p] = ep + dl;
        work = dl * (qTrial - threeG * dl);
      }
      s[o] = mean + s0;
      s[o + 1] = mean + s1;
      s[o + 2] = mean + s2;
      s[o + 3] = s3;
      s[o + 4] = s4;
      s[o + 5] = s5;
      waveSpeed[p] = c;
      plasticWorkIncrement[p] = work;
    }
  }
}
