/**
 * Volumetric (compaction) strain criterion: gamma = 1 - V >= gamma_f * reg(L), the MAT_063 history
 * variable used in foam-based 18650 models (mechanics.md §1.7).
 */
import { CriterionPointState, FailureCriterion } from './criterion';
import { Regularization, RegularizationOptions } from './regularization';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { max } = Math;

export interface VolumetricStrainParams {
  /** Critical compaction gamma_f = 1 - V in (0, 1). */
  failureVolumetricStrain: number;
  regularization?: RegularizationOptions;
}

export class VolumetricStrainCriterion implements FailureCriterion {
  readonly name = 'volumetric-strain';
  readonly historySize = 0;
  private readonly reg: Regularization;

  constructor(readonly params: VolumetricStrainParams) {
    this.reg = new Regularization(params.regularization);
  }

  initHistory(): void { /* none */ }

  evaluate(state: CriterionPointState, _h: Float64Array, first: number, count: number, indicator: Float64Array): void {
    for (let i = first; i < first + count; i++) {
      const gamma = 1 - state.relativeVolume[i];
      indicator[i] = max(gamma, 0) / (this.params.failureVolumetricStrain * this.reg.scale(state.initialLength[i]));
    }
  }
}
