/**
 * Rigid analytic indenters: signed distance and outward normal of a point to the indenter's
 * surface, used by the penalty node-to-surface contact of the explicit solver.
 *
 * Shapes (position = reference point of the shape, in the indenter's frame moving with it):
 * - plate: half-space behind the plane through `position` with outward normal `normal`
 *   (flat platen of a crush test).
 * - cylinder: infinite or finite (`length`, centred on `position`) cylinder of `radius` along
 *   `axis`; end caps are not contact surfaces. A rod (UN 38.3 / UL 1642: 15.8 mm bar) or the
 *   R75 semicylinder of GB 38031 / ECE R100 (radius 0.075 m: the half facing the cell is the only
 *   half that can touch).
 * - sphere: sphere / hemispherical punch of `radius` centred on `position`.
 * - cone: nail = cone of half angle `halfAngle` along `axis` (from the tip into the shank) with a
 *   spherical tip of `tipRadius` tangent to the cone; `position` is the foremost point of the tip;
 *   optionally limited by a cylindrical shank of `shankRadius`.
 *
 * Convention: phi < 0 inside the indenter (penetration depth -phi); n points out of the indenter.
 */
// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { PI, cos, hypot, sin, sqrt } = Math;
const INFINITY = Number.POSITIVE_INFINITY;
export type IndenterShape =
  | { kind: 'plate'; normal: readonly [number, number, number] }
  | { kind: 'cylinder'; radius: number; axis: readonly [number, number, number]; length?: number }
  | { kind: 'sphere'; radius: number }
  | { kind: 'cone'; halfAngle: number; tipRadius: number; axis: readonly [number, number, number]; shankRadius?: number };

/** Preprocessed shape: unit vectors and derived constants; evaluate with `signedDistance`. */
export interface CompiledShape {
  kind: 0 | 1 | 2 | 3;
  ax: number; ay: number; az: number;
  radius: number;
  halfLength: number;
  sinA: number; cosA: number;
  /** Cone: distance from the foremost tip point back to the virtual apex, and to the tip-sphere centre. */
  apexOffset: number;
  sphereCentre: number;
  shankRadius: number;
}

function unit(v: readonly [number, number, number], what: string): [number, number, number] {
  const n = hypot(v[0], v[1], v[2]);
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`${what} must be a non-zero vector`);
  return [v[0] / n, v[1] / n, v[2] / n];
}

export function compileShape(shape: IndenterShape, where = 'indenter'): CompiledShape {
  const base: CompiledShape = {
    kind: 0, ax: 0, ay: 0, az: 1, radius: 0, halfLength: INFINITY, sinA: 0, cosA: 1, apexOffset: 0, sphereCentre: 0, shankRadius: INFINITY,
  };
  switch (shape.kind) {
    case 'plate': {
      const [ax, ay, az] = unit(shape.normal, `${where}.shape.normal`);
      return { ...base, kind: 0, ax, ay, az };
    }
    case 'cylinder': {
      if (!(shape.radius > 0)) throw new RangeError(`${where}.shape.radius must be > 0 m, got ${shape.radius}`);
      const [ax, ay, az] = unit(shape.axis, `${where}.shape.axis`);
      const halfLength = shape.length === undefined ? INFINITY : shape.length / 2;
      if (!(halfLength > 0)) throw new RangeError(`${where}.shape.length must be > 0 m`);
      return { ...base, kind: 1, ax, ay, az, radius: shape.radius, halfLength };
    }
    case 'sphere':
      if (!(shape.radius > 0)) throw new RangeError(`${where}.shape.radius must be > 0 m, got ${shape.radius}`);
      return { ...base, kind: 2, radius: shape.radius };
    case 'cone': {
      const a = shape.halfAngle;
      if (!(a > 0 && a < PI / 2)) throw new RangeError(`${where}.shape.halfAngle must be in (0, pi/2) rad, got ${a}`);
      if (!(shape.tipRadius >= 0)) throw new RangeError(`${where}.shape.tipRadius must be >= 0 m`);
      const [ax, ay, az] = unit(shape.axis, `${where}.shape.axis`);
      const sinA = sin(a), cosA = cos(a);
      const sphereCentre = shape.tipRadius / sinA; // from the virtual apex along the axis
      const apexOffset = sphereCentre - shape.tipRadius; // foremost tip point from the virtual apex
      const shankRadius = shape.shankRadius ?? INFINITY;
      if (!(shankRadius > 0)) throw new RangeError(`${where}.shape.shankRadius must be > 0 m`);
      return { ...base, kind: 3, ax, ay, az, radius: shape.tipRadius, sinA, cosA, apexOffset, sphereCentre, shankRadius };
    }
    default:
      throw new RangeError(`${where}.shape.kind must be plate, cylinder, sphere or cone`);
  }
}

