/**
 * Pack network solve against hand-calculated circuits (Kirchhoff's laws worked by hand in the
 * comments). Tolerance: 1e-9 relative (direct sparse solve; only round-off remains).
 */
import { PackCircuit } from '../../../src/engine/pack/circuit';
import { PackElectrical } from '../../../src/engine/pack/electrical';
import { buildLayoutNetlist, withExtraResistors } from '../../../src/engine/pack/netlist';
import { linearCell } from '../../unit/engine/pack/test-cells';
import { theveninModel } from '../../../src/engine/electrochem/ecm';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

describe('pack circuit vs hand-calculated series/parallel circuits (rel. tol. 1e-9)', () => {
  test('3s1p under 10 A discharge: V = sum(E) - I (sum(R) + 3 Rc + 2 Rt)', () => {
    const rc = 2e-4;
    const rt = 1e-4;
    const net = buildLayoutNetlist({ kind: 'series-groups', series: 3, parallel: 1, resistances: { busbar: 1e-4, interconnect: rc, terminal: rt } });
    const c = new PackCircuit(net);
    const e = [4.0, 4.1, 3.9];
    const r = [0.02, 0.025, 0.03];
    e.forEach((v, i) => {
      c.cellSourceVoltage[i] = v;
      c.cellSourceResistance[i] = r[i];
    });
    const sol = c.solve({ mode: 'current', current: 10 });
    const expected = 12.0 - 10 * (0.075 + 3 * rc + 2 * rt);
    expect(rel(sol.packVoltage, expected)).toBeLessThan(1e-9);
    for (let i = 0; i < 3; i++) expect(rel(c.branchCurrent[net.cellBranch[i]], 10)).toBeLessThan(1e-9);
    expect(rel(sol.theveninResistance, 0.075 + 3 * rc + 2 * rt)).toBeLessThan(1e-9);
  });

  test('1s2p, series-groups, left terminals: Millman current split with busbar Rb in the far loop', () => {
    const rb = 5e-4;
    const rc = 1e-3;
    const rt = 2e-4;
    const net = buildLayoutNetlist({ kind: 'series-groups', series: 1, parallel: 2, resistances: { busbar: rb, interconnect: rc, terminal: rt } });
    const c = new PackCircuit(net);
    const [e1, e2, r1, r2] = [4.1, 4.0, 0.02, 0.03];
    c.cellSourceVoltage.set([e1, e2]);
    c.cellSourceResistance.set([r1, r2]);
    const i = 30;
    const sol = c.solve({ mode: 'current', current: i });
    // Branch resistances seen between the terminal busbar nodes: cell 1 R1 + Rc; cell 2 R2 + Rc + 2 Rb.
    const ra = r1 + rc;
    const rbr = r2 + rc + 2 * rb;
    const v = (e1 / ra + e2 / rbr - i) / (1 / ra + 1 / rbr);
    expect(rel(c.branchCurrent[net.cellBranch[0]], (e1 - v) / ra)).toBeLessThan(1e-9);
    expect(rel(c.branchCurrent[net.cellBranch[1]], (e2 - v) / rbr)).toBeLessThan(1e-9);
    expect(rel(sol.packVoltage, v - 2 * i * rt)).toBeLessThan(1e-9);
  });

  test('2s2p parallel-strings equals series-groups when busbars only join string ends and cells are identical', () => {
    const res = { busbar: 1e-4, interconnect: 5e-4, terminal: 1e-4 };
    for (const kind of ['series-groups', 'parallel-strings'] as const) {
      const net = buildLayoutNetlist({ kind, series: 2, parallel: 2, resistances: res });
      const c = new PackCircuit(net);
      c.cellSourceVoltage.fill(3.7);
      c.cellSourceResistance.fill(0.01);
      const sol = c.solve({ mode: 'current', current: 0 });
      // No load, identical cells: no circulating current, open-circuit V = 2 * 3.7.
      expect(rel(sol.packVoltage, 7.4)).toBeLessThan(1e-9);
      for (let k = 0; k < 4; k++) expect(Math.abs(c.branchCurrent[net.cellBranch[k]])).toBeLessThan(1e-9);
    }
  });

  test('voltage, power and load-resistance control agree with the Thevenin equivalent of a 2s1p pack', () => {
    const net = buildLayoutNetlist({ kind: 'series-groups', series: 2, parallel: 1, resistances: { busbar: 1e-4, interconnect: 1e-3, terminal: 1e-3 } });
    const c = new PackCircuit(net);
    c.cellSourceVoltage.fill(4);
    c.cellSourceResistance.fill(0.049);
    const rth = 2 * 0.05 + 2e-3; // 0.102 Ohm
    let sol = c.solve({ mode: 'voltage', voltage: 7.49 });
    expect(rel(sol.packCurrent, (8 - 7.49) / rth)).toBeLessThan(1e-9);
    sol = c.solve({ mode: 'power', power: 20 });
    // I (8 - 0.102 I) = 20, the smaller root.
    const ip = (8 - Math.sqrt(64 - 4 * rth * 20)) / (2 * rth);
    expect(rel(sol.packCurrent, ip)).toBeLessThan(1e-9);
    expect(rel(sol.packCurrent * sol.packVoltage, 20)).toBeLessThan(1e-9);
    sol = c.solve({ mode: 'resistance', resistance: 1.898 });
    expect(rel(sol.packCurrent, 8 / 2)).toBeLessThan(1e-9);
    sol = c.solve({ mode: 'cccv', current: -20, voltage: 9 });
    // CC would give 8 + 20 * 0.102 = 10.04 V > 9 V, so the charger holds 9 V: I = (8 - 9)/0.102.
    expect(sol.regime).toBe('cv');
    expect(rel(sol.packCurrent, -1 / rth)).toBeLessThan(1e-9);
  });
});

