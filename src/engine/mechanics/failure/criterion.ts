/**
 * Short-circuit onset and erosion criteria (issue 4) behind one interface, evaluated by the
 * explicit solver (issue 3) after each stress update on the elements of the parts they watch.
 * An indicator >= 1 means the criterion is met at that point.
 */
export interface CriterionPointState {
  /** Cauchy stress, 6 per point, Voigt [xx,yy,zz,xy,yz,zx] [Pa]. */
  stress: Float64Array;
  /** Total strain, 6 per point, tensor shear [-]. */
  totalStrain: Float64Array;
  /** Equivalent plastic strain increment over the step, 1 per point [-]. */
  plasticStrainIncrement: Float64Array;
  /** Relative volume V/V0, 1 per point. */
  relativeVolume: Float64Array;
  /** Initial characteristic element length [m], 1 per point (element-size regularisation). */
  initialLength: Float64Array;
}

export interface FailureCriterion {
  readonly name: string;
  /** Criterion-owned history per point (e.g. accumulated damage), may be 0. */
  readonly historySize: number;
  initHistory(history: Float64Array, first: number, count: number): void;
  /**
   * Updates the history and writes the indicator of points [first, first + count) into
   * `indicator` (>= 1: met). Must not allocate.
   */
  evaluate(
    state: CriterionPointState,
    history: Float64Array,
    first: number,
    count: number,
    indicator: Float64Array,
  ): void;
}
