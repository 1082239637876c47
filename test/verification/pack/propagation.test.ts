/**
 * Thermal propagation in a 5-cell module (5s1p row of 18650-size cells, Kim 2007 kinetics
 * runaway-and-shorts.md §1.2, nail trigger in cell 1 per GB 38031 Annex C):
 * - energy closure over the whole pack (conservation law; tolerance 1e-9 relative);
 * - reaction heat booked vs the drop of stored reaction enthalpy (independent; 1e-9 relative);
 * - trend tests (issue 10): larger spacing (lower spacer conductance) delays propagation, a
 *   barrier stops it, higher SOC speeds it up. These are qualitative references: no published
 *   numbers are asserted, only the ordering the physics demands.
 * Cell electrical model: the test-only linear source (no ECM dependency); heat capacity and
 * volume of an 18650 with rho c_p = 2.14e6 J/(m^3 K) (reference §1.2).
 */
import { simulatePack, PackSimulationResult } from '../../../src/engine/pack/propagation';
import { buildLayoutNetlist } from '../../../src/engine/pack/netlist';
import { buildGridThermalNetwork } from '../../../src/engine/pack/thermal-network';
import { linearCell } from '../../unit/engine/pack/test-cells';
import { KIM2007 } from '../../unit/engine/pack/test-kinetics';

const CELL_VOLUME = 1.65e-5; // 18 mm x 65 mm can [m^3]
const CELL_HEAT_CAPACITY = 2.14e6 * CELL_VOLUME; // 35.3 J/K

function module5(opts: { spacerConductance: number; soc: number; duration?: number; series?: boolean }): PackSimulationResult {
  const n = 5;
  const net = buildLayoutNetlist({ kind: 'series-groups', series: opts.series === false ? 1 : n, parallel: opts.series === false ? n : 1, resistances: { busbar: 1e-4, interconnect: 5e-4, terminal: 1e-4 } });
  const model = linearCell({ ocv0: 3.4, slope: 0.8, r0: 0.03, capacityAh: 2.5 });
  const cells = Array.from({ length: n }, () => ({ model, state: model.initialState(opts.soc, 298.15) }));
  const { spec } = buildGridThermalNetwork({
    cellCount: n, columns: n, pitchX: 0.02, pitchY: 0.02, cellHeatCapacity: CELL_HEAT_CAPACITY,
    neighbourConductanceX: opts.spacerConductance, neighbourConductanceY: 0,
    ambientConductance: 0.03, coolantConductance: 0.1, ambientTemperature: 298.15, coolantTemperature: 298.15,
  });
  return simulatePack({
    netlist: net, cells, thermal: spec, initialTemperature: 298.15, stateOfCharge: opts.soc,
    kinetics: KIM2007, cellVolume: CELL_VOLUME, anodeLithiumScalesWithSoc: true, load: [],
    trigger: { kind: 'nail', cell: 0, resistance: 0.005, time: 10 },
    separatorCollapse: { temperature: 438, resistance: 0.02 }, disconnectTemperature: 933,
    detection: { voltageDropFraction: 0.25, maxOperatingTemperature: 333.15, rateThreshold: 1, rateDuration: 3 },
    bms: { voltageSensorCells: [0, 1, 2, 3, 4], temperatureSensorCells: [2], deltaVoltage: 0.3, temperatureRate: 0.5, temperature: 338.15 },
    duration: opts.duration ?? 400, timeStep: 1, outputInterval: 5,
  });
}

const lastRunaway = (r: PackSimulationResult): number => Math.max(...Array.from(r.runawayTime));

describe('pack propagation: conservation', () => {
  const r = module5({ spacerConductance: 0.3, soc: 1 });
  test('energy closure: heat stored = reaction + Joule + short heat - heat to ambient and coolant (rel. 1e-9)', () => {
    expect(r.status).toBe('completed');
    expect(Math.abs(r.diagnostics.energyBalanceError)).toBeLessThan(1e-9);
    expect(r.diagnostics.energy['Reaction heat [J]']).toBeGreaterThan(1e4);
  });
  test('reaction heat equals the drop of stored reaction enthalpy (rel. 1e-9)', () => {
    expect(Math.abs(r.diagnostics.reactionEnergyCheckError)).toBeLessThan(1e-9);
  });
  test('nail-triggered cell runs away first, all five cells follow, the BMS warns before the first propagation', () => {
    expect(r.metrics.triggerRunawayTime).not.toBeNull();
    expect(r.metrics.cellsInRunaway).toBe(5);
    expect(r.metrics.propagated).toBe(true);
    const order = Array.from(r.runawayTime);
    for (let c = 1; c < 5; c++) expect(order[c]).toBeGreaterThan(order[c - 1] - 1e-9);
    expect(r.metrics.firstWarningTime!).toBeLessThan(r.metrics.firstHazardTime!);
    // Adiabatic reaction heat of one cell: sum H W x0 V = 1.26e9 J/m^3 x 1.65e-5 m^3 ~ 2.1e4 J (Kim 2007 table, SOC 1).
    expect(r.reactionHeat[0]).toBeGreaterThan(1.5e4);
    expect(r.reactionHeat[0]).toBeLessThan(2.2e4);
  });
});

