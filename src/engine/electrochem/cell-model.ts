/**
 * The cell-model interface (issue 5) that shorts (issue 6), the coupled run (issue 7) and packs
 * (issue 10) drive: ECMs (Rint, Thevenin, PNGV, Randles) and physics models (SPM, SPMe, DFN)
 * implement it once. Sign convention as PyBaMM: current positive on discharge. SI units.
 */
export type CellLoad =
  /** Terminal current [A] drawn by the external circuit, optionally with a short resistance [Ohm] across the terminals. */
  | { kind: 'current'; current: number; parallelResistance?: number }
  /** Terminals connected through a resistance [Ohm] (external short, or an internal short with no load). */
  | { kind: 'resistance'; resistance: number }
  /** Terminal voltage held [V]. */
  | { kind: 'voltage'; voltage: number }
  /** Power drawn [W]. */
  | { kind: 'power'; power: number };

export interface CellHeat {
  /** Irreversible (ohmic + kinetic + polarisation) heat [W]. */
  irreversible: number;
  /** Reversible (entropic) heat −I·T·dU/dT [W] (Bernardi; I > 0 on discharge). */
  reversible: number;
}

export interface CellStepResult {
  /** Terminal voltage at the end of the step [V]. */
  voltage: number;
  /** Total current leaving the positive terminal over the step [A] (through load and short). */
  current: number;
  /** Current through the parallel/short resistance [A], 0 when none. */
  shortCurrent: number;
  /** Open-circuit voltage at the end of the step [V]. */
  openCircuitVoltage: number;
  /** State of charge at the end of the step [-]. */
  stateOfCharge: number;
  /** Heat generated inside the cell (not counting the short resistance) [W], averaged over the step. */
  heat: CellHeat;
  /** Set when the step hit a model limit (electrode depleted, solver failure); the state is kept. */
  limit?: string;
}

export interface CellModel<State> {
  /** e.g. 'thevenin', 'spm', 'dfn'. */
  readonly kind: string;
  /** Nominal capacity [A.h]. */
  readonly nominalCapacityAh: number;
  initialState(stateOfCharge: number, temperatureK: number): State;
  cloneState(state: State): State;
  /** Advances `state` in place over dt [s] at cell temperature T [K] under `load`. */
  step(state: State, dt: number, load: CellLoad, temperatureK: number): CellStepResult;
  /**
   * Linearisation over the next step: V = voltage - resistance * I for a constant current I over dt.
   * Exact for ECMs under zero-order hold; pack network solves (MNA) use it.
   */
  theveninEquivalent?(state: State, dt: number, temperatureK: number): { voltage: number; resistance: number };
}
