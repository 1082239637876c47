/**
 * Symmetric 3x3 eigen-solvers of tensor3.ts:
 *  - symmetricEigen (unrolled cyclic Jacobi) against a transcription of the generic Jacobi loop it
 *    replaced: bit for bit (reference: that code, tolerance 0); and against closed forms
 *    (diagonal: exact; rotated known spectra incl. repeated eigenvalues: 1e-13 of the norm;
 *    A V = V diag(values) and V^T V = I to 1e-13).
 *  - symmetricEigenvalueRange (closed-form trigonometric min/max eigenvalue) against Jacobi:
 *    within EIGEN_RANGE_TOLERANCE * eigenScale, and in fact 100x inside it (tolerance asserted
 *    EIGEN_RANGE_TOLERANCE / 100), on random, random SPD, repeated and near-repeated spectra.
 */
import {
  EIGEN_RANGE_TOLERANCE, eigenScale, symmetricEigen, symmetricEigenvalueRange,
} from '../../../../../src/engine/mechanics/materials/tensor3';

/** The generic cyclic Jacobi loop as it was before the unrolled version (reference for bit identity). */
function genericJacobi(tensor: ArrayLike<number>, offset: number, values: Float64Array, vectors: Float64Array): void {
  let a00 = tensor[offset], a11 = tensor[offset + 1], a22 = tensor[offset + 2];
  let a01 = tensor[offset + 3], a12 = tensor[offset + 4], a02 = tensor[offset + 5];
  vectors.fill(0); vectors[0] = 1; vectors[4] = 1; vectors[8] = 1;
  const scale = Math.abs(a00) + Math.abs(a11) + Math.abs(a22) + Math.abs(a01) + Math.abs(a12) + Math.abs(a02);
  if (scale === 0) { values[0] = 0; values[1] = 0; values[2] = 0; return; }
  const get = (i: number, j: number): number => {
    if (i === j) return i === 0 ? a00 : i === 1 ? a11 : a22;
    const k = i + j;
    return k === 1 ? a01 : k === 3 ? a12 : a02;
  };
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = Math.abs(a01) + Math.abs(a12) + Math.abs(a02);
    if (off <= 1e-15 * scale) break;
    for (let plane = 0; plane < 3; plane++) {
      let apq: number, app: number, aqq: number;
      if (plane === 0) { apq = a01; app = a00; aqq = a11; } else if (plane === 1) { apq = a12; app = a11; aqq = a22; } else { apq = a02; app = a00; aqq = a22; }
      if (Math.abs(apq) <= 1e-300) continue;
      const theta = (aqq - app) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      let p: number, q: number, r: number;
      if (plane === 0) { p = 0; q = 1; r = 2; } else if (plane === 1) { p = 1; q = 2; r = 0; } else { p = 0; q = 2; r = 1; }
      const arp = get(r, p), arq = get(r, q);
      const newApp = app - t * apq, newAqq = aqq + t * apq;
      const newArp = c * arp - s * arq, newArq = s * arp + c * arq;
      if (plane === 0) { a00 = newApp; a11 = newAqq; a01 = 0; a02 = newArp; a12 = newArq; }
      else if (plane === 1) { a11 = newApp; a22 = newAqq; a12 = 0; a01 = newArp; a02 = newArq; }
      else { a00 = newApp; a22 = newAqq; a02 = 0; a01 = newArp; a12 = newArq; }
      for (let i = 0; i < 3; i++) {
        const vip = vectors[3 * i + p], viq = vectors[3 * i + q];
        vectors[3 * i + p] = c * vip - s * viq;
        vectors[3 * i + q] = s * vip + c * viq;
      }
    }
  }
  values[0] = a00; values[1] = a11; values[2] = a22;
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random rotation matrix (row-major) from a random unit quaternion. */
function randomRotation(r: () => number): number[] {
  let w = r() - 0.5, x = r() - 0.5, y = r() - 0.5, z = r() - 0.5;
  const n = Math.hypot(w, x, y, z); w /= n; x /= n; y /= n; z /= n;
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
}

/** Voigt tensor Q diag(l) Q^T. */
function withSpectrum(l: [number, number, number], Q: number[]): Float64Array {
  const a = (i: number, j: number): number => l[0] * Q[3 * i] * Q[3 * j] + l[1] * Q[3 * i + 1] * Q[3 * j + 1] + l[2] * Q[3 * i + 2] * Q[3 * j + 2];
  return Float64Array.from([a(0, 0), a(1, 1), a(2, 2), a(0, 1), a(1, 2), a(0, 2)]);
}