/**
 * Signed distance of point d (relative to the indenter position) to the surface; writes
 * [phi, nx, ny, nz] into out. Returns phi. Returns +Infinity when the point cannot touch
 * (beyond a finite cylinder's ends).
 */
export function signedDistance(s: CompiledShape, dx: number, dy: number, dz: number, out: Float64Array): number {
  switch (s.kind) {
    case 0: {
      const phi = dx * s.ax + dy * s.ay + dz * s.az;
      out[0] = phi; out[1] = s.ax; out[2] = s.ay; out[3] = s.az;
      return phi;
    }
    case 1: {
      const along = dx * s.ax + dy * s.ay + dz * s.az;
      if (along > s.halfLength || along < -s.halfLength) { out[0] = INFINITY; return INFINITY; }
      const rx = dx - along * s.ax, ry = dy - along * s.ay, rz = dz - along * s.az;
      const r = sqrt(rx * rx + ry * ry + rz * rz);
      const phi = r - s.radius;
      if (r > 0) { out[1] = rx / r; out[2] = ry / r; out[3] = rz / r; } else { out[1] = 0; out[2] = 0; out[3] = 0; }
      out[0] = phi;
      return phi;
    }
    case 2: {
      const r = sqrt(dx * dx + dy * dy + dz * dz);
      const phi = r - s.radius;
      if (r > 0) { out[1] = dx / r; out[2] = dy / r; out[3] = dz / r; } else { out[1] = 0; out[2] = 0; out[3] = 0; }
      out[0] = phi;
      return phi;
    }
    default: {
      // Coordinates from the virtual apex: axial a, radial rho with unit e.
      const along = dx * s.ax + dy * s.ay + dz * s.az + s.apexOffset;
      const rx = dx - (along - s.apexOffset) * s.ax, ry = dy - (along - s.apexOffset) * s.ay, rz = dz - (along - s.apexOffset) * s.az;
      const rho = sqrt(rx * rx + ry * ry + rz * rz);
      const ex = rho > 0 ? rx / rho : 0, ey = rho > 0 ? ry / rho : 0, ez = rho > 0 ? rz / rho : 0;
      // Generator coordinate of the projection onto the cone line; below the tangent point the tip sphere is nearest.
      const t = along * s.cosA + rho * s.sinA;
      let phi: number, nx: number, ny: number, nz: number;
      if (t <= s.sphereCentre * s.cosA) {
        const ca = along - s.sphereCentre;
        const r = sqrt(ca * ca + rho * rho);
        phi = r - s.radius;
        if (r > 0) { nx = (ca * s.ax + rho * ex) / r; ny = (ca * s.ay + rho * ey) / r; nz = (ca * s.az + rho * ez) / r; } else { nx = -s.ax; ny = -s.ay; nz = -s.az; }
      } else {
        phi = rho * s.cosA - along * s.sinA;
        nx = ex * s.cosA - s.ax * s.sinA; ny = ey * s.cosA - s.ay * s.sinA; nz = ez * s.cosA - s.az * s.sinA;
      }
      const shank = rho - s.shankRadius;
      if (shank > phi) { phi = shank; nx = ex; ny = ey; nz = ez; }
      out[0] = phi; out[1] = nx; out[2] = ny; out[3] = nz;
      return phi;
    }
  }
}
