/**
 * Pack netlists: nodes joined by two-terminal branches, each branch either a resistor or a cell
 * (a Thevenin source in series with its interconnect resistance). Node -1 is ground, the negative
 * pack terminal. Layouts follow liionpack's `setup_circuit` (electrochemistry.md §5): busbar
 * segments Rb between neighbouring cells of a busbar, interconnects Rc per cell, terminal
 * resistance Rt at both pack terminals; "series-groups" (Mp cells in parallel per group, Ns groups
 * in series) and "parallel-strings" (Mp strings of Ns cells in series joined at both ends).
 *
 * Cell numbering in both layouts: cell = s * Mp + p, s = series position 0..Ns-1, p = parallel
 * position 0..Mp-1. Cell branches run from the cell's negative terminal node (`branchFrom`) to its
 * positive terminal node (`branchTo`); the branch current is positive on discharge (PyBaMM sign).
 */

export const BRANCH_RESISTOR = 0;
export const BRANCH_CELL = 1;

export interface PackNetlist {
  /** Non-ground nodes. */
  nodeCount: number;
  branchCount: number;
  branchFrom: Int32Array;
  branchTo: Int32Array;
  /** BRANCH_RESISTOR or BRANCH_CELL. */
  branchKind: Uint8Array;
  /** Resistor value [Ohm]; for a cell branch, the interconnect resistance in series with the cell [Ohm]. Infinity = open. */
  branchResistance: Float64Array;
  /** Cell index of a cell branch, -1 otherwise. */
  branchCell: Int32Array;
  cellCount: number;
  /** Branch index of each cell. */
  cellBranch: Int32Array;
  /** Node of the positive pack terminal (the negative terminal is ground). */
  positiveTerminal: number;
  /** Series position and parallel position of each cell. */
  cellSeriesIndex: Int32Array;
  cellParallelIndex: Int32Array;
  seriesCount: number;
  parallelCount: number;
  /** Name of each branch, for diagnostics and power-loss tables (e.g. 'Rb 2.3-2.4', 'cell 12'). */
  branchName: string[];
  /**
   * Cells whose branches share both end nodes through busbars only, i.e. which are electrically
   * coupled directly (a parallel group in series-groups; the whole pack in parallel-strings).
   * Used to decide which fuses can melt independently within one step.
   */
  cellCouplingGroup: Int32Array;
}

export interface LayoutResistances {
  /** Busbar segment between neighbouring cells [Ohm]. */
  busbar: number;
  /** Cell interconnect (tab welds) in series with each cell [Ohm]. */
  interconnect: number;
  /** Each pack terminal lead [Ohm]. */
  terminal: number;
}

export type LayoutKind = 'series-groups' | 'parallel-strings';

export interface LayoutSpec {
  kind: LayoutKind;
  series: number;
  parallel: number;
  resistances: LayoutResistances;
  /** Which end of the last busbar the positive terminal sits on. */
  terminals?: 'left' | 'right';
}

class NetlistBuilder {
  from: number[] = [];
  to: number[] = [];
  kind: number[] = [];
  resistance: number[] = [];
  cell: number[] = [];
  name: string[] = [];
  nodeCount = 0;
  newNode(): number {
    return this.nodeCount++;
  }
  add(from: number, to: number, kind: number, resistance: number, cell: number, name: string): number {
    this.from.push(from);
    this.to.push(to);
    this.kind.push(kind);
    this.resistance.push(resistance);
    this.cell.push(cell);
    this.name.push(name);
    return this.from.length - 1;
  }
}