/** A family of test tensors: random, random SPD, repeated and near-repeated spectra, diagonal, zero. */
function cases(count: number, seed: number): Float64Array[] {
  const r = rng(seed);
  const out: Float64Array[] = [];
  const mag = (): number => 10 ** (-3 + 12 * r());
  for (let i = 0; i < count; i++) {
    const s = mag();
    const kind = i % 8;
    const Q = randomRotation(r);
    const u = (): number => (2 * r() - 1) * s;
    if (kind === 0) out.push(Float64Array.from([u(), u(), u(), u(), u(), u()]));
    else if (kind === 1) out.push(withSpectrum([s * r(), s * r(), s * r()], Q)); // SPD
    else if (kind === 2) { const a = u(); out.push(withSpectrum([a, a, u()], Q)); } // two equal
    else if (kind === 3) { const a = u(); out.push(withSpectrum([a, a, a], Q)); } // hydrostatic (rounded)
    else if (kind === 4) { const a = u(); const d = a * 10 ** (-4 - 12 * r()); out.push(withSpectrum([a, a + d, u()], Q)); } // near-repeated
    else if (kind === 5) { const a = u(); const d = s * 10 ** (-6 - 10 * r()); out.push(withSpectrum([a + d, a - d, a + 2 * d], Q)); } // three nearly equal
    else if (kind === 6) out.push(Float64Array.from([u(), u(), u(), 0, 0, 0])); // diagonal
    else { const a = u(); out.push(withSpectrum([a, -a, 0], Q)); } // pure shear
  }
  out.push(new Float64Array(6));
  out.push(Float64Array.from([-1e6, -1e6, -1e6, 0, 0, 0]));
  return out;
}

describe('tensor3 symmetric eigen-solvers', () => {
  const values = new Float64Array(3), vectors = new Float64Array(9);
  const refValues = new Float64Array(3), refVectors = new Float64Array(9);

  it('unrolled Jacobi is bit for bit the generic Jacobi loop (tolerance 0) on 4000 tensors incl. repeated spectra', () => {
    for (const t of cases(4000, 1)) {
      symmetricEigen(t, 0, values, vectors);
      genericJacobi(t, 0, refValues, refVectors);
      expect(Array.from(values)).toEqual(Array.from(refValues));
      expect(Array.from(vectors)).toEqual(Array.from(refVectors));
    }
  });

  it('Jacobi: diagonal tensors give their diagonal exactly and the identity; A V = V diag(l), V^T V = I to 1e-13 of |A|', () => {
    symmetricEigen([3, -2, 5, 0, 0, 0], 0, values, vectors);
    expect(Array.from(values)).toEqual([3, -2, 5]);
    expect(Array.from(vectors)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    for (const t of cases(800, 2)) {
      symmetricEigen(t, 0, values, vectors);
      const s = eigenScale(t, 0) || 1;
      const A = [[t[0], t[3], t[5]], [t[3], t[1], t[4]], [t[5], t[4], t[2]]];
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < 3; i++) {
          let av = 0;
          for (let j = 0; j < 3; j++) av += A[i][j] * vectors[3 * j + k];
          expect(Math.abs(av - values[k] * vectors[3 * i + k])).toBeLessThan(1e-13 * s);
        }
        for (let m = 0; m < 3; m++) {
          let dot = 0;
          for (let i = 0; i < 3; i++) dot += vectors[3 * i + k] * vectors[3 * i + m];
          expect(Math.abs(dot - (k === m ? 1 : 0))).toBeLessThan(1e-13);
        }
      }
    }
  });

  it('Jacobi recovers known spectra Q diag(l) Q^T incl. repeated eigenvalues (closed form, 1e-13 of |l|)', () => {
    const r = rng(3);
    const spectra: Array<[number, number, number]> = [[1, 2, 3], [-5, -5, 2], [7, 7, 7], [0, 0, 1e6], [-1e7, 3e5, 3e5]];
    for (const l of spectra) {
      for (let n = 0; n < 50; n++) {
        symmetricEigen(withSpectrum(l, randomRotation(r)), 0, values, vectors);
        const got = Array.from(values).sort((a, b) => a - b);
        const want = [...l].sort((a, b) => a - b);
        const s = Math.max(...l.map(Math.abs));
        for (let k = 0; k < 3; k++) expect(Math.abs(got[k] - want[k])).toBeLessThan(1e-13 * s);
      }
    }
  });

  it('closed-form min/max eigenvalue matches Jacobi within EIGEN_RANGE_TOLERANCE/100 * eigenScale on 20000 tensors (near-repeated included)', () => {
    const range = new Float64Array(2);
    let worst = 0;
    for (const t of cases(20000, 4)) {
      symmetricEigenvalueRange(t, 0, range);
      symmetricEigen(t, 0, values, vectors);
      const lo = Math.min(values[0], values[1], values[2]), hi = Math.max(values[0], values[1], values[2]);
      const s = eigenScale(t, 0);
      const err = Math.max(Math.abs(range[0] - lo), Math.abs(range[1] - hi));
      if (s > 0) worst = Math.max(worst, err / s);
      else expect(err).toBe(0);
    }
    // Largest relative error seen is about 4e-9 (near-repeated spectra, the acos sensitivity).
    expect(worst).toBeLessThan(EIGEN_RANGE_TOLERANCE / 100);
  });

  it('closed-form range is exact for a hydrostatic tensor and for diagonal tensors to 1e-15 of the scale', () => {
    const range = new Float64Array(2);
    symmetricEigenvalueRange([-2e6, -2e6, -2e6, 0, 0, 0], 0, range);
    expect(Array.from(range)).toEqual([-2e6, -2e6]);
    symmetricEigenvalueRange([3, -2, 5, 0, 0, 0], 0, range);
    expect(Math.abs(range[0] + 2)).toBeLessThan(1e-14);
    expect(Math.abs(range[1] - 5)).toBeLessThan(1e-14);
  });
});
