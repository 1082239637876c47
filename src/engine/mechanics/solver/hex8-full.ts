/**
 * Selectively reduced, fully integrated hex8 (2x2x2 Gauss, B-bar; Hughes 1980, IJNME 15:1413),
 * for thin layers such as cans and pouch skins where one-point elements hourglass. Eight material
 * points per element; the dilatation of every point is replaced by the element mean
 * (b_bar = (1/V) sum_g detJ_g B_g, exact for the trilinear hex), which avoids volumetric locking
 * in plasticity and near-incompressibility. No hourglass control is needed (no zero-energy modes).
 *
 * Per point g: D_g = sym(L_g) - tr(L_g)/3 I + tr(L_bar)/3 I, spin W_g from L_g, the stress is
 * rotated by the Hughes–Winget increment as in the one-point element; nodal forces
 * f_a = -sum_g detJ_g [sigma_g B_ga + tr(sigma_g)/3 (b_bar_a - B_ga)].
 *
 * Point arrays (stress, strain, ...) are 8 per element, in element-major order; the solver keeps
 * element averages in its element arrays for output and failure criteria.
 */
import { Hex8Arrays, KernelAccumulators, FAIL_JACOBIAN, FAIL_NAN } from './hex8-kernel';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, sqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

const G = 1 / sqrt(3);
const S1 = [-1, 1, 1, -1, -1, 1, 1, -1];
const S2 = [-1, -1, 1, 1, -1, -1, 1, 1];
const S3 = [-1, -1, -1, -1, 1, 1, 1, 1];
/** Shape-function derivatives dN_a/dxi_i at the 8 Gauss points: [g][i][a]. */
const DN = new Float64Array(8 * 3 * 8);
for (let g = 0; g < 8; g++) {
  const xi = S1[g] * G, eta = S2[g] * G, zeta = S3[g] * G;
  for (let a = 0; a < 8; a++) {
    DN[24 * g + a] = 0.125 * S1[a] * (1 + S2[a] * eta) * (1 + S3[a] * zeta);
    DN[24 * g + 8 + a] = 0.125 * S2[a] * (1 + S1[a] * xi) * (1 + S3[a] * zeta);
    DN[24 * g + 16 + a] = 0.125 * S3[a] * (1 + S1[a] * xi) * (1 + S2[a] * eta);
  }
}

export const FULL_BLOCK = 32;

export class FullScratch {
  /** B at each point: [element][g][x|y|z][a] = 192 per element. */
  readonly b = new Float64Array(FULL_BLOCK * 192);
  readonly bbar = new Float64Array(FULL_BLOCK * 24);
  readonly detJ = new Float64Array(FULL_BLOCK * 8);
  readonly volume = new Float64Array(FULL_BLOCK);
  readonly length = new Float64Array(FULL_BLOCK);
  readonly oldStress = new Float64Array(FULL_BLOCK * 48);
  readonly xe = new Float64Array(8);
  readonly ye = new Float64Array(8);
  readonly ze = new Float64Array(8);
  readonly vx = new Float64Array(8);
  readonly vy = new Float64Array(8);
  readonly vz = new Float64Array(8);
}

/** Point-level arrays of one fully integrated part (8 points per element, part-local). */
export interface FullPointArrays {
  stress: Float64Array;
  totalStrain: Float64Array;
  strainIncrement: Float64Array;
  relativeVolume: Float64Array;
  waveSpeed: Float64Array;
  /** Initial volume of each point's share (detJ at t = 0). */
  initialPointVolume: Float64Array;
}

/**
 * Pass 1 for part-local elements [first, first + count) (count <= FULL_BLOCK); `partStart` maps
 * part-local to model element indices.
 */
