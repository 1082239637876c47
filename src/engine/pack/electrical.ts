/**
 * The pack's electrical step: every cell model (CellModel of src/engine/electrochem/cell-model.ts)
 * is linearised over the step, the netlist is solved, and every cell is advanced with the branch
 * current the network gives it.
 *
 * Coupling schemes:
 * - 'implicit' (default): each cell's linearisation over the coming step, V = E - R I, comes from
 *   `theveninEquivalent` (exact for ECMs under zero-order hold, per the contract), or, for models
 *   without it, from two probe steps on cloned states (I = I_prev and I_prev + dI). The network and
 *   the cells then agree at the end of the step. For non-linear models the step is iterated
 *   (re-linearised around the solved currents) until the cells' end-of-step voltages match the
 *   network's within `voltageTolerance`.
 * - 'explicit': liionpack's one-pass "see-saw" step (electrochemistry.md §5): E = OCV and
 *   R = |(OCV - V) / I| of the previous step (floor 1e-6 Ohm, held while resting). The baseline.
 *
 * Shorts: an internal short R_s in cell c sits across its electrodes, so the branch is the Norton
 * reduction of (E, R) in parallel with R_s: E' = E R_s/(R + R_s), R' = R R_s/(R + R_s); the cell is
 * stepped with load { current, parallelResistance: R_s }. The current the rest of the pack pushes
 * into the shorted cell is minus its branch current (an output). An external short is a resistor
 * branch added to the netlist (withExtraResistors) and closed by setting its resistance.
 *
 * Fuses: a cell's fuse melts when ∫ I^2 dt over the run exceeds its melt I^2 t; the branch then opens.
 */
import type { CellLoad, CellModel, CellStepResult } from '../electrochem/cell-model';
import { CircuitSolution, PackCircuit, PackControl } from './circuit';
import { PackNetlist } from './netlist';

export type CouplingScheme = 'implicit' | 'explicit';

export interface PackElectricalOptions {
  coupling?: CouplingScheme;
  /** Maximum re-linearisations per step for non-linear cells (implicit scheme). */
  maxIterations?: number;
  /** End-of-step mismatch between a cell's voltage and the network's prediction that stops iteration [V]. */
  voltageTolerance?: number;
  /**
   * Re-check cells that provide theveninEquivalent on cloned states and iterate if they disagree
   * with the network (for tables that depend on current). Default false: the contract says the
   * linearisation is exact for ECMs; the end-of-step mismatch is reported either way.
   */
  verifyLinearisation?: boolean;
  /** Melt I^2 t of each cell's fuse [A^2 s]; Infinity or absent = no fuse. */
  fuseMeltI2t?: ArrayLike<number>;
}

export interface PackCell {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: CellModel<any>;
  state: unknown;
}

export interface ElectricalEvent {
  kind: 'fuse-melt' | 'cell-limit';
  cell: number;
  message: string;
}

export interface PackStepReport extends CircuitSolution {
  /** Linearisation rounds used this step (1 = none needed). */
  iterations: number;
  /** Largest end-of-step |V_cell - V_network| [V]. */
  maxVoltageMismatch: number;
  events: ElectricalEvent[];
}

const PROBE_CURRENT = 1e-3;

export class PackElectrical {
  readonly net: PackNetlist;
  readonly circuit: PackCircuit;
  readonly cells: PackCell[];
  readonly coupling: CouplingScheme;
  /** Per-cell outputs of the last step (SI). */
  readonly current: Float64Array;
  readonly voltage: Float64Array;
  readonly openCircuitVoltage: Float64Array;
  readonly stateOfCharge: Float64Array;
  /** Heat generated in the cell by its own model (irreversible + reversible) [W]. */
  readonly cellHeat: Float64Array;
  /** Current through the internal short [A] and its Joule heat [W], 0 without a short. */
  readonly shortCurrent: Float64Array;
  readonly shortHeat: Float64Array;
  /** Joule heat in the cell's interconnect [W]. */
  readonly interconnectHeat: Float64Array;
  /** Internal short resistance [Ohm], Infinity when none. Mutable between steps. */
  readonly internalShortResistance: Float64Array;
  readonly fuseMeltI2t: Float64Array;
  readonly fuseI2t: Float64Array;
  readonly fuseBlown: Uint8Array;
  private readonly maxIterations: number;
  private readonly voltageTolerance: number;
  private readonly prevCurrent: Float64Array;
  private readonly explicitResistance: Float64Array;
  private readonly predictedVoltage: Float64Array;
  private readonly limitReported: Uint8Array;
  private readonly verifyLinearisation: boolean;
  private readonly groupFirstMelt: Float64Array;
  private readonly lin = new Float64Array(2);
  private readonly results: CellStepResult[];