describe('1s2p pack with one cell internally shorted: neighbour current vs the analytic two-source circuit (rel. tol. 1e-9)', () => {
  test('the healthy neighbour feeds the short; currents, short current and SOC drop match hand analysis', () => {
    const rb = 2e-4;
    const rc = 5e-4;
    const net = buildLayoutNetlist({ kind: 'series-groups', series: 1, parallel: 2, resistances: { busbar: rb, interconnect: rc, terminal: 1e-4 } });
    const model = linearCell({ ocv0: 3.5, slope: 0.7, r0: 0.02, capacityAh: 5 });
    const cells = [0.95, 0.95].map((soc) => ({ model, state: model.initialState(soc, 298.15) }));
    const pack = new PackElectrical(net, cells);
    const rs = 0.01;
    pack.internalShortResistance[1] = rs;
    const dt = 1;
    pack.step(dt, { mode: 'rest' }, [298.15, 298.15]);
    // Two-source circuit over the step (ZOH-exact linear cell): each cell E = OCV(soc0), R = r0 + slope dt / (3600 Q).
    const e = 3.5 + 0.7 * 0.95;
    const r = 0.02 + (0.7 * dt) / (5 * 3600);
    // Loop from cell 1 through its Rc, both busbar segments and cell 2's Rc: Ra = R + 2 Rc + 2 Rb.
    const ra = r + 2 * rc + 2 * rb;
    // Node at cell 2's terminals: (E - V)/Ra + (E - V)/R = V / Rs.
    const v2 = (e / ra + e / r) / (1 / ra + 1 / r + 1 / rs);
    const neighbourCurrent = (e - v2) / ra;
    expect(rel(pack.current[0], neighbourCurrent)).toBeLessThan(1e-9);
    expect(rel(-pack.current[1], neighbourCurrent)).toBeLessThan(1e-9);
    expect(rel(pack.voltage[1], v2)).toBeLessThan(1e-9);
    expect(rel(pack.shortCurrent[1], v2 / rs)).toBeLessThan(1e-9);
    expect(rel(pack.shortHeat[1], (v2 * v2) / rs)).toBeLessThan(1e-9);
    // Charge conservation: the neighbour's SOC fell by I dt / (3600 Q).
    expect(rel(0.95 - pack.stateOfCharge[0], (neighbourCurrent * dt) / (5 * 3600))).toBeLessThan(1e-9);
  });

  test('an external short across a cell (extra resistor branch) draws current from both cells', () => {
    const base = buildLayoutNetlist({ kind: 'series-groups', series: 1, parallel: 2, resistances: { busbar: 1e-4, interconnect: 1e-4, terminal: 1e-4 } });
    const { netlist, branches } = withExtraResistors(base, [
      { from: base.branchFrom[base.cellBranch[1]], to: base.branchTo[base.cellBranch[1]], resistance: Infinity, name: 'external short cell 2' },
    ]);
    const model = linearCell({ ocv0: 3.5, slope: 0.7, r0: 0.02, capacityAh: 5 });
    const pack = new PackElectrical(netlist, [0, 1].map(() => ({ model, state: model.initialState(1, 298) })));
    pack.circuit.branchResistance[branches[0]] = 0.005;
    pack.step(1e-6, { mode: 'rest' }, [298, 298]);
    const e = 4.2;
    const r = 0.02 + (0.7 * 1e-6) / 18000;
    // Cell 2 branch Rb = r + 1e-4; cell 1 path r + 1e-4 + 2e-4 (two busbar segments); both feed 5 mOhm.
    const g1 = 1 / (r + 3e-4);
    const g2 = 1 / (r + 1e-4);
    const v = (e * (g1 + g2)) / (g1 + g2 + 1 / 0.005);
    expect(rel(pack.current[0], (e - v) * g1)).toBeLessThan(1e-9);
    expect(rel(pack.current[1], (e - v) * g2)).toBeLessThan(1e-9);
    expect(rel(pack.circuit.branchCurrent[branches[0]], -v / 0.005)).toBeLessThan(1e-9);
  });
});

