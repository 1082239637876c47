/**
 * Small symmetric-tensor helpers shared by the constitutive laws and the failure criteria.
 * Voigt order [xx, yy, zz, xy, yz, zx] with tensor (not engineering) shear components, as in
 * ../material.ts. Nothing here allocates: callers pass scratch arrays.
 */
// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { PI, abs, acos: mathAcos, cos: mathCos, sqrt: mathSqrt } = Math;

/**
 * Eigen-decomposition of a symmetric 3x3 tensor by cyclic Jacobi rotations.
 * `tensor` holds 6 Voigt components starting at `offset`. Writes the eigenvalues to
 * `values[0..2]` and the eigenvectors as columns of the row-major 3x3 `vectors`
 * (vectors[3*i + k] is component i of eigenvector k). Jacobi is chosen over the closed-form
 * trigonometric solution because it stays accurate for (near-)repeated eigenvalues, the usual
 * case in hydrostatic and uniaxial states, and its eigenvectors are orthonormal to round-off.
 *
 * Written out per rotation plane with the matrix and the eigenvectors in locals (the generic
 * loop's plane switch, index helper and Float64Array round-trips cost more than the rotations in
 * MAT_063's hot loop). The arithmetic is the same operation for operation as that loop (rotation
 * t = sgn(theta) / (|theta| + sqrt(theta^2 + 1)), c = 1 / sqrt(t^2 + 1), s = t c, planes (0,1),
 * (1,2), (0,2) in that order, stop when sum |a_pq| <= 1e-15 sum |a_ij|), so the results are bit
 * for bit those of the generic loop (unit test against a transcription of it).
 */
export function symmetricEigen(
  tensor: ArrayLike<number>,
  offset: number,
  values: Float64Array,
  vectors: Float64Array,
): void {
  let a00 = tensor[offset];
  let a11 = tensor[offset + 1];
  let a22 = tensor[offset + 2];
  let a01 = tensor[offset + 3];
  let a12 = tensor[offset + 4];
  let a02 = tensor[offset + 5];
  // V = identity
  let v00 = 1, v01 = 0, v02 = 0;
  let v10 = 0, v11 = 1, v12 = 0;
  let v20 = 0, v21 = 0, v22 = 1;
  const scale = abs(a00) + abs(a11) + abs(a22) + abs(a01) + abs(a12) + abs(a02);
  if (scale === 0) {
    a00 = 0; a11 = 0; a22 = 0;
  }
  for (let sweep = 0; scale !== 0 && sweep < 50; sweep++) {
    const off = abs(a01) + abs(a12) + abs(a02);
    if (off <= 1e-15 * scale) break;
    // Plane (p, q) = (0, 1), r = 2: a_rp = a02, a_rq = a12.
    if (!(abs(a01) <= 1e-300)) {
      const theta = (a11 - a00) / (2 * a01);
      const t = (theta < 0 ? -1 : 1) / (abs(theta) + mathSqrt(theta * theta + 1));
      const c = 1 / mathSqrt(t * t + 1);
      const s = t * c;
      const apq = a01, arp = a02, arq = a12;
      a00 = a00 - t * apq;
      a11 = a11 + t * apq;
      a01 = 0;
      a02 = c * arp - s * arq;
      a12 = s * arp + c * arq;
      let vp = v00, vq = v01; v00 = c * vp - s * vq; v01 = s * vp + c * vq;
      vp = v10; vq = v11; v10 = c * vp - s * vq; v11 = s * vp + c * vq;
      vp = v20; vq = v21; v20 = c * vp - s * vq; v21 = s * vp + c * vq;
    }
    // Plane (1, 2), r = 0: a_rp = a01, a_rq = a02.
    if (!(abs(a12) <= 1e-300)) {
      const theta = (a22 - a11) / (2 * a12);
      const t = (theta < 0 ? -1 : 1) / (abs(theta) + mathSqrt(theta * theta + 1));
      const c = 1 / mathSqrt(t * t + 1);
      const s = t * c;
      const apq = a12, arp = a01, arq = a02;
      a11 = a11 - t * apq;
      a22 = a22 + t * apq;
      a12 = 0;
      a01 = c * arp - s * arq;
      a02 = s * arp + c * arq;
      let vp = v01, vq = v02; v01 = c * vp - s * vq; v02 = s * vp + c * vq;
      vp = v11; vq = v12; v11 = c * vp - s * vq; v12 = s * vp + c * vq;
      vp = v21; vq = v22; v21 = c * vp - s * vq; v22 = s * vp + c * vq;
    }
    // Plane (0, 2), r = 1: a_rp = a01, a_rq = a12.
    if (!(abs(a02) <= 1e-300)) {
      const theta = (a22 - a00) / (2 * a02);
      const t = (theta < 0 ? -1 : 1) / (abs(theta) + mathSqrt(theta * theta + 1));
      const c = 1 / mathSqrt(t * t + 1);
      const s = t * c;
      const apq = a02, arp = a01, arq = a12;
      a00 = a00 - t * apq;
      a22 = a22 + t * apq;
      a02 = 0;
      a01 = c * arp - s * arq;
      a12 = s * arp + c * arq;
      let vp = v00, vq = v02; v00 = c * vp - s * vq; v02 = s * vp + c * vq;
      vp = v10; vq = v12; v10 = c * vp - s * vq; v12 = s * vp + c * vq;
      vp = v20; vq = v22; v20 = c * vp - s * vq; v22 = s * vp + c * vq;
    }
  }
  vectors[0] = v00; vectors[1] = v01; vectors[2] = v02;
  vectors[3] = v10; vectors[4] = v11; vectors[5] = v12;
  vectors[6] = v20; vectors[7] = v21; vectors[8] = v22;
  values[0] = a00; values[1] = a11; values[2] = a22;
}

