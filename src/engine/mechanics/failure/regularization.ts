/**
 * Element-size regularisation of failure thresholds (mechanics.md §1.7: every strain-based
 * criterion is mesh dependent; /FAIL/SAHRAEI scales its failure strain by a curve of element size
 * over reference size). threshold_eff = threshold * scale(L_e / L_ref); no curve means scale 1.
 */
import { Curve, evalCurve, makeCurve } from '../materials/curve';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { max, min } = Math;

export interface RegularizationOptions {
  /** Reference element size L_ref [m]. */
  referenceLength: number;
  /** [L_e / L_ref, scale] pairs; clamped at the ends (no extrapolation of a calibration). */
  sizeScale: ReadonlyArray<readonly [number, number]>;
}

export class Regularization {
  private readonly curve?: Curve;
  private readonly referenceLength: number;

  constructor(options?: RegularizationOptions) {
    this.referenceLength = options?.referenceLength ?? 1;
    if (options) this.curve = makeCurve(options.sizeScale);
  }

  scale(elementLength: number): number {
    const c = this.curve;
    if (!c) return 1;
    const r = elementLength / this.referenceLength;
    const x = min(max(r, c.x[0]), c.x[c.x.length - 1]);
    return evalCurve(c, x);
  }
}
