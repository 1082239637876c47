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
 * forces(): after the material update, f_a = (-V (sigma - q I) + P) b_a + hourglass node part (P and
 * the node part from kinematics(), see there), internal energy increment
 * V dt (sigma_old + sigma_new)/2 : D (plus the bulk-viscosity work), NaN check, and the element
 * stable step dt_e = L / (Q + sqrt(Q^2 + c^2)), Q = C1 c + C0 L |tr D| (compression).
 *
 * No allocation: every temporary lives in the Hex8Scratch passed in.
 */
// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, cbrt, sqrt: mathSqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/*
 * Hourglass base vectors h_g (Flanagan–Belytschko), one row per mode, nodes 0..7 (unrolled below):
 *   [1, 1, -1, -1, -1, -1, 1, 1], [1, -1, -1, 1, -1, 1, 1, -1], [1, -1, 1, -1, 1, -1, 1, -1], [-1, 1, -1, 1, 1, -1, 1, -1]
 * Node permutations of the Flanagan–Belytschko volume-gradient formula (their Table 1, 0-based):
 *   0 1 2 3 4 5 6 7 | 1 2 3 0 5 6 7 4 | 2 3 0 1 6 7 4 5 | 3 0 1 2 7 4 5 6
 *   4 7 6 5 0 3 2 1 | 5 4 7 6 1 0 3 2 | 6 5 4 7 2 1 0 3 | 7 6 5 4 3 2 1 0
 * The unrolled code was generated from these tables; the patch test guards it.
 */

export const BLOCK_SIZE = 128;

