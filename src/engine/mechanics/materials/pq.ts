/**
 * Pressure–Mises (p, q) helpers for the pressure-dependent laws (Abaqus crushable foam,
 * Deshpande–Fleck, GTN). p = -tr(sigma)/3 (compression positive), q = sqrt(3/2 s:s).
 * For isotropic elasticity and a flow potential G(p, q), a backward-Euler return keeps the
 * deviator direction of the trial: s = (q/q*) s*, so only p and q change (radial in the
 * deviatoric plane).
 */
import { vonMises } from './tensor3';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs } = Math;

export function pressureOf(stress: ArrayLike<number>, o: number): number {
  return -(stress[o] + stress[o + 1] + stress[o + 2]) / 3;
}

export function misesOf(stress: ArrayLike<number>, o: number): number {
  return vonMises(stress, o);
}

/**
 * Rewrites the stress at `o` (currently the trial with pressure pTrial and Mises qTrial) so that
 * its pressure is `p` and its Mises stress `q`, keeping the deviator direction.
 */
export function setPressureMises(stress: Float64Array, o: number, pTrial: number, qTrial: number, p: number, q: number): void {
  const ratio = qTrial > 0 ? q / qTrial : 0;
  const mTrial = -pTrial;
  for (let k = 0; k < 3; k++) stress[o + k] = -p + ratio * (stress[o + k] - mTrial);
  for (let k = 3; k < 6; k++) stress[o + k] *= ratio;
}

/**
 * Illinois (modified regula falsi) root of a scalar function on a bracket [lo, hi] with
 * f(lo) > 0 > f(hi). Robust for the monotone-in-practice consistency equations of the return
 * mappings and needs no derivative. Returns the root; `tolerance` is absolute on f.
 */
export function illinoisRoot(
  f: (x: number) => number, lo: number, fLo: number, hi: number, fHi: number, tolerance: number,
): number {
  let side = 0;
  let x = lo;
  for (let it = 0; it < 200; it++) {
    x = (lo * fHi - hi * fLo) / (fHi - fLo);
    if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
    const fx = f(x);
    if (abs(fx) <= tolerance || hi - lo <= 1e-16 * abs(hi)) return x;
    if (fx > 0) {
      lo = x; fLo = fx;
      if (side === 1) fHi *= 0.5;
      side = 1;
    } else {
      hi = x; fHi = fx;
      if (side === -1) fLo *= 0.5;
      side = -1;
    }
  }
  return x;
}

/**
 * Finds hi > 0 with f(hi) < 0 by doubling from `start` (f(0) > 0 assumed). Returns NaN if none
 * is found within 200 doublings (a bug in the caller's yield function, not an input error).
 */
export function bracketAbove(f: (x: number) => number, start: number): number {
  let hi = start;
  for (let i = 0; i < 200; i++) {
    if (f(hi) < 0) return hi;
    hi *= 2;
  }
  return NaN;
}