/**
 * Relative bound on the error of symmetricEigenvalueRange: |computed - exact| <= this times
 * eigenScale(tensor). The trigonometric formula loses accuracy where two eigenvalues meet
 * (acos'(r) is unbounded at r = +-1: an O(eps) error in r moves the angle by O(sqrt(eps)), so the
 * eigenvalues by O(sqrt(eps)) ~ 1e-8 of the deviator norm); 1e-6 leaves a wide factor over the
 * largest error the unit test finds (adversarial near-repeated spectra).
 */
export const EIGEN_RANGE_TOLERANCE = 1e-6;

/** |a00| + |a11| + |a22| + 2 (|a01| + |a12| + |a02|): bounds the spectral norm (scale of the tolerances). */
export function eigenScale(t: ArrayLike<number>, o: number): number {
  return abs(t[o]) + abs(t[o + 1]) + abs(t[o + 2])
    + 2 * (abs(t[o + 3]) + abs(t[o + 4]) + abs(t[o + 5]));
}

/**
 * Smallest and largest eigenvalue of the symmetric tensor at `o` (Voigt), into out[0] and out[1],
 * without eigenvectors: closed-form trigonometric solution of the characteristic cubic
 * (Smith 1961, Commun. ACM 4:168) on the deviator: q = tr/3, p = sqrt(tr((A - qI)^2)/6),
 * r = det((A - qI)/p)/2 clamped to [-1, 1], phi = acos(r)/3, lambda_max = q + 2p cos(phi),
 * lambda_min = q + 2p cos(phi + 2 pi/3).
 * Accurate to EIGEN_RANGE_TOLERANCE * eigenScale, not to round-off: meant for deciding with that
 * margin whether the spectrum lies inside an interval (MAT_063's cap), not for the values themselves.
 */
export function symmetricEigenvalueRange(t: ArrayLike<number>, o: number, out: Float64Array): void {
  const a00 = t[o], a11 = t[o + 1], a22 = t[o + 2], a01 = t[o + 3], a12 = t[o + 4], a02 = t[o + 5];
  const q = (a00 + a11 + a22) / 3;
  const b00 = a00 - q, b11 = a11 - q, b22 = a22 - q;
  const p2 = b00 * b00 + b11 * b11 + b22 * b22 + 2 * (a01 * a01 + a12 * a12 + a02 * a02);
  if (!(p2 > 0)) { out[0] = q; out[1] = q; return; }
  const p = mathSqrt(p2 / 6);
  // det(B), B = A - qI; r = det(B / p) / 2.
  const det = b00 * (b11 * b22 - a12 * a12) - a01 * (a01 * b22 - a12 * a02) + a02 * (a01 * a12 - b11 * a02);
  let r = det / (2 * p * p * p);
  if (r > 1) r = 1; else if (r < -1) r = -1;
  const phi = mathAcos(r) / 3;
  out[1] = q + 2 * p * mathCos(phi);
  out[0] = q + 2 * p * mathCos(phi + (2 * PI) / 3);
}

