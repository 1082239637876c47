/**
 * The hot loop: one explicit step of one-point hex8 elements for a block of elements of one part.
 *
 * kinematics(): Flanagan–Belytschko uniform gradient b_a = (1/V) dV/dx_a with the exact volume
 * (passes the patch test on distorted meshes: uniform stress and interior equilibrium),
 * velocity gradient L = sum v_a (x) b_a, D = sym L, W = skew L; objective update of the stress (and
 * the total strain) by the Jaumann rate integrated with the Hughes–Winget rotation
 * R = (I - W dt/2)^-1 (I + W dt/2) (exactly orthogonal, so a rigid rotation leaves the stress
 * invariants unchanged to round-off); Flanagan–Belytschko hourglass control (1981, IJNME 17:679):
 * gamma_a = h_a - (h . x) b_a, viscous f = -c gamma (gamma . v) with c = q_h rho c V^(2/3) / 4 or
 * stiffness form Q += k (gamma . v) dt with k = q_h (K + 4G/3) V sum(b.b) / 8, f = -gamma Q;
 * bulk viscosity q = rho L (C0 L tr(D)^2 - C1 c tr(D)) in compression (von Neumann–Richtmyer +
 * Landshoff, as in LS-DYNA); characteristic length L = V / largest face area (LS-DYNA solids).
 *
 * forces(): after the material update, f_a = -V (sigma - q I) b_a, internal energy increment
 * V dt (sigma_old + sigma_new)/2 : D (plus the bulk-viscosity work), NaN check, and the element
 * stable step dt_e = L / (Q + sqrt(Q^2 + c^2)), Q = C1 c + C0 L |tr D| (compression).
 *
 * No allocation: every temporary lives in the Hex8Scratch passed in.
 */

/** Hourglass base vectors h_g (Flanagan–Belytschko), one row per mode, nodes 0..7. */
const H0 = [1, 1, -1, -1, -1, -1, 1, 1];
const H1 = [1, -1, -1, 1, -1, 1, 1, -1];
const H2 = [1, -1, 1, -1, 1, -1, 1, -1];
const H3 = [-1, 1, -1, 1, 1, -1, 1, -1];
const HG = new Float64Array([...H0, ...H1, ...H2, ...H3]);
/** Node permutations of the Flanagan–Belytschko volume-gradient formula (their Table 1, 0-based). */
const PERM = new Int32Array([
  0, 1, 2, 3, 4, 5, 6, 7,
  1, 2, 3, 0, 5, 6, 7, 4,
  2, 3, 0, 1, 6, 7, 4, 5,
  3, 0, 1, 2, 7, 4, 5, 6,
  4, 7, 6, 5, 0, 3, 2, 1,
  5, 4, 7, 6, 1, 0, 3, 2,
  6, 5, 4, 7, 2, 1, 0, 3,
  7, 6, 5, 4, 3, 2, 1, 0,
]);

export const BLOCK_SIZE = 128;

export class Hex8Scratch {
  readonly b = new Float64Array(BLOCK_SIZE * 24);
  readonly volume = new Float64Array(BLOCK_SIZE);
  readonly length = new Float64Array(BLOCK_SIZE);
  readonly viscosity = new Float64Array(BLOCK_SIZE);
  readonly traceD = new Float64Array(BLOCK_SIZE);
  readonly oldStress = new Float64Array(BLOCK_SIZE * 6);
  readonly xe = new Float64Array(8);
  readonly ye = new Float64Array(8);
  readonly ze = new Float64Array(8);
  readonly vx = new Float64Array(8);
  readonly vy = new Float64Array(8);
  readonly vz = new Float64Array(8);
  readonly gam = new Float64Array(8);
}

