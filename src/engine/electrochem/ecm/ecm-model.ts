/**
 * Equivalent-circuit cell models behind the CellModel interface (issue 5): Rint, Thevenin with
 * n RC pairs, PNGV and first-order Randles, all as one series network
 *
 *     V = OCV(SOC, T) − I·R0 − Σ u_k,
 *
 * where each element k is an RC pair (du/dt = I/C − u/(R C)) or a pure capacitor (PNGV bulk
 * capacitance, du/dt = I/C). u_k is the voltage drop across the element, positive on discharge
 * (PyBaMM's v_i = −u_i, see reference §1.5 and §3). SOC: dSOC/dt = −I/(3600 Q).
 *
 * Time stepping is the exact zero-order-hold solution for a current held constant over the step,
 * with parameters frozen at the start of the step:
 *     u ← u e^(−dt/τ) + I R (1 − e^(−dt/τ)),  τ = R C;   capacitor: u ← u + I dt / C.
 * The terminal relation over a step is therefore affine, V_end = E − R_eq I, which `theveninEquivalent`
 * returns for pack network (MNA) solves; OCV is linearised in SOC over the step for this purpose.
 *
 * Heat (averaged over the step, exact for the ZOH solution): irreversible = Joule heat in R0 and in
 * every RC resistor (I² R0 + Σ u²/R); reversible = −I T dU/dT (Bernardi). Electrical loss
 * ∫(OCV − V) I dt equals the irreversible heat plus the change of energy stored in the capacitors.
 */
import type { CellLoad, CellModel, CellStepResult } from '../cell-model';
import { EcmParameter, EcmParameterSpec, EcmQuery, makeEcmParameter } from './parameter';

export type EcmKind = 'rint' | 'thevenin' | 'pngv' | 'randles';

export type EcmElementSpec =
  | { kind: 'rc'; name?: string; resistance: EcmParameterSpec; capacitance: EcmParameterSpec }
  | { kind: 'capacitor'; name?: string; capacitance: EcmParameterSpec };

export interface EcmSpec {
  kind: EcmKind;
  /** Nominal capacity [A.h]. */
  capacityAh: number;
  /** OCV [V] as a table over 'soc' (optionally 'temperature'). */
  ocv: EcmParameterSpec;
  /** Entropic coefficient dU/dT [V/K] (over 'ocv'/'soc' and 'temperature'), default 0. */
  entropicCoefficient?: EcmParameterSpec;
  /** Series resistance R0 [Ohm]. */
  seriesResistance: EcmParameterSpec;
  elements: EcmElementSpec[];
  /** SOC bounds outside which a step reports a limit (default 0 and 1). */
  socLimits?: [number, number];
}

export interface EcmState {
  soc: number;
  /** Voltage drop across each element [V], positive on discharge. */
  u: Float64Array;
}

interface Element {
  name: string;
  rc: boolean;
  r: EcmParameter;
  c: EcmParameter;
}

export class EquivalentCircuitModel implements CellModel<EcmState> {
  readonly kind: EcmKind;
  readonly nominalCapacityAh: number;
  private readonly ocv: EcmParameter;
  private readonly dUdT: EcmParameter;
  private readonly r0: EcmParameter;
  private readonly elements: Element[];
  private readonly socMin: number;
  private readonly socMax: number;
  private readonly q: EcmQuery = { soc: 0, temperature: 0, current: 0, ocv: 0 };
  /** Per-step scratch: decay factors, element resistances and capacitances. */
  private readonly decay: Float64Array;
  private readonly rk: Float64Array;
  private readonly ck: Float64Array;