describe('pack propagation trends (issue 10)', () => {
  test('larger spacing (spacer conductance 0.6 -> 0.3 -> 0.1 W/K) delays propagation to the last cell', () => {
    const t06 = lastRunaway(module5({ spacerConductance: 0.6, soc: 1 }));
    const t03 = lastRunaway(module5({ spacerConductance: 0.3, soc: 1 }));
    const t01 = lastRunaway(module5({ spacerConductance: 0.1, soc: 1 }));
    // Measured when written: 79 s, 118 s, 252 s.
    expect(t03).toBeGreaterThan(t06);
    expect(t01).toBeGreaterThan(t03);
  });
  test('a barrier (0.03 W/K) stops propagation within 10 min: only the trigger cell runs away', () => {
    const r = module5({ spacerConductance: 0.03, soc: 1, duration: 600 });
    expect(r.metrics.cellsInRunaway).toBe(1);
    expect(r.metrics.propagated).toBe(false);
    expect(r.metrics.warningLeadTime).toBeNull();
  });
  test('higher SOC speeds propagation up (SOC 1.0 vs 0.8)', () => {
    const high = module5({ spacerConductance: 0.1, soc: 1 });
    const low = module5({ spacerConductance: 0.1, soc: 0.8 });
    // Measured when written: last cell at 252 s (SOC 1.0) vs 275 s (SOC 0.8).
    expect(lastRunaway(high)).toBeLessThan(lastRunaway(low));
    expect(high.metrics.energyReleased).toBeGreaterThan(low.metrics.energyReleased);
  });
});

describe('parallel neighbours feed a collapsed cell (1s5p)', () => {
  test('at the trigger cell short, the four parallel neighbours discharge into it: their currents sum to minus its terminal current', () => {
    const r = module5({ spacerConductance: 0.03, soc: 1, duration: 15, series: false });
    const k = r.time.findIndex((t) => t >= 15);
    const cur = r.cellCurrent[k];
    // Kirchhoff's current law at rest: sum of the five branch currents = pack current = 0 (1e-9 A).
    expect(Math.abs(cur.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
    expect(cur[0]).toBeLessThan(-10);
    for (let c = 1; c < 5; c++) expect(cur[c]).toBeGreaterThan(1);
    // The metric is the largest fed current seen, at least the sampled one.
    expect(r.metrics.peakFedCell).toBe(0);
    expect(r.metrics.peakFedCurrent).toBeGreaterThanOrEqual(-cur[0] - 1e-9);
  });
});

const HEATER_POWER = 25;
describe('GB 38031 Annex C heater trigger', () => {
  test('the heater heats the trigger cell until its runaway is detected, then switches off; energy still closes (rel. 1e-9)', () => {
    const n = 3;
    const net = buildLayoutNetlist({ kind: 'series-groups', series: n, parallel: 1, resistances: { busbar: 1e-4, interconnect: 5e-4, terminal: 1e-4 } });
    const model = linearCell({ ocv0: 3.4, slope: 0.8, r0: 0.03, capacityAh: 2.5 });
    const { spec } = buildGridThermalNetwork({
      cellCount: n, columns: n, pitchX: 0.02, pitchY: 0.02, cellHeatCapacity: CELL_HEAT_CAPACITY, neighbourConductanceX: 0.02, neighbourConductanceY: 0,
      ambientConductance: 0.03, coolantConductance: 0.1, ambientTemperature: 298.15, coolantTemperature: 298.15,
    });
    const r = simulatePack({
      netlist: net, cells: Array.from({ length: n }, () => ({ model, state: model.initialState(1, 298.15) })), thermal: spec, initialTemperature: 298.15,
      stateOfCharge: 1, kinetics: KIM2007, cellVolume: CELL_VOLUME, anodeLithiumScalesWithSoc: true, load: [],
      trigger: { kind: 'heater', cell: 1, power: HEATER_POWER }, separatorCollapse: { temperature: 438, resistance: 0.02 }, disconnectTemperature: 933,
      detection: { voltageDropFraction: 0.25, maxOperatingTemperature: 333.15, rateThreshold: 1, rateDuration: 3 }, bms: null,
      duration: 3000, timeStep: 1, outputInterval: 10,
    });
    const off = r.events.find((e) => e.kind === 'trigger-off');
    expect(off).toBeDefined();
    expect(off!.time).toBe(r.runawayTime[1]);
    // Heater energy = P x time on (rel. 1e-9).
    expect(Math.abs(r.diagnostics.energy['Heater energy [J]'] - HEATER_POWER * off!.time) / (HEATER_POWER * off!.time)).toBeLessThan(1e-9);
    // Detected by self-heating, not by the heater: the cell goes on to a full runaway (> 700 K).
    expect(r.peakTemperature[1]).toBeGreaterThan(700);
    expect(Math.abs(r.diagnostics.energyBalanceError)).toBeLessThan(1e-9);
  });
});
