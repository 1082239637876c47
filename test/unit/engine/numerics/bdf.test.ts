import { BandMatrix, DenseMatrix, OdeProblem, solveOde } from '../../../../src/engine/numerics';

/** Robertson chemical kinetics (Robertson 1966; Hairer & Wanner, Solving ODEs II, §IV.1). */
const robertson: OdeProblem = {
  size: 3,
  rhs(_t, y, out) {
    out[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
    out[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1];
    out[2] = 3e7 * y[1] * y[1];
  },
  jacobianFn(_t, y, J) {
    J.set(0, 0, -0.04);
    J.set(0, 1, 1e4 * y[2]);
    J.set(0, 2, 1e4 * y[1]);
    J.set(1, 0, 0.04);
    J.set(1, 1, -1e4 * y[2] - 6e7 * y[1]);
    J.set(1, 2, -1e4 * y[1]);
    J.set(2, 1, 6e7 * y[1]);
  },
};

// Reference values: y(40) from Hairer & Wanner (high-accuracy RADAU5 solution, also the Test Set for
// IVP Solvers, Mazzia & Magherini); y(1e11) from the Test Set for IVP Solvers, problem ROBER.
const ROBER_40 = [0.7158270687, 9.185534764e-6, 0.2841637457];
const ROBER_1E11 = [0.2083340149701255e-7, 0.8333360770334713e-13, 0.999999979166505];

describe('BDF on Robertson (stiff ODE)', () => {
  test('y(40) matches Hairer–Wanner reference to 1e-5 relative (rtol 1e-8)', () => {
    const r = solveOde(robertson, [0, 40], [1, 0, 0], { rtol: 1e-8, atol: new Float64Array([1e-12, 1e-16, 1e-12]) });
    expect(r.status).toBe('completed');
    for (let i = 0; i < 3; i++) expect(Math.abs(r.yFinal[i] - ROBER_40[i]) / ROBER_40[i]).toBeLessThan(1e-5);
  });

  test('y(1e11) matches Test Set ROBER reference to 1e-3 relative, with finite-difference Jacobian', () => {
    const fd: OdeProblem = { size: 3, rhs: robertson.rhs };
    const r = solveOde(fd, [0, 1e11], [1, 0, 0], { rtol: 1e-8, atol: new Float64Array([1e-14, 1e-20, 1e-14]) });
    expect(r.status).toBe('completed');
    for (let i = 0; i < 3; i++) expect(Math.abs(r.yFinal[i] - ROBER_1E11[i]) / ROBER_1E11[i]).toBeLessThan(1e-3);
    expect(r.stats.steps).toBeLessThan(2000); // stiffness handled: an explicit method would need ~1e11 steps
  });

  test('Robertson as index-1 DAE (y3 = 1 − y1 − y2 algebraic) matches y(40) to 1e-5 relative', () => {
    const dae: OdeProblem = {
      size: 3,
      massDiagonal: new Float64Array([1, 1, 0]),
      rhs(_t, y, out) {
        out[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
        out[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1];
        out[2] = y[0] + y[1] + y[2] - 1;
      },
    };
    // inconsistent algebraic start (0.3): consistent initialisation must fix it to 0
    const r = solveOde(dae, [0, 40], [1, 0, 0.3], { rtol: 1e-8, atol: new Float64Array([1e-12, 1e-16, 1e-12]) });
    expect(r.status).toBe('completed');
    expect(r.y[0][2]).toBeCloseTo(0, 12);
    for (let i = 0; i < 3; i++) expect(Math.abs(r.yFinal[i] - ROBER_40[i]) / ROBER_40[i]).toBeLessThan(1e-5);
  });
});

describe('BDF on Van der Pol, mu = 1000', () => {
  // Scaled form of the Test Set for IVP Solvers problem VDPOL (ε = 1/μ² = 1e-6, t in units of μ):
  // y1' = y2, y2' = ((1 − y1²) y2 − y1)/ε, y(0) = (2, 0). Reference at t = 2 (RADAU, rtol 1e-18).
  const eps = 1e-6;
  const vdp: OdeProblem = {
    size: 2,
    rhs(_t, y, out) {
      out[0] = y[1];
      out[1] = ((1 - y[0] * y[0]) * y[1] - y[0]) / eps;
    },
    jacobianFn(_t, y, J) {
      J.set(0, 1, 1);
      J.set(1, 0, (-2 * y[0] * y[1] - 1) / eps);
      J.set(1, 1, (1 - y[0] * y[0]) / eps);
    },
  };
  const REF = [0.1706167732170483e1, -0.8928097010247975];

  test('y(2) matches the Test Set reference: y1 to 1e-4, y2 to 1e-3 relative (rtol 1e-8)', () => {
    const r = solveOde(vdp, [0, 2], [2, 0], { rtol: 1e-8, atol: 1e-8 });
    expect(r.status).toBe('completed');
    expect(Math.abs(r.yFinal[0] - REF[0]) / Math.abs(REF[0])).toBeLessThan(1e-4);
    expect(Math.abs(r.yFinal[1] - REF[1]) / Math.abs(REF[1])).toBeLessThan(1e-3);
  });

  test('default tolerances (rtol 1e-4) still land within 1e-2 relative of the reference', () => {
    const r = solveOde(vdp, [0, 2], [2, 0], { rtol: 1e-4, atol: 1e-6 });
    expect(r.status).toBe('completed');
    expect(Math.abs(r.yFinal[0] - REF[0]) / REF[0]).toBeLessThan(1e-2);
  });
});

describe('BDF banded Jacobian, events and guards', () => {
  // 1-D heat equation u_t = u_xx on (0,1), u = 0 at both ends, u(x,0) = sin(pi x), N interior nodes
  // (second-order central differences). Closed form of the semi-discrete system: the mode decays with
  // rate λ = (4/h²) sin²(pi h/2).
  const N = 50;
  const h = 1 / (N + 1);
  const heat = (banded: boolean): OdeProblem => ({
    size: N,
    jacobian: banded ? { kind: 'banded', lower: 1, upper: 1 } : { kind: 'dense' },
    rhs(_t, u, out) {
      for (let i = 0; i < N; i++) {
        const l = i > 0 ? u[i - 1] : 0;
        const r = i < N - 1 ? u[i + 1] : 0;
        out[i] = (l - 2 * u[i] + r) / (h * h);
      }
    },
  });
  const u0 = Array.from({ length: N }, (_, i) => Math.sin(Math.PI * (i + 1) * h));
  const lambda = (4 / (h * h)) * Math.sin((Math.PI * h) / 2) ** 2;

  test('banded FD Jacobian: semi-discrete heat mode decays as exp(−λt) to 1e-5 relative', () => {
    const r = solveOde(heat(true), [0, 0.1], u0, { rtol: 1e-7, atol: 1e-12 });
    expect(r.status).toBe('completed');
    const exact = Math.exp(-lambda * 0.1);
    for (let i = 0; i < N; i += 7) expect(Math.abs(r.yFinal[i] - u0[i] * exact) / (u0[i] * exact)).toBeLessThan(1e-5);
    const rd = solveOde(heat(false), [0, 0.1], u0, { rtol: 1e-7, atol: 1e-12 });
    for (let i = 0; i < N; i++) expect(r.yFinal[i]).toBeCloseTo(rd.yFinal[i], 10);
  });

  test('terminal event located at ln 2 for y\' = −y crossing 0.5 downwards (to 1e-7)', () => {
    const p: OdeProblem = { size: 1, rhs: (_t, y, o) => void (o[0] = -y[0]) };
    const r = solveOde(p, [0, 5], [1], {
      rtol: 1e-9,
      atol: 1e-12,
      events: [
        { name: 'never upward', g: (_t, y) => y[0] - 0.5, direction: 1 },
        { name: 'half', g: (_t, y) => y[0] - 0.5, direction: -1 },
      ],
    });
    expect(r.status).toBe('event');
    expect(r.events).toHaveLength(1);
    expect(r.events[0].name).toBe('half');
    expect(Math.abs(r.tFinal - Math.LN2)).toBeLessThan(1e-7);
    expect(r.message).toContain('half');
  });

  test('non-terminal events are recorded and integration continues; tEval output by dense interpolation (1e-6)', () => {
    const p: OdeProblem = { size: 2, rhs: (_t, y, o) => ((o[0] = y[1]), (o[1] = -y[0])) };
    const r = solveOde(p, [0, 10], [0, 1], {
      rtol: 1e-9,
      atol: 1e-12,
      tEval: [1, 2, 3],
      events: [{ name: 'zero', g: (_t, y) => y[0], direction: 0, terminal: false }],
    });
    expect(r.status).toBe('completed');
    expect(r.events.map((e) => e.t)).toHaveLength(3); // sin t = 0 at pi, 2pi, 3pi
    r.events.forEach((e, k) => expect(Math.abs(e.t - (k + 1) * Math.PI)).toBeLessThan(1e-6));
    expect(r.t).toEqual([1, 2, 3]);
    r.t.forEach((t, k) => expect(Math.abs(r.y[k][0] - Math.sin(t))).toBeLessThan(1e-6));
  });

  test('blow-up y\' = y² (exact solution 1/(1−t)) fails with a message naming t, keeping partial results', () => {
    const p: OdeProblem = { size: 1, rhs: (_t, y, o) => void (o[0] = y[0] * y[0]) };
    const r = solveOde(p, [0, 2], [1], { rtol: 1e-6, atol: 1e-9, maxSteps: 5000 });
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/t=0\.9/);
    expect(r.t.length).toBeGreaterThan(5);
    expect(r.tFinal).toBeLessThan(1);
    // the partial solution is still accurate away from the singularity (t <= 0.9: 1e-3 relative)
    const k = r.t.findIndex((t) => t > 0.9) - 1;
    expect(k).toBeGreaterThan(0);
    expect(Math.abs(r.y[k][0] - 1 / (1 - r.t[k])) * (1 - r.t[k])).toBeLessThan(1e-3);
  });

  test('step-count and injected wall-clock guards stop with status failed and say why', () => {
    const p: OdeProblem = { size: 2, rhs: (_t, y, o) => ((o[0] = y[1]), (o[1] = -y[0])) };
    const r1 = solveOde(p, [0, 1000], [0, 1], { maxSteps: 10 });
    expect(r1.status).toBe('failed');
    expect(r1.message).toMatch(/step limit of 10/);
    let clock = 0;
    const r2 = solveOde(p, [0, 1000], [0, 1], { maxWallTimeMs: 5, now: () => (clock += 1) });
    expect(r2.status).toBe('failed');
    expect(r2.message).toMatch(/wall-clock limit of 5 ms/);
  });
});

describe('linear algebra', () => {
  test('banded LU with pivoting agrees with dense LU on a random band system (1e-12)', () => {
    const n = 30;
    const lower = 2;
    const upper = 3;
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    const B = new BandMatrix(n, lower, upper);
    const D = new DenseMatrix(n);
    for (let i = 0; i < n; i++)
      for (let j = Math.max(0, i - lower); j <= Math.min(n - 1, i + upper); j++) {
        const v = rand(); // no diagonal dominance: pivoting is exercised
        B.set(i, j, v);
        D.set(i, j, v);
      }
    const x = Float64Array.from({ length: n }, () => rand());
    const b = new Float64Array(n);
    D.multiply(x, b);
    const b2 = Float64Array.from(b);
    expect(B.factor()).toBe(true);
    expect(D.factor()).toBe(true);
    B.solve(b);
    D.solve(b2);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(b[i] - x[i])).toBeLessThan(1e-10);
      expect(Math.abs(b2[i] - x[i])).toBeLessThan(1e-10);
    }
  });

  test('singular matrices are reported, not divided by zero', () => {
    const D = new DenseMatrix(2);
    D.set(0, 0, 1);
    D.set(0, 1, 2);
    D.set(1, 0, 2);
    D.set(1, 1, 4);
    expect(D.factor()).toBe(false);
    expect(() => new BandMatrix(3, 1, 1).set(0, 2, 1)).toThrow(/outside band/);
  });
});
