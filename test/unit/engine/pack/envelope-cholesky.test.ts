/** Envelope Cholesky with RCM ordering: residual of random sparse SPD systems (reference: A x = b itself, rel. 1e-10). */
import fc from 'fast-check';
import { analyseEnvelope, envelopeIndex, factorEnvelope, solveEnvelope } from '../../../../src/engine/pack/envelope-cholesky';

describe('envelope Cholesky', () => {
  test('random graph Laplacians + diagonal shift: ||A x - b|| / ||b|| < 1e-10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.array(fc.tuple(fc.nat(39), fc.nat(39), fc.double({ min: 0.01, max: 100, noNaN: true })), { minLength: 1, maxLength: 120 }), (n, edges) => {
        const e = edges.filter(([a, b]) => a < n && b < n && a !== b);
        const A = Array.from({ length: n }, () => new Float64Array(n));
        for (let i = 0; i < n; i++) A[i][i] = 0.1;
        for (const [a, b, g] of e) {
          A[a][a] += g; A[b][b] += g; A[a][b] -= g; A[b][a] -= g;
        }
        const p = analyseEnvelope(n, e.map((x) => x[0]), e.map((x) => x[1]), n > 3 ? [n - 1] : []);
        if (n > 3) expect(p.inverse[n - 1]).toBe(n - 1); // pinned node numbered last
        const v = new Float64Array(p.size);
        for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) if (A[i][j] !== 0) v[envelopeIndex(p, i, j)] = A[i][j];
        expect(factorEnvelope(p, v)).toBe(-1);
        const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
        const x = b.slice();
        solveEnvelope(p, v, x, new Float64Array(n));
        let r2 = 0;
        let b2 = 0;
        for (let i = 0; i < n; i++) {
          let s = -b[i];
          for (let j = 0; j < n; j++) s += A[i][j] * x[j];
          r2 += s * s;
          b2 += b[i] * b[i];
        }
        expect(Math.sqrt(r2 / b2)).toBeLessThan(1e-10);
      }),
      { numRuns: 60 },
    );
  });
  test('reverse Cuthill-McKee keeps a ladder (2 x 50) envelope narrow: at most 3 entries per row', () => {
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < 50; k++) {
      a.push(k); b.push(k + 50);
      if (k + 1 < 50) { a.push(k, k + 50); b.push(k + 1, k + 51); }
    }
    const p = analyseEnvelope(100, a, b);
    let width = 0;
    for (let i = 0; i < 100; i++) width = Math.max(width, i - p.firstColumn[i] + 1);
    expect(width).toBeLessThanOrEqual(3);
  });
});
