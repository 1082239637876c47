/**
 * Nodal solve of a pack netlist for one step. Every cell branch is a Thevenin source (E, R) in
 * series with its interconnect resistance; resistors and open fuses are conductances. The pack
 * terminal condition (current, voltage, power, load resistance, CC-CV) is handled by
 * superposition, which is exactly what the extra MNA row of a terminal source would do: the
 * network is linear within the step, so node voltages are v = v_oc - I v_unit, with v_oc the
 * solution with no terminal current and v_unit the response to 1 A drawn at the positive terminal.
 * The pack then looks like a single Thevenin source (V_oc, R_th) to its load, and every control
 * mode is one scalar equation in the pack current I. One factorisation, two solves.
 *
 * Floating parts of the network (a group cut off by blown fuses or opened branches) are found at
 * every solve (union-find over the conducting branches) and each is tied to ground at one node
 * through 1 S: a single connection carries no current (KCL), so it only fixes the otherwise
 * undetermined potential of that part, and keeps the matrix positive definite. A tiny GMIN to
 * ground on every node (default 1e-12 S, as in SPICE) guards against round-off only.
 */
import { analyseEnvelope, EnvelopePattern, factorEnvelope, solveEnvelope } from './envelope-cholesky';
import { BRANCH_CELL, PackNetlist } from './netlist';

/** Pack terminal control; current and power are positive on discharge (PyBaMM convention). */
export type PackControl =
  | { mode: 'current'; current: number }
  | { mode: 'voltage'; voltage: number }
  | { mode: 'power'; power: number }
  | { mode: 'resistance'; resistance: number }
  | { mode: 'rest' }
  /** Constant current (negative = charge) until the terminal voltage reaches `voltage`, then that voltage held. */
  | { mode: 'cccv'; current: number; voltage: number };

export interface CircuitSolution {
  packCurrent: number;
  packVoltage: number;
  /** Open-circuit pack voltage and Thevenin resistance seen from the terminals over this step. */
  openCircuitVoltage: number;
  theveninResistance: number;
  /** Which regime a CC-CV or power control ended in: 'cc', 'cv', 'power-limited', or the mode. */
  regime: string;
}

export class PackCircuit {
  readonly net: PackNetlist;
  /** Per-cell Thevenin source voltage E [V] for the step (set by the caller before solve). */
  readonly cellSourceVoltage: Float64Array;
  /** Per-cell Thevenin resistance R [Ohm] for the step (set by the caller before solve). */
  readonly cellSourceResistance: Float64Array;
  /** Resistance of every branch [Ohm]: resistors and cell interconnects; Infinity opens the branch. Mutable. */
  readonly branchResistance: Float64Array;
  /** Node voltages [V] after solve. */
  readonly nodeVoltage: Float64Array;
  /** Branch currents [A] after solve, from `branchFrom` to `branchTo` through the branch (cells: discharge positive). */
  readonly branchCurrent: Float64Array;
  readonly gmin: number;
  private readonly pattern: EnvelopePattern;
  private readonly matrix: Float64Array;
  private readonly diagFrom: Int32Array;
  private readonly diagTo: Int32Array;
  private readonly offDiag: Int32Array;
  private readonly diagNode: Int32Array;
  private readonly rhsOpen: Float64Array;
  private readonly rhsUnit: Float64Array;
  private readonly work: Float64Array;
  private readonly conductance: Float64Array;
  private readonly parent: Int32Array;
  private readonly grounded: Uint8Array;
  /** Number of floating parts tied to ground in the last solve (diagnostics). */
  floatingParts = 0;
  /** True when the last solve found no conducting path between the pack terminals (blown fuses, melted tabs). */
  packOpen = false;

  constructor(net: PackNetlist, gmin = 1e-12) {
    this.net = net;
    this.gmin = gmin;
    this.cellSourceVoltage = new Float64Array(net.cellCount);
    this.cellSourceResistance = new Float64Array(net.cellCount);
    this.branchResistance = Float64Array.from(net.branchResistance);
    this.nodeVoltage = new Float64Array(net.nodeCount);
    this.branchCurrent = new Float64Array(net.branchCount);
    this.pattern = analyseEnvelope(net.nodeCount, net.branchFrom, net.branchTo);
    const p = this.pattern;
    this.matrix = new Float64Array(p.size);
    const pos = (a: number, b: number): number => {
      let i = p.inverse[a];
      let j = p.inverse[b];
      if (j > i) [i, j] = [j, i];
      return p.rowStart[i] + j - p.firstColumn[i];
    };
    this.diagFrom = new Int32Array(net.branchCount).fill(-1);
    this.diagTo = new Int32Array(net.branchCount).fill(-1);
    this.offDiag = new Int32Array(net.branchCount).fill(-1);
    for (let e = 0; e < net.branchCount; e++) {
      const a = net.branchFrom[e];
      const b = net.branchTo[e];
      if (a >= 0) this.diagFrom[e] = pos(a, a);
      if (b >= 0) this.diagTo[e] = pos(b, b);
      if (a >= 0 && b >= 0 && a !== b) this.offDiag[e] = pos(a, b);
    }
    this.diagNode = new Int32Array(net.nodeCount);
    for (let v = 0; v < net.nodeCount; v++) this.diagNode[v] = pos(v, v);
    this.rhsOpen = new Float64Array(net.nodeCount);
    this.rhsUnit = new Float64Array(net.nodeCount);
    this.work = new Float64Array(net.nodeCount);
    this.conductance = new Float64Array(net.branchCount);
    this.parent = new Int32Array(net.nodeCount);
    this.grounded = new Uint8Array(net.nodeCount);
  }

  private find(v: number): number {
    const p = this.parent;
    while (p[v] !== v) {
      p[v] = p[p[v]];
      v = p[v];
    }
    return v;
  }