  constructor(spec: EcmSpec) {
    if (!(spec.capacityAh > 0)) throw new Error(`ECM ${spec.kind}: capacityAh must be positive (got ${spec.capacityAh})`);
    this.kind = spec.kind;
    this.nominalCapacityAh = spec.capacityAh;
    this.ocv = makeEcmParameter(spec.ocv, `ECM ${spec.kind}: ocv`);
    this.dUdT = makeEcmParameter(spec.entropicCoefficient ?? 0, `ECM ${spec.kind}: entropicCoefficient`, false);
    this.r0 = makeEcmParameter(spec.seriesResistance, `ECM ${spec.kind}: seriesResistance`);
    this.elements = spec.elements.map((e, k) => {
      const name = e.name ?? `element ${k + 1}`;
      return e.kind === 'rc'
        ? { name, rc: true, r: makeEcmParameter(e.resistance, `ECM ${spec.kind}: ${name} resistance`), c: makeEcmParameter(e.capacitance, `ECM ${spec.kind}: ${name} capacitance`) }
        : { name, rc: false, r: () => Infinity, c: makeEcmParameter(e.capacitance, `ECM ${spec.kind}: ${name} capacitance`) };
    });
    [this.socMin, this.socMax] = spec.socLimits ?? [0, 1];
    const n = this.elements.length;
    this.decay = new Float64Array(n);
    this.rk = new Float64Array(n);
    this.ck = new Float64Array(n);
  }

  get elementCount(): number {
    return this.elements.length;
  }

  initialState(stateOfCharge: number, _temperatureK: number): EcmState {
    if (!(stateOfCharge >= 0 && stateOfCharge <= 1)) throw new Error(`ECM ${this.kind}: initial state of charge must be in [0, 1] (got ${stateOfCharge})`);
    return { soc: stateOfCharge, u: new Float64Array(this.elements.length) };
  }

  cloneState(state: EcmState): EcmState {
    return { soc: state.soc, u: Float64Array.from(state.u) };
  }

  openCircuitVoltage(soc: number, temperatureK: number): number {
    const q = this.q;
    q.soc = soc;
    q.temperature = temperatureK;
    q.current = 0;
    return this.ocv(q);
  }

  /** Evaluates the frozen parameters for a step; returns R0 and fills decay/rk/ck. */
  private prepare(state: EcmState, dt: number, temperatureK: number, current: number): number {
    const q = this.q;
    q.soc = state.soc;
    q.temperature = temperatureK;
    q.current = current;
    q.ocv = this.ocv(q);
    for (let k = 0; k < this.elements.length; k++) {
      const e = this.elements[k];
      const c = e.c(q);
      this.ck[k] = c;
      if (e.rc) {
        const r = e.r(q);
        this.rk[k] = r;
        this.decay[k] = Math.exp(-dt / (r * c));
      } else {
        this.rk[k] = Infinity;
        this.decay[k] = 1;
      }
    }
    return this.r0(q);
  }

  /** Affine terminal relation over the next step, V_end = voltage − resistance · I (I held constant). */
  theveninEquivalent(state: EcmState, dt: number, temperatureK: number, current = 0): { voltage: number; resistance: number } {
    const r0 = this.prepare(state, dt, temperatureK, current);
    const q = this.q;
    const ocv0 = q.ocv;
    // dOCV/dSOC by a central difference of the table/function (linearisation of OCV over the step)
    const h = 1e-4;
    q.soc = state.soc + h;
    const up = this.ocv(q);
    q.soc = state.soc - h;
    const dn = this.ocv(q);
    q.soc = state.soc;
    const dOcvDSoc = (up - dn) / (2 * h);
    let voltage = ocv0;
    let resistance = r0 + (dOcvDSoc * dt) / (3600 * this.nominalCapacityAh);
    for (let k = 0; k < this.elements.length; k++) {
      const a = this.decay[k];
      voltage -= state.u[k] * a;
      resistance += this.elements[k].rc ? this.rk[k] * (1 - a) : dt / this.ck[k];
    }
    return { voltage, resistance };
  }