/** Arrays of the whole model the kernel reads and writes (internal element order). */
export interface Hex8Arrays {
  x: Float64Array;
  v: Float64Array;
  force: Float64Array;
  connectivity: Int32Array;
  alive: Uint8Array;
  initialVolume: Float64Array;
  /** Physical (unscaled) element mass [kg]. */
  elementMass: Float64Array;
  /** 1 / sqrt(mass-scaling factor) per element: multiplies the wave speed for the time step. */
  waveSpeedScale: Float64Array;
  stress: Float64Array;
  totalStrain: Float64Array;
  strainIncrement: Float64Array;
  relativeVolume: Float64Array;
  waveSpeed: Float64Array;
  /** Stiffness-form hourglass generalized forces, 12 per element (length 0 if unused). */
  hourglassForce: Float64Array;
}

export interface PartConstants {
  bulkModulus: number;
  shearModulus: number;
  hourglassStiffness: boolean;
  hourglassCoefficient: number;
  bulkLinear: number;
  bulkQuadratic: number;
}

/** Accumulators the kernel adds to (one object per model, reused). */
export interface KernelAccumulators {
  internalEnergy: number;
  hourglassEnergy: number;
  /** Smallest element stable step of the pass. */
  minTimeStep: number;
  minTimeStepElement: number;
  /** First failing element (internal index) or -1, with the cause. */
  failedElement: number;
  failure: 0 | 1 | 2;
}

export const FAIL_NONE = 0;
export const FAIL_JACOBIAN = 1;
export const FAIL_NAN = 2;

/**
 * Pass 1 for elements [first, first + count) (count <= BLOCK_SIZE): kinematics, objective rotation,
 * strain increment, hourglass forces (scattered into `force`), bulk viscosity and length.
 */
