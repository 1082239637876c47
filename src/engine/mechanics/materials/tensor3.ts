/**
 * Small symmetric-tensor helpers shared by the constitutive laws and the failure criteria.
 * Voigt order [xx, yy, zz, xy, yz, zx] with tensor (not engineering) shear components, as in
 * ../material.ts. Nothing here allocates: callers pass scratch arrays.
 */

/**
 * Eigen-decomposition of a symmetric 3x3 tensor by cyclic Jacobi rotations.
 * `tensor` holds 6 Voigt components starting at `offset`. Writes the eigenvalues to
 * `values[0..2]` and the eigenvectors as columns of the row-major 3x3 `vectors`
 * (vectors[3*i + k] is component i of eigenvector k). Jacobi is chosen over the closed-form
 * trigonometric solution because it stays accurate for (near-)repeated eigenvalues, the usual
 * case in hydrostatic and uniaxial states, and its eigenvectors are orthonormal to round-off.
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
  vectors[0] = 1; vectors[1] = 0; vectors[2] = 0;
  vectors[3] = 0; vectors[4] = 1; vectors[5] = 0;
  vectors[6] = 0; vectors[7] = 0; vectors[8] = 1;
  const scale = Math.abs(a00) + Math.abs(a11) + Math.abs(a22) + Math.abs(a01) + Math.abs(a12) + Math.abs(a02);
  if (scale === 0) {
    values[0] = 0; values[1] = 0; values[2] = 0;
    return;
  }
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = Math.abs(a01) + Math.abs(a12) + Math.abs(a02);
    if (off <= 1e-15 * scale) break;
    // Rotate in the (p, q) planes (0,1), (1,2), (0,2).
    for (let plane = 0; plane < 3; plane++) {
      let apq: number, app: number, aqq: number;
      if (plane === 0) { apq = a01; app = a00; aqq = a11; }
      else if (plane === 1) { apq = a12; app = a11; aqq = a22; }
      else { apq = a02; app = a00; aqq = a22; }
      if (Math.abs(apq) <= 1e-300) continue;
      const theta = (aqq - app) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      let p: number, q: number, r: number;
      if (plane === 0) { p = 0; q = 1; r = 2; }
      else if (plane === 1) { p = 1; q = 2; r = 0; }
      else { p = 0; q = 2; r = 1; }
      // a_rp and a_rq (r the third index)
      const arp = get(r, p, a00, a11, a22, a01, a12, a02);
      const arq = get(r, q, a00, a11, a22, a01, a12, a02);
      const newApp = app - t * apq;
      const newAqq = aqq + t * apq;
      const newArp = c * arp - s * arq;
      const newArq = s * arp + c * arq;
      // write back
      if (plane === 0) { a00 = newApp; a11 = newAqq; a01 = 0; a02 = newArp; a12 = newArq; }
      else if (plane === 1) { a11 = newApp; a22 = newAqq; a12 = 0; a01 = newArp; a02 = newArq; }
      else { a00 = newApp; a22 = newAqq; a02 = 0; a01 = newArp; a12 = newArq; }
      for (let i = 0; i < 3; i++) {
        const vip = vectors[3 * i + p];
        const viq = vectors[3 * i + q];
        vectors[3 * i + p] = c * vip - s * viq;
        vectors[3 * i + q] = s * vip + c * viq;
      }
    }
  }
  values[0] = a00; values[1] = a11; values[2] = a22;
}

function get(i: number, j: number, a00: number, a11: number, a22: number, a01: number, a12: number, a02: number): number {
  if (i === j) return i === 0 ? a00 : i === 1 ? a11 : a22;
  const k = i + j; // 1 -> (0,1), 3 -> (1,2), 2 -> (0,2)
  return k === 1 ? a01 : k === 3 ? a12 : a02;
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
  return Math.sqrt(1.5 * ss);
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
  return Math.sqrt((2 / 3) * contract(dEps, o, dEps, o)) / dt;
}