/** Writes sum_k values[k] n_k (x) n_k into `out` (6 Voigt components at `offset`). */
export function composeFromEigen(values: ArrayLike<number>, vectors: Float64Array, out: Float64Array, offset: number): void {
  let xx = 0, yy = 0, zz = 0, xy = 0, yz = 0, zx = 0;
  for (let k = 0; k < 3; k++) {
    const v = values[k];
    const nx = vectors[k], ny = vectors[3 + k], nz = vectors[6 + k];
    xx += v * nx * nx; yy += v * ny * ny; zz += v * nz * nz;
    xy += v * nx * ny; yz += v * ny * nz; zx += v * nz * nx;
  }
  out[offset] = xx; out[offset + 1] = yy; out[offset + 2] = zz;
  out[offset + 3] = xy; out[offset + 4] = yz; out[offset + 5] = zx;
}

/** Sorts three eigenvalues in descending order in place (vectors are not needed by callers of this). */
export function sortDescending3(values: Float64Array): void {
  let a = values[0], b = values[1], c = values[2], t: number;
  if (a < b) { t = a; a = b; b = t; }
  if (b < c) { t = b; b = c; c = t; }
  if (a < b) { t = a; a = b; b = t; }
  values[0] = a; values[1] = b; values[2] = c;
}

/** Mean of the normal components (sigma_m = tr/3). */
export function meanOf(t: ArrayLike<number>, o: number): number {
  return (t[o] + t[o + 1] + t[o + 2]) / 3;
}

/** von Mises equivalent q = sqrt(3/2 s:s) of the 6 Voigt components at `o` (tensor shear). */
export function vonMises(t: ArrayLike<number>, o: number): number {
  const m = (t[o] + t[o + 1] + t[o + 2]) / 3;
  const sx = t[o] - m, sy = t[o + 1] - m, sz = t[o + 2] - m;
  const ss = sx * sx + sy * sy + sz * sz + 2 * (t[o + 3] * t[o + 3] + t[o + 4] * t[o + 4] + t[o + 5] * t[o + 5]);
  return mathSqrt(1.5 * ss);
}

/** Third invariant of the deviator, J3 = det(s). */
export function deviatorJ3(t: ArrayLike<number>, o: number): number {
  const m = (t[o] + t[o + 1] + t[o + 2]) / 3;
  const sx = t[o] - m, sy = t[o + 1] - m, sz = t[o + 2] - m;
  const sxy = t[o + 3], syz = t[o + 4], szx = t[o + 5];
  return sx * (sy * sz - syz * syz) - sxy * (sxy * sz - syz * szx) + szx * (sxy * syz - sy * szx);
}

/** Double contraction a:b of two Voigt tensors with tensor shear (shear counted twice). */
export function contract(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number): number {
  return a[ao] * b[bo] + a[ao + 1] * b[bo + 1] + a[ao + 2] * b[bo + 2]
    + 2 * (a[ao + 3] * b[bo + 3] + a[ao + 4] * b[bo + 4] + a[ao + 5] * b[bo + 5]);
}

/** Isotropic elastic strain-energy density 1/2 sigma:C^-1:sigma = 1/2 (sigma_m^2/K + s:s/(2G)). */
export function isotropicElasticEnergy(t: ArrayLike<number>, o: number, bulk: number, shear: number): number {
  const m = (t[o] + t[o + 1] + t[o + 2]) / 3;
  const sx = t[o] - m, sy = t[o + 1] - m, sz = t[o + 2] - m;
  const ss = sx * sx + sy * sy + sz * sz + 2 * (t[o + 3] * t[o + 3] + t[o + 4] * t[o + 4] + t[o + 5] * t[o + 5]);
  return 0.5 * (m * m / bulk + ss / (2 * shear));
}

/** Adds the isotropic Hooke increment C:dEps (tensor shear) to the stress at `so`. */
export function addIsotropicIncrement(
  stress: Float64Array, so: number, dEps: ArrayLike<number>, eo: number, bulk: number, shear: number,
): void {
  const tr = dEps[eo] + dEps[eo + 1] + dEps[eo + 2];
  const lambdaTr = (bulk - (2 / 3) * shear) * tr;
  stress[so] += lambdaTr + 2 * shear * dEps[eo];
  stress[so + 1] += lambdaTr + 2 * shear * dEps[eo + 1];
  stress[so + 2] += lambdaTr + 2 * shear * dEps[eo + 2];
  stress[so + 3] += 2 * shear * dEps[eo + 3];
  stress[so + 4] += 2 * shear * dEps[eo + 4];
  stress[so + 5] += 2 * shear * dEps[eo + 5];
}

/** Equivalent strain-rate measure sqrt(2/3 d:d) of a strain increment over dt (deviatoric + volumetric, Voigt tensor shear). */
export function equivalentStrainRate(dEps: ArrayLike<number>, o: number, dt: number): number {
  if (dt <= 0) return 0;
  return mathSqrt((2 / 3) * contract(dEps, o, dEps, o)) / dt;
}
