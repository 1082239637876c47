/**
 * Lumped thermal network of a pack: one node per cell (plus optional extra nodes such as the
 * housing air and structure), conductances between nodes (spacers, barriers, busbars), and conductances to two
 * fixed-temperature sinks (ambient by convection, coolant through the cooling plate).
 *
 *   C_i dT_i/dt = Q_i - Σ_j G_ij (T_i - T_j) - G_amb,i (T_i - T_amb) - G_cool,i (T_i - T_cool)
 *
 * Integrated by backward Euler, (C/dt + K) T^{n+1} = C/dt T^n + Q + G_amb T_amb + G_cool T_cool,
 * with K symmetric positive definite (every node with a path to a sink, or C/dt on the diagonal),
 * factored once per dt with the envelope Cholesky. Backward Euler conserves energy exactly in the
 * discrete sense: Σ C ΔT = dt (Σ Q - Σ sink flows at T^{n+1}), because internal links cancel in
 * pairs. The pack energy-closure test relies on this.
 */
import { analyseEnvelope, EnvelopePattern, envelopeIndex, factorEnvelope, solveEnvelope } from './envelope-cholesky';

export interface ThermalNetworkSpec {
  nodeCount: number;
  /** Heat capacity of each node [J/K]. */
  heatCapacity: Float64Array;
  linkA: Int32Array;
  linkB: Int32Array;
  /** Conductance of each link [W/K]. */
  linkConductance: Float64Array;
  /** Name of each link, e.g. 'spacer 3-4', 'busbar 3-4', 'barrier 7-8'. */
  linkKind: string[];
  /** Conductance of each node to ambient [W/K] and to coolant [W/K]. */
  ambientConductance: Float64Array;
  coolantConductance: Float64Array;
  ambientTemperature: number;
  coolantTemperature: number;
  /** Nodes linked to many others (a housing) numbered last in the factorisation. */
  denseNodes?: number[];
}

export class PackThermalNetwork {
  readonly spec: ThermalNetworkSpec;
  private readonly pattern: EnvelopePattern;
  private readonly matrix: Float64Array;
  private readonly rhs: Float64Array;
  private readonly work: Float64Array;
  private factoredDt = NaN;
  /** Heat to ambient and to coolant over the last step [J]. */
  lastAmbientHeat = 0;
  lastCoolantHeat = 0;

  constructor(spec: ThermalNetworkSpec) {
    this.spec = spec;
    this.pattern = analyseEnvelope(spec.nodeCount, spec.linkA, spec.linkB, spec.denseNodes ?? []);
    this.matrix = new Float64Array(this.pattern.size);
    this.rhs = new Float64Array(spec.nodeCount);
    this.work = new Float64Array(spec.nodeCount);
  }

  private factor(dt: number): void {
    const s = this.spec;
    const a = this.matrix;
    const p = this.pattern;
    a.fill(0);
    for (let i = 0; i < s.nodeCount; i++) {
      a[envelopeIndex(p, i, i)] += s.heatCapacity[i] / dt + s.ambientConductance[i] + s.coolantConductance[i];
    }
    for (let k = 0; k < s.linkA.length; k++) {
      const g = s.linkConductance[k];
      const i = s.linkA[k];
      const j = s.linkB[k];
      a[envelopeIndex(p, i, i)] += g;
      a[envelopeIndex(p, j, j)] += g;
      a[envelopeIndex(p, i, j)] -= g;
    }
    const bad = factorEnvelope(p, a);
    if (bad >= 0) throw new Error(`pack thermal network: matrix not positive definite at node ${p.perm[bad]}`);
    this.factoredDt = dt;
  }

  /**
   * Advances temperatures T [K] (in place) over dt with the heat input Q [W] held over the step
   * (sources already applied elsewhere are passed as 0). Records the heat lost to the sinks.
   */
  step(dt: number, temperature: Float64Array, heat: ArrayLike<number>): void {
    const s = this.spec;
    if (dt !== this.factoredDt) this.factor(dt);
    const b = this.rhs;
    for (let i = 0; i < s.nodeCount; i++) {
      b[i] = (s.heatCapacity[i] / dt) * temperature[i] + heat[i] + s.ambientConductance[i] * s.ambientTemperature + s.coolantConductance[i] * s.coolantTemperature;
    }
    solveEnvelope(this.pattern, this.matrix, b, this.work);
    let amb = 0;
    let cool = 0;
    for (let i = 0; i < s.nodeCount; i++) {
      temperature[i] = b[i];
      amb += s.ambientConductance[i] * (b[i] - s.ambientTemperature);
      cool += s.coolantConductance[i] * (b[i] - s.coolantTemperature);
    }
    this.lastAmbientHeat = amb * dt;
    this.lastCoolantHeat = cool * dt;
  }
}