  constructor(net: PackNetlist, cells: PackCell[], options: PackElectricalOptions = {}) {
    if (cells.length !== net.cellCount) throw new Error(`pack electrical: ${cells.length} cells given for a netlist of ${net.cellCount}`);
    this.net = net;
    this.cells = cells;
    this.circuit = new PackCircuit(net);
    this.coupling = options.coupling ?? 'implicit';
    this.maxIterations = options.maxIterations ?? 4;
    this.voltageTolerance = options.voltageTolerance ?? 1e-6;
    const n = net.cellCount;
    this.current = new Float64Array(n);
    this.voltage = new Float64Array(n);
    this.openCircuitVoltage = new Float64Array(n);
    this.stateOfCharge = new Float64Array(n);
    this.cellHeat = new Float64Array(n);
    this.shortCurrent = new Float64Array(n);
    this.shortHeat = new Float64Array(n);
    this.interconnectHeat = new Float64Array(n);
    this.internalShortResistance = new Float64Array(n).fill(Infinity);
    this.fuseMeltI2t = new Float64Array(n).fill(Infinity);
    if (options.fuseMeltI2t) for (let c = 0; c < n; c++) this.fuseMeltI2t[c] = options.fuseMeltI2t[c];
    this.fuseI2t = new Float64Array(n);
    this.fuseBlown = new Uint8Array(n);
    this.prevCurrent = new Float64Array(n);
    this.explicitResistance = new Float64Array(n).fill(NaN);
    this.predictedVoltage = new Float64Array(n);
    this.limitReported = new Uint8Array(n);
    this.verifyLinearisation = options.verifyLinearisation ?? false;
    let groups = 0;
    for (let c = 0; c < n; c++) groups = Math.max(groups, net.cellCouplingGroup[c] + 1);
    this.groupFirstMelt = new Float64Array(groups);
    this.results = new Array<CellStepResult>(n);
  }

  private loadFor(c: number, current: number): CellLoad {
    const rs = this.internalShortResistance[c];
    return Number.isFinite(rs) ? { kind: 'current', current, parallelResistance: rs } : { kind: 'current', current };
  }

  /** Linearisation (E, R) of cell c without its short, over dt at temperature T, around current iGuess. */
  private linearise(c: number, dt: number, temperatureK: number, iGuess: number, probe: boolean, out: Float64Array): void {
    const { model, state } = this.cells[c];
    if (!probe && model.theveninEquivalent) {
      const th = model.theveninEquivalent(state, dt, temperatureK);
      out[0] = th.voltage;
      out[1] = th.resistance;
      return;
    }
    const s1 = model.cloneState(state);
    const v1 = model.step(s1, dt, { kind: 'current', current: iGuess }, temperatureK).voltage;
    const s2 = model.cloneState(state);
    const v2 = model.step(s2, dt, { kind: 'current', current: iGuess + PROBE_CURRENT }, temperatureK).voltage;
    const r = Math.max((v1 - v2) / PROBE_CURRENT, 1e-9);
    out[0] = v1 + r * iGuess;
    out[1] = r;
  }

  /** Loads the Thevenin sources of the circuit for cell c, given the cell's own (E, R). */
  private setSource(c: number, e: number, r: number): void {
    const rs = this.internalShortResistance[c];
    if (Number.isFinite(rs)) {
      this.circuit.cellSourceVoltage[c] = (e * rs) / (r + rs);
      this.circuit.cellSourceResistance[c] = (r * rs) / (r + rs);
    } else {
      this.circuit.cellSourceVoltage[c] = e;
      this.circuit.cellSourceResistance[c] = r;
    }
  }

  /** Voltage across cell c's terminals (inside its interconnect) from the last circuit solve [V]. */
  private networkCellVoltage(c: number): number {
    const e = this.circuit.cellSourceVoltage[c];
    const r = this.circuit.cellSourceResistance[c];
    return e - r * this.circuit.branchCurrent[this.net.cellBranch[c]];
  }

