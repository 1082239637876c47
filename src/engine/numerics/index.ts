/**
 * batsafe numerics (issue 5) — public API. Pure TypeScript, deterministic, no I/O.
 *
 * Stiff ODE / index-1 DAE integration (variable-step, variable-order NDF/BDF 1–5):
 *
 *   solveOde(problem, [t0, tEnd], y0, options) → OdeResult
 *     problem = { size, rhs(t, y, out), jacobianFn?(t, y, J), jacobian?: {kind:'dense'} | {kind:'banded', lower, upper},
 *                 massDiagonal?: Float64Array   // M y' = f(t,y); 0 entries = algebraic variables }
 *     options = { rtol=1e-4, atol=1e-6 (scalar or per component), maxStep, firstStep, maxOrder=5, formula: 'ndf'|'bdf',
 *                 events: [{ name, g(t,y), direction: -1|0|1, terminal=true }], tEval, recordSteps,
 *                 maxSteps=100000, maxWallTimeMs + now: () => ms (injected clock), onStep(t,y) → false to stop,
 *                 consistentInitialization=true }
 *     result  = { status: 'completed'|'event'|'stopped'|'failed', message (names t and reason), t[], y[],
 *                 tFinal, yFinal, events: [{name, t, y, terminal}], stats }
 *     Numerical failure never throws: the accepted steps are kept and `message` says when and why.
 *
 *   new BdfIntegrator(problem, t0, y0, options) — persistent stepper: .step(tBound) → error|null, .t, .y,
 *     .denseOutput(t, out), .restart(yNew?) after a discontinuity (new load), .stats.
 *
 * Linear algebra: DenseMatrix(n), BandMatrix(n, lower, upper): set/add/get, factor() → false if singular,
 *   solve(b) in place; solveTridiagonal.
 * Tables: Table1D(x, y, label, 'clamp'|'linear'), Table2D(x, y, values), TableND(axes, values) (multilinear,
 *   last axis fastest), validateBreakpoints, findInterval.
 * Roots: brent(f, a, b, {xtol, rtol, maxIterations}) → { x, fx, iterations, converged } (throws if not bracketed).
 */
export * from './bdf';
export * from './linear';
export * from './interpolation';
export * from './roots';
