/**
 * Coupled pack simulation: electrical network (electrical.ts), lumped thermal network
 * (thermal-network.ts) and decomposition kinetics in every cell (src/engine/runaway/kinetics.ts,
 * Hatchard/Kim form, runaway-and-shorts.md §1.1), with a runaway trigger in one cell, separator
 * collapse turning hot cells into internal shorts that their parallel neighbours feed, the
 * GB 38031 Annex C runaway detection rule, BMS warning signals, and the UL 9540A question (does
 * runaway propagate, and to how many cells).
 *
 * One step of length dt (operator split, first order):
 *   1. events at the start of the step: trigger, separator collapse (T >= T_collapse inserts an
 *      internal short), tab/CID disconnect (T >= T_disconnect opens the cell's branch);
 *   2. electrical step at the cell temperatures of the start of the step;
 *   3. each cell heated adiabatically by its Joule, short and heater power, then its reactions
 *      advanced with sub-steps of at most `maxSubstepTemperatureRise` adiabatic rise (frozen T
 *      within a sub-step, backward Euler per reaction: the released heat is Σ H W Δξ exactly);
 *   4. conduction and cooling by backward Euler on the thermal network.
 * Every joule is booked, so the run reports an energy-closure error (heat stored in the cells vs
 * generated minus lost to the sinks).
 *
 * Runaway detection (GB 38031-2020 Annex C, values [unverified] in standards-and-reports.md §1.3,
 * taken here as inputs): (a) the cell's voltage dropped by more than `voltageDropFraction` of its
 * initial value, or (b) T >= `maxOperatingTemperature`; and (c) dT/dt >= `rateThreshold` sustained
 * for `rateDuration`. With kinetics, (c) also requires the cell's own decomposition heat to
 * account for that rate (self-heating), so that a neighbour heated by conduction from a burning
 * cell is not counted as in runaway until its own reactions take over.
 */
import { PackControl } from './circuit';
import { PackCell, PackElectrical, PackElectricalOptions } from './electrical';
import { PackNetlist } from './netlist';
import { PackThermalNetwork, ThermalNetworkSpec } from './thermal-network';
import {
  advanceReactionsFrozenT,
  createRunawayState,
  heatReleaseRate,
  reactionEnergyDensities,
  RunawayKinetics,
  RunawayState,
  storedReactionEnergy,
} from '../runaway/kinetics';

export type PackTrigger =
  /** External heater on the trigger cell at constant power until runaway is detected in it (GB 38031 Annex C heating). */
  | { kind: 'heater'; cell: number; power: number; start?: number }
  /** Needle/nail or internal short: a short of `resistance` inserted at `time` (GB 38031 Annex C needle penetration). */
  | { kind: 'nail' | 'internal-short'; cell: number; resistance: number; time: number }
  /** External short across one cell's terminals (requires a netlist branch prepared with withExtraResistors). */
  | { kind: 'external-short'; branch: number; resistance: number; time: number };

export interface RunawayDetectionRule {
  voltageDropFraction: number;
  maxOperatingTemperature: number;
  /** [K/s] */
  rateThreshold: number;
  /** [s] */
  rateDuration: number;
}

export interface BmsSettings {
  /** Cells whose voltage the BMS measures (0-based). */
  voltageSensorCells: number[];
  /** Cells carrying a temperature sensor (0-based). */
  temperatureSensorCells: number[];
  /** Warning when the spread of measured cell voltages exceeds this [V]. */
  deltaVoltage: number;
  /** Warning when any measured dT/dt exceeds this [K/s]. */
  temperatureRate: number;
  /** Warning when any measured temperature exceeds this [K]. */
  temperature: number;
}

