/**
 * Modified Mohr–Coulomb (Bai & Wierzbicki, Int. J. Fract. 161 (2010) 1–20) ductile damage:
 *   eps_f(eta, theta) = { (A/c2) [c_s + (sqrt3/(2 - sqrt3)) (c_ax - c_s)(sec(theta pi/6) - 1)]
 *                         [sqrt((1 + c1^2)/3) cos(theta pi/6) + c1 (eta + sin(theta pi/6)/3)] }^(-1/n)
 * with eta = sigma_m/sigma_eq, theta = 1 - (2/pi) arccos(27 J3/(2 sigma_eq^3)), c_ax = 1 for
 * theta >= 0 else c_c; damage D = sum d eps_p / eps_f, indicator D (mechanics.md §1.7 — formula
 * recalled with high confidence but tagged [unverified] there; the tests check its limit cases).
 * eps_f is scaled by the element-size regularisation.
 */
import { deviatorJ3, meanOf, vonMises } from '../materials/tensor3';
import { CriterionPointState, FailureCriterion } from './criterion';
import { Regularization, RegularizationOptions } from './regularization';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { PI, acos, cos: mathCos, max, min, pow, sin: mathSin, sqrt: mathSqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

export interface ModifiedMohrCoulombParams {
  A: number;
  n: number;
  c1: number;
  c2: number;
  /** c_theta^s (shear), c_theta^c (compression); c_theta^ax = 1 in tension. */
  cThetaS: number;
  cThetaC: number;
  regularization?: RegularizationOptions;
}

export class ModifiedMohrCoulombCriterion implements FailureCriterion {
  readonly name = 'modified-mohr-coulomb';
  readonly historySize = 1;
  private readonly reg: Regularization;

  constructor(readonly params: ModifiedMohrCoulombParams) {
    this.reg = new Regularization(params.regularization);
  }

  /** Fracture strain at triaxiality eta and normalised Lode angle theta in [-1, 1]. */
  fractureStrain(eta: number, theta: number): number {
    const { A, n, c1, c2, cThetaS, cThetaC } = this.params;
    const t = (theta * PI) / 6;
    const cAx = theta >= 0 ? 1 : cThetaC;
    const lodeTerm = cThetaS + (mathSqrt(3) / (2 - mathSqrt(3))) * (cAx - cThetaS) * (1 / mathCos(t) - 1);
    const stressTerm = mathSqrt((1 + c1 * c1) / 3) * mathCos(t) + c1 * (eta + mathSin(t) / 3);
    const base = (A / c2) * lodeTerm * stressTerm;
    return base > 0 ? pow(base, -1 / n) : INFINITY;
  }

  initHistory(history: Float64Array, first: number, count: number): void {
    history.fill(0, first, first + count);
  }

  evaluate(state: CriterionPointState, history: Float64Array, first: number, count: number, indicator: Float64Array): void {
    for (let i = first; i < first + count; i++) {
      const dp = state.plasticStrainIncrement[i];
      if (dp > 0) {
        const o = 6 * i;
        const seq = vonMises(state.stress, o);
        if (seq > 0) {
          const eta = meanOf(state.stress, o) / seq;
          const xi = min(max((27 * deviatorJ3(state.stress, o)) / (2 * seq * seq * seq), -1), 1);
          const theta = 1 - (2 / PI) * acos(xi);
          history[i] += dp / (this.fractureStrain(eta, theta) * this.reg.scale(state.initialLength[i]));
        }
      }
      indicator[i] = history[i];
    }
  }
}