  /**
   * Open-circuit terminal voltage of the pack in its present state [V]: every cell as its OCV
   * behind its resistance for a step of dt, no load (circulating currents between unequal cells
   * included). Does not advance any cell.
   */
  restingPackVoltage(dt: number, temperatureK: ArrayLike<number>): number {
    const net = this.net;
    for (let c = 0; c < net.cellCount; c++) {
      const b = net.cellBranch[c];
      this.circuit.branchResistance[b] = this.fuseBlown[c] ? Infinity : net.branchResistance[b];
      this.linearise(c, dt, temperatureK[c], 0, !this.cells[c].model.theveninEquivalent, this.lin);
      this.setSource(c, this.lin[0], this.lin[1]);
    }
    return this.circuit.solve({ mode: 'rest' }).packVoltage;
  }

  /** Sets every cell's state of charge outputs from its initial state (call once before stepping). */
  initialise(temperatureK: ArrayLike<number>): void {
    for (let c = 0; c < this.net.cellCount; c++) {
      const { model, state } = this.cells[c];
      const probe = model.cloneState(state);
      const r = model.step(probe, 1e-9, { kind: 'current', current: 0 }, temperatureK[c]);
      this.openCircuitVoltage[c] = r.openCircuitVoltage;
      this.voltage[c] = r.voltage;
      this.stateOfCharge[c] = r.stateOfCharge;
    }
  }