/** Geometry and thermal paths of a module laid out on a rectangular grid of cells. */
export interface GridThermalLayout {
  cellCount: number;
  /** Cells per row; cell c sits at column c % columns, row floor(c / columns). */
  columns: number;
  /** Centre-to-centre pitch along a row and between rows [m]. */
  pitchX: number;
  pitchY: number;
  /** Heat capacity of one cell [J/K]. */
  cellHeatCapacity: number;
  /** Conductance of the path between two neighbours in a row / between rows [W/K] (spacer + barrier in series). */
  neighbourConductanceX: number;
  neighbourConductanceY: number;
  /** Busbar conductance between neighbours that share a busbar (pairs of cells) [W/K], 0 for none. */
  busbarLinks?: Array<{ a: number; b: number; conductance: number }>;
  /** Per-cell conductance to ambient (h A) [W/K] and to coolant (cooling plate) [W/K]. */
  ambientConductance: number;
  coolantConductance: number;
  ambientTemperature: number;
  coolantTemperature: number;
  /**
   * Optional housing node (index cellCount): the cells' convection goes to the housing air and
   * structure of heat capacity `heatCapacity` [J/K], which loses heat to ambient through
   * `ambientConductance` [W/K].
   */
  housing?: { heatCapacity: number; ambientConductance: number } | null;
}

/** Thermal network of a grid layout; also returns the cell centre positions [m] (x, y per cell). */
export function buildGridThermalNetwork(g: GridThermalLayout): { spec: ThermalNetworkSpec; positions: Float64Array } {
  const n = g.cellCount;
  const a: number[] = [];
  const b: number[] = [];
  const cond: number[] = [];
  const kind: string[] = [];
  const positions = new Float64Array(2 * n);
  for (let c = 0; c < n; c++) {
    const col = c % g.columns;
    const row = Math.floor(c / g.columns);
    positions[2 * c] = col * g.pitchX;
    positions[2 * c + 1] = row * g.pitchY;
    if (col + 1 < g.columns && c + 1 < n && g.neighbourConductanceX > 0) {
      a.push(c);
      b.push(c + 1);
      cond.push(g.neighbourConductanceX);
      kind.push(`row ${c + 1}-${c + 2}`);
    }
    if (c + g.columns < n && g.neighbourConductanceY > 0) {
      a.push(c);
      b.push(c + g.columns);
      cond.push(g.neighbourConductanceY);
      kind.push(`column ${c + 1}-${c + g.columns + 1}`);
    }
  }
  const housing = g.housing ?? null;
  if (housing) {
    for (let c = 0; c < n; c++) {
      if (g.ambientConductance <= 0) break;
      a.push(c);
      b.push(n);
      cond.push(g.ambientConductance);
      kind.push(`housing ${c + 1}`);
    }
  }
  for (const l of g.busbarLinks ?? []) {
    if (l.conductance <= 0) continue;
    a.push(l.a);
    b.push(l.b);
    cond.push(l.conductance);
    kind.push(`busbar ${l.a + 1}-${l.b + 1}`);
  }
  const nodes = housing ? n + 1 : n;
  const heatCapacity = new Float64Array(nodes).fill(g.cellHeatCapacity);
  const ambientConductance = new Float64Array(nodes).fill(housing ? 0 : g.ambientConductance);
  const coolantConductance = new Float64Array(nodes).fill(g.coolantConductance);
  if (housing) {
    heatCapacity[n] = housing.heatCapacity;
    ambientConductance[n] = housing.ambientConductance;
    coolantConductance[n] = 0;
  }
  return {
    spec: {
      nodeCount: nodes,
      heatCapacity,
      linkA: Int32Array.from(a),
      linkB: Int32Array.from(b),
      linkConductance: Float64Array.from(cond),
      linkKind: kind,
      ambientConductance,
      coolantConductance,
      ambientTemperature: g.ambientTemperature,
      coolantTemperature: g.coolantTemperature,
      ...(housing ? { denseNodes: [n] } : {}),
    },
    positions,
  };
}
