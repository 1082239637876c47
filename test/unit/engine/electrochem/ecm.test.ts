import { EquivalentCircuitModel, pngvModel, randlesModel, rintModel, theveninModel } from '../../../../src/engine/electrochem/ecm';

const linearOcv = { axes: ['soc' as const], breakpoints: [[0, 1]], values: [3.0, 4.2] };

describe('Thevenin ECM', () => {
  const R0 = 0.01;
  const R1 = 0.015;
  const C1 = 2000;
  const R2 = 0.005;
  const C2 = 40000;
  const model = theveninModel({ capacityAh: 5, ocv: 3.7, r0: R0, rc: [{ r: R1, c: C1 }, { r: R2, c: C2 }] });

  test('current step response equals the closed form OCV − I R0 − Σ I R_i (1 − e^(−t/τ_i)) to 1e-9 V', () => {
    const s = model.initialState(0.5, 298.15);
    const I = 10;
    let t = 0;
    for (const dt of [0.1, 0.7, 3, 11, 40, 100]) {
      const r = model.step(s, dt, { kind: 'current', current: I }, 298.15);
      t += dt;
      const exact = 3.7 - I * R0 - I * R1 * (1 - Math.exp(-t / (R1 * C1))) - I * R2 * (1 - Math.exp(-t / (R2 * C2)));
      expect(Math.abs(r.voltage - exact)).toBeLessThan(1e-9);
    }
    // relaxation after the current is switched off
    const u1 = s.u[0];
    const u2 = s.u[1];
    const r = model.step(s, 25, { kind: 'current', current: 0 }, 298.15);
    expect(Math.abs(r.voltage - (3.7 - u1 * Math.exp(-25 / (R1 * C1)) - u2 * Math.exp(-25 / (R2 * C2))))).toBeLessThan(1e-9);
  });

  test('zero-order hold is exact: one 60 s step equals sixty 1 s steps (1e-12)', () => {
    const m = theveninModel({ capacityAh: 5, ocv: linearOcv, r0: R0, rc: [{ r: R1, c: C1 }] });
    const a = m.initialState(0.8, 298.15);
    const b = m.initialState(0.8, 298.15);
    const ra = m.step(a, 60, { kind: 'current', current: 7 }, 298.15);
    let rb = ra;
    for (let i = 0; i < 60; i++) rb = m.step(b, 1, { kind: 'current', current: 7 }, 298.15);
    expect(Math.abs(a.u[0] - b.u[0])).toBeLessThan(1e-12);
    expect(Math.abs(a.soc - b.soc)).toBeLessThan(1e-12);
    expect(Math.abs(ra.voltage - rb.voltage)).toBeLessThan(1e-12);
  });

  test('energy closure (conservation): ∫(OCV − V) I dt = ∫ Q_irr dt + ΔE_capacitors to 1e-6 relative', () => {
    const m = theveninModel({ capacityAh: 5, ocv: linearOcv, r0: R0, rc: [{ r: R1, c: C1 }, { r: R2, c: C2 }] });
    const s = m.initialState(0.9, 298.15);
    // ∫(OCV − V) I dt over a step at constant I, OCV linear in SOC and the exact u(t):
    // (OCV−V) = I R0 + Σ u_k(t); ∫u_k = a dt + b τ (1 − e^(−dt/τ)). Accumulate with the closed form.
    let loss = 0;
    let heat = 0;
    const currents = [20, -5, 0, 12, 30];
    for (const I of currents) {
      const dt = 37;
      const u0 = Float64Array.from(s.u);
      const r = m.step(s, dt, { kind: 'current', current: I }, 298.15);
      let intU = 0;
      [
        [R1, C1],
        [R2, C2],
      ].forEach(([R, C], k) => {
        const tau = R * C;
        intU += I * R * dt + (u0[k] - I * R) * tau * (1 - Math.exp(-dt / tau));
      });
      loss += I * (I * R0 * dt + intU);
      heat += r.heat.irreversible * dt;
    }
    const stored = 0.5 * C1 * s.u[0] ** 2 + 0.5 * C2 * s.u[1] ** 2;
    expect(Math.abs(loss - (heat + stored)) / loss).toBeLessThan(1e-6);
  });

  test('external short (resistance load) and parallel short branch obey Ohm/Kirchhoff exactly on the first step (1e-12)', () => {
    const m = rintModel({ capacityAh: 5, ocv: 3.7, r0: 0.02 });
    const s = m.initialState(0.5, 298.15);
    const r = m.step(s, 1e-3, { kind: 'resistance', resistance: 0.08 }, 298.15);
    expect(Math.abs(r.current - 3.7 / 0.1)).toBeLessThan(1e-9);
    expect(Math.abs(r.voltage - r.current * 0.08)).toBeLessThan(1e-9);
    const s2 = m.initialState(0.5, 298.15);
    const r2 = m.step(s2, 1e-3, { kind: 'current', current: 5, parallelResistance: 0.1 }, 298.15);
    // V = OCV − R0 (I_load + V/Rp) ⇒ V = (3.7 − 0.02·5)/(1 + 0.2)
    expect(Math.abs(r2.voltage - 3.6 / 1.2)).toBeLessThan(1e-9);
    expect(Math.abs(r2.shortCurrent - r2.voltage / 0.1)).toBeLessThan(1e-9);
    expect(Math.abs(r2.current - 5 - r2.shortCurrent)).toBeLessThan(1e-12);
  });

  test('voltage and power operating modes hit their set point (1e-9)', () => {
    const m = theveninModel({ capacityAh: 5, ocv: 3.7, r0: 0.01, rc: [{ r: 0.01, c: 1000 }] });
    const s = m.initialState(0.5, 298.15);
    const rv = m.step(s, 2, { kind: 'voltage', voltage: 3.5 }, 298.15);
    expect(Math.abs(rv.voltage - 3.5)).toBeLessThan(1e-9);
    const rp = m.step(s, 2, { kind: 'power', power: 30 }, 298.15);
    expect(Math.abs(rp.voltage * rp.current - 30)).toBeLessThan(1e-9);
    const rbig = m.step(m.initialState(0.5, 298.15), 2, { kind: 'power', power: 1e6 }, 298.15);
    expect(rbig.limit).toMatch(/exceeds the maximum deliverable/);
  });

  test('depleting the cell reports a limit naming the state of charge', () => {
    const m = rintModel({ capacityAh: 1, ocv: linearOcv, r0: 0.01 });
    const s = m.initialState(0.01, 298.15);
    const r = m.step(s, 100, { kind: 'current', current: 1 }, 298.15);
    expect(r.limit).toMatch(/state of charge .* below 0: cell depleted/);
  });

  test('reversible heat is −I T dU/dT (Bernardi), irreversible I² R0 for Rint', () => {
    const m = rintModel({ capacityAh: 5, ocv: 3.7, r0: 0.02, entropicCoefficient: 2e-4 });
    const r = m.step(m.initialState(0.5, 300), 1, { kind: 'current', current: 10 }, 300);
    expect(r.heat.reversible).toBeCloseTo(-10 * 300 * 2e-4, 12);
    expect(r.heat.irreversible).toBeCloseTo(100 * 0.02, 12);
  });
});

