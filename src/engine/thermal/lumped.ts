/**
 * Lumped (0-D) cell thermal model with optional can node and runaway kinetics (issue 6).
 *
 *   C_core dT/dt  = V Σ_x H_x W_x R_x(T) + P_short + P_ohmic + P_rev − Φ_out
 *   (with can)      Φ_out = G (T − T_can),  C_can dT_can/dt = G (T − T_can) − Φ_surf(T_can)
 *   (without can)   Φ_out = Φ_surf(T)
 *   Φ_surf(T) = h A (T − T_amb) + ε σ A (T⁴ − T_rad⁴)          (oven / ambient boundary)
 *
 * as in PyBaMM's `lumped.py` (ρc_p,eff dT/dt = Q − h A (T − T_amb)/V; ../shared/reference/
 * electrochemistry.md §1.4) plus the radiative term of the Kim 2007 oven boundary
 * (runaway-and-shorts.md §1.1). The kinetics are the Hatchard/Kim set (runaway/kinetics.ts).
 *
 * Integration: the numerics engineer's variable-order BDF/NDF (numerics/bdf.ts). The cumulative
 * heat of every source and the boundary loss are integrated as extra states, so they share the
 * integrator's linear invariant: C ΔT + ΔE_boundary = Σ E_sources to round-off (energy closure).
 * The model is advanced in chunks with the external heat held constant per chunk (the coupled run
 * steps it together with the cell model).
 */
import { solveOde } from '../numerics/bdf';
import {
  type RunawayKinetics,
  type RunawayState,
  createRunawayState,
  heatReleaseRate,
} from '../runaway/kinetics';
import { STEFAN_BOLTZMANN } from './conduction';
import { type VentingParameters, type VentingState, createVentingState, updateVenting } from '../runaway/venting';
import { type HeatLedger, createHeatLedger } from './heat-ledger';

export interface LumpedThermalOptions {
  /** Cell (jellyroll) volume V [m³] over which ρc_p and the kinetics' W apply. */
  volume: number;
  /** ρ c_p of the cell [J/(m³ K)]. */
  volumetricHeatCapacity: number;
  /** Cooled / heated surface A [m²]. */
  surfaceArea: number;
  /** h [W/(m² K)]. */
  convectionCoefficient: number;
  /** ε [-] (0 for convection only). */
  emissivity: number;
  /** Oven / ambient temperature [K]. */
  ambientTemperature: number;
  /** Radiating surroundings [K] (default ambient). */
  radiationTemperature?: number;
  initialTemperature: number;
  /** Optional can / surface node: its heat capacity [J/K] and core-to-can conductance [W/K]. */
  can?: { heatCapacity: number; conductance: number };
  kinetics?: RunawayKinetics;
}

/** External heat [W] held constant over an advance call. */
export interface LumpedHeatInput {
  short?: number;
  ohmic?: number;
  reversible?: number;
}

export interface LumpedIntegratorOptions {
  rtol?: number;
  /** Largest step [s] (default 10). */
  maxStep?: number;
  maxSteps?: number;
}

interface Layout {
  T: number;
  can: number; // -1 if none
  kin: number; // -1 if none; 5 states c_sei, c_neg, t_sei, alpha, c_e
  eRx: number; // -1 if none; 4 cumulative reaction heats [J]
  eBoundary: number;
  eExternal: number; // 3: short, ohmic, reversible [J]
  size: number;
}

export interface LumpedThermalModel {
  readonly options: LumpedThermalOptions;
  readonly layout: Layout;
  /** Full state: temperatures, reaction states, cumulative energies. */
  y: Float64Array;
  time: number;
  readonly heatCapacity: number;
  readonly ledger: HeatLedger;
  readonly diagnostics: {
    steps: number;
    rejectedSteps: number;
    /** Largest core dT/dt seen [K/s] and when (the runaway time of runaway-and-shorts.md §1.4). */
    peakTemperatureRate: number;
    timeOfPeakTemperatureRate: number;
    peakTemperature: number;
  };
}

export function createLumpedThermalModel(o: LumpedThermalOptions): LumpedThermalModel {
  let n = 0;
  const T = n++;
  const can = o.can ? n++ : -1;
  const kin = o.kinetics ? n : -1;
  if (o.kinetics) n += 5;
  const eRx = o.kinetics ? n : -1;
  if (o.kinetics) n += 4;
  const eBoundary = n++;
  const eExternal = n;
  n += 3;
  const layout: Layout = { T, can, kin, eRx, eBoundary, eExternal, size: n };
  const y = new Float64Array(n);
  y[T] = o.initialTemperature;
  if (can >= 0) y[can] = o.initialTemperature;
  if (o.kinetics) {
    const s = createRunawayState(o.kinetics, 1);
    y[kin] = s.cSei[0];
    y[kin + 1] = s.cNeg[0];
    y[kin + 2] = s.tSei[0];
    y[kin + 3] = s.alpha[0];
    y[kin + 4] = s.cE[0];
  }
  return {
    options: o,
    layout,
    y,
    time: 0,
    heatCapacity: o.volumetricHeatCapacity * o.volume,
    ledger: createHeatLedger(),
    diagnostics: {
      steps: 0,
      rejectedSteps: 0,
      peakTemperatureRate: 0,
      timeOfPeakTemperatureRate: 0,
      peakTemperature: o.initialTemperature,
    },
  };
}