  step(state: EcmState, dt: number, load: CellLoad, temperatureK: number): CellStepResult {
    if (!(dt > 0)) throw new Error(`ECM ${this.kind}: time step must be positive (got ${dt})`);
    // a plain current load needs no circuit solve: advance directly (the common pack/coupling case)
    if (load.kind === 'current' && !(load.parallelResistance !== undefined && load.parallelResistance > 0 && Number.isFinite(load.parallelResistance))) {
      return this.advance(state, dt, load.current, 0, temperatureK);
    }
    // current-dependent tables: evaluate at the previous guess, refine once with the solved current
    let guess = load.kind === 'current' ? load.current : 0;
    let current = 0;
    let shortCurrent = 0;
    let limit: string | undefined;
    for (let pass = 0; pass < 2; pass++) {
      const { voltage: E, resistance: R } = this.theveninEquivalent(state, dt, temperatureK, guess);
      switch (load.kind) {
        case 'current': {
          const rp = load.parallelResistance;
          if (rp !== undefined && rp > 0 && Number.isFinite(rp)) {
            const v = (E - R * load.current) / (1 + R / rp);
            shortCurrent = v / rp;
            current = load.current + shortCurrent;
          } else current = load.current;
          break;
        }
        case 'resistance':
          current = E / (R + load.resistance);
          shortCurrent = 0;
          break;
        case 'voltage':
          current = (E - load.voltage) / R;
          break;
        case 'power': {
          const disc = E * E - 4 * R * load.power;
          if (disc < 0) {
            limit = `power ${load.power} W exceeds the maximum deliverable ${(E * E) / (4 * R)} W`;
            current = E / (2 * R);
          } else current = (E - Math.sqrt(disc)) / (2 * R);
          break;
        }
      }
      if (current === guess) break;
      guess = current;
    }
    return this.advance(state, dt, current, shortCurrent, temperatureK, limit);
  }

  /** Exact ZOH update at constant cell current I over dt. */
  private advance(state: EcmState, dt: number, I: number, shortCurrent: number, T: number, limit?: string): CellStepResult {
    const r0 = this.prepare(state, dt, T, I);
    const q = this.q;
    const Q = this.nominalCapacityAh * 3600;
    // Joule heat in RC resistors, averaged exactly: u(t) = a + b e^(−t/τ), a = I R, b = u0 − I R
    let jouleRc = 0;
    for (let k = 0; k < this.elements.length; k++) {
      const u0 = state.u[k];
      if (this.elements[k].rc) {
        const r = this.rk[k];
        const tau = r * this.ck[k];
        const e1 = this.decay[k];
        const a = I * r;
        const b = u0 - a;
        const intU2 = a * a * dt + 2 * a * b * tau * (1 - e1) + ((b * b * tau) / 2) * (1 - e1 * e1);
        jouleRc += intU2 / r / dt;
        state.u[k] = a + b * e1;
      } else state.u[k] = u0 + (I * dt) / this.ck[k];
    }
    const soc0 = state.soc;
    state.soc = soc0 - (I * dt) / Q;
    // reversible heat −I T dU/dT averaged with the trapezoid rule in SOC (dU/dT is a slow function)
    q.current = I;
    q.temperature = T;
    q.soc = soc0;
    q.ocv = this.ocv(q);
    const dudt0 = this.dUdT(q);
    q.soc = state.soc;
    const ocv = this.ocv(q);
    q.ocv = ocv;
    const dudt1 = this.dUdT(q);
    let v = ocv - I * r0;
    for (let k = 0; k < this.elements.length; k++) v -= state.u[k];
    if (state.soc < this.socMin) limit = limit ?? `state of charge ${state.soc.toFixed(4)} below ${this.socMin}: cell depleted`;
    else if (state.soc > this.socMax) limit = limit ?? `state of charge ${state.soc.toFixed(4)} above ${this.socMax}: cell overcharged`;
    return {
      voltage: v,
      current: I,
      shortCurrent,
      openCircuitVoltage: ocv,
      stateOfCharge: state.soc,
      heat: { irreversible: I * I * r0 + jouleRc, reversible: -I * T * 0.5 * (dudt0 + dudt1) },
      ...(limit ? { limit } : {}),
    };
  }
}