export function hex8FullKinematics(
  a: Hex8Arrays, pa: FullPointArrays, partStart: number, first: number, count: number, dt: number, s: FullScratch, acc: KernelAccumulators,
): void {
  const { x, v, connectivity: conn, alive, initialVolume, relativeVolume } = a;
  const { xe, ye, ze, vx, vy, vz, b: B, bbar, detJ, volume, length, oldStress } = s;
  for (let i = 0; i < count; i++) {
    const le = first + i;
    const e = partStart + le;
    if (alive[e] === 0) continue;
    for (let n = 0; n < 8; n++) {
      const p = 3 * conn[8 * e + n];
      xe[n] = x[p]; ye[n] = x[p + 1]; ze[n] = x[p + 2];
      vx[n] = v[p]; vy[n] = v[p + 1]; vz[n] = v[p + 2];
    }
    let vol = 0;
    for (let k = 0; k < 24; k++) bbar[24 * i + k] = 0;
    for (let g = 0; g < 8; g++) {
      const od = 24 * g;
      let j11 = 0, j12 = 0, j13 = 0, j21 = 0, j22 = 0, j23 = 0, j31 = 0, j32 = 0, j33 = 0;
      for (let n = 0; n < 8; n++) {
        const d1 = DN[od + n], d2 = DN[od + 8 + n], d3 = DN[od + 16 + n];
        j11 += d1 * xe[n]; j12 += d1 * ye[n]; j13 += d1 * ze[n];
        j21 += d2 * xe[n]; j22 += d2 * ye[n]; j23 += d2 * ze[n];
        j31 += d3 * xe[n]; j32 += d3 * ye[n]; j33 += d3 * ze[n];
      }
      const det = j11 * (j22 * j33 - j23 * j32) - j12 * (j21 * j33 - j23 * j31) + j13 * (j21 * j32 - j22 * j31);
      if (!(det > 0)) {
        if (acc.failedElement < 0) { acc.failedElement = e; acc.failure = FAIL_JACOBIAN; }
        break;
      }
      const id = 1 / det;
      const i11 = (j22 * j33 - j23 * j32) * id, i12 = (j13 * j32 - j12 * j33) * id, i13 = (j12 * j23 - j13 * j22) * id;
      const i21 = (j23 * j31 - j21 * j33) * id, i22 = (j11 * j33 - j13 * j31) * id, i23 = (j13 * j21 - j11 * j23) * id;
      const i31 = (j21 * j32 - j22 * j31) * id, i32 = (j12 * j31 - j11 * j32) * id, i33 = (j11 * j22 - j12 * j21) * id;
      const ob = 192 * i + 24 * g;
      for (let n = 0; n < 8; n++) {
        const d1 = DN[od + n], d2 = DN[od + 8 + n], d3 = DN[od + 16 + n];
        const gx = i11 * d1 + i12 * d2 + i13 * d3, gy = i21 * d1 + i22 * d2 + i23 * d3, gz = i31 * d1 + i32 * d2 + i33 * d3;
        B[ob + n] = gx; B[ob + 8 + n] = gy; B[ob + 16 + n] = gz;
        bbar[24 * i + n] += det * gx; bbar[24 * i + 8 + n] += det * gy; bbar[24 * i + 16 + n] += det * gz;
      }
      detJ[8 * i + g] = det;
      vol += det;
    }
    if (acc.failedElement >= 0) return;
    volume[i] = vol;
    relativeVolume[e] = vol / initialVolume[e];
    let trBar = 0;
    for (let n = 0; n < 8; n++) {
      const bx = bbar[24 * i + n] / vol, by = bbar[24 * i + 8 + n] / vol, bz = bbar[24 * i + 16 + n] / vol;
      bbar[24 * i + n] = bx; bbar[24 * i + 8 + n] = by; bbar[24 * i + 16 + n] = bz;
      trBar += bx * vx[n] + by * vy[n] + bz * vz[n];
    }
    for (let g = 0; g < 8; g++) {
      const ob = 192 * i + 24 * g;
      let lxx = 0, lxy = 0, lxz = 0, lyx = 0, lyy = 0, lyz = 0, lzx = 0, lzy = 0, lzz = 0;
      for (let n = 0; n < 8; n++) {
        const gx = B[ob + n], gy = B[ob + 8 + n], gz = B[ob + 16 + n];
        lxx += vx[n] * gx; lxy += vx[n] * gy; lxz += vx[n] * gz;
        lyx += vy[n] * gx; lyy += vy[n] * gy; lyz += vy[n] * gz;
        lzx += vz[n] * gx; lzy += vz[n] * gy; lzz += vz[n] * gz;
      }
      const shift = (trBar - (lxx + lyy + lzz)) / 3;
      const pt = 8 * le + g;
      const o6 = 6 * pt;
      const inc = pa.strainIncrement, st = pa.stress, ts = pa.totalStrain;
      inc[o6] = (lxx + shift) * dt; inc[o6 + 1] = (lyy + shift) * dt; inc[o6 + 2] = (lzz + shift) * dt;
      inc[o6 + 3] = 0.5 * (lxy + lyx) * dt; inc[o6 + 4] = 0.5 * (lyz + lzy) * dt; inc[o6 + 5] = 0.5 * (lzx + lxz) * dt;
      pa.relativeVolume[pt] = detJ[8 * i + g] / pa.initialPointVolume[pt];
      const tx = 0.25 * (lzy - lyz) * dt, ty = 0.25 * (lxz - lzx) * dt, tz = 0.25 * (lyx - lxy) * dt;
      const t2 = tx * tx + ty * ty + tz * tz;
      if (t2 > 0) {
        const f = 2 / (1 + t2);
        const r11 = 1 + f * (tx * tx - t2), r12 = f * (-tz + tx * ty), r13 = f * (ty + tx * tz);
        const r21 = f * (tz + ty * tx), r22 = 1 + f * (ty * ty - t2), r23 = f * (-tx + ty * tz);
        const r31 = f * (-ty + tz * tx), r32 = f * (tx + tz * ty), r33 = 1 + f * (tz * tz - t2);
        for (let pass = 0; pass < 2; pass++) {
          const T = pass === 0 ? st : ts;
          const a11 = T[o6], a22 = T[o6 + 1], a33 = T[o6 + 2], a12 = T[o6 + 3], a23 = T[o6 + 4], a13 = T[o6 + 5];
          const m11 = r11 * a11 + r12 * a12 + r13 * a13, m12 = r11 * a12 + r12 * a22 + r13 * a23, m13 = r11 * a13 + r12 * a23 + r13 * a33;
          const m21 = r21 * a11 + r22 * a12 + r23 * a13, m22 = r21 * a12 + r22 * a22 + r23 * a23, m23 = r21 * a13 + r22 * a23 + r23 * a33;
          const m31 = r31 * a11 + r32 * a12 + r33 * a13, m32 = r31 * a12 + r32 * a22 + r33 * a23, m33 = r31 * a13 + r32 * a23 + r33 * a33;
          T[o6] = m11 * r11 + m12 * r12 + m13 * r13;
          T[o6 + 1] = m21 * r21 + m22 * r22 + m23 * r23;
          T[o6 + 2] = m31 * r31 + m32 * r32 + m33 * r33;
          T[o6 + 3] = m11 * r21 + m12 * r22 + m13 * r23;
          T[o6 + 4] = m21 * r31 + m22 * r32 + m23 * r33;
          T[o6 + 5] = m11 * r31 + m12 * r32 + m13 * r33;
        }
      }
      for (let c = 0; c < 6; c++) {
        oldStress[48 * i + 6 * g + c] = st[o6 + c];
        ts[o6 + c] += inc[o6 + c];
      }
    }
    // Characteristic length: volume / largest face area.
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
    length[i] = vol / (0.5 * sqrt(a2max));
  }
}

