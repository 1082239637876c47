/** Maximum principal (tensile) strain criterion: eps1 >= eps1_f * reg(L) (mechanics.md §1.7). */
import { CriterionPointState, FailureCriterion } from './criterion';
import { principalValues } from './principal';
import { Regularization, RegularizationOptions } from './regularization';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { max: mathMax } = Math;

export interface MaxPrincipalStrainParams {
  /** Failure strain eps1_f (log strain) > 0. */
  failureStrain: number;
  regularization?: RegularizationOptions;
}

export class MaxPrincipalStrainCriterion implements FailureCriterion {
  readonly name = 'max-principal-strain';
  readonly historySize = 0;
  private readonly reg: Regularization;
  private readonly values = new Float64Array(3);

  constructor(readonly params: MaxPrincipalStrainParams) {
    this.reg = new Regularization(params.regularization);
  }

  initHistory(): void { /* none */ }

  evaluate(state: CriterionPointState, _history: Float64Array, first: number, count: number, indicator: Float64Array): void {
    for (let i = first; i < first + count; i++) {
      principalValues(state.totalStrain, i, this.values);
      indicator[i] = mathMax(this.values[0], 0) / (this.params.failureStrain * this.reg.scale(state.initialLength[i]));
    }
  }
}
