/**
 * Test-only cell models for the pack network tests: minimal, exactly solvable sources that
 * implement the CellModel contract (src/engine/electrochem/cell-model.ts), so the network can be
 * checked against hand calculations independently of the ECM engine.
 */
import type { CellLoad, CellModel, CellStepResult } from '../../../../src/engine/electrochem/cell-model';

export interface LinearCellState {
  soc: number;
  /** RC polarisation voltage [V] (<= 0 on discharge). */
  v1: number;
}

/**
 * OCV = ocv0 + slope * SOC; V = OCV - R0 I + v1; dv1/dt = -v1/(R1 C1) - I/C1 (PyBaMM sign,
 * electrochemistry.md §3). Exact zero-order-hold update; with r1 = 0 it is an Rint cell.
 */
export function linearCell(p: { ocv0: number; slope: number; r0: number; r1?: number; c1?: number; capacityAh: number }): CellModel<LinearCellState> {
  const r1 = p.r1 ?? 0;
  const tau = r1 > 0 ? r1 * (p.c1 ?? 1) : 0;
  const q = p.capacityAh * 3600;
  function internalCurrent(s: LinearCellState, dt: number, load: CellLoad): number {
    // V = a - b I with a, b for the step (ZOH exact): solve the load equation for the internal current.
    const decay = tau > 0 ? Math.exp(-dt / tau) : 0;
    const a = p.ocv0 + p.slope * s.soc + s.v1 * decay;
    const b = p.r0 + (p.slope * dt) / q + r1 * (1 - decay);
    switch (load.kind) {
      case 'current': {
        if (load.parallelResistance === undefined) return load.current;
        // I = I_load + V/Rs, V = a - b I
        const rs = load.parallelResistance;
        return (load.current + a / rs) / (1 + b / rs);
      }
      case 'resistance':
        return a / (b + load.resistance);
      case 'voltage':
        return (a - load.voltage) / b;
      case 'power': {
        const disc = a * a - 4 * b * load.power;
        return (2 * load.power) / (a + Math.sqrt(Math.max(disc, 0)));
      }
    }
  }
  return {
    kind: 'test-linear',
    nominalCapacityAh: p.capacityAh,
    initialState: (soc) => ({ soc, v1: 0 }),
    cloneState: (s) => ({ ...s }),
    step(s, dt, load): CellStepResult {
      const i = internalCurrent(s, dt, load);
      const decay = tau > 0 ? Math.exp(-dt / tau) : 0;
      const v1Start = s.v1;
      s.soc -= (i * dt) / q;
      s.v1 = tau > 0 ? s.v1 * decay - i * r1 * (1 - decay) : 0;
      const ocv = p.ocv0 + p.slope * s.soc;
      const v = ocv - p.r0 * i + s.v1;
      const shortCurrent = load.kind === 'current' && load.parallelResistance !== undefined ? v / load.parallelResistance : 0;
      const vAvg = 0.5 * (v1Start + s.v1);
      return {
        voltage: v,
        current: i,
        shortCurrent,
        openCircuitVoltage: ocv,
        stateOfCharge: s.soc,
        heat: { irreversible: i * i * p.r0 - i * vAvg, reversible: 0 },
      };
    },
    theveninEquivalent(s, dt) {
      const decay = tau > 0 ? Math.exp(-dt / tau) : 0;
      return { voltage: p.ocv0 + p.slope * s.soc + s.v1 * decay, resistance: p.r0 + (p.slope * dt) / q + r1 * (1 - decay) };
    },
  };
}

/** The same cell without `theveninEquivalent`, to exercise the probe linearisation. */
export function withoutThevenin<S>(m: CellModel<S>): CellModel<S> {
  return { kind: m.kind, nominalCapacityAh: m.nominalCapacityAh, initialState: m.initialState, cloneState: m.cloneState, step: m.step };
}
