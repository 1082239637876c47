/**
 * Hatchard/Kim kinetics (src/engine/runaway/kinetics.ts): rates against the closed-form Arrhenius
 * expressions of runaway-and-shorts.md §1.1, the frozen-temperature update against the exact
 * solutions of the constant-T ODEs (exponential decay, logistic), invariants, and energy bookkeeping.
 */
import { join } from 'node:path';
import { loadRunawayCard } from '../../../../src/io/cards/runaway-card';
import {
  GAS_CONSTANT,
  advanceReactionsFrozenT,
  createRunawayState,
  heatReleaseRate,
  reactionEnergyDensities,
  reactionRates,
  storedReactionEnergy,
} from '../../../../src/engine/runaway/kinetics';

const kim = loadRunawayCard(join(__dirname, '../../../../materials/runaway/kim2007-lco-graphite.yaml')).kinetics;

describe('reaction rates (closed-form Arrhenius, §1.1)', () => {
  it('match A exp(−E/RT) × concentration terms at 450 K to 1e-12 relative', () => {
    const s = createRunawayState(kim, 1);
    const out = new Float64Array(4);
    const T = 450;
    reactionRates(kim, s, 0, T, out);
    const rt = GAS_CONSTANT * T;
    const sei = 1.667e15 * Math.exp(-1.3508e5 / rt) * 0.15;
    const ne = 2.5e13 * Math.exp(-0.033 / 0.033) * 0.75 * Math.exp(-1.3508e5 / rt);
    const pe = 6.667e13 * 0.04 * 0.96 * Math.exp(-1.396e5 / rt);
    const e = 5.14e25 * 1 * Math.exp(-2.74e5 / rt);
    expect(out[0] / sei - 1).toBeCloseTo(0, 12);
    expect(out[1] / ne - 1).toBeCloseTo(0, 12);
    expect(out[2] / pe - 1).toBeCloseTo(0, 12);
    expect(out[3] / e - 1).toBeCloseTo(0, 12);
    // Kim's E/R column: 16247 K for SEI (E = 1.3508e5 J/mol): checks the J/mol unit of the card.
    expect(kim.sei.activationEnergy / GAS_CONSTANT).toBeCloseTo(16247, -1);
  });

  it('heat release = Σ H W R (W/m³), with H·W per reaction from the card (Kim: 257 J/g × 6.104e5 g/m³)', () => {
    const s = createRunawayState(kim, 1);
    const rates = new Float64Array(4);
    const per = new Float64Array(4);
    const q = heatReleaseRate(kim, s, 0, 430, rates, per);
    const hw = reactionEnergyDensities(kim);
    expect(hw[0]).toBeCloseTo(257 * 6.104e5, 3);
    expect(q).toBeCloseTo(hw[0] * rates[0] + hw[1] * rates[1] + hw[2] * rates[2] + hw[3] * rates[3], 6);
    expect(per[0] + per[1] + per[2] + per[3]).toBeCloseTo(q, 6);
  });
});

describe('frozen-temperature update vs exact constant-T solutions (exact for first-order and logistic laws)', () => {
  const T = 440;
  const rt = GAS_CONSTANT * T;
  const tEnd = 2000;
  const n = 4000;
  const s = createRunawayState(kim, 1);
  const extent = new Float64Array(4);
  const totals = new Float64Array(4);
  const e0 = storedReactionEnergy(kim, s, 0);
  const S0 = s.cNeg[0] + s.tSei[0];
  for (let i = 0; i < n; i++) {
    advanceReactionsFrozenT(kim, s, 0, T, tEnd / n, extent);
    for (let r = 0; r < 4; r++) totals[r] += extent[r];
  }

  it('SEI at 400 K: c = c0 exp(−k t) to 1e-9 relative (k t ≈ 4.7, 4000 steps)', () => {
    const s400 = createRunawayState(kim, 1);
    const T400 = 400;
    for (let i = 0; i < n; i++) advanceReactionsFrozenT(kim, s400, 0, T400, tEnd / n, extent);
    const k = 1.667e15 * Math.exp(-1.3508e5 / (GAS_CONSTANT * T400));
    const exact = 0.15 * Math.exp(-k * tEnd);
    expect(k * tEnd).toBeGreaterThan(1);
    expect(Math.abs(s400.cSei[0] - exact) / exact).toBeLessThan(1e-9);
  });

  it('cathode: logistic α(t) = α0 e^{kt}/(1 − α0 + α0 e^{kt}) to 1e-9 relative', () => {
    const k = 6.667e13 * Math.exp(-1.396e5 / rt);
    const g = Math.exp(k * tEnd);
    const exact = (0.04 * g) / (1 - 0.04 + 0.04 * g);
    expect(k * tEnd).toBeGreaterThan(0.5);
    expect(Math.abs(s.alpha[0] - exact) / exact).toBeLessThan(1e-9);
  });

  it('electrolyte: c_e = exp(−k t) to 1e-9 relative', () => {
    const k = 5.14e25 * Math.exp(-2.74e5 / rt);
    const exact = Math.exp(-k * tEnd);
    expect(Math.abs(s.cE[0] - exact) / (1 - exact)).toBeLessThan(1e-6); // relative to the (small) consumed fraction
  });

  it('anode: c_neg + t_sei is conserved exactly (invariant of §1.1: dc_neg = −dt_sei) and c_neg decreased', () => {
    expect(s.cNeg[0] + s.tSei[0]).toBeCloseTo(S0, 14);
    expect(s.cNeg[0]).toBeLessThan(0.75);
  });

  it('energy: Σ H W Δξ equals the drop of stored reaction energy to 1e-12 relative', () => {
    const hw = reactionEnergyDensities(kim);
    const released = hw[0] * totals[0] + hw[1] * totals[1] + hw[2] * totals[2] + hw[3] * totals[3];
    const drop = e0 - storedReactionEnergy(kim, s, 0);
    expect(released).toBeGreaterThan(0);
    expect(Math.abs(released - drop) / drop).toBeLessThan(1e-12);
  });

  it('one huge step keeps every fraction in [0, 1] (unconditional stability)', () => {
    const s2 = createRunawayState(kim, 1);
    advanceReactionsFrozenT(kim, s2, 0, 900, 1e6, extent);
    for (const v of [s2.cSei[0], s2.cNeg[0], s2.alpha[0], s2.cE[0]]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(s2.alpha[0]).toBeGreaterThan(0.99);
  });
});