export interface PackSimulationInput {
  netlist: PackNetlist;
  cells: PackCell[];
  electrical?: PackElectricalOptions;
  thermal: ThermalNetworkSpec;
  initialTemperature: number;
  /** Initial state of charge of every cell (used by the kinetics SOC scaling). */
  stateOfCharge: number;
  /** Decomposition kinetics per cell; null = no runaway chemistry (electro-thermal only). */
  kinetics: RunawayKinetics | null;
  /** Reacting volume of one cell [m^3] (the kinetics are per m^3). */
  cellVolume: number;
  /**
   * c_neg,0 = c_neg,0(card) × SOC: the lithium in the graphite available to the anode–solvent
   * reaction scales with the state of charge [assumed; common in lumped propagation models].
   */
  anodeLithiumScalesWithSoc: boolean;
  /** Pack load as a schedule: each entry applies until its `until` time [s]; after the last, rest. */
  load: Array<{ until: number; control: PackControl }>;
  trigger?: PackTrigger;
  /** Further internal shorts at given times (e.g. from a module crush, module-crush.ts). */
  shortSchedule?: Array<{ cell: number; time: number; resistance: number }>;
  /** Separator collapse: a cell reaching `temperature` gets an internal short of `resistance` [Ohm]. null = never. */
  separatorCollapse: { temperature: number; resistance: number } | null;
  /** A cell above this temperature loses its electrical connection (tab melt / CID) [K]; Infinity = never. */
  disconnectTemperature: number;
  detection: RunawayDetectionRule;
  bms: BmsSettings | null;
  duration: number;
  timeStep: number;
  /**
   * Longer step used while the pack is quiet: no heater on, every cell below the detection
   * temperature by 10 K and changing by less than 0.02 K/s, and no scheduled event inside the step.
   * Default: timeStep (no adaptation).
   */
  quietTimeStep?: number;
  outputInterval: number;
  /** Largest adiabatic temperature rise from the reactions in one kinetics sub-step [K]. */
  maxSubstepTemperatureRise?: number;
  /** Stop early once every cell has either run away or stayed below 1 K above the hottest sink for `settleTime`. */
  stopWhenSettled?: boolean;
  onProgress?: (time: number, fraction: number, maxTemperature: number, packVoltage: number) => void;
  /** Polled every step; true stops the run with status 'cancelled' (results so far kept). */
  isCancelled?: () => boolean;
}

export interface PackEvent {
  kind: string;
  time: number;
  message: string;
  data?: Record<string, number | string>;
}

export interface PackSimulationResult {
  status: 'completed' | 'failed' | 'cancelled';
  failure?: { time: number; reason: string };
  /** Samples every outputInterval: time, pack terminals and per-cell arrays (one Float64Array per sample). */
  time: number[];
  packVoltage: number[];
  packCurrent: number[];
  maxTemperature: number[];
  cellTemperature: Float64Array[];
  cellCurrent: Float64Array[];
  cellVoltage: Float64Array[];
  events: PackEvent[];
  /** Per cell: time runaway was confirmed (NaN = never), peak temperature [K], reaction heat [J], short heat [J]. */
  runawayTime: Float64Array;
  peakTemperature: Float64Array;
  reactionHeat: Float64Array;
  shortHeat: Float64Array;
  metrics: PropagationMetrics;
  diagnostics: {
    electricalSteps: number;
    kineticsSubsteps: number;
    maxNetworkIterations: number;
    /** (stored heat − (generated − lost)) / generated over the run. */
    energyBalanceError: number;
    /** Reaction heat booked vs the drop of the stored reaction enthalpy (independent check), relative. */
    reactionEnergyCheckError: number;
    energy: Record<string, number>;
    warnings: string[];
  };
}

export interface PropagationMetrics {
  triggerCell: number;
  triggerRunawayTime: number | null;
  cellsInRunaway: number;
  /** UL 9540A module question. */
  propagated: boolean;
  /** Time from the trigger cell's runaway to the first other cell's runaway [s]. */
  timeToPropagation: number | null;
  firstWarningTime: number | null;
  warningSignal: string | null;
  /** First hazard (proxy): the first runaway of a cell other than the trigger cell [s]. */
  firstHazardTime: number | null;
  /** firstHazardTime − firstWarningTime [s] (GB 38031-2020 asks for >= 300 s). */
  warningLeadTime: number | null;
  peakTemperature: number;
  /** Reaction + short-circuit heat released in the cells [J]. */
  energyReleased: number;
  /** Largest current that the rest of the pack pushed into a shorted cell [A] (0 = none), and that cell (0-based, -1 = none). */
  peakFedCurrent: number;
  peakFedCell: number;
}

