/**
 * Mohr–Coulomb fracture: max over planes of tau + mu sigma_n = c, i.e.
 * ((sigma1 - sigma3)/2) sqrt(1 + mu^2) + mu (sigma1 + sigma3)/2 = c (tension positive),
 * mechanics.md §1.7 (Greve & Fehrenbach 2012 jellyroll shear fracture). Indicator = LHS/(c reg(L)).
 */
import { CriterionPointState, FailureCriterion } from './criterion';
import { principalValues } from './principal';
import { Regularization, RegularizationOptions } from './regularization';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { max: mathMax, sqrt: mathSqrt } = Math;

export interface MohrCoulombParams {
  /** Friction coefficient mu >= 0. */
  friction: number;
  /** Cohesion c [Pa] > 0. */
  cohesion: number;
  regularization?: RegularizationOptions;
}

export class MohrCoulombCriterion implements FailureCriterion {
  readonly name = 'mohr-coulomb';
  readonly historySize = 0;
  private readonly reg: Regularization;
  private readonly values = new Float64Array(3);

  constructor(readonly params: MohrCoulombParams) {
    this.reg = new Regularization(params.regularization);
  }

  /** max over planes of tau + mu sigma_n for principal stresses s1 >= s3. */
  static equivalent(s1: number, s3: number, mu: number): number {
    return 0.5 * (s1 - s3) * mathSqrt(1 + mu * mu) + 0.5 * mu * (s1 + s3);
  }

  initHistory(): void { /* none */ }

  evaluate(state: CriterionPointState, _h: Float64Array, first: number, count: number, indicator: Float64Array): void {
    const { friction, cohesion } = this.params;
    for (let i = first; i < first + count; i++) {
      principalValues(state.stress, i, this.values);
      const t = MohrCoulombCriterion.equivalent(this.values[0], this.values[2], friction);
      indicator[i] = mathMax(t, 0) / (cohesion * this.reg.scale(state.initialLength[i]));
    }
  }
}
