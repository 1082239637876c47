/**
 * Drives a card-based cell model (ECM, SPM, SPMe, DFN: anything implementing CellModel of
 * src/engine/electrochem/cell-model.ts) inside the coupled run (issue 7, "the short current comes
 * from the cell model").
 *
 * Operator split (Lie): over each split interval h the cell is stepped first, at the cell's current
 * temperature and with the short resistance in force at the start of the interval; its heat and the
 * short's Joule heat, averaged over h, are then held constant as sources while the thermal nodes and
 * the runaway kinetics are integrated over the same interval (coupled-run.ts). The interval is
 * chosen by `nextInterval` so that the split error stays small: the SOC moves by at most
 * MAX_SOC_PER_INTERVAL and the temperature by at most MAX_KELVIN_PER_INTERVAL per interval, and h
 * never exceeds MAX_INTERVAL_S.
 *
 * Load: an internal short is `{kind: 'current', current: 0, parallelResistance: R_s}` (no external
 * load, the short across the terminals); an external short is `{kind: 'resistance', resistance: R_s}`;
 * no short = open circuit (zero current; a model at rest stays at rest, so the step is skipped).
 *
 * Energy bookkeeping: electrical energy drawn = ∫ U·I dt with U the open-circuit voltage the model
 * exposes for its irreversible heat (ECM: OCV(SOC); SPM/SPMe: OCV at the particle surfaces, as its
 * irreversible heat is I (U_surf − V)). ECMs hold the current constant over a step (zero-order hold),
 * so I·dt is exact and U is averaged over the step (trapezoid); physics models use the trapezoid on
 * the step ends for I·U and V²/R_s. Closure: drawn = short heat + irreversible heat (+ energy stored
 * in RC capacitors, which the ECM does not expose; bounded, see the coupling verification test).
 * Model limits (electrode depleted, solver failure) end the electrical part as an event (`limit`);
 * the cell is then open-circuit for the rest of the run, stepped at zero current until its internal
 * relaxation (RC capacitors, concentration gradients) has released its heat.
 */
import type { CellLoad, CellModel, CellStepResult } from '../electrochem/cell-model';

/** Largest SOC change per split interval [-] (keeps the ZOH/trapezoid energy error below ~1e-5 relative). */
export const MAX_SOC_PER_INTERVAL = 1e-4;
/** Largest temperature change per split interval [K] (the cell sees the temperature of the interval start). */
export const MAX_KELVIN_PER_INTERVAL = 0.5;
/** Largest split interval [s]. */
export const MAX_INTERVAL_S = 1;
/** First split interval after a load change [s] (the current jumps; the interval then doubles at most per step). */
export const FIRST_INTERVAL_S = 1e-3;
/** Cell heat [W] below which an open-circuit cell counts as relaxed (stepping pauses until a short returns). */
export const RELAXED_HEAT_W = 1e-6;

export type CardModelKind = 'ecm' | 'spm' | 'spme' | 'dfn';

export interface CellDriverSetup {
  kind: CardModelKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: CellModel<any>;
  /** OCV the model's irreversible heat refers to, at the given state [V] (see the header). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  referenceOcv?: (state: any, temperatureK: number) => number;
  /** Citation id of the card (reports). */
  cardId: string;
}

export interface CellInterval {
  voltage: number;
  current: number;
  shortCurrent: number;
  openCircuitVoltage: number;
  stateOfCharge: number;
  /** Averages over the interval [W]. */
  shortHeat: number;
  irreversibleHeat: number;
  reversibleHeat: number;
}

export class CardCellDriver {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly state: any;
  readonly kind: CardModelKind;
  /** Last interval's values (the sources the thermal integration sees). */
  readonly last: CellInterval;
  drawnJ = 0;
  shortHeatJ = 0;
  irreversibleHeatJ = 0;
  reversibleHeatJ = 0;
  /** Set once a model limit was hit; the cell is open-circuit from then on. */
  limit: string | null = null;
  readonly initialOcv: number;
  private everLoaded = false;
  private referenceU: number;
  private lastIU = 0;
  private lastV2 = 0;
  private lastResistance = Infinity;

  constructor(private readonly setup: CellDriverSetup, stateOfCharge: number, temperatureK: number) {
    this.kind = setup.kind;
    this.state = setup.model.initialState(stateOfCharge, temperatureK);
    // Open-circuit voltage at the start: a zero-current step on a copy (models at rest do not move).
    const probe = setup.model.step(setup.model.cloneState(this.state), 1e-6, { kind: 'current', current: 0 }, temperatureK);
    this.initialOcv = probe.openCircuitVoltage;
    this.referenceU = setup.referenceOcv ? setup.referenceOcv(this.state, temperatureK) : probe.openCircuitVoltage;
    this.last = { voltage: probe.openCircuitVoltage, current: 0, shortCurrent: 0, openCircuitVoltage: probe.openCircuitVoltage, stateOfCharge, shortHeat: 0, irreversibleHeat: 0, reversibleHeat: 0 };
  }

  get nominalCapacityAh(): number {
    return this.setup.model.nominalCapacityAh;
  }