describe('PNGV and Randles', () => {
  test('PNGV constant-current response: V = OCV − I R0 − I t/C_b − I R_p (1 − e^(−t/τ)) to 1e-9', () => {
    const m = pngvModel({ capacityAh: 5, ocv: 3.7, r0: 0.01, bulkCapacitance: 50000, rp: 0.02, cp: 1500 });
    const s = m.initialState(0.5, 298.15);
    const r = m.step(s, 45, { kind: 'current', current: 8 }, 298.15);
    const exact = 3.7 - 8 * 0.01 - (8 * 45) / 50000 - 8 * 0.02 * (1 - Math.exp(-45 / 30));
    expect(Math.abs(r.voltage - exact)).toBeLessThan(1e-9);
  });

  test('Randles: theveninEquivalent predicts the stepped voltage exactly for constant OCV (1e-12)', () => {
    const m = randlesModel({ capacityAh: 5, ocv: 3.7, r0: 0.01, chargeTransferResistance: 0.03, doubleLayerCapacitance: 5, warburgChain: [{ r: 0.01, c: 3000 }] });
    const s = m.initialState(0.5, 298.15);
    m.step(s, 0.05, { kind: 'current', current: 3 }, 298.15);
    const eq = m.theveninEquivalent(s, 0.2, 298.15);
    const r = m.step(s, 0.2, { kind: 'current', current: 4 }, 298.15);
    expect(Math.abs(r.voltage - (eq.voltage - eq.resistance * 4))).toBeLessThan(1e-12);
  });

  test('bad parameters name the element', () => {
    expect(() => theveninModel({ capacityAh: 5, ocv: 3.7, r0: 0.01, rc: [{ r: -1, c: 10 }] })).toThrow(/RC1 resistance: must be positive/);
    expect(() => new EquivalentCircuitModel({ kind: 'rint', capacityAh: 0, ocv: 3.7, seriesResistance: 0.01, elements: [] })).toThrow(/capacityAh must be positive/);
  });
});