export class Hex8Scratch {
  readonly b = new Float64Array(BLOCK_SIZE * 24);
  readonly volume = new Float64Array(BLOCK_SIZE);
  readonly length = new Float64Array(BLOCK_SIZE);
  readonly viscosity = new Float64Array(BLOCK_SIZE);
  readonly traceD = new Float64Array(BLOCK_SIZE);
  readonly oldStress = new Float64Array(BLOCK_SIZE * 6);
  /**
   * Node part of the hourglass forces, -sum_g h_a f_g, 24 per element (x0..x7, y0..y7, z0..z7);
   * the full hourglass force is this plus P b_a (hourglassGradient), both added in pass 2.
   */
  readonly hourglass = new Float64Array(BLOCK_SIZE * 24);
  /** P = sum_g f_g (x) (X h_g), 9 per element (row-major): hourglass force part along b_a. */
  readonly hourglassGradient = new Float64Array(BLOCK_SIZE * 9);
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
  const { x, v, connectivity: conn, alive, initialVolume, elementMass, stress, totalStrain, strainIncrement, relativeVolume, waveSpeed, hourglassForce } = a;
  const { b: B, volume, length, viscosity, traceD, oldStress, hourglass: HF, hourglassGradient: HP } = s;
  const hgStiff = k.hourglassStiffness;
  const qh = k.hourglassCoefficient;
  const modulusP = k.bulkModulus + (4 / 3) * k.shearModulus;
  const c0 = k.bulkQuadratic, c1 = k.bulkLinear;
  for (let i = 0; i < count; i++) {
    const e = first + i;
    if (alive[e] === 0) continue;
    const o8 = 8 * e;
    // Gather into locals (unrolled: the hot loop keeps everything in registers).
    const p0 = 3 * conn[o8 + 0];
    const p1 = 3 * conn[o8 + 1];
    const p2 = 3 * conn[o8 + 2];
    const p3 = 3 * conn[o8 + 3];
    const p4 = 3 * conn[o8 + 4];
    const p5 = 3 * conn[o8 + 5];
    const p6 = 3 * conn[o8 + 6];
    const p7 = 3 * conn[o8 + 7];
    const x0 = x[p0], y0 = x[p0 + 1], z0 = x[p0 + 2];
    const u0 = v[p0], w0 = v[p0 + 1], r0 = v[p0 + 2];
    const x1 = x[p1], y1 = x[p1 + 1], z1 = x[p1 + 2];
    const u1 = v[p1], w1 = v[p1 + 1], r1 = v[p1 + 2];
    const x2 = x[p2], y2 = x[p2 + 1], z2 = x[p2 + 2];
    const u2 = v[p2], w2 = v[p2 + 1], r2 = v[p2 + 2];
    const x3 = x[p3], y3 = x[p3 + 1], z3 = x[p3 + 2];
    const u3 = v[p3], w3 = v[p3 + 1], r3 = v[p3 + 2];
    const x4 = x[p4], y4 = x[p4 + 1], z4 = x[p4 + 2];
    const u4 = v[p4], w4 = v[p4 + 1], r4 = v[p4 + 2];
    const x5 = x[p5], y5 = x[p5 + 1], z5 = x[p5 + 2];
    const u5 = v[p5], w5 = v[p5 + 1], r5 = v[p5 + 2];
    const x6 = x[p6], y6 = x[p6 + 1], z6 = x[p6 + 2];
    const u6 = v[p6], w6 = v[p6 + 1], r6 = v[p6 + 2];
    const x7 = x[p7], y7 = x[p7 + 1], z7 = x[p7 + 2];
    const u7 = v[p7], w7 = v[p7 + 1], r7 = v[p7 + 2];
    // Flanagan–Belytschko uniform gradient (1981, eq. 79, node permutations of their Table 1):
    // b_a = dV/dx_a of the exact trilinear volume, so sum_a b_a x_a^T = V I and the mean-stress
    // element passes the patch test on distorted meshes. B = b / V. (Generated, unrolled.)
    const bx0 = y1 * ((z5 - z2) - (z3 - z4)) + y2 * (z1 - z3) + y3 * ((z2 - z7) - (z4 - z1)) + y4 * ((z7 - z5) - (z1 - z3)) + y5 * (z4 - z1) + y7 * (z3 - z4);
    const by0 = z1 * ((x5 - x2) - (x3 - x4)) + z2 * (x1 - x3) + z3 * ((x2 - x7) - (x4 - x1)) + z4 * ((x7 - x5) - (x1 - x3)) + z5 * (x4 - x1) + z7 * (x3 - x4);
    const bz0 = x1 * ((y5 - y2) - (y3 - y4)) + x2 * (y1 - y3) + x3 * ((y2 - y7) - (y4 - y1)) + x4 * ((y7 - y5) - (y1 - y3)) + x5 * (y4 - y1) + x7 * (y3 - y4);
    const bx1 = y2 * ((z6 - z3) - (z0 - z5)) + y3 * (z2 - z0) + y0 * ((z3 - z4) - (z5 - z2)) + y5 * ((z4 - z6) - (z2 - z0)) + y6 * (z5 - z2) + y4 * (z0 - z5);
    const by1 = z2 * ((x6 - x3) - (x0 - x5)) + z3 * (x2 - x0) + z0 * ((x3 - x4) - (x5 - x2)) + z5 * ((x4 - x6) - (x2 - x0)) + z6 * (x5 - x2) + z4 * (x0 - x5);
    const bz1 = x2 * ((y6 - y3) - (y0 - y5)) + x3 * (y2 - y0) + x0 * ((y3 - y4) - (y5 - y2)) + x5 * ((y4 - y6) - (y2 - y0)) + x6 * (y5 - y2) + x4 * (y0 - y5);
    const bx2 = y3 * ((z7 - z0) - (z1 - z6)) + y0 * (z3 - z1) + y1 * ((z0 - z5) - (z6 - z3)) + y6 * ((z5 - z7) - (z3 - z1)) + y7 * (z6 - z3) + y5 * (z1 - z6);
    const by2 = z3 * ((x7 - x0) - (x1 - x6)) + z0 * (x3 - x1) + z1 * ((x0 - x5) - (x6 - x3)) + z6 * ((x5 - x7) - (x3 - x1)) + z7 * (x6 - x3) + z5 * (x1 - x6);
    const bz2 = x3 * ((y7 - y0) - (y1 - y6)) + x0 * (y3 - y1) + x1 * ((y0 - y5) - (y6 - y3)) + x6 * ((y5 - y7) - (y3 - y1)) + x7 * (y6 - y3) + x5 * (y1 - y6);
    const bx3 = y0 * ((z4 - z1) - (z2 - z7)) + y1 * (z0 - z2) + y2 * ((z1 - z6) - (z7 - z0)) + y7 * ((z6 - z4) - (z0 - z2)) + y4 * (z7 - z0) + y6 * (z2 - z7);
    const by3 = z0 * ((x4 - x1) - (x2 - x7)) + z1 * (x0 - x2) + z2 * ((x1 - x6) - (x7 - x0)) + z7 * ((x6 - x4) - (x0 - x2)) + z4 * (x7 - x0) + z6 * (x2 - x7);
    const bz3 = x0 * ((y4 - y1) - (y2 - y7)) + x1 * (y0 - y2) + x2 * ((y1 - y6) - (y7 - y0)) + x7 * ((y6 - y4) - (y0 - y2)) + x4 * (y7 - y0) + x6 * (y2 - y7);
    const bx4 = y7 * ((z3 - z6) - (z5 - z0)) + y6 * (z7 - z5) + y5 * ((z6 - z1) - (z0 - z7)) + y0 * ((z1 - z3) - (z7 - z5)) + y3 * (z0 - z7) + y1 * (z5 - z0);
    const by4 = z7 * ((x3 - x6) - (x5 - x0)) + z6 * (x7 - x5) + z5 * ((x6 - x1) - (x0 - x7)) + z0 * ((x1 - x3) - (x7 - x5)) + z3 * (x0 - x7) + z1 * (x5 - x0);
    const bz4 = x7 * ((y3 - y6) - (y5 - y0)) + x6 * (y7 - y5) + x5 * ((y6 - y1) - (y0 - y7)) + x0 * ((y1 - y3) - (y7 - y5)) + x3 * (y0 - y7) + x1 * (y5 - y0);
    const bx5 = y4 * ((z0 - z7) - (z6 - z1)) + y7 * (z4 - z6) + y6 * ((z7 - z2) - (z1 - z4)) + y1 * ((z2 - z0) - (z4 - z6)) + y0 * (z1 - z4) + y2 * (z6 - z1);
    const by5 = z4 * ((x0 - x7) - (x6 - x1)) + z7 * (x4 - x6) + z6 * ((x7 - x2) - (x1 - x4)) + z1 * ((x2 - x0) - (x4 - x6)) + z0 * (x1 - x4) + z2 * (x6 - x1);
    const bz5 = x4 * ((y0 - y7) - (y6 - y1)) + x7 * (y4 - y6) + x6 * ((y7 - y2) - (y1 - y4)) + x1 * ((y2 - y0) - (y4 - y6)) + x0 * (y1 - y4) + x2 * (y6 - y1);
    const bx6 = y5 * ((z1 - z4) - (z7 - z2)) + y4 * (z5 - z7) + y7 * ((z4 - z3) - (z2 - z5)) + y2 * ((z3 - z1) - (z5 - z7)) + y1 * (z2 - z5) + y3 * (z7 - z2);
    const by6 = z5 * ((x1 - x4) - (x7 - x2)) + z4 * (x5 - x7) + z7 * ((x4 - x3) - (x2 - x5)) + z2 * ((x3 - x1) - (x5 - x7)) + z1 * (x2 - x5) + z3 * (x7 - x2);
    const bz6 = x5 * ((y1 - y4) - (y7 - y2)) + x4 * (y5 - y7) + x7 * ((y4 - y3) - (y2 - y5)) + x2 * ((y3 - y1) - (y5 - y7)) + x1 * (y2 - y5) + x3 * (y7 - y2);
    const bx7 = y6 * ((z2 - z5) - (z4 - z3)) + y5 * (z6 - z4) + y4 * ((z5 - z0) - (z3 - z6)) + y3 * ((z0 - z2) - (z6 - z4)) + y2 * (z3 - z6) + y0 * (z4 - z3);
    const by7 = z6 * ((x2 - x5) - (x4 - x3)) + z5 * (x6 - x4) + z4 * ((x5 - x0) - (x3 - x6)) + z3 * ((x0 - x2) - (x6 - x4)) + z2 * (x3 - x6) + z0 * (x4 - x3);
    const bz7 = x6 * ((y2 - y5) - (y4 - y3)) + x5 * (y6 - y4) + x4 * ((y5 - y0) - (y3 - y6)) + x3 * ((y0 - y2) - (y6 - y4)) + x2 * (y3 - y6) + x0 * (y4 - y3);
    const vol = (bx0 * x0 + bx1 * x1 + bx2 * x2 + bx3 * x3 + bx4 * x4 + bx5 * x5 + bx6 * x6 + bx7 * x7) / 12;
    if (!(vol > 0)) {
      if (acc.failedElement < 0) { acc.failedElement = e; acc.failure = FAIL_JACOBIAN; }
      continue;
    }
    const inv = 1 / (12 * vol);
    const ob = 24 * i;
    const gx0 = bx0 * inv, gy0 = by0 * inv, gz0 = bz0 * inv;
    B[ob + 0] = gx0; B[ob + 8] = gy0; B[ob + 16] = gz0;
    const gx1 = bx1 * inv, gy1 = by1 * inv, gz1 = bz1 * inv;
    B[ob + 1] = gx1; B[ob + 9] = gy1; B[ob + 17] = gz1;
    const gx2 = bx2 * inv, gy2 = by2 * inv, gz2 = bz2 * inv;
    B[ob + 2] = gx2; B[ob + 10] = gy2; B[ob + 18] = gz2;
    const gx3 = bx3 * inv, gy3 = by3 * inv, gz3 = bz3 * inv;
    B[ob + 3] = gx3; B[ob + 11] = gy3; B[ob + 19] = gz3;
    const gx4 = bx4 * inv, gy4 = by4 * inv, gz4 = bz4 * inv;
    B[ob + 4] = gx4; B[ob + 12] = gy4; B[ob + 20] = gz4;
    const gx5 = bx5 * inv, gy5 = by5 * inv, gz5 = bz5 * inv;
    B[ob + 5] = gx5; B[ob + 13] = gy5; B[ob + 21] = gz5;
    const gx6 = bx6 * inv, gy6 = by6 * inv, gz6 = bz6 * inv;
    B[ob + 6] = gx6; B[ob + 14] = gy6; B[ob + 22] = gz6;
    const gx7 = bx7 * inv, gy7 = by7 * inv, gz7 = bz7 * inv;
    B[ob + 7] = gx7; B[ob + 15] = gy7; B[ob + 23] = gz7;
    // sum b.b: only the stiffness hourglass form uses it.
    const bb = !hgStiff ? 0 : gx0 * gx0 + gy0 * gy0 + gz0 * gz0 + gx1 * gx1 + gy1 * gy1 + gz1 * gz1 + gx2 * gx2 + gy2 * gy2 + gz2 * gz2 + gx3 * gx3 + gy3 * gy3 + gz3 * gz3 + gx4 * gx4 + gy4 * gy4 + gz4 * gz4 + gx5 * gx5 + gy5 * gy5 + gz5 * gz5 + gx6 * gx6 + gy6 * gy6 + gz6 * gz6 + gx7 * gx7 + gy7 * gy7 + gz7 * gz7;
    const lxx = u0 * gx0 + u1 * gx1 + u2 * gx2 + u3 * gx3 + u4 * gx4 + u5 * gx5 + u6 * gx6 + u7 * gx7;
    const lxy = u0 * gy0 + u1 * gy1 + u2 * gy2 + u3 * gy3 + u4 * gy4 + u5 * gy5 + u6 * gy6 + u7 * gy7;
    const lxz = u0 * gz0 + u1 * gz1 + u2 * gz2 + u3 * gz3 + u4 * gz4 + u5 * gz5 + u6 * gz6 + u7 * gz7;
    const lyx = w0 * gx0 + w1 * gx1 + w2 * gx2 + w3 * gx3 + w4 * gx4 + w5 * gx5 + w6 * gx6 + w7 * gx7;
    const lyy = w0 * gy0 + w1 * gy1 + w2 * gy2 + w3 * gy3 + w4 * gy4 + w5 * gy5 + w6 * gy6 + w7 * gy7;
    const lyz = w0 * gz0 + w1 * gz1 + w2 * gz2 + w3 * gz3 + w4 * gz4 + w5 * gz5 + w6 * gz6 + w7 * gz7;
    const lzx = r0 * gx0 + r1 * gx1 + r2 * gx2 + r3 * gx3 + r4 * gx4 + r5 * gx5 + r6 * gx6 + r7 * gx7;
    const lzy = r0 * gy0 + r1 * gy1 + r2 * gy2 + r3 * gy3 + r4 * gy4 + r5 * gy5 + r6 * gy6 + r7 * gy7;
    const lzz = r0 * gz0 + r1 * gz1 + r2 * gz2 + r3 * gz3 + r4 * gz4 + r5 * gz5 + r6 * gz6 + r7 * gz7;
    volume[i] = vol;
    relativeVolume[e] = vol / initialVolume[e];
    const dxx = lxx, dyy = lyy, dzz = lzz;
    const dxy = 0.5 * (lxy + lyx), dyz = 0.5 * (lyz + lzy), dzx = 0.5 * (lzx + lxz);
    const trD = dxx + dyy + dzz;
    traceD[i] = trD;
    const o6 = 6 * e;
    const de0 = dxx * dt, de1 = dyy * dt, de2 = dzz * dt, de3 = dxy * dt, de4 = dyz * dt, de5 = dzx * dt;
    strainIncrement[o6] = de0; strainIncrement[o6 + 1] = de1; strainIncrement[o6 + 2] = de2;
    strainIncrement[o6 + 3] = de3; strainIncrement[o6 + 4] = de4; strainIncrement[o6 + 5] = de5;
    // Hughes–Winget rotation from theta = W dt / 2 (W v = w x v, w = axial vector of the spin).
    const tx = 0.25 * (lzy - lyz) * dt, ty = 0.25 * (lxz - lzx) * dt, tz = 0.25 * (lyx - lxy) * dt;
    const t2 = tx * tx + ty * ty + tz * tz;
    const so = 6 * i;
    // Stress and total strain in locals: rotated (if spinning), then stored once; the strain
    // increment is added to the rotated total strain.
    let s11 = stress[o6], s22 = stress[o6 + 1], s33 = stress[o6 + 2], s12 = stress[o6 + 3], s23 = stress[o6 + 4], s13 = stress[o6 + 5];
    let e11 = totalStrain[o6], e22 = totalStrain[o6 + 1], e33 = totalStrain[o6 + 2], e12 = totalStrain[o6 + 3], e23 = totalStrain[o6 + 4], e13 = totalStrain[o6 + 5];
    if (t2 > 0) {
      const f = 2 / (1 + t2);
      // R = I + f (Th + Th^2), Th = skew(theta): Th^2 = theta theta^T - t2 I.
      const r11 = 1 + f * (tx * tx - t2), r12 = f * (-tz + tx * ty), r13 = f * (ty + tx * tz);
      const r21 = f * (tz + ty * tx), r22 = 1 + f * (ty * ty - t2), r23 = f * (-tx + ty * tz);
      const r31 = f * (-ty + tz * tx), r32 = f * (tx + tz * ty), r33 = 1 + f * (tz * tz - t2);
      {
        // Stress: M = R A, then the 6 components of M R^T.
        const a11 = s11, a22 = s22, a33 = s33, a12 = s12, a23 = s23, a13 = s13;
        const m11 = r11 * a11 + r12 * a12 + r13 * a13, m12 = r11 * a12 + r12 * a22 + r13 * a23, m13 = r11 * a13 + r12 * a23 + r13 * a33;
        const m21 = r21 * a11 + r22 * a12 + r23 * a13, m22 = r21 * a12 + r22 * a22 + r23 * a23, m23 = r21 * a13 + r22 * a23 + r23 * a33;
        const m31 = r31 * a11 + r32 * a12 + r33 * a13, m32 = r31 * a12 + r32 * a22 + r33 * a23, m33 = r31 * a13 + r32 * a23 + r33 * a33;
        s11 = m11 * r11 + m12 * r12 + m13 * r13;
        s22 = m21 * r21 + m22 * r22 + m23 * r23;
        s33 = m31 * r31 + m32 * r32 + m33 * r33;
        s12 = m11 * r21 + m12 * r22 + m13 * r23;
        s23 = m21 * r31 + m22 * r32 + m23 * r33;
        s13 = m11 * r31 + m12 * r32 + m13 * r33;
      }
      {
        // Total strain, the same rotation.
        const a11 = e11, a22 = e22, a33 = e33, a12 = e12, a23 = e23, a13 = e13;
        const m11 = r11 * a11 + r12 * a12 + r13 * a13, m12 = r11 * a12 + r12 * a22 + r13 * a23, m13 = r11 * a13 + r12 * a23 + r13 * a33;
        const m21 = r21 * a11 + r22 * a12 + r23 * a13, m22 = r21 * a12 + r22 * a22 + r23 * a23, m23 = r21 * a13 + r22 * a23 + r23 * a33;
        const m31 = r31 * a11 + r32 * a12 + r33 * a13, m32 = r31 * a12 + r32 * a22 + r33 * a23, m33 = r31 * a13 + r32 * a23 + r33 * a33;
        e11 = m11 * r11 + m12 * r12 + m13 * r13;
        e22 = m21 * r21 + m22 * r22 + m23 * r23;
        e33 = m31 * r31 + m32 * r32 + m33 * r33;
        e12 = m11 * r21 + m12 * r22 + m13 * r23;
        e23 = m21 * r31 + m22 * r32 + m23 * r33;
        e13 = m11 * r31 + m12 * r32 + m13 * r33;
      }
      stress[o6] = s11; stress[o6 + 1] = s22; stress[o6 + 2] = s33; stress[o6 + 3] = s12; stress[o6 + 4] = s23; stress[o6 + 5] = s13;
    }
    oldStress[so] = s11; oldStress[so + 1] = s22; oldStress[so + 2] = s33; oldStress[so + 3] = s12; oldStress[so + 4] = s23; oldStress[so + 5] = s13;
    totalStrain[o6] = e11 + de0; totalStrain[o6 + 1] = e22 + de1; totalStrain[o6 + 2] = e33 + de2;
    totalStrain[o6 + 3] = e12 + de3; totalStrain[o6 + 4] = e23 + de4; totalStrain[o6 + 5] = e13 + de5;
    // Characteristic length: volume / largest face area (faces by their diagonals; faces 0..5 =
    // 0123, 4567, 0154, 1265, 2376, 3047, unrolled on the gathered coordinates).
    let a2max = 0;
    {
      const ax = x2 - x0, ay = y2 - y0, az = z2 - z0;
      const bx = x3 - x1, by = y3 - y1, bz = z3 - z1;
      const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
      const a2 = cx * cx + cy * cy + cz * cz;
      if (a2 > a2max) a2max = a2;
    }
    {
      const ax = x6 - x4, ay = y6 - y4, az = z6 - z4;
      const bx = x7 - x5, by = y7 - y5, bz = z7 - z5;
      const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
      const a2 = cx * cx + cy * cy + cz * cz;
      if (a2 > a2max) a2max = a2;
    }
    {
      const ax = x5 - x0, ay = y5 - y0, az = z5 - z0;
      const bx = x4 - x1, by = y4 - y1, bz = z4 - z1;
      const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
      const a2 = cx * cx + cy * cy + cz * cz;
      if (a2 > a2max) a2max = a2;
    }
    {
      const ax = x6 - x1, ay = y6 - y1, az = z6 - z1;
      const bx = x5 - x2, by = y5 - y2, bz = z5 - z2;
      const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
      const a2 = cx * cx + cy * cy + cz * cz;
      if (a2 > a2max) a2max = a2;
    }
    {
      const ax = x7 - x2, ay = y7 - y2, az = z7 - z2;
      const bx = x6 - x3, by = y6 - y3, bz = z6 - z3;
      const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
      const a2 = cx * cx + cy * cy + cz * cz;
      if (a2 > a2max) a2max = a2;
    }
    {
      const ax = x4 - x3, ay = y4 - y3, az = z4 - z3;
      const bx = x7 - x0, by = y7 - y0, bz = z7 - z0;
      const cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
      const a2 = cx * cx + cy * cy + cz * cz;
      if (a2 > a2max) a2max = a2;
    }
    const le = vol / (0.5 * mathSqrt(a2max));
    length[i] = le;
    const rho = elementMass[e] / vol;
    const cw = waveSpeed[e];
    viscosity[i] = trD < 0 ? rho * le * (c0 * le * trD * trD - c1 * cw * trD) : 0;
    // Flanagan–Belytschko hourglass control, 4 modes g: gamma_a = h_a - (X h) . b_a. Written so that
    // gamma is never formed per node (same forces, fewer operations):
    //   q_g = sum_a gamma_a v_a = V h_g - L (X h_g)           (L = sum_a v_a (x) b_a, computed above)
    //   f_a = -sum_g gamma_a f_g = -sum_g h_a f_g + P b_a,  P = sum_g f_g (x) (X h_g)
    // The node part -sum_g h_a f_g goes to the scratch `hourglass`, P to `hourglassGradient`; P b_a
    // is added to the stress divergence in hex8Forces.
    let hgPower = 0;
    const viscousC = hgStiff ? 0 : (qh * rho * cw * cbrt(vol * vol)) / 4;
    const stiffK = hgStiff ? (qh * modulusP * vol * bb) / 8 : 0;
    let pxx = 0, pxy = 0, pxz = 0, pyx = 0, pyy = 0, pyz = 0, pzx = 0, pzy = 0, pzz = 0;
    let f0x: number, f0y: number, f0z: number;
    let f1x: number, f1y: number, f1z: number;
    let f2x: number, f2y: number, f2z: number;
    let f3x: number, f3y: number, f3z: number;
    {
      const hx = x0 + x1 - x2 - x3 - x4 - x5 + x6 + x7, hy = y0 + y1 - y2 - y3 - y4 - y5 + y6 + y7, hz = z0 + z1 - z2 - z3 - z4 - z5 + z6 + z7;
      const qx = (u0 + u1 - u2 - u3 - u4 - u5 + u6 + u7) - (lxx * hx + lxy * hy + lxz * hz);
      const qy = (w0 + w1 - w2 - w3 - w4 - w5 + w6 + w7) - (lyx * hx + lyy * hy + lyz * hz);
      const qz = (r0 + r1 - r2 - r3 - r4 - r5 + r6 + r7) - (lzx * hx + lzy * hy + lzz * hz);
      let fx: number, fy: number, fz: number;
      if (hgStiff) {
        const oh = 12 * e + 0;
        const ox = hourglassForce[oh], oy = hourglassForce[oh + 1], oz = hourglassForce[oh + 2];
        fx = ox + stiffK * qx * dt; fy = oy + stiffK * qy * dt; fz = oz + stiffK * qz * dt;
        hourglassForce[oh] = fx; hourglassForce[oh + 1] = fy; hourglassForce[oh + 2] = fz;
        hgPower += 0.5 * ((ox + fx) * qx + (oy + fy) * qy + (oz + fz) * qz);
      } else {
        fx = viscousC * qx; fy = viscousC * qy; fz = viscousC * qz;
        hgPower += fx * qx + fy * qy + fz * qz;
      }
      pxx += fx * hx; pxy += fx * hy; pxz += fx * hz;
      pyx += fy * hx; pyy += fy * hy; pyz += fy * hz;
      pzx += fz * hx; pzy += fz * hy; pzz += fz * hz;
      f0x = fx; f0y = fy; f0z = fz;
    }
    {
      const hx = x0 - x1 - x2 + x3 - x4 + x5 + x6 - x7, hy = y0 - y1 - y2 + y3 - y4 + y5 + y6 - y7, hz = z0 - z1 - z2 + z3 - z4 + z5 + z6 - z7;
      const qx = (u0 - u1 - u2 + u3 - u4 + u5 + u6 - u7) - (lxx * hx + lxy * hy + lxz * hz);
      const qy = (w0 - w1 - w2 + w3 - w4 + w5 + w6 - w7) - (lyx * hx + lyy * hy + lyz * hz);
      const qz = (r0 - r1 - r2 + r3 - r4 + r5 + r6 - r7) - (lzx * hx + lzy * hy + lzz * hz);
      let fx: number, fy: number, fz: number;
      if (hgStiff) {
        const oh = 12 * e + 3;
        const ox = hourglassForce[oh], oy = hourglassForce[oh + 1], oz = hourglassForce[oh + 2];
        fx = ox + stiffK * qx * dt; fy = oy + stiffK * qy * dt; fz = oz + stiffK * qz * dt;
        hourglassForce[oh] = fx; hourglassForce[oh + 1] = fy; hourglassForce[oh + 2] = fz;
        hgPower += 0.5 * ((ox + fx) * qx + (oy + fy) * qy + (oz + fz) * qz);
      } else {
        fx = viscousC * qx; fy = viscousC * qy; fz = viscousC * qz;
        hgPower += fx * qx + fy * qy + fz * qz;
      }
      pxx += fx * hx; pxy += fx * hy; pxz += fx * hz;
      pyx += fy * hx; pyy += fy * hy; pyz += fy * hz;
      pzx += fz * hx; pzy += fz * hy; pzz += fz * hz;
      f1x = fx; f1y = fy; f1z = fz;
    }
    {
      const hx = x0 - x1 + x2 - x3 + x4 - x5 + x6 - x7, hy = y0 - y1 + y2 - y3 + y4 - y5 + y6 - y7, hz = z0 - z1 + z2 - z3 + z4 - z5 + z6 - z7;
      const qx = (u0 - u1 + u2 - u3 + u4 - u5 + u6 - u7) - (lxx * hx + lxy * hy + lxz * hz);
      const qy = (w0 - w1 + w2 - w3 + w4 - w5 + w6 - w7) - (lyx * hx + lyy * hy + lyz * hz);
      const qz = (r0 - r1 + r2 - r3 + r4 - r5 + r6 - r7) - (lzx * hx + lzy * hy + lzz * hz);
      let fx: number, fy: number, fz: number;
      if (hgStiff) {
        const oh = 12 * e + 6;
        const ox = hourglassForce[oh], oy = hourglassForce[oh + 1], oz = hourglassForce[oh + 2];
        fx = ox + stiffK * qx * dt; fy = oy + stiffK * qy * dt; fz = oz + stiffK * qz * dt;
        hourglassForce[oh] = fx; hourglassForce[oh + 1] = fy; hourglassForce[oh + 2] = fz;
        hgPower += 0.5 * ((ox + fx) * qx + (oy + fy) * qy + (oz + fz) * qz);
      } else {
        fx = viscousC * qx; fy = viscousC * qy; fz = viscousC * qz;
        hgPower += fx * qx + fy * qy + fz * qz;
      }
      pxx += fx * hx; pxy += fx * hy; pxz += fx * hz;
      pyx += fy * hx; pyy += fy * hy; pyz += fy * hz;
      pzx += fz * hx; pzy += fz * hy; pzz += fz * hz;
      f2x = fx; f2y = fy; f2z = fz;
    }
    {
      const hx = -x0 + x1 - x2 + x3 + x4 - x5 + x6 - x7, hy = -y0 + y1 - y2 + y3 + y4 - y5 + y6 - y7, hz = -z0 + z1 - z2 + z3 + z4 - z5 + z6 - z7;
      const qx = (-u0 + u1 - u2 + u3 + u4 - u5 + u6 - u7) - (lxx * hx + lxy * hy + lxz * hz);
      const qy = (-w0 + w1 - w2 + w3 + w4 - w5 + w6 - w7) - (lyx * hx + lyy * hy + lyz * hz);
      const qz = (-r0 + r1 - r2 + r3 + r4 - r5 + r6 - r7) - (lzx * hx + lzy * hy + lzz * hz);
      let fx: number, fy: number, fz: number;
      if (hgStiff) {
        const oh = 12 * e + 9;
        const ox = hourglassForce[oh], oy = hourglassForce[oh + 1], oz = hourglassForce[oh + 2];
        fx = ox + stiffK * qx * dt; fy = oy + stiffK * qy * dt; fz = oz + stiffK * qz * dt;
        hourglassForce[oh] = fx; hourglassForce[oh + 1] = fy; hourglassForce[oh + 2] = fz;
        hgPower += 0.5 * ((ox + fx) * qx + (oy + fy) * qy + (oz + fz) * qz);
      } else {
        fx = viscousC * qx; fy = viscousC * qy; fz = viscousC * qz;
        hgPower += fx * qx + fy * qy + fz * qz;
      }
      pxx += fx * hx; pxy += fx * hy; pxz += fx * hz;
      pyx += fy * hx; pyy += fy * hy; pyz += fy * hz;
      pzx += fz * hx; pzy += fz * hy; pzz += fz * hz;
      f3x = fx; f3y = fy; f3z = fz;
    }
    const o9 = 9 * i;
    HP[o9] = pxx; HP[o9 + 1] = pxy; HP[o9 + 2] = pxz;
    HP[o9 + 3] = pyx; HP[o9 + 4] = pyy; HP[o9 + 5] = pyz;
    HP[o9 + 6] = pzx; HP[o9 + 7] = pzy; HP[o9 + 8] = pzz;
    HF[ob + 0] = -f0x - f1x - f2x + f3x;
    HF[ob + 8] = -f0y - f1y - f2y + f3y;
    HF[ob + 16] = -f0z - f1z - f2z + f3z;
    HF[ob + 1] = -f0x + f1x + f2x - f3x;
    HF[ob + 9] = -f0y + f1y + f2y - f3y;
    HF[ob + 17] = -f0z + f1z + f2z - f3z;
    HF[ob + 2] = f0x + f1x - f2x + f3x;
    HF[ob + 10] = f0y + f1y - f2y + f3y;
    HF[ob + 18] = f0z + f1z - f2z + f3z;
    HF[ob + 3] = f0x - f1x + f2x - f3x;
    HF[ob + 11] = f0y - f1y + f2y - f3y;
    HF[ob + 19] = f0z - f1z + f2z - f3z;
    HF[ob + 4] = f0x + f1x - f2x - f3x;
    HF[ob + 12] = f0y + f1y - f2y - f3y;
    HF[ob + 20] = f0z + f1z - f2z - f3z;
    HF[ob + 5] = f0x - f1x + f2x + f3x;
    HF[ob + 13] = f0y - f1y + f2y + f3y;
    HF[ob + 21] = f0z - f1z + f2z + f3z;
    HF[ob + 6] = -f0x - f1x - f2x - f3x;
    HF[ob + 14] = -f0y - f1y - f2y - f3y;
    HF[ob + 22] = -f0z - f1z - f2z - f3z;
    HF[ob + 7] = -f0x + f1x + f2x + f3x;
    HF[ob + 15] = -f0y + f1y + f2y + f3y;
    HF[ob + 23] = -f0z + f1z + f2z + f3z;
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
  const { b: B, volume, length, viscosity, traceD, oldStress, hourglass: HF, hourglassGradient: HP } = s;
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
    if (!(abs(sxx + syy + szz + sxy + syz + szx) < INFINITY)) {
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
    // f_a = (-V (sigma - q I) + P) b_a + node part of the hourglass force (see hex8Kinematics).
    const o9 = 9 * i;
    const axx = pxx + HP[o9], axy = pxy + HP[o9 + 1], axz = pzx + HP[o9 + 2];
    const ayx = pxy + HP[o9 + 3], ayy = pyy + HP[o9 + 4], ayz = pyz + HP[o9 + 5];
    const azx = pzx + HP[o9 + 6], azy = pyz + HP[o9 + 7], azz = pzz + HP[o9 + 8];
    const o8 = 8 * e;
    for (let n = 0; n < 8; n++) {
      const gx = B[ob + n], gy = B[ob + 8 + n], gz = B[ob + 16 + n];
      const p = 3 * conn[o8 + n];
      force[p] += axx * gx + axy * gy + axz * gz + HF[ob + n];
      force[p + 1] += ayx * gx + ayy * gy + ayz * gz + HF[ob + 8 + n];
      force[p + 2] += azx * gx + azy * gy + azz * gz + HF[ob + 16 + n];
    }
    const cw = waveSpeed[e] * waveSpeedScale[e];
    const trD = traceD[i];
    const le = length[i];
    const Q = trD < 0 ? c1 * cw - c0 * le * trD : 0;
    const dte = le / (Q + mathSqrt(Q * Q + cw * cw));
    if (dte < minDt) { minDt = dte; minEl = e; }
  }
  acc.internalEnergy += energy;
  acc.minTimeStep = minDt;
  acc.minTimeStepElement = minEl;
  void dt;
}
