/**
 * Node placement along one coordinate with optional local refinement (e.g. under an indenter):
 * the element-size density is 1/w(x) with w(x) = 1 + (factor - 1) exp(-((x - center)/width)^2),
 * so elements near `center` are about `factor` times smaller than far away. Nodes are placed at
 * equal increments of the cumulative density (numerically integrated and inverted).
 */
export interface Refinement {
  center: number;
  width: number;
  /** Local size reduction factor >= 1. */
  factor: number;
}

export function gradedNodes(a: number, b: number, n: number, refine?: Refinement): Float64Array {
  const out = new Float64Array(n + 1);
  if (!refine || refine.factor <= 1) {
    for (let i = 0; i <= n; i++) out[i] = a + ((b - a) * i) / n;
    return out;
  }
  const samples = 4000;
  const cumulative = new Float64Array(samples + 1);
  const w = (x: number): number => 1 + (refine.factor - 1) * Math.exp(-(((x - refine.center) / refine.width) ** 2));
  const h = (b - a) / samples;
  for (let s = 0; s < samples; s++) cumulative[s + 1] = cumulative[s] + 0.5 * h * (w(a + s * h) + w(a + (s + 1) * h));
  const total = cumulative[samples];
  let s = 0;
  out[0] = a;
  for (let i = 1; i < n; i++) {
    const target = (total * i) / n;
    while (cumulative[s + 1] < target) s++;
    const t = (target - cumulative[s]) / (cumulative[s + 1] - cumulative[s]);
    out[i] = a + (s + t) * h;
  }
  out[n] = b;
  return out;
}

/** Concatenates node coordinate segments that share end points. */
export function joinSegments(segments: Float64Array[]): Float64Array {
  const total = segments.reduce((acc, s) => acc + s.length - 1, 1);
  const out = new Float64Array(total);
  let o = 0;
  segments.forEach((seg, k) => {
    const start = k === 0 ? 0 : 1;
    for (let i = start; i < seg.length; i++) out[o++] = seg[i];
  });
  return out;
}
