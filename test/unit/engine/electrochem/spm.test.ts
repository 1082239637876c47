import { SpmCellModel, SpmModel } from '../../../../src/engine/electrochem/p2d/spm';
import { dualfoilParameters as P } from './dualfoil-parameters';

const mesh = { particle: 8, negative: 6, separator: 4, positive: 6 };

describe.each(['spm', 'spme'] as const)('%s', (kind) => {
  test('at zero current the voltage equals the OCV at the initial stoichiometries (closed form, 1e-12)', () => {
    const m = new SpmModel(kind, P, mesh);
    const s = m.solve({ load: { kind: 'current', current: 0 }, duration: 100, initial: { x: 0.6, y: 0.5 }, temperature: 298 });
    expect(s.status).toBe('completed');
    const ocv = P.positive.ocp(0.5, 298) - P.negative.ocp(0.6, 298);
    s.voltage.forEach((v) => expect(Math.abs(v - ocv)).toBeLessThan(1e-12));
  });

  test('coulomb counting: average stoichiometries change by I t / Q_electrode (1e-9 relative); lithium conserved (1e-9)', () => {
    const m = new SpmModel(kind, P, mesh);
    const s = m.solve({ load: { kind: 'current', current: 20 }, duration: 1800, initial: { x: 0.6, y: 0.5 }, temperature: 298, rtol: 1e-7, atol: 1e-9 });
    expect(s.status).toBe('completed');
    const F = P.faraday!;
    const qn = P.negative.activeMaterialVolumeFraction * P.negative.thickness * P.negative.maxConcentration * F;
    const qp = P.positive.activeMaterialVolumeFraction * P.positive.thickness * P.positive.maxConcentration * F;
    const k = s.time.length - 1;
    const charge = 20 * s.time[k];
    expect(Math.abs((0.6 - s.negativeStoichiometry[k]) * qn - charge) / charge).toBeLessThan(1e-9);
    expect(Math.abs((s.positiveStoichiometry[k] - 0.5) * qp - charge) / charge).toBeLessThan(1e-9);
    s.lithium.forEach((li) => expect(Math.abs(li - s.lithium[0]) / s.lithium[0]).toBeLessThan(1e-9));
  });

  test('voltage and resistance loads close the external circuit (1e-6)', () => {
    const m = new SpmModel(kind, P, mesh);
    const sv = m.solve({ load: { kind: 'voltage', voltage: 3.95 }, duration: 30, initial: { x: 0.6, y: 0.5 }, temperature: 298 });
    sv.voltage.forEach((v) => expect(Math.abs(v - 3.95)).toBeLessThan(1e-6));
    const sr = m.solve({ load: { kind: 'resistance', resistance: 0.3 }, duration: 30, initial: { x: 0.6, y: 0.5 }, temperature: 298 });
    sr.voltage.forEach((v, i) => expect(Math.abs(v - 0.3 * sr.current[i])).toBeLessThan(1e-6));
  });

  test('CellModel: heat = I (OCV_surf − V) ≥ 0 on discharge; a depleting step reports the limit', () => {
    const cm = new SpmCellModel(kind, P, mesh);
    const st = cm.initialState(0.5, 298);
    const r = cm.step(st, 30, { kind: 'current', current: 20 }, 298);
    expect(r.limit).toBeUndefined();
    expect(r.heat.irreversible).toBeGreaterThan(0);
    const st2 = cm.initialState(0.02, 298);
    const r2 = cm.step(st2, 3600, { kind: 'current', current: 40 }, 298);
    expect(r2.limit).toMatch(/negative electrode surface stoichiometry reached 0|positive electrode surface stoichiometry reached 1/);
  });
});
