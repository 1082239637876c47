/**
 * Driving a cell model through a short (issue 6), and placing the heat.
 *
 * The short current comes from the cell model (ECM or P2D, electrochem/cell-model.ts):
 *  - short alone (external short, or an internal short with no external load): load
 *    { kind: 'resistance', resistance: R_s }, short current = terminal current;
 *  - short in parallel with an external current load: { kind: 'current', current, parallelResistance: R_s },
 *    short current = result.shortCurrent.
 * The short's Joule heat I_s² R_s goes to the elements at the short location (internal short) or
 * leaves the cell (external short through an outside resistor, `shortHeatInCell: false`); the
 * cell's own irreversible and reversible heat are spread over the jellyroll by volume.
 */
import type { CellLoad, CellModel } from '../electrochem/cell-model';
import type { ConductionModel } from '../thermal/conduction';
import { type LumpedThermalModel, advanceLumped, lumpedTemperature } from '../thermal/lumped';

export interface ShortStepResult {
  voltage: number;
  /** Current through the short [A]. */
  shortCurrent: number;
  /** Total current out of the positive terminal [A]. */
  current: number;
  shortResistance: number;
  /** I_s² R_s [W] (step average under the cell model's hold). */
  shortPower: number;
  /** Cell irreversible / reversible heat [W]. */
  ohmicPower: number;
  reversiblePower: number;
  stateOfCharge: number;
  /** Open-circuit voltage at the end of the step [V]. */
  openCircuitVoltage: number;
  limit?: string;
}

/** Advances `state` by dt through a short R_s [Ω] (optionally with an external load current [A]). */
export function stepShortedCell<S>(
  cell: CellModel<S>,
  state: S,
  dt: number,
  shortResistance: number,
  temperatureK: number,
  externalLoadCurrent?: number,
): ShortStepResult {
  const load: CellLoad =
    externalLoadCurrent === undefined
      ? { kind: 'resistance', resistance: shortResistance }
      : { kind: 'current', current: externalLoadCurrent, parallelResistance: shortResistance };
  const r = cell.step(state, dt, load, temperatureK);
  const Is = externalLoadCurrent === undefined ? r.current : r.shortCurrent;
  return {
    voltage: r.voltage,
    shortCurrent: Is,
    current: r.current,
    shortResistance,
    shortPower: Is * Is * shortResistance,
    ohmicPower: r.heat.irreversible,
    reversiblePower: r.heat.reversible,
    stateOfCharge: r.stateOfCharge,
    openCircuitVoltage: r.openCircuitVoltage,
    limit: r.limit,
  };
}

/** Spreads `power` [W] over the given elements in proportion to their volume, adding into `out` (W per element). */
export function distributeByVolume(model: ConductionModel, elements: ArrayLike<number>, power: number, out: Float64Array): void {
  let V = 0;
  for (let i = 0; i < elements.length; i++) V += model.elementVolume[elements[i]];
  if (!(V > 0)) throw new Error('distributeByVolume: the element list has no volume');
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    out[e] += (power * model.elementVolume[e]) / V;
  }
}

/**
 * Elements whose centroid lies within `radius` [m] of `point` (the short spot from the mechanics:
 * nail tip, indenter contact, failed-separator region); the nearest element if none does.
 */
export function elementsNear(model: ConductionModel, point: [number, number, number], radius: number): Int32Array {
  const X = model.mesh.coordinates;
  const conn = model.mesh.connectivity;
  const list: number[] = [];
  let nearest = -1;
  let best = Infinity;
  for (let e = 0; e < model.elementCount; e++) {
    let cx = 0;
    let cy = 0;
    let cz = 0;
    for (let a = 0; a < 8; a++) {
      const n = conn[8 * e + a];
      cx += X[3 * n];
      cy += X[3 * n + 1];
      cz += X[3 * n + 2];
    }
    const d = Math.hypot(cx / 8 - point[0], cy / 8 - point[1], cz / 8 - point[2]);
    if (d <= radius) list.push(e);
    if (d < best) {
      best = d;
      nearest = e;
    }
  }
  if (list.length === 0 && nearest >= 0) list.push(nearest);
  return Int32Array.from(list);
}

/** Elements of the given parts (e.g. the jellyroll) — where the cell's own heat goes. */
export function elementsOfParts(model: ConductionModel, partIds: number[]): Int32Array {
  const set = new Set(partIds);
  const list: number[] = [];
  for (let e = 0; e < model.elementCount; e++) if (set.has(model.mesh.elementPart[e])) list.push(e);
  return Int32Array.from(list);
}

