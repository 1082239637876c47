import { Table1D, Table2D, TableND, brent } from '../../../../src/engine/numerics';

describe('Brent root finder', () => {
  test('cos x = x: Dottie number 0.7390851332151607 to 1e-12', () => {
    const r = brent((x) => Math.cos(x) - x, 0, 1);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x - 0.7390851332151607)).toBeLessThan(1e-12);
  });
  test('x³ − 2x − 5 (Wallis): 2.0945514815423265 to 1e-12', () => {
    const r = brent((x) => x ** 3 - 2 * x - 5, 2, 3);
    expect(Math.abs(r.x - 2.0945514815423265)).toBeLessThan(1e-12);
  });
  test('an unbracketed interval is an error naming the bracket', () => {
    expect(() => brent((x) => x * x + 1, -1, 1)).toThrow(/not bracketed/);
  });
});

describe('tables', () => {
  test('1-D linear interpolation is exact on a linear function; clamped outside', () => {
    const t = new Table1D([0, 1, 3], [1, 3, 7], 'lin');
    expect(t.evaluate(2)).toBeCloseTo(5, 14);
    expect(t.evaluate(-1)).toBe(1);
    expect(t.evaluate(9)).toBe(7);
    expect(t.derivative(0.5)).toBeCloseTo(2, 14);
    const lin = new Table1D([0, 1], [0, 2], 'lin', 'linear');
    expect(lin.evaluate(3)).toBeCloseTo(6, 14);
  });
  test('2-D and 3-D multilinear interpolation reproduce bilinear/trilinear functions exactly (1e-12)', () => {
    const x = [0, 1, 2.5];
    const y = [-1, 0, 4];
    const f = (a: number, b: number) => 2 + 3 * a - b + 0.5 * a * b;
    const v: number[] = [];
    for (const a of x) for (const b of y) v.push(f(a, b));
    const t = new Table2D(x, y, v, 'f');
    expect(Math.abs(t.at(1.7, 2.2) - f(1.7, 2.2))).toBeLessThan(1e-12);
    const z = [0, 10];
    const g = (a: number, b: number, c: number) => a + 2 * b + 3 * c + a * b * c;
    const w: number[] = [];
    for (const a of x) for (const b of y) for (const c of z) w.push(g(a, b, c));
    const t3 = new TableND([x, y, z], w, 'g');
    expect(Math.abs(t3.evaluate(0.3, 3.1, 7) - g(0.3, 3.1, 7))).toBeLessThan(1e-12);
  });
  test('bad tables: non-increasing breakpoints and size mismatch name the table', () => {
    expect(() => new Table1D([0, 1, 1], [0, 1, 2], 'OCV table')).toThrow(/OCV table: breakpoints must be strictly increasing/);
    expect(() => new Table1D([0, 1], [0], 'R0')).toThrow(/R0: 2 breakpoints but 1 values/);
    expect(() => new TableND([[0, 1]], [1, 2, 3], 'C1')).toThrow(/C1: grid has 2 points/);
    expect(new Table1D([0, 1, 2], [3, 2, 1]).isStrictlyMonotone()).toBe(true);
    expect(new Table1D([0, 1, 2], [3, 2, 2.5]).isStrictlyMonotone()).toBe(false);
  });
});