  /** True when stepping would change nothing: never loaded and no short, or stopped at a model limit. */
  idle(shortResistance: number): boolean {
    const shorted = this.limit === null && Number.isFinite(shortResistance) && shortResistance > 0;
    return !shorted && (this.relaxed || !this.everLoaded);
  }
  /** Open circuit (no short, or after a model limit) and relaxed: the cell's heat fell below RELAXED_HEAT_W. */
  private relaxed = false;
  private lastH = 0;
  private lastLoadResistance = NaN;

  /** Split interval to use from `t` with at most `remaining` left [s], from the last current and heating rate. */
  nextInterval(remaining: number, heatingRateKps: number): number {
    // Start small after a load change (the current jumps), then grow by at most 2x per interval.
    let h = Math.min(remaining, MAX_INTERVAL_S, this.lastH > 0 ? 2 * this.lastH : FIRST_INTERVAL_S);
    const q = this.nominalCapacityAh * 3600;
    const i = Math.abs(this.last.current);
    if (i > 0) h = Math.min(h, (MAX_SOC_PER_INTERVAL * q) / i);
    if (Math.abs(heatingRateKps) > 0) h = Math.min(h, MAX_KELVIN_PER_INTERVAL / Math.abs(heatingRateKps));
    // Never below a microsecond (the model solves restart per interval), never beyond what is left.
    return Math.min(remaining, Math.max(h, 1e-6));
  }

  /**
   * Steps the cell over h [s] at temperature T [K] with the short resistance R_s [Ohm] (Infinity: none);
   * `external`: the short is an external resistor (resistance load) rather than across the cell inside.
   */
  step(h: number, shortResistance: number, external: boolean, temperatureK: number): CellInterval {
    const out = this.last;
    // After a model limit the cell is open-circuit: it keeps being stepped at zero current until its
    // internal relaxation (RC capacitors, concentration gradients) has released its heat.
    const shorted = this.limit === null && Number.isFinite(shortResistance) && shortResistance > 0;
    if (!shorted && (this.relaxed || !this.everLoaded)) {
      out.current = 0; out.shortCurrent = 0; out.shortHeat = 0; out.irreversibleHeat = 0; out.reversibleHeat = 0;
      return out;
    }
    this.everLoaded = true;
    this.relaxed = false;
    const loadKey = shorted ? shortResistance : Infinity;
    if (loadKey !== this.lastLoadResistance) this.lastH = 0;
    this.lastLoadResistance = loadKey;
    const load: CellLoad = !shorted ? { kind: 'current', current: 0 } : external ? { kind: 'resistance', resistance: shortResistance } : { kind: 'current', current: 0, parallelResistance: shortResistance };
    const m = this.setup.model;
    let r: CellStepResult;
    try {
      r = m.step(this.state, h, load, temperatureK);
    } catch (e) {
      if (this.limit === null) {
        this.limit = `cell model ${m.kind} refused the step: ${(e as Error).message}`;
        return this.step(h, shortResistance, external, temperatureK);
      }
      this.relaxed = true;
      return this.step(h, shortResistance, external, temperatureK);
    }
    this.lastH = h;
    // Short current: through the parallel resistance (internal) or the whole terminal current (external).
    const iShort = !shorted ? 0 : external ? r.current : r.shortCurrent;
    const u1 = this.setup.referenceOcv ? this.setup.referenceOcv(this.state, temperatureK) : r.openCircuitVoltage;
    let drawn: number;
    let shortJ: number;
    if (this.kind === 'ecm') {
      // Zero-order hold: the current is constant over the step.
      drawn = r.current * h * 0.5 * (this.referenceU + u1);
      shortJ = shorted ? iShort * iShort * shortResistance * h : 0;
    } else {
      const iu1 = r.current * u1;
      const v21 = shorted ? r.voltage * r.voltage : 0;
      // Trapezoid on the step ends; the start values change with the load when R_s just changed.
      const iu0 = this.lastResistance === loadKey ? this.lastIU : iu1;
      const v20 = this.lastResistance === loadKey ? this.lastV2 : v21;
      drawn = 0.5 * h * (iu0 + iu1);
      shortJ = shorted ? (0.5 * h * (v20 + v21)) / shortResistance : 0;
      this.lastIU = iu1;
      this.lastV2 = v21;
    }
    this.lastResistance = loadKey;
    this.referenceU = u1;
    this.drawnJ += drawn;
    this.shortHeatJ += shortJ;
    this.irreversibleHeatJ += r.heat.irreversible * h;
    this.reversibleHeatJ += r.heat.reversible * h;
    out.voltage = r.voltage;
    out.current = r.current;
    out.shortCurrent = iShort;
    out.openCircuitVoltage = r.openCircuitVoltage;
    out.stateOfCharge = r.stateOfCharge;
    out.shortHeat = shortJ / h;
    out.irreversibleHeat = r.heat.irreversible;
    out.reversibleHeat = r.heat.reversible;
    if (r.limit && this.limit === null) this.limit = r.limit;
    else if (!shorted && Math.abs(r.heat.irreversible) + Math.abs(r.heat.reversible) < RELAXED_HEAT_W) this.relaxed = true;
    return out;
  }
}