  /**
   * Advances the whole pack over dt under `control`, with cell temperatures T [K] held over the
   * step. Returns the terminal solution; per-cell outputs are in this object's arrays.
   */
  step(dt: number, control: PackControl, temperatureK: ArrayLike<number>): PackStepReport {
    const net = this.net;
    const n = net.cellCount;
    const lin = this.lin;
    const events: ElectricalEvent[] = [];
    for (let c = 0; c < n; c++) {
      const b = net.cellBranch[c];
      this.circuit.branchResistance[b] = this.fuseBlown[c] ? Infinity : net.branchResistance[b];
    }
    let solution: CircuitSolution;
    let iterations = 0;
    let mismatch = 0;
    const results = this.results;
    if (this.coupling === 'explicit') {
      for (let c = 0; c < n; c++) {
        let r = this.explicitResistance[c];
        if (!Number.isFinite(r)) {
          // First step: no history yet, so start from the model's own resistance estimate.
          this.linearise(c, dt, temperatureK[c], 0, false, lin);
          r = lin[1];
        }
        this.setSource(c, this.openCircuitVoltage[c], r);
      }
      solution = this.circuit.solve(control);
      iterations = 1;
      for (let c = 0; c < n; c++) this.predictedVoltage[c] = this.networkCellVoltage(c);
      for (let c = 0; c < n; c++) results[c] = this.advanceCell(c, dt, temperatureK[c]);
    } else {
      const firstOrderExact = this.cells.every((cell) => typeof cell.model.theveninEquivalent === 'function');
      let probe = !firstOrderExact;
      for (;;) {
        iterations++;
        for (let c = 0; c < n; c++) {
          this.linearise(c, dt, temperatureK[c], iterations === 1 ? this.prevCurrent[c] : this.terminalCurrent(c), probe, lin);
          this.setSource(c, lin[0], lin[1]);
        }
        solution = this.circuit.solve(control);
        for (let c = 0; c < n; c++) this.predictedVoltage[c] = this.networkCellVoltage(c);
        // Cells with an exact linearisation (the contract's theveninEquivalent) need no check unless asked for.
        if (iterations >= this.maxIterations || (firstOrderExact && !this.verifyLinearisation)) break;
        // Check on clones: does each cell, driven by its network current, end at the network's voltage?
        mismatch = 0;
        for (let c = 0; c < n; c++) {
          const { model, state } = this.cells[c];
          const v = model.step(model.cloneState(state), dt, this.loadFor(c, this.terminalCurrent(c)), temperatureK[c]).voltage;
          mismatch = Math.max(mismatch, Math.abs(v - this.predictedVoltage[c]));
        }
        if (mismatch <= this.voltageTolerance) break;
        probe = true;
      }
      for (let c = 0; c < n; c++) results[c] = this.advanceCell(c, dt, temperatureK[c]);
    }
    mismatch = 0;
    for (let c = 0; c < n; c++) {
      const r = results[c];
      mismatch = Math.max(mismatch, Math.abs(r.voltage - this.predictedVoltage[c]));
      const terminal = this.terminalCurrent(c);
      this.prevCurrent[c] = terminal;
      this.current[c] = terminal;
      this.voltage[c] = r.voltage;
      this.openCircuitVoltage[c] = r.openCircuitVoltage;
      this.stateOfCharge[c] = r.stateOfCharge;
      this.cellHeat[c] = r.heat.irreversible + r.heat.reversible;
      const rs = this.internalShortResistance[c];
      this.shortCurrent[c] = Number.isFinite(rs) ? r.voltage / rs : 0;
      this.shortHeat[c] = Number.isFinite(rs) ? (r.voltage * r.voltage) / rs : 0;
      const b = net.cellBranch[c];
      this.interconnectHeat[c] = this.fuseBlown[c] ? 0 : terminal * terminal * net.branchResistance[b];
      // Explicit scheme's resistance for the next step, liionpack's rule: |(OCV - V) / I|, held at rest.
      const internal = terminal + this.shortCurrent[c];
      if (Math.abs(internal) > 1e-9) this.explicitResistance[c] = Math.max(Math.abs((r.openCircuitVoltage - r.voltage) / internal), 1e-6);
      if (r.limit && !this.limitReported[c]) {
        // Reported once per cell: a depleted or full cell stays at its limit for many steps.
        this.limitReported[c] = 1;
        events.push({ kind: 'cell-limit', cell: c, message: `cell ${c + 1}: ${r.limit}` });
      }
    }
    // Fuses: within each directly coupled group (a parallel group), the first fuse to melt at the
    // step's currents melts; the others in that group carried their current only until then, since
    // the group's currents change at that instant. Groups couple only through the pack current.
    const groupFirst = this.groupFirstMelt;
    groupFirst.fill(Infinity);
    for (let c = 0; c < n; c++) {
      if (this.fuseBlown[c] || !Number.isFinite(this.fuseMeltI2t[c])) continue;
      const i2 = this.current[c] * this.current[c];
      if (i2 > 0) {
        const tm = (this.fuseMeltI2t[c] - this.fuseI2t[c]) / i2;
        const g = net.cellCouplingGroup[c];
        if (tm < groupFirst[g]) groupFirst[g] = tm;
      }
    }
    for (let c = 0; c < n; c++) {
      if (this.fuseBlown[c] || !Number.isFinite(this.fuseMeltI2t[c])) continue;
      const first = groupFirst[net.cellCouplingGroup[c]];
      this.fuseI2t[c] += this.current[c] * this.current[c] * (first < dt ? first : dt);
      if (this.fuseI2t[c] >= this.fuseMeltI2t[c] * (1 - 1e-9)) {
        this.fuseBlown[c] = 1;
        events.push({ kind: 'fuse-melt', cell: c, message: `fuse of cell ${c + 1} melted at ${Math.abs(this.current[c]).toFixed(1)} A (I^2 t ${this.fuseMeltI2t[c].toExponential(3)} A^2 s)` });
      }
    }
    return { ...solution!, iterations, maxVoltageMismatch: mismatch, events };
  }

  /** Current leaving cell c's positive terminal into the network [A] (excludes its internal short). */
  terminalCurrent(c: number): number {
    return this.circuit.branchCurrent[this.net.cellBranch[c]];
  }

  private advanceCell(c: number, dt: number, temperatureK: number): CellStepResult {
    const { model, state } = this.cells[c];
    return model.step(state, dt, this.loadFor(c, this.terminalCurrent(c)), temperatureK);
  }

  /** Joule heat in the resistor branches (busbars, terminals, external shorts) of the last step [W]. */
  resistorHeat(): number {
    let p = 0;
    const net = this.net;
    for (let e = 0; e < net.branchCount; e++) {
      if (net.branchCell[e] >= 0) continue;
      const i = this.circuit.branchCurrent[e];
      const r = this.circuit.branchResistance[e];
      if (Number.isFinite(r)) p += i * i * r;
    }
    return p;
  }
}
