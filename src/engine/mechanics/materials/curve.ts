/**
 * Piecewise-linear curves (load curves) for the constitutive laws: plain arrays, no allocation
 * on evaluation. Beyond the last point a curve is extrapolated with its last slope (LS-DYNA
 * load-curve behaviour for crush curves, which is what makes the densification tail keep rising);
 * below the first point it is extrapolated with its first slope.
 */
// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { max } = Math;
const INFINITY = Number.POSITIVE_INFINITY;
export interface Curve {
  x: Float64Array;
  y: Float64Array;
}

export function makeCurve(points: ReadonlyArray<readonly [number, number]>): Curve {
  if (points.length < 2) throw new Error('a curve needs at least two points');
  const x = new Float64Array(points.length);
  const y = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    x[i] = points[i][0];
    y[i] = points[i][1];
    if (i > 0 && !(x[i] > x[i - 1])) throw new Error(`curve abscissae must increase strictly (point ${i})`);
  }
  return { x, y };
}

function segment(c: Curve, v: number): number {
  const n = c.x.length;
  if (v <= c.x[0]) return 0;
  if (v >= c.x[n - 1]) return n - 2;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (c.x[mid] <= v) lo = mid; else hi = mid;
  }
  return lo;
}

export function evalCurve(c: Curve, v: number): number {
  const i = segment(c, v);
  const t = (v - c.x[i]) / (c.x[i + 1] - c.x[i]);
  return c.y[i] + t * (c.y[i + 1] - c.y[i]);
}

export function curveSlope(c: Curve, v: number): number {
  const i = segment(c, v);
  return (c.y[i + 1] - c.y[i]) / (c.x[i + 1] - c.x[i]);
}

/** Largest segment slope of the curve. */
export function maxSlope(c: Curve): number {
  let m = -INFINITY;
  for (let i = 0; i + 1 < c.x.length; i++) m = max(m, (c.y[i + 1] - c.y[i]) / (c.x[i + 1] - c.x[i]));
  return m;
}

export function isNonDecreasing(c: Curve): boolean {
  for (let i = 1; i < c.y.length; i++) if (c.y[i] < c.y[i - 1]) return false;
  return true;
}