export function simulatePack(input: PackSimulationInput): PackSimulationResult {
  const net = input.netlist;
  const n = net.cellCount;
  const spec = input.thermal;
  if (spec.nodeCount < n) throw new Error('pack simulation: thermal network has fewer nodes than cells');
  const electrical = new PackElectrical(net, input.cells, input.electrical);
  const thermal = new PackThermalNetwork(spec);
  const T = new Float64Array(spec.nodeCount).fill(input.initialTemperature);
  const heat = new Float64Array(spec.nodeCount);
  const zero = new Float64Array(spec.nodeCount);
  const Tstart = new Float64Array(n);
  const reactionHeatStart = new Float64Array(n);
  const kin = input.kinetics;
  let rs: RunawayState | null = null;
  if (kin) {
    rs = createRunawayState(kin, n);
    if (input.anodeLithiumScalesWithSoc) rs.cNeg.fill(kin.initial.anodeLithiumFraction * input.stateOfCharge);
  }
  const rates = new Float64Array(4);
  const extent = new Float64Array(4);
  const hw = kin ? reactionEnergyDensities(kin) : new Float64Array(4);
  const storedStart = new Float64Array(n);
  if (kin && rs) for (let c = 0; c < n; c++) storedStart[c] = storedReactionEnergy(kin, rs, c) * input.cellVolume;
  const maxRise = input.maxSubstepTemperatureRise ?? 2;

  const events: PackEvent[] = [];
  const runawayTime = new Float64Array(n).fill(NaN);
  const peakTemperature = new Float64Array(n).fill(input.initialTemperature);
  const reactionHeat = new Float64Array(n);
  const shortHeat = new Float64Array(n);
  const rateTimer = new Float64Array(n);
  const collapsed = new Uint8Array(n);
  const depleted = new Uint8Array(n);
  const scheduleApplied = new Uint8Array(input.shortSchedule?.length ?? 0);
  const initialVoltage = new Float64Array(n);
  const result: PackSimulationResult = {
    status: 'completed',
    time: [],
    packVoltage: [],
    packCurrent: [],
    maxTemperature: [],
    cellTemperature: [],
    cellCurrent: [],
    cellVoltage: [],
    events,
    runawayTime,
    peakTemperature,
    reactionHeat,
    shortHeat,
    metrics: {
      triggerCell: input.trigger && 'cell' in input.trigger ? input.trigger.cell : -1,
      triggerRunawayTime: null,
      cellsInRunaway: 0,
      propagated: false,
      timeToPropagation: null,
      firstWarningTime: null,
      warningSignal: null,
      firstHazardTime: null,
      warningLeadTime: null,
      peakTemperature: input.initialTemperature,
      energyReleased: 0,
      peakFedCurrent: 0,
      peakFedCell: -1,
    },
    diagnostics: { electricalSteps: 0, kineticsSubsteps: 0, maxNetworkIterations: 0, energyBalanceError: 0, reactionEnergyCheckError: 0, energy: {}, warnings: [] },
  };

  electrical.initialise(T);
  initialVoltage.set(electrical.voltage);
  let packVoltage = 0;
  let packCurrent = 0;
  const record = (t: number): void => {
    result.time.push(t);
    result.packVoltage.push(packVoltage);
    result.packCurrent.push(packCurrent);
    let tmax = -Infinity;
    for (let c = 0; c < n; c++) if (T[c] > tmax) tmax = T[c];
    result.maxTemperature.push(tmax);
    result.cellTemperature.push(T.slice(0, n));
    result.cellCurrent.push(electrical.current.slice());
    result.cellVoltage.push(electrical.voltage.slice());
  };

  let heaterOn = input.trigger?.kind === 'heater';
  let triggerApplied = false;
  let heaterEnergy = 0;
  let jouleEnergy = 0;
  let resistorEnergy = 0;
  let ambientEnergy = 0;
  let coolantEnergy = 0;
  let warned = false;
  const bmsPrevT = new Float64Array(n).fill(input.initialTemperature);
  let thermalEnergyStart = 0;
  for (let i = 0; i < spec.nodeCount; i++) thermalEnergyStart += spec.heatCapacity[i] * T[i];
  // First sample: pack open-circuit voltage.
  packVoltage = electrical.restingPackVoltage(input.timeStep, T);
  record(0);
  let nextOutput = input.outputInterval;
  let quiet = false;
  let packOpenReported = false;
  let t = 0;
  const dtBase = input.timeStep;
  const trig = input.trigger;

  try {
    while (t < input.duration - 1e-9) {
      if (input.isCancelled?.()) {
        result.status = 'cancelled';
        events.push({ kind: 'cancelled', time: t, message: 'run cancelled' });
        if (result.time[result.time.length - 1] !== t) record(t);
        break;
      }
      const eventsBefore = events.length;
      let dt = Math.min(quiet && input.quietTimeStep ? Math.max(input.quietTimeStep, dtBase) : dtBase, input.duration - t);
      // Never step over a load change.
      for (const entry of input.load) if (entry.until > t + 1e-9 && entry.until < t + dt) dt = entry.until - t;
      if (trig && trig.kind !== 'heater' && !triggerApplied && trig.time > t + 1e-9 && trig.time < t + dt) dt = trig.time - t;
      if (input.shortSchedule) {
        for (let k = 0; k < input.shortSchedule.length; k++) {
          const ts = input.shortSchedule[k].time;
          if (!scheduleApplied[k] && ts > t + 1e-9 && ts < t + dt) dt = ts - t;
        }
      }
      // 1. events at the start of the step
      if (trig && !triggerApplied) {
        if (trig.kind === 'heater') {
          triggerApplied = true;
          events.push({ kind: 'trigger', time: t, message: `heater on cell ${trig.cell + 1} at ${trig.power} W`, data: { Cell: trig.cell + 1, 'Heater power [W]': trig.power } });
        } else if (t >= trig.time - 1e-12) {
          triggerApplied = true;
          if (trig.kind === 'external-short') {
            electrical.circuit.branchResistance[trig.branch] = trig.resistance;
            events.push({ kind: 'trigger', time: t, message: `external short (${trig.resistance} Ohm) closed on ${net.branchName[trig.branch]}`, data: { 'Short-circuit resistance [Ohm]': trig.resistance } });
          } else {
            electrical.internalShortResistance[trig.cell] = trig.resistance;
            collapsed[trig.cell] = 1;
            events.push({ kind: 'short-onset', time: t, message: `${trig.kind} in cell ${trig.cell + 1} (${trig.resistance} Ohm)`, data: { Cell: trig.cell + 1, 'Short-circuit resistance [Ohm]': trig.resistance } });
          }
        }
      }
      if (input.shortSchedule) {
        for (let k = 0; k < input.shortSchedule.length; k++) {
          const sc = input.shortSchedule[k];
          if (!scheduleApplied[k] && t >= sc.time - 1e-9) {
            scheduleApplied[k] = 1;
            electrical.internalShortResistance[sc.cell] = Math.min(electrical.internalShortResistance[sc.cell], sc.resistance);
            collapsed[sc.cell] = 1;
            events.push({ kind: 'short-onset', time: t, message: `internal short in cell ${sc.cell + 1} (${sc.resistance} Ohm)`, data: { Cell: sc.cell + 1, 'Short-circuit resistance [Ohm]': sc.resistance } });
          }
        }
      }
      for (let c = 0; c < n; c++) {
        if (input.separatorCollapse && !collapsed[c] && T[c] >= input.separatorCollapse.temperature) {
          collapsed[c] = 1;
          electrical.internalShortResistance[c] = Math.min(electrical.internalShortResistance[c], input.separatorCollapse.resistance);
          events.push({ kind: 'separator-collapse', time: t, message: `cell ${c + 1} separator collapsed at ${T[c].toFixed(1)} K: internal short ${input.separatorCollapse.resistance} Ohm`, data: { Cell: c + 1, 'Temperature [K]': T[c] } });
        }
        if (!depleted[c] && collapsed[c] && electrical.stateOfCharge[c] <= 0) {
          // A shorted cell with no charge left has no electrical energy to give: its short and branch carry nothing more.
          depleted[c] = 1;
          electrical.internalShortResistance[c] = Infinity;
          electrical.fuseBlown[c] = 1;
          events.push({ kind: 'cell-depleted', time: t, message: `cell ${c + 1} fully discharged through its short; disconnected`, data: { Cell: c + 1 } });
        }
        if (!electrical.fuseBlown[c] && T[c] >= input.disconnectTemperature) {
          electrical.fuseBlown[c] = 1;
          events.push({ kind: 'cell-disconnect', time: t, message: `cell ${c + 1} lost its connection at ${T[c].toFixed(0)} K (tab melt / CID)`, data: { Cell: c + 1 } });
        }
      }
      // An event at the start of this step ends a quiet stretch: take the base step.
      if (events.length !== eventsBefore && dt > dtBase) {
        dt = Math.min(dtBase, input.duration - t);
        quiet = false;
      }
      // 2. electrical step
      let control: PackControl = { mode: 'rest' };
      for (const entry of input.load) {
        if (t < entry.until - 1e-12) {
          control = entry.control;
          break;
        }
      }
      const rep = electrical.step(dt, control, T);
      result.diagnostics.electricalSteps++;
      if (rep.iterations > result.diagnostics.maxNetworkIterations) result.diagnostics.maxNetworkIterations = rep.iterations;
      packVoltage = rep.packVoltage;
      packCurrent = rep.packCurrent;
      if (rep.regime === 'open-circuit' && !packOpenReported) {
        packOpenReported = true;
        events.push({ kind: 'pack-open', time: t, message: 'no conducting path between the pack terminals any more (blown fuses / disconnected cells): the load draws no current' });
      }
      for (const e of rep.events) events.push({ kind: e.kind, time: t + dt, message: e.message, data: { Cell: e.cell + 1 } });
      resistorEnergy += electrical.resistorHeat() * dt;
      for (let c = 0; c < n; c++) {
        // A shorted cell's terminal current is negative when its neighbours feed it.
        if (collapsed[c] && -electrical.current[c] > result.metrics.peakFedCurrent) {
          result.metrics.peakFedCurrent = -electrical.current[c];
          result.metrics.peakFedCell = c;
        }
      }
      // 3. local heating: Joule, short, heater, then reactions with adiabatic sub-steps
      reactionHeatStart.set(reactionHeat);
      for (let c = 0; c < n; c++) {
        Tstart[c] = T[c];
        let q = electrical.cellHeat[c] + electrical.shortHeat[c] + electrical.interconnectHeat[c];
        jouleEnergy += q * dt;
        shortHeat[c] += electrical.shortHeat[c] * dt;
        if (heaterOn && trig?.kind === 'heater' && trig.cell === c && t >= (trig.start ?? 0)) {
          q += trig.power;
          heaterEnergy += trig.power * dt;
        }
        T[c] += (q * dt) / spec.heatCapacity[c];
      }
      if (kin && rs) {
        const v = input.cellVolume;
        for (let c = 0; c < n; c++) {
          const cap = spec.heatCapacity[c];
          let tc = T[c];
          let remaining = dt;
          while (remaining > 0) {
            const power = heatReleaseRate(kin, rs, c, tc, rates) * v;
            let h = remaining;
            if (power * h > maxRise * cap) h = Math.max((maxRise * cap) / power, remaining * 1e-6);
            if (h > remaining) h = remaining;
            advanceReactionsFrozenT(kin, rs, c, tc, h, extent);
            const released = (hw[0] * extent[0] + hw[1] * extent[1] + hw[2] * extent[2] + hw[3] * extent[3]) * v;
            reactionHeat[c] += released;
            tc += released / cap;
            remaining -= h;
            result.diagnostics.kineticsSubsteps++;
          }
          T[c] = tc;
        }
      }
      // 4. conduction and cooling
      heat.set(zero);
      thermal.step(dt, T, heat);
      ambientEnergy += thermal.lastAmbientHeat;
      coolantEnergy += thermal.lastCoolantHeat;
      t += dt;

      // detection and warnings
      quiet = !heaterOn;
      for (let c = 0; c < n; c++) {
        if (T[c] > peakTemperature[c]) peakTemperature[c] = T[c];
        const rate = (T[c] - Tstart[c]) / dt;
        if (quiet && (Math.abs(rate) > 0.02 || T[c] > input.detection.maxOperatingTemperature - 10)) quiet = false;
        // (c) on the measured dT/dt, counted only while the cell's own decomposition heat alone
        // would heat it at least as fast: a neighbour warmed by conduction is not in runaway.
        const selfHeating = (reactionHeat[c] - reactionHeatStart[c]) / (spec.heatCapacity[c] * dt);
        rateTimer[c] = rate >= input.detection.rateThreshold && (!kin || selfHeating >= input.detection.rateThreshold) ? rateTimer[c] + dt : 0;
        if (Number.isNaN(runawayTime[c])) {
          const drop = electrical.voltage[c] < (1 - input.detection.voltageDropFraction) * initialVoltage[c];
          const hot = T[c] >= input.detection.maxOperatingTemperature;
          if ((drop || hot) && rateTimer[c] >= input.detection.rateDuration - 1e-9) {
            runawayTime[c] = t;
            events.push({ kind: 'runaway-onset', time: t, message: `thermal runaway confirmed in cell ${c + 1} (${drop ? 'voltage drop' : 'temperature'} and dT/dt >= ${input.detection.rateThreshold} K/s for ${input.detection.rateDuration} s)`, data: { Cell: c + 1, 'Temperature [K]': T[c] } });
            if (heaterOn && trig?.kind === 'heater' && trig.cell === c) {
              heaterOn = false;
              events.push({ kind: 'trigger-off', time: t, message: `heater on cell ${c + 1} switched off at runaway detection` });
            }
          }
        }
      }
      if (input.bms && !warned) {
        const b = input.bms;
        let vmin = Infinity;
        let vmax = -Infinity;
        for (const c of b.voltageSensorCells) {
          const v = electrical.voltage[c];
          if (v < vmin) vmin = v;
          if (v > vmax) vmax = v;
        }
        let signal: string | null = null;
        if (vmax - vmin > b.deltaVoltage) signal = `cell voltage spread ${(vmax - vmin).toFixed(3)} V > ${b.deltaVoltage} V`;
        for (const c of b.temperatureSensorCells) {
          if (signal) break;
          const rate = (T[c] - bmsPrevT[c]) / dt;
          if (rate > b.temperatureRate) signal = `dT/dt ${rate.toFixed(2)} K/s > ${b.temperatureRate} K/s at the sensor on cell ${c + 1}`;
          else if (T[c] > b.temperature) signal = `temperature ${T[c].toFixed(1)} K > ${b.temperature} K at the sensor on cell ${c + 1}`;
        }
        if (signal) {
          warned = true;
          result.metrics.firstWarningTime = t;
          result.metrics.warningSignal = signal;
          events.push({ kind: 'bms-warning', time: t, message: `BMS thermal-event warning: ${signal}` });
        }
        for (const c of b.temperatureSensorCells) bmsPrevT[c] = T[c];
      }
      if (input.onProgress) {
        let tmax = 0;
        for (let c = 0; c < n; c++) if (T[c] > tmax) tmax = T[c];
        input.onProgress(t, t / input.duration, tmax, packVoltage);
      }
      if (t >= nextOutput - 1e-9 || t >= input.duration - 1e-9) {
        record(t);
        nextOutput += input.outputInterval;
      }
    }
  } catch (err) {
    result.status = 'failed';
    result.failure = { time: t, reason: (err as Error).message };
    events.push({ kind: 'run-failed', time: t, message: (err as Error).message });
    if (result.time[result.time.length - 1] !== t) record(t);
  }

  // metrics and energy closure
  const m = result.metrics;
  let thermalEnergyEnd = 0;
  for (let i = 0; i < spec.nodeCount; i++) thermalEnergyEnd += spec.heatCapacity[i] * T[i];
  let reaction = 0;
  let stored = 0;
  for (let c = 0; c < n; c++) {
    reaction += reactionHeat[c];
    if (kin && rs) stored += storedStart[c] - storedReactionEnergy(kin, rs, c) * input.cellVolume;
  }
  const generated = reaction + jouleEnergy + heaterEnergy;
  const stored1 = thermalEnergyEnd - thermalEnergyStart;
  result.diagnostics.energyBalanceError = generated > 0 ? (stored1 - (generated - ambientEnergy - coolantEnergy)) / generated : 0;
  result.diagnostics.reactionEnergyCheckError = reaction > 0 ? (reaction - stored) / reaction : 0;
  result.diagnostics.energy = {
    'Reaction heat [J]': reaction,
    'Cell Joule and short heat [J]': jouleEnergy,
    'Heater energy [J]': heaterEnergy,
    'Busbar and terminal Joule heat [J]': resistorEnergy,
    'Heat to ambient [J]': ambientEnergy,
    'Heat to coolant [J]': coolantEnergy,
    'Heat stored in the pack [J]': stored1,
  };
  const order: number[] = [];
  for (let c = 0; c < n; c++) if (!Number.isNaN(runawayTime[c])) order.push(c);
  order.sort((a, b) => runawayTime[a] - runawayTime[b]);
  m.cellsInRunaway = order.length;
  const trigCell = m.triggerCell;
  m.triggerRunawayTime = trigCell >= 0 && !Number.isNaN(runawayTime[trigCell]) ? runawayTime[trigCell] : null;
  const others = order.filter((c) => c !== trigCell);
  m.propagated = others.length > 0;
  if (others.length) {
    m.firstHazardTime = runawayTime[others[0]];
    if (m.triggerRunawayTime !== null) m.timeToPropagation = runawayTime[others[0]] - m.triggerRunawayTime;
  }
  if (m.firstHazardTime !== null && m.firstWarningTime !== null) m.warningLeadTime = m.firstHazardTime - m.firstWarningTime;
  let peak = -Infinity;
  let released = 0;
  for (let c = 0; c < n; c++) {
    if (peakTemperature[c] > peak) peak = peakTemperature[c];
    released += reactionHeat[c] + shortHeat[c];
  }
  m.peakTemperature = peak;
  m.energyReleased = released;
  return result;
}