export function hex8Kinematics(
  a: Hex8Arrays, k: PartConstants, first: number, count: number, dt: number, s: Hex8Scratch, acc: KernelAccumulators,
): void {
  const { x, v, force, connectivity: conn, alive, initialVolume, elementMass, stress, totalStrain, strainIncrement, relativeVolume, waveSpeed, hourglassForce } = a;
  const { xe, ye, ze, vx, vy, vz, gam, b: B, volume, length, viscosity, traceD, oldStress } = s;
  const hgStiff = k.hourglassStiffness;
  const qh = k.hourglassCoefficient;
  const modulusP = k.bulkModulus + (4 / 3) * k.shearModulus;
  const c0 = k.bulkQuadratic, c1 = k.bulkLinear;
  for (let i = 0; i < count; i++) {
    const e = first + i;
    if (alive[e] === 0) continue;
    const o8 = 8 * e;
    for (let n = 0; n < 8; n++) {
      const p = 3 * conn[o8 + n];
      xe[n] = x[p]; ye[n] = x[p + 1]; ze[n] = x[p + 2];
      vx[n] = v[p]; vy[n] = v[p + 1]; vz[n] = v[p + 2];
    }
    // Flanagan–Belytschko uniform gradient (1981, eq. 79): b_a = dV/dx_a of the exact trilinear
    // volume, so sum_a b_a x_a^T = V I and the mean-stress element passes the patch test on
    // distorted meshes. B = b / V.
    let vol = 0;
    for (let n = 0; n < 8; n++) {
      const q = 8 * n;
      const p2 = PERM[q + 1], p3 = PERM[q + 2], p4 = PERM[q + 3], p5 = PERM[q + 4], p6 = PERM[q + 5], p8 = PERM[q + 7];
      const bxv = ye[p2] * ((ze[p6] - ze[p3]) - (ze[p4] - ze[p5])) + ye[p3] * (ze[p2] - ze[p4]) + ye[p4] * ((ze[p3] - ze[p8]) - (ze[p5] - ze[p2]))
        + ye[p5] * ((ze[p8] - ze[p6]) - (ze[p2] - ze[p4])) + ye[p6] * (ze[p5] - ze[p2]) + ye[p8] * (ze[p4] - ze[p5]);
      const byv = ze[p2] * ((xe[p6] - xe[p3]) - (xe[p4] - xe[p5])) + ze[p3] * (xe[p2] - xe[p4]) + ze[p4] * ((xe[p3] - xe[p8]) - (xe[p5] - xe[p2]))
        + ze[p5] * ((xe[p8] - xe[p6]) - (xe[p2] - xe[p4])) + ze[p6] * (xe[p5] - xe[p2]) + ze[p8] * (xe[p4] - xe[p5]);
      const bzv = xe[p2] * ((ye[p6] - ye[p3]) - (ye[p4] - ye[p5])) + xe[p3] * (ye[p2] - ye[p4]) + xe[p4] * ((ye[p3] - ye[p8]) - (ye[p5] - ye[p2]))
        + xe[p5] * ((ye[p8] - ye[p6]) - (ye[p2] - ye[p4])) + xe[p6] * (ye[p5] - ye[p2]) + xe[p8] * (ye[p4] - ye[p5]);
      B[24 * i + n] = bxv; B[24 * i + 8 + n] = byv; B[24 * i + 16 + n] = bzv;
      vol += bxv * xe[n];
    }
    vol /= 12;
    if (!(vol > 0)) {
      if (acc.failedElement < 0) { acc.failedElement = e; acc.failure = FAIL_JACOBIAN; }
      continue;
    }
    const inv = 1 / (12 * vol);
    let lxx = 0, lxy = 0, lxz = 0, lyx = 0, lyy = 0, lyz = 0, lzx = 0, lzy = 0, lzz = 0;
    let bb = 0;
    const ob = 24 * i;
    for (let n = 0; n < 8; n++) {
      const gx = B[ob + n] * inv, gy = B[ob + 8 + n] * inv, gz = B[ob + 16 + n] * inv;
      B[ob + n] = gx; B[ob + 8 + n] = gy; B[ob + 16 + n] = gz;
      bb += gx * gx + gy * gy + gz * gz;
      const ux = vx[n], uy = vy[n], uz = vz[n];
      lxx += ux * gx; lxy += ux * gy; lxz += ux * gz;
      lyx += uy * gx; lyy += uy * gy; lyz += uy * gz;
      lzx += uz * gx; lzy += uz * gy; lzz += uz * gz;
    }
    volume[i] = vol;
    relativeVolume[e] = vol / initialVolume[e];
    const dxx = lxx, dyy = lyy, dzz = lzz;
    const dxy = 0.5 * (lxy + lyx), dyz = 0.5 * (lyz + lzy), dzx = 0.5 * (lzx + lxz);
    const trD = dxx + dyy + dzz;
    traceD[i] = trD;
    const o6 = 6 * e;
    strainIncrement[o6] = dxx * dt; strainIncrement[o6 + 1] = dyy * dt; strainIncrement[o6 + 2] = dzz * dt;
    strainIncrement[o6 + 3] = dxy * dt; strainIncrement[o6 + 4] = dyz * dt; strainIncrement[o6 + 5] = dzx * dt;
    // Hughes–Winget rotation from theta = W dt / 2 (W v = w x v, w = axial vector of the spin).
    const tx = 0.25 * (lzy - lyz) * dt, ty = 0.25 * (lxz - lzx) * dt, tz = 0.25 * (lyx - lxy) * dt;
    const t2 = tx * tx + ty * ty + tz * tz;
    const so = 6 * i;
    if (t2 > 0) {
      const f = 2 / (1 + t2);
      // R = I + f (Th + Th^2), Th = skew(theta): Th^2 = theta theta^T - t2 I.
      const r11 = 1 + f * (tx * tx - t2), r12 = f * (-tz + tx * ty), r13 = f * (ty + tx * tz);
      const r21 = f * (tz + ty * tx), r22 = 1 + f * (ty * ty - t2), r23 = f * (-tx + ty * tz);
      const r31 = f * (-ty + tz * tx), r32 = f * (tx + tz * ty), r33 = 1 + f * (tz * tz - t2);
      for (let pass = 0; pass < 2; pass++) {
        const T = pass === 0 ? stress : totalStrain;
        const a11 = T[o6], a22 = T[o6 + 1], a33 = T[o6 + 2], a12 = T[o6 + 3], a23 = T[o6 + 4], a13 = T[o6 + 5];
        // M = R A
        const m11 = r11 * a11 + r12 * a12 + r13 * a13, m12 = r11 * a12 + r12 * a22 + r13 * a23, m13 = r11 * a13 + r12 * a23 + r13 * a33;
        const m21 = r21 * a11 + r22 * a12 + r23 * a13, m22 = r21 * a12 + r22 * a22 + r23 * a23, m23 = r21 * a13 + r22 * a23 + r23 * a33;
        const m31 = r31 * a11 + r32 * a12 + r33 * a13, m32 = r31 * a12 + r32 * a22 + r33 * a23, m33 = r31 * a13 + r32 * a23 + r33 * a33;
        // M R^T
        T[o6] = m11 * r11 + m12 * r12 + m13 * r13;
        T[o6 + 1] = m21 * r21 + m22 * r22 + m23 * r23;
        T[o6 + 2] = m31 * r31 + m32 * r32 + m33 * r33;
        T[o6 + 3] = m11 * r21 + m12 * r22 + m13 * r23;
        T[o6 + 4] = m21 * r31 + m22 * r32 + m23 * r33;
        T[o6 + 5] = m11 * r31 + m12 * r32 + m13 * r33;
      }
    }
    for (let c = 0; c < 6; c++) {
      oldStress[so + c] = stress[o6 + c];
      totalStrain[o6 + c] += strainIncrement[o6 + c];
    }
    // Characteristic length: volume / largest face area (faces by their diagonals).
    let a2max = 0;
    for (let face = 0; face < 6; face++) {
      let n0: number, n1: number, n2: number, n3: number;
      switch (face) {
        case 0: n0 = 0; n1 = 1; n2 = 2; n3 = 3; break;
        case 1: n0 = 4; n1 = 5; n2 = 6; n3 = 7; break;
        case 2: n0 = 0; n1 = 1; n2 = 5; n3 = 4; break;
        case 3: n0 = 1; n1 = 2; n2 = 6; n3 = 5; break;
        case 4: n0 = 2; n1 = 3; n2 = 7; n3 = 6; break;
        default: n0 = 3; n1 = 0; n2 = 4; n3 = 7; break;
      }
      const ax = xe[n2] - xe[n0], ay = ye[n2] - ye[n0], az = ze[n2] - ze[n0];
      const bx = xe[n3] - xe[n1], by = ye[n3] - ye[n1], bz = ze[n3] - ze[n1];
      const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
      const a2 = cx * cx + cy * cy + cz * cz;
      if (a2 > a2max) a2max = a2;
    }
    const le = vol / (0.5 * Math.sqrt(a2max));
    length[i] = le;
    const rho = elementMass[e] / vol;
    const cw = waveSpeed[e];
    viscosity[i] = trD < 0 ? rho * le * (c0 * le * trD * trD - c1 * cw * trD) : 0;
    // Flanagan–Belytschko hourglass control.
    let hgPower = 0;
    const viscousC = hgStiff ? 0 : (qh * rho * cw * Math.cbrt(vol * vol)) / 4;
    const stiffK = hgStiff ? (qh * modulusP * vol * bb) / 8 : 0;
    for (let g = 0; g < 4; g++) {
      const og = 8 * g;
      let hx = 0, hy = 0, hz = 0;
      for (let n = 0; n < 8; n++) {
        const h = HG[og + n];
        hx += h * xe[n]; hy += h * ye[n]; hz += h * ze[n];
      }
      let qx = 0, qy = 0, qz = 0;
      for (let n = 0; n < 8; n++) {
        const gm = HG[og + n] - (hx * B[ob + n] + hy * B[ob + 8 + n] + hz * B[ob + 16 + n]);
        gam[n] = gm;
        qx += gm * vx[n]; qy += gm * vy[n]; qz += gm * vz[n];
      }
      let fx: number, fy: number, fz: number;
      if (hgStiff) {
        const oh = 12 * e + 3 * g;
        const ox = hourglassForce[oh], oy = hourglassForce[oh + 1], oz = hourglassForce[oh + 2];
        fx = ox + stiffK * qx * dt; fy = oy + stiffK * qy * dt; fz = oz + stiffK * qz * dt;
        hourglassForce[oh] = fx; hourglassForce[oh + 1] = fy; hourglassForce[oh + 2] = fz;
        hgPower += 0.5 * ((ox + fx) * qx + (oy + fy) * qy + (oz + fz) * qz);
      } else {
        fx = viscousC * qx; fy = viscousC * qy; fz = viscousC * qz;
        hgPower += fx * qx + fy * qy + fz * qz;
      }
      for (let n = 0; n < 8; n++) {
        const p = 3 * conn[o8 + n];
        const gm = gam[n];
        force[p] -= gm * fx; force[p + 1] -= gm * fy; force[p + 2] -= gm * fz;
      }
    }
    acc.hourglassEnergy += hgPower * dt;
  }
}