describe('network with blown fuses (floating parts)', () => {
  test('a 2s2p pack with both fuses of one group blown carries no current and stays solvable; the healthy group holds its EMF', () => {
    const net = buildLayoutNetlist({ kind: 'series-groups', series: 2, parallel: 2, resistances: { busbar: 1e-4, interconnect: 1e-4, terminal: 1e-4 } });
    const model = linearCell({ ocv0: 3.5, slope: 0.7, r0: 0.02, capacityAh: 5 });
    const pack = new PackElectrical(net, [0, 1, 2, 3].map(() => ({ model, state: model.initialState(0.5, 298) })));
    pack.fuseBlown[2] = 1;
    pack.fuseBlown[3] = 1;
    const sol = pack.step(1, { mode: 'resistance', resistance: 1 }, [298, 298, 298, 298]);
    // The string is open: no pack current (KCL; 1e-9 A), and every cell branch carries nothing.
    expect(Math.abs(sol.packCurrent)).toBeLessThan(1e-9);
    for (let c = 0; c < 4; c++) expect(Math.abs(pack.current[c])).toBeLessThan(1e-9);
    // Under current control the open pack cannot carry the asked 10 A: it reports an open circuit.
    const cc = pack.step(1, { mode: 'current', current: 10 }, [298, 298, 298, 298]);
    expect(cc.regime).toBe('open-circuit');
    expect(cc.packCurrent).toBe(0);
  });
});

describe('with the real ECM (src/engine/electrochem/ecm)', () => {
  test('1s2p Thevenin cells, one shorted: neighbour current = two-source circuit from the ECM linearisation (rel. 1e-9)', () => {
    // Linear OCV table so that dOCV/dSOC = 1.2 V exactly; R_step = r0 + r1 (1 - e^-dt/tau) + dOCV/dSOC dt / (3600 Q).
    const model = theveninModel({ capacityAh: 3, ocv: { axes: ['soc'], breakpoints: [[0, 1]], values: [3.0, 4.2] }, r0: 0.025, rc: [{ r: 0.01, c: 3000 }] });
    const net = buildLayoutNetlist({ kind: 'series-groups', series: 1, parallel: 2, resistances: { busbar: 2e-4, interconnect: 5e-4, terminal: 1e-4 } });
    const pack = new PackElectrical(net, [0, 1].map(() => ({ model, state: model.initialState(0.9, 298.15) })));
    pack.internalShortResistance[1] = 0.015;
    const dt = 0.5;
    pack.step(dt, { mode: 'rest' }, [298.15, 298.15]);
    const e = 3.0 + 1.2 * 0.9;
    const r = 0.025 + 0.01 * (1 - Math.exp(-dt / 30)) + (1.2 * dt) / (3600 * 3);
    const ra = r + 2 * 5e-4 + 2 * 2e-4;
    const v2 = (e / ra + e / r) / (1 / ra + 1 / r + 1 / 0.015);
    expect(rel(pack.current[0], (e - v2) / ra)).toBeLessThan(1e-9);
    expect(rel(pack.shortCurrent[1], v2 / 0.015)).toBeLessThan(1e-9);
  });

  test('CC-CV charge of a 1s2p pack: constant current until the voltage limit, then the limit is held and the current tapers', () => {
    const model = theveninModel({ capacityAh: 3, ocv: { axes: ['soc'], breakpoints: [[0, 1]], values: [3.0, 4.2] }, r0: 0.025, rc: [{ r: 0.01, c: 3000 }] });
    const net = buildLayoutNetlist({ kind: 'series-groups', series: 1, parallel: 2, resistances: { busbar: 2e-4, interconnect: 5e-4, terminal: 1e-4 } });
    const pack = new PackElectrical(net, [0.5, 0.6].map((soc) => ({ model, state: model.initialState(soc, 298.15) })));
    const regimes: string[] = [];
    const currents: number[] = [];
    const voltages: number[] = [];
    for (let k = 0; k < 600; k++) {
      const r = pack.step(10, { mode: 'cccv', current: -6, voltage: 4.1 }, [298.15, 298.15]);
      regimes.push(r.regime);
      currents.push(r.packCurrent);
      voltages.push(r.packVoltage);
    }
    const firstCv = regimes.indexOf('cv');
    expect(firstCv).toBeGreaterThan(0);
    for (let k = 0; k < firstCv; k++) expect(currents[k]).toBe(-6);
    for (let k = firstCv; k < 600; k++) {
      expect(Math.abs(voltages[k] - 4.1)).toBeLessThan(1e-9);
      if (k > firstCv) expect(currents[k]).toBeGreaterThanOrEqual(currents[k - 1] - 1e-12); // |I| decreases
    }
    expect(Math.abs(currents[599])).toBeLessThan(0.5);
  });
});
