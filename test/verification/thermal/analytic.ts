/**
 * Closed-form transient conduction solutions with a convective boundary (Carslaw & Jaeger,
 * "Conduction of Heat in Solids", 2nd ed. 1959, §3.11 (slab) and §7.7 (cylinder); the same series
 * as Incropera & DeWitt, "Fundamentals of Heat and Mass Transfer", §5.6):
 *   slab, −L..L (or 0..L insulated at 0): θ/θ0 = Σ Cn exp(−ζn² Fo) cos(ζn x/L),
 *     ζ tan ζ = Bi,  Cn = 4 sin ζn / (2ζn + sin 2ζn);
 *   infinite cylinder: θ/θ0 = Σ Cn exp(−ζn² Fo) J0(ζn r/R),
 *     ζ J1(ζ)/J0(ζ) = Bi,  Cn = (2/ζn) J1(ζn) / (J0²(ζn) + J1²(ζn)).
 */

/** Bessel J0 and J1 by their power series (adequate to x ≈ 25 in double precision). */
export function besselJ0(x: number): number {
  let term = 1;
  let sum = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= -q / (k * k);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.max(1, Math.abs(sum))) break;
  }
  return sum;
}

export function besselJ1(x: number): number {
  let term = x / 2;
  let sum = term;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= -q / (k * (k + 1));
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.max(1, Math.abs(sum))) break;
  }
  return sum;
}

/** First `count` positive roots of f, by scanning with step h and bisection. */
export function roots(f: (z: number) => number, count: number, h = 1e-2): number[] {
  const out: number[] = [];
  let a = 1e-9;
  let fa = f(a);
  while (out.length < count) {
    const b = a + h;
    const fb = f(b);
    if (fa === 0) out.push(a);
    else if (fa * fb < 0) {
      let lo = a;
      let hi = b;
      for (let i = 0; i < 100; i++) {
        const mid = 0.5 * (lo + hi);
        if (f(lo) * f(mid) <= 0) hi = mid;
        else lo = mid;
      }
      out.push(0.5 * (lo + hi));
    }
    a = b;
    fa = fb;
  }
  return out;
}

/** θ/θ0 in a slab insulated at x = 0 and convective at x = L (Bi = hL/k), at x/L and Fo = αt/L². */
export function slabConvective(biot: number, terms = 60): (xOverL: number, fourier: number) => number {
  const z = roots((s) => s * Math.sin(s) - biot * Math.cos(s), terms);
  const c = z.map((s) => (4 * Math.sin(s)) / (2 * s + Math.sin(2 * s)));
  return (x, fo) => {
    let s = 0;
    for (let n = 0; n < terms; n++) s += c[n] * Math.exp(-z[n] * z[n] * fo) * Math.cos(z[n] * x);
    return s;
  };
}

/** θ/θ0 in an infinite cylinder convective at r = R (Bi = hR/k), at r/R and Fo = αt/R². */
export function cylinderConvective(biot: number, terms = 6): (rOverR: number, fourier: number) => number {
  const z = roots((s) => s * besselJ1(s) - biot * besselJ0(s), terms);
  const c = z.map((s) => ((2 / s) * besselJ1(s)) / (besselJ0(s) ** 2 + besselJ1(s) ** 2));
  return (r, fo) => {
    let s = 0;
    for (let n = 0; n < terms; n++) s += c[n] * Math.exp(-z[n] * z[n] * fo) * besselJ0(z[n] * r);
    return s;
  };
}

/**
 * Slab 0..L, insulated at 0, convective at L (Bi = hL/k), uniform source q switched on at t = 0
 * with T = T∞ initially: T − T∞ = u(x) − Σ b_n exp(−ζn² Fo) cos(ζn x/L), u = qL/h + q(L² − x²)/(2k)
 * the steady rise, b_n = ∫u cos / ∫cos² (eigenfunction expansion of the initial deficit; the
 * projections are evaluated by composite Simpson quadrature with 4000 intervals).
 */
export function slabWithSourceFromAmbient(L: number, k: number, h: number, q: number, terms = 60): (x: number, fourier: number) => number {
  const z = roots((s) => s * Math.sin(s) - ((h * L) / k) * Math.cos(s), terms);
  const u = (x: number) => (q * L) / h + (q * (L * L - x * x)) / (2 * k);
  const simpson = (f: (x: number) => number) => {
    const n = 4000;
    const dx = L / n;
    let s = f(0) + f(L);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(i * dx);
    return (s * dx) / 3;
  };
  const b = z.map((zn) => simpson((x) => u(x) * Math.cos((zn * x) / L)) / simpson((x) => Math.cos((zn * x) / L) ** 2));
  return (x, fo) => {
    let s = u(x);
    for (let n = 0; n < terms; n++) s -= b[n] * Math.exp(-z[n] * z[n] * fo) * Math.cos((z[n] * x) / L);
    return s;
  };
}
