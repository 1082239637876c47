/**
 * Sahraei strain-ratio criterion (Sahraei et al., J. Power Sources 319 (2016) 56–65; as
 * OpenRadioss /FAIL/SAHRAEI and LS-DYNA MAT_126 TSEF < 0; mechanics.md §1.7). Active once
 * |eps_v| >= the volumetric activation limit; then r = |eps3/eps1| (3-D principal strains) and the
 * tensile failure strain eps_t,f = f(r) * reg(L); indicator = eps1 / eps_t,f. An optional
 * compressive limit adds |eps3| / eps_c,f.
 */
import { Curve, evalCurve, makeCurve } from '../materials/curve';
import { CriterionPointState, FailureCriterion } from './criterion';
import { principalValues } from './principal';
import { Regularization, RegularizationOptions } from './regularization';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, log, max, min } = Math;

export interface SahraeiStrainRatioParams {
  /** [r = |eps_comp/eps_tens|, tensile failure strain] pairs. */
  ratioCurve: ReadonlyArray<readonly [number, number]>;
  /** Activation threshold on |ln V| (0 = always active). */
  volumetricStrainLimit?: number;
  /** Optional compressive principal-strain limit (magnitude). */
  compressiveFailureStrain?: number;
  regularization?: RegularizationOptions;
}

export class SahraeiStrainRatioCriterion implements FailureCriterion {
  readonly name = 'sahraei-strain-ratio';
  readonly historySize = 0;
  private readonly reg: Regularization;
  private readonly curve: Curve;
  private readonly values = new Float64Array(3);

  constructor(readonly params: SahraeiStrainRatioParams) {
    this.reg = new Regularization(params.regularization);
    this.curve = makeCurve(params.ratioCurve);
  }

  initHistory(): void { /* none */ }

  evaluate(state: CriterionPointState, _h: Float64Array, first: number, count: number, indicator: Float64Array): void {
    const limit = this.params.volumetricStrainLimit ?? 0;
    const cLimit = this.params.compressiveFailureStrain;
    for (let i = first; i < first + count; i++) {
      indicator[i] = 0;
      if (abs(log(state.relativeVolume[i])) < limit) continue;
      principalValues(state.totalStrain, i, this.values);
      const e1 = this.values[0], e3 = this.values[2];
      const reg = this.reg.scale(state.initialLength[i]);
      if (e1 > 0) {
        const x = this.curve.x;
        const r = min(abs(e3 / e1), x[x.length - 1]);
        indicator[i] = e1 / (evalCurve(this.curve, r) * reg);
      }
      if (cLimit !== undefined && e3 < 0) indicator[i] = max(indicator[i], -e3 / (cLimit * reg));
    }
  }
}