export function lumpedTemperature(m: LumpedThermalModel): number {
  return m.y[m.layout.T];
}

export function lumpedCanTemperature(m: LumpedThermalModel): number | undefined {
  return m.layout.can >= 0 ? m.y[m.layout.can] : undefined;
}

/** Total thermal energy stored relative to 0 K [J] (core + can). */
export function lumpedStoredEnergy(m: LumpedThermalModel): number {
  let e = m.heatCapacity * m.y[m.layout.T];
  if (m.layout.can >= 0) e += m.options.can!.heatCapacity * m.y[m.layout.can];
  return e;
}

/** Builds the ODE right-hand side for the given constant external heat. */
function makeRhs(m: LumpedThermalModel, input: LumpedHeatInput) {
  const o = m.options;
  const L = m.layout;
  const state: RunawayState | null = o.kinetics ? createRunawayState(o.kinetics, 1) : null;
  const rates = new Float64Array(4);
  const perReaction = new Float64Array(4);
  const hA = o.convectionCoefficient * o.surfaceArea;
  const eA = o.emissivity * STEFAN_BOLTZMANN * o.surfaceArea;
  const Tr = o.radiationTemperature ?? o.ambientTemperature;
  const Tr4 = Tr * Tr * Tr * Tr;
  const Pshort = input.short ?? 0;
  const Pohm = input.ohmic ?? 0;
  const Prev = input.reversible ?? 0;
  const Pext = Pshort + Pohm + Prev;
  const C = m.heatCapacity;
  return (_t: number, y: Float64Array, out: Float64Array): void => {
    const T = y[L.T];
    let qRx = 0;
    if (state) {
      state.cSei[0] = y[L.kin];
      state.cNeg[0] = y[L.kin + 1];
      state.tSei[0] = y[L.kin + 2];
      state.alpha[0] = y[L.kin + 3];
      state.cE[0] = y[L.kin + 4];
      // Guard: Newton trial iterates may pass through non-physical temperatures.
      qRx = heatReleaseRate(o.kinetics!, state, 0, Math.max(T, 1), rates, perReaction) * o.volume;
      out[L.kin] = -rates[0];
      out[L.kin + 1] = -rates[1];
      out[L.kin + 2] = rates[1];
      out[L.kin + 3] = rates[2];
      out[L.kin + 4] = -rates[3];
      for (let r = 0; r < 4; r++) out[L.eRx + r] = perReaction[r] * o.volume;
    }
    const Ts = L.can >= 0 ? y[L.can] : T;
    const surf = hA * (Ts - o.ambientTemperature) + eA * (Ts * Ts * Ts * Ts - Tr4);
    if (L.can >= 0) {
      const G = o.can!.conductance;
      out[L.T] = (qRx + Pext - G * (T - Ts)) / C;
      out[L.can] = (G * (T - Ts) - surf) / o.can!.heatCapacity;
    } else {
      out[L.T] = (qRx + Pext - surf) / C;
    }
    out[L.eBoundary] = surf;
    out[L.eExternal] = Pshort;
    out[L.eExternal + 1] = Pohm;
    out[L.eExternal + 2] = Prev;
  };
}

export interface LumpedAdvanceResult {
  status: 'ok' | 'failed';
  reason?: string;
  time: number;
}

/**
 * Advances the model by `duration` [s] with constant external heat. `onStep(model)` is called after
 * every accepted integrator step (for histories). On integrator failure the state stays at the
 * last accepted step and the reason names the time.
 */