/** Builds the netlist of an NsMp layout. Resistances must be > 0 (validated at the card boundary). */
export function buildLayoutNetlist(spec: LayoutSpec): PackNetlist {
  const { series: ns, parallel: mp, resistances: r } = spec;
  const b = new NetlistBuilder();
  const cellCount = ns * mp;
  const cellBranch = new Int32Array(cellCount);
  const cellSeriesIndex = new Int32Array(cellCount);
  const cellParallelIndex = new Int32Array(cellCount);
  const terminalColumn = spec.terminals === 'right' ? mp - 1 : 0;
  let lowTerminalNode: number;
  let highTerminalNode: number;
  if (spec.kind === 'series-groups') {
    // Busbar level L = 0..Ns, Mp nodes each; cell (s, p) from level s to level s+1.
    const level: number[][] = [];
    for (let l = 0; l <= ns; l++) {
      const row: number[] = [];
      for (let p = 0; p < mp; p++) row.push(b.newNode());
      level.push(row);
      for (let p = 0; p + 1 < mp; p++) b.add(row[p], row[p + 1], BRANCH_RESISTOR, r.busbar, -1, `Rb ${l}.${p}-${l}.${p + 1}`);
    }
    for (let s = 0; s < ns; s++) {
      for (let p = 0; p < mp; p++) {
        const c = s * mp + p;
        cellBranch[c] = b.add(level[s][p], level[s + 1][p], BRANCH_CELL, r.interconnect, c, `cell ${c + 1}`);
        cellSeriesIndex[c] = s;
        cellParallelIndex[c] = p;
      }
    }
    lowTerminalNode = level[0][0];
    highTerminalNode = level[ns][terminalColumn];
  } else {
    // String p: nodes n(p, 0..Ns); end busbars join n(., 0) and n(., Ns).
    const strings: number[][] = [];
    for (let p = 0; p < mp; p++) {
      const row: number[] = [];
      for (let s = 0; s <= ns; s++) row.push(b.newNode());
      strings.push(row);
    }
    for (let p = 0; p < mp; p++) {
      for (let s = 0; s < ns; s++) {
        const c = s * mp + p;
        cellBranch[c] = b.add(strings[p][s], strings[p][s + 1], BRANCH_CELL, r.interconnect, c, `cell ${c + 1}`);
        cellSeriesIndex[c] = s;
        cellParallelIndex[c] = p;
      }
    }
    for (let p = 0; p + 1 < mp; p++) {
      b.add(strings[p][0], strings[p + 1][0], BRANCH_RESISTOR, r.busbar, -1, `Rb bottom ${p}-${p + 1}`);
      b.add(strings[p][ns], strings[p + 1][ns], BRANCH_RESISTOR, r.busbar, -1, `Rb top ${p}-${p + 1}`);
    }
    lowTerminalNode = strings[0][0];
    highTerminalNode = strings[terminalColumn][ns];
  }
  b.add(lowTerminalNode, -1, BRANCH_RESISTOR, r.terminal, -1, 'Rt negative');
  const positiveTerminal = b.newNode();
  b.add(highTerminalNode, positiveTerminal, BRANCH_RESISTOR, r.terminal, -1, 'Rt positive');
  return {
    nodeCount: b.nodeCount,
    branchCount: b.from.length,
    branchFrom: Int32Array.from(b.from),
    branchTo: Int32Array.from(b.to),
    branchKind: Uint8Array.from(b.kind),
    branchResistance: Float64Array.from(b.resistance),
    branchCell: Int32Array.from(b.cell),
    cellCount,
    cellBranch,
    positiveTerminal,
    cellSeriesIndex,
    cellParallelIndex,
    seriesCount: ns,
    parallelCount: mp,
    branchName: b.name,
    cellCouplingGroup: spec.kind === 'series-groups' ? Int32Array.from(cellSeriesIndex) : new Int32Array(cellCount),
  };
}

/**
 * Returns a copy of `net` with extra resistor branches (e.g. an external short across a cell or
 * the pack, initially open with resistance Infinity) so that the sparsity pattern is fixed before
 * the run. The new branches' indices are returned in the same order.
 */
export function withExtraResistors(
  net: PackNetlist,
  extra: Array<{ from: number; to: number; resistance: number; name: string }>,
): { netlist: PackNetlist; branches: number[] } {
  const n0 = net.branchCount;
  const m = n0 + extra.length;
  const grow = <T extends Int32Array | Float64Array | Uint8Array>(src: T, make: (len: number) => T): T => {
    const out = make(m);
    out.set(src);
    return out;
  };
  const from = grow(net.branchFrom, (l) => new Int32Array(l));
  const to = grow(net.branchTo, (l) => new Int32Array(l));
  const kind = grow(net.branchKind, (l) => new Uint8Array(l));
  const res = grow(net.branchResistance, (l) => new Float64Array(l));
  const cell = grow(net.branchCell, (l) => new Int32Array(l));
  const names = net.branchName.slice();
  extra.forEach((e, k) => {
    from[n0 + k] = e.from;
    to[n0 + k] = e.to;
    kind[n0 + k] = BRANCH_RESISTOR;
    res[n0 + k] = e.resistance;
    cell[n0 + k] = -1;
    names.push(e.name);
  });
  return {
    netlist: { ...net, branchCount: m, branchFrom: from, branchTo: to, branchKind: kind, branchResistance: res, branchCell: cell, branchName: names },
    branches: extra.map((_, k) => n0 + k),
  };
}