/**
 * Pass 2 after the material update of the block's points: element-average stress into the
 * element arrays, B-bar nodal forces, internal energy (trapezoid), stable step.
 */
export function hex8FullForces(
  a: Hex8Arrays, pa: FullPointArrays, partStart: number, first: number, count: number, s: FullScratch, acc: KernelAccumulators,
): void {
  const { force, connectivity: conn, alive, stress: elementStress, strainIncrement: elementIncrement, totalStrain: elementStrain, waveSpeed, waveSpeedScale } = a;
  const { b: B, bbar, detJ, volume, length, oldStress } = s;
  let energy = 0;
  let minDt = acc.minTimeStep, minEl = acc.minTimeStepElement;
  for (let i = 0; i < count; i++) {
    const le = first + i;
    const e = partStart + le;
    if (alive[e] === 0) continue;
    const o6e = 6 * e;
    for (let c = 0; c < 6; c++) { elementStress[o6e + c] = 0; elementIncrement[o6e + c] = 0; elementStrain[o6e + c] = 0; }
    let cmax = 0;
    for (let g = 0; g < 8; g++) {
      const pt = 8 * le + g;
      const o6 = 6 * pt;
      const st = pa.stress, inc = pa.strainIncrement;
      const sxx = st[o6], syy = st[o6 + 1], szz = st[o6 + 2], sxy = st[o6 + 3], syz = st[o6 + 4], szx = st[o6 + 5];
      if (!(abs(sxx + syy + szz + sxy + syz + szx) < INFINITY)) {
        if (acc.failedElement < 0) { acc.failedElement = e; acc.failure = FAIL_NAN; }
        return;
      }
      const w = detJ[8 * i + g];
      const os = 48 * i + 6 * g;
      energy += w * (0.5 * ((oldStress[os] + sxx) * inc[o6] + (oldStress[os + 1] + syy) * inc[o6 + 1] + (oldStress[os + 2] + szz) * inc[o6 + 2])
        + (oldStress[os + 3] + sxy) * inc[o6 + 3] + (oldStress[os + 4] + syz) * inc[o6 + 4] + (oldStress[os + 5] + szx) * inc[o6 + 5]);
      const mean = (sxx + syy + szz) / 3;
      const ob = 192 * i + 24 * g;
      for (let n = 0; n < 8; n++) {
        const gx = B[ob + n], gy = B[ob + 8 + n], gz = B[ob + 16 + n];
        const dx = bbar[24 * i + n] - gx, dy = bbar[24 * i + 8 + n] - gy, dz = bbar[24 * i + 16 + n] - gz;
        const p = 3 * conn[8 * e + n];
        force[p] -= w * (sxx * gx + sxy * gy + szx * gz + mean * dx);
        force[p + 1] -= w * (sxy * gx + syy * gy + syz * gz + mean * dy);
        force[p + 2] -= w * (szx * gx + syz * gy + szz * gz + mean * dz);
      }
      for (let c = 0; c < 6; c++) {
        elementStress[o6e + c] += 0.125 * st[o6 + c];
        elementIncrement[o6e + c] += 0.125 * inc[o6 + c];
        elementStrain[o6e + c] += 0.125 * pa.totalStrain[o6 + c];
      }
      if (pa.waveSpeed[pt] > cmax) cmax = pa.waveSpeed[pt];
    }
    waveSpeed[e] = cmax;
    const cw = cmax * waveSpeedScale[e];
    const dte = length[i] / cw;
    if (dte < minDt) { minDt = dte; minEl = e; }
    void volume;
  }
  acc.internalEnergy += energy;
  acc.minTimeStep = minDt;
  acc.minTimeStepElement = minEl;
}