export function advanceLumped(
  m: LumpedThermalModel,
  duration: number,
  input: LumpedHeatInput = {},
  integrator: LumpedIntegratorOptions = {},
  onStep?: (m: LumpedThermalModel) => void,
): LumpedAdvanceResult {
  const L = m.layout;
  const rhs = makeRhs(m, input);
  const atol = new Float64Array(L.size).fill(1e3);
  atol[L.T] = 1e-6;
  if (L.can >= 0) atol[L.can] = 1e-6;
  if (L.kin >= 0) for (let i = 0; i < 5; i++) atol[L.kin + i] = 1e-10;
  const t0 = m.time;
  const energyBefore = m.y.slice();
  const dy = new Float64Array(L.size);
  const result = solveOde({ size: L.size, rhs }, [t0, t0 + duration], m.y, {
    rtol: integrator.rtol ?? 1e-7,
    atol,
    maxStep: integrator.maxStep ?? 10,
    maxSteps: integrator.maxSteps ?? 200000,
    recordSteps: false,
    onStep: (t, y) => {
      rhs(t, y, dy);
      const rate = dy[L.T];
      if (rate > m.diagnostics.peakTemperatureRate) {
        m.diagnostics.peakTemperatureRate = rate;
        m.diagnostics.timeOfPeakTemperatureRate = t;
      }
      if (y[L.T] > m.diagnostics.peakTemperature) m.diagnostics.peakTemperature = y[L.T];
      if (onStep) {
        m.y.set(y);
        m.time = t;
        onStep(m);
      }
    },
  });
  m.y.set(result.yFinal);
  m.time = result.tFinal;
  m.diagnostics.steps += result.stats.steps;
  m.diagnostics.rejectedSteps += result.stats.rejectedSteps;
  // ledger: energies from the integrated states; power = mean over the chunk
  const span = m.time - t0;
  const led = m.ledger;
  const ext = [0, 1, 2];
  for (const i of ext) {
    const e = m.y[L.eExternal + i] - energyBefore[L.eExternal + i];
    led.energy[i] = m.y[L.eExternal + i];
    led.power[i] = span > 0 ? e / span : 0;
  }
  if (L.eRx >= 0) {
    for (let r = 0; r < 4; r++) {
      const e = m.y[L.eRx + r] - energyBefore[L.eRx + r];
      led.energy[3 + r] = m.y[L.eRx + r];
      led.power[3 + r] = span > 0 ? e / span : 0;
    }
  }
  led.boundaryLoss = m.y[L.eBoundary];
  if (result.status === 'failed' || result.status === 'stopped') {
    return { status: 'failed', reason: `lumped thermal integrator: ${result.message}`, time: m.time };
  }
  return { status: 'ok', time: m.time };
}

export interface LumpedHistory {
  time: number[];
  temperature: number[];
  canTemperature: number[];
}

export interface LumpedRunResult {
  status: 'completed' | 'failed';
  reason?: string;
  history: LumpedHistory;
  /** Time of the largest dT/dt [s] (runaway-and-shorts.md §1.4 definition), if a runaway happened. */
  runawayTime: number | null;
  peakTemperature: number;
  /** Venting proxy state at the end (only when venting parameters were given; assumed model). */
  venting?: VentingState;
}

/**
 * Runs a lumped model from its current state to `endTime` with no external heat, recording every
 * step (oven / ARC-style exposure). `runawayRateThreshold` [K/s] (default 1, the Feng T2 criterion)
 * decides whether a runaway is reported. With `venting` parameters (runaway card; ASSUMED model)
 * the can pressure and vent are tracked from the cumulative reaction heats.
 */
export function runLumped(
  m: LumpedThermalModel,
  endTime: number,
  integrator: LumpedIntegratorOptions = {},
  runawayRateThreshold = 1,
  venting?: VentingParameters,
): LumpedRunResult {
  const history: LumpedHistory = { time: [m.time], temperature: [lumpedTemperature(m)], canTemperature: [] };
  if (m.layout.can >= 0) history.canTemperature.push(m.y[m.layout.can]);
  const vent = venting && m.options.kinetics ? createVentingState(venting) : undefined;
  const T0 = lumpedTemperature(m);
  const heat = new Float64Array(4);
  const r = advanceLumped(m, endTime - m.time, {}, integrator, (mm) => {
    history.time.push(mm.time);
    history.temperature.push(lumpedTemperature(mm));
    if (mm.layout.can >= 0) history.canTemperature.push(mm.y[mm.layout.can]);
    if (vent) {
      for (let k = 0; k < 4; k++) heat[k] = mm.y[mm.layout.eRx + k];
      // gas temperature = can temperature when there is a can node, else the cell temperature
      updateVenting(venting!, mm.options.kinetics!, vent, heat, lumpedCanTemperature(mm) ?? lumpedTemperature(mm), T0, mm.time);
    }
  });
  return {
    status: r.status === 'ok' ? 'completed' : 'failed',
    reason: r.reason,
    history,
    runawayTime: m.diagnostics.peakTemperatureRate >= runawayRateThreshold ? m.diagnostics.timeOfPeakTemperatureRate : null,
    peakTemperature: m.diagnostics.peakTemperature,
    ...(vent ? { venting: vent } : {}),
  };
}
