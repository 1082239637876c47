/**
 * Minimum principal (most compressive) stress criterion: sigma3 <= sigma3_f (< 0) — the most
 * suitable of six criteria for pouch cells in Höschele & Ellersdorfer, Batteries 9 (2023) 417.
 */
import { CriterionPointState, FailureCriterion } from './criterion';
import { principalValues } from './principal';
import { Regularization, RegularizationOptions } from './regularization';

export interface MinPrincipalStressParams {
  /** Critical minimum principal stress [Pa], negative (compression). */
  failureStress: number;
  regularization?: RegularizationOptions;
}

export class MinPrincipalStressCriterion implements FailureCriterion {
  readonly name = 'min-principal-stress';
  readonly historySize = 0;
  private readonly reg: Regularization;
  private readonly values = new Float64Array(3);

  constructor(readonly params: MinPrincipalStressParams) {
    this.reg = new Regularization(params.regularization);
  }

  initHistory(): void { /* none */ }

  evaluate(state: CriterionPointState, _h: Float64Array, first: number, count: number, indicator: Float64Array): void {
    for (let i = first; i < first + count; i++) {
      principalValues(state.stress, i, this.values);
      const s3 = this.values[2];
      indicator[i] = s3 < 0 ? s3 / (this.params.failureStress * this.reg.scale(state.initialLength[i])) : 0;
    }
  }
}