/** Rint: V = OCV − I R0. */
export function rintModel(p: { capacityAh: number; ocv: EcmParameterSpec; r0: EcmParameterSpec; entropicCoefficient?: EcmParameterSpec }): EquivalentCircuitModel {
  return new EquivalentCircuitModel({ kind: 'rint', capacityAh: p.capacityAh, ocv: p.ocv, seriesResistance: p.r0, entropicCoefficient: p.entropicCoefficient, elements: [] });
}

/** Thevenin with n RC pairs (PyBaMM `Thevenin` with "number of rc elements" = n). */
export function theveninModel(p: {
  capacityAh: number;
  ocv: EcmParameterSpec;
  r0: EcmParameterSpec;
  rc: { r: EcmParameterSpec; c: EcmParameterSpec }[];
  entropicCoefficient?: EcmParameterSpec;
}): EquivalentCircuitModel {
  return new EquivalentCircuitModel({
    kind: 'thevenin',
    capacityAh: p.capacityAh,
    ocv: p.ocv,
    seriesResistance: p.r0,
    entropicCoefficient: p.entropicCoefficient,
    elements: p.rc.map((e, k) => ({ kind: 'rc', name: `RC${k + 1}`, resistance: e.r, capacitance: e.c })),
  });
}

/**
 * PNGV (PNGV Battery Test Manual rev. 3, 2001 [citation detail unverified]): V = OCV − u_b − I R0 − u_p with
 * the bulk capacitor du_b/dt = I/C_b and one polarisation RC pair.
 */
export function pngvModel(p: {
  capacityAh: number;
  ocv: EcmParameterSpec;
  r0: EcmParameterSpec;
  bulkCapacitance: EcmParameterSpec;
  rp: EcmParameterSpec;
  cp: EcmParameterSpec;
  entropicCoefficient?: EcmParameterSpec;
}): EquivalentCircuitModel {
  return new EquivalentCircuitModel({
    kind: 'pngv',
    capacityAh: p.capacityAh,
    ocv: p.ocv,
    seriesResistance: p.r0,
    entropicCoefficient: p.entropicCoefficient,
    elements: [
      { kind: 'capacitor', name: 'bulk capacitor', capacitance: p.bulkCapacitance },
      { kind: 'rc', name: 'polarisation', resistance: p.rp, capacitance: p.cp },
    ],
  });
}

/**
 * First-order Randles: R0 in series with (C_dl ∥ R_ct); the Warburg impedance, when given, is
 * approximated by a chain of RC pairs (reference §3). A short across the terminals is the
 * `parallelResistance` of a current load, or a 'resistance' load.
 */
export function randlesModel(p: {
  capacityAh: number;
  ocv: EcmParameterSpec;
  r0: EcmParameterSpec;
  chargeTransferResistance: EcmParameterSpec;
  doubleLayerCapacitance: EcmParameterSpec;
  warburgChain?: { r: EcmParameterSpec; c: EcmParameterSpec }[];
  entropicCoefficient?: EcmParameterSpec;
}): EquivalentCircuitModel {
  return new EquivalentCircuitModel({
    kind: 'randles',
    capacityAh: p.capacityAh,
    ocv: p.ocv,
    seriesResistance: p.r0,
    entropicCoefficient: p.entropicCoefficient,
    elements: [
      { kind: 'rc', name: 'charge transfer', resistance: p.chargeTransferResistance, capacitance: p.doubleLayerCapacitance },
      ...(p.warburgChain ?? []).map((e, k) => ({ kind: 'rc' as const, name: `Warburg ${k + 1}`, resistance: e.r, capacitance: e.c })),
    ],
  });
}