export interface LumpedShortOptions<S> {
  cell: CellModel<S>;
  state: S;
  thermal: LumpedThermalModel;
  /** R_s [Ω] as a function of the cell temperature (constant for an external short). */
  shortResistance: (temperatureK: number, time: number) => number;
  /** Electrical step [s]; the thermal model is advanced over the same interval. */
  step: number;
  duration: number;
  /** Whether the short's Joule heat is released inside the cell (internal short: true; external resistor: false). */
  shortHeatInCell: boolean;
  /** Stop when the short current falls below this [A] (default 0: run the full duration). */
  stopBelowCurrent?: number;
}

export interface LumpedShortHistory {
  time: number[];
  voltage: number[];
  shortCurrent: number[];
  shortResistance: number[];
  temperature: number[];
  stateOfCharge: number[];
  openCircuitVoltage: number[];
}

export interface LumpedShortResult {
  status: 'completed' | 'failed';
  reason?: string;
  /** Why the electrical run ended early (cell limit), if it did. */
  limit?: string;
  history: LumpedShortHistory;
  /** Energies [J]: in the short resistor, irreversible and reversible cell heat. */
  shortEnergy: number;
  ohmicEnergy: number;
  reversibleEnergy: number;
}

/**
 * Short circuit on a lumped cell: the cell model and the lumped thermal model (with or without
 * kinetics) advance together, the short heat held constant over each electrical step.
 */
export function simulateShortLumped<S>(o: LumpedShortOptions<S>): LumpedShortResult {
  const h: LumpedShortHistory = { time: [], voltage: [], shortCurrent: [], shortResistance: [], temperature: [], stateOfCharge: [], openCircuitVoltage: [] };
  let shortEnergy = 0;
  let ohmicEnergy = 0;
  let reversibleEnergy = 0;
  const t0 = o.thermal.time;
  const tEnd = t0 + o.duration;
  let limit: string | undefined;
  while (o.thermal.time < tEnd - 1e-9 * o.duration) {
    const dt = Math.min(o.step, tEnd - o.thermal.time);
    const T = lumpedTemperature(o.thermal);
    const R = o.shortResistance(T, o.thermal.time);
    // A step that hits a model limit (depletion, solver failure) is undone, so that the recorded
    // energies and the cell state stay consistent; the run ends there and reports the limit.
    const before = o.cell.cloneState(o.state);
    const s = stepShortedCell(o.cell, o.state, dt, R, T);
    if (s.limit) {
      copyStateInto(o.cell, before, o.state);
      limit = s.limit;
      break;
    }
    shortEnergy += s.shortPower * dt;
    ohmicEnergy += s.ohmicPower * dt;
    reversibleEnergy += s.reversiblePower * dt;
    const adv = advanceLumped(o.thermal, dt, {
      short: o.shortHeatInCell ? s.shortPower : 0,
      ohmic: s.ohmicPower,
      reversible: s.reversiblePower,
    });
    h.time.push(o.thermal.time);
    h.voltage.push(s.voltage);
    h.shortCurrent.push(s.shortCurrent);
    h.shortResistance.push(R);
    h.temperature.push(lumpedTemperature(o.thermal));
    h.stateOfCharge.push(s.stateOfCharge);
    h.openCircuitVoltage.push(s.openCircuitVoltage);
    if (adv.status === 'failed') {
      return { status: 'failed', reason: adv.reason, history: h, shortEnergy, ohmicEnergy, reversibleEnergy };
    }
    if (o.stopBelowCurrent !== undefined && Math.abs(s.shortCurrent) < o.stopBelowCurrent) break;
  }
  return { status: 'completed', limit, history: h, shortEnergy, ohmicEnergy, reversibleEnergy };
}

/** Restores `target` to `source` in place (CellModel states are objects owned by the caller). */
function copyStateInto<S>(cell: CellModel<S>, source: S, target: S): void {
  const src = cell.cloneState(source) as unknown as Record<string, unknown>;
  const dst = target as unknown as Record<string, unknown>;
  for (const key of Object.keys(src)) {
    const v = dst[key];
    if (ArrayBuffer.isView(v) && ArrayBuffer.isView(src[key])) (v as Float64Array).set(src[key] as Float64Array);
    else dst[key] = src[key];
  }
}