/**
 * Pass 2 for the same block, after the material update: stress divergence, energy, stable step.
 */
export function hex8Forces(
  a: Hex8Arrays, k: PartConstants, first: number, count: number, dt: number, s: Hex8Scratch, acc: KernelAccumulators,
): void {
  const { force, connectivity: conn, alive, stress, strainIncrement, waveSpeed, waveSpeedScale } = a;
  const { b: B, volume, length, viscosity, traceD, oldStress } = s;
  const c0 = k.bulkQuadratic, c1 = k.bulkLinear;
  let energy = 0;
  let minDt = acc.minTimeStep;
  let minEl = acc.minTimeStepElement;
  for (let i = 0; i < count; i++) {
    const e = first + i;
    if (alive[e] === 0) continue;
    const o6 = 6 * e, so = 6 * i, ob = 24 * i;
    const q = viscosity[i];
    const sxx = stress[o6], syy = stress[o6 + 1], szz = stress[o6 + 2], sxy = stress[o6 + 3], syz = stress[o6 + 4], szx = stress[o6 + 5];
    if (!(Math.abs(sxx + syy + szz + sxy + syz + szx) < Infinity)) {
      if (acc.failedElement < 0) { acc.failedElement = e; acc.failure = FAIL_NAN; }
      continue;
    }
    const vol = volume[i];
    // Stress power over the step: trapezoid of the (objectively rotated) old and the new stress.
    const de0 = strainIncrement[o6], de1 = strainIncrement[o6 + 1], de2 = strainIncrement[o6 + 2];
    const de3 = strainIncrement[o6 + 3], de4 = strainIncrement[o6 + 4], de5 = strainIncrement[o6 + 5];
    energy += vol * (
      0.5 * ((oldStress[so] + sxx) * de0 + (oldStress[so + 1] + syy) * de1 + (oldStress[so + 2] + szz) * de2)
      + (oldStress[so + 3] + sxy) * de3 + (oldStress[so + 4] + syz) * de4 + (oldStress[so + 5] + szx) * de5
      - q * (de0 + de1 + de2));
    const pxx = -vol * (sxx - q), pyy = -vol * (syy - q), pzz = -vol * (szz - q);
    const pxy = -vol * sxy, pyz = -vol * syz, pzx = -vol * szx;
    const o8 = 8 * e;
    for (let n = 0; n < 8; n++) {
      const gx = B[ob + n], gy = B[ob + 8 + n], gz = B[ob + 16 + n];
      const p = 3 * conn[o8 + n];
      force[p] += pxx * gx + pxy * gy + pzx * gz;
      force[p + 1] += pxy * gx + pyy * gy + pyz * gz;
      force[p + 2] += pzx * gx + pyz * gy + pzz * gz;
    }
    const cw = waveSpeed[e] * waveSpeedScale[e];
    const trD = traceD[i];
    const le = length[i];
    const Q = trD < 0 ? c1 * cw - c0 * le * trD : 0;
    const dte = le / (Q + Math.sqrt(Q * Q + cw * cw));
    if (dte < minDt) { minDt = dte; minEl = e; }
  }
  acc.internalEnergy += energy;
  acc.minTimeStep = minDt;
  acc.minTimeStepElement = minEl;
  void dt;
}