  /** Ties every part of the network with no conducting path to ground to ground at one node (1 S). */
  private tieFloatingParts(a: Float64Array): void {
    const net = this.net;
    const n = net.nodeCount;
    for (let v = 0; v < n; v++) this.parent[v] = v;
    this.grounded.fill(0);
    const groundedRoots: number[] = [];
    for (let e = 0; e < net.branchCount; e++) {
      if (this.conductance[e] === 0) continue;
      const from = net.branchFrom[e];
      const to = net.branchTo[e];
      if (from < 0 || to < 0) {
        groundedRoots.push(from < 0 ? to : from);
        continue;
      }
      const ra = this.find(from);
      const rb = this.find(to);
      if (ra !== rb) this.parent[ra] = rb;
    }
    for (const v of groundedRoots) if (v >= 0) this.grounded[this.find(v)] = 1;
    this.packOpen = !this.grounded[this.find(net.positiveTerminal)];
    this.floatingParts = 0;
    for (let v = 0; v < n; v++) {
      const r = this.find(v);
      if (!this.grounded[r]) {
        this.grounded[r] = 1;
        a[this.diagNode[v]] += 1;
        this.floatingParts++;
      }
    }
  }

  /** Conductance of branch e for the current step [S]. */
  branchConductance(e: number): number {
    const net = this.net;
    let r = this.branchResistance[e];
    if (net.branchKind[e] === BRANCH_CELL) r += this.cellSourceResistance[net.branchCell[e]];
    return Number.isFinite(r) ? 1 / r : 0;
  }

  /**
   * Assembles, factors and solves the network for the step under `control`; fills nodeVoltage and
   * branchCurrent. Throws if the matrix is not positive definite (a non-positive resistance: a bug,
   * since cards are validated).
   */
  solve(control: PackControl): CircuitSolution {
    const net = this.net;
    const a = this.matrix;
    const bOpen = this.rhsOpen;
    const bUnit = this.rhsUnit;
    a.fill(0);
    bOpen.fill(0);
    bUnit.fill(0);
    for (let v = 0; v < net.nodeCount; v++) a[this.diagNode[v]] += this.gmin;
    const gBranch = this.conductance;
    for (let e = 0; e < net.branchCount; e++) gBranch[e] = this.branchConductance(e);
    for (let e = 0; e < net.branchCount; e++) {
      const g = gBranch[e];
      if (g === 0) continue;
      if (this.diagFrom[e] >= 0) a[this.diagFrom[e]] += g;
      if (this.diagTo[e] >= 0) a[this.diagTo[e]] += g;
      if (this.offDiag[e] >= 0) a[this.offDiag[e]] -= g;
      if (net.branchKind[e] === BRANCH_CELL) {
        // Norton equivalent: source current E g pushed into the positive node.
        const j = this.cellSourceVoltage[net.branchCell[e]] * g;
        if (net.branchTo[e] >= 0) bOpen[net.branchTo[e]] += j;
        if (net.branchFrom[e] >= 0) bOpen[net.branchFrom[e]] -= j;
      }
    }
    this.tieFloatingParts(a);
    const badPivot = factorEnvelope(this.pattern, a);
    if (badPivot >= 0) throw new Error(`pack circuit: nodal matrix not positive definite at node ${this.pattern.perm[badPivot]}`);
    bUnit[net.positiveTerminal] = 1;
    solveEnvelope(this.pattern, a, bOpen, this.work);
    solveEnvelope(this.pattern, a, bUnit, this.work);
    const v0 = bOpen[net.positiveTerminal];
    const rth = bUnit[net.positiveTerminal];
    let current = 0;
    let regime: string = control.mode;
    // An open pack cannot carry a terminal current whatever the load asks for.
    if (this.packOpen) control = { mode: 'rest' };
    switch (control.mode) {
      case 'current':
        current = control.current;
        break;
      case 'rest':
        current = 0;
        break;
      case 'voltage':
        current = (v0 - control.voltage) / rth;
        break;
      case 'resistance':
        current = v0 / (control.resistance + rth);
        break;
      case 'power': {
        // I (V0 - Rth I) = P, the root on the stable (high-voltage) branch.
        const disc = v0 * v0 - 4 * rth * control.power;
        if (disc < 0) {
          current = v0 / (2 * rth);
          regime = 'power-limited';
        } else {
          current = (2 * control.power) / (v0 + Math.sqrt(disc));
        }
        break;
      }
      case 'cccv': {
        current = control.current;
        regime = 'cc';
        const v = v0 - rth * current;
        const charging = control.current < 0;
        if ((charging && v > control.voltage) || (!charging && v < control.voltage)) {
          current = (v0 - control.voltage) / rth;
          regime = 'cv';
        }
        break;
      }
    }
    for (let v = 0; v < net.nodeCount; v++) this.nodeVoltage[v] = bOpen[v] - current * bUnit[v];
    for (let e = 0; e < net.branchCount; e++) {
      const g = gBranch[e];
      const from = net.branchFrom[e];
      const to = net.branchTo[e];
      const dv = (to >= 0 ? this.nodeVoltage[to] : 0) - (from >= 0 ? this.nodeVoltage[from] : 0);
      // Cells: I = (E - dv) g, out of the positive terminal; resistors: current from `from` to `to`.
      this.branchCurrent[e] = net.branchKind[e] === BRANCH_CELL ? (this.cellSourceVoltage[net.branchCell[e]] - dv) * g : -dv * g;
    }
    if (this.packOpen) regime = 'open-circuit';
    return { packCurrent: current, packVoltage: v0 - rth * current, openCircuitVoltage: v0, theveninResistance: rth, regime };
  }
}
