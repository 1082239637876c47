/**
 * Doyle–Fuller–Newman (P2D) model (Doyle, Fuller & Newman, JES 140 (1993) 1526; Fuller, Doyle &
 * Newman, JES 141 (1994) 1), equations as in reference electrochemistry.md §1.2 (PyBaMM basic_dfn.py):
 * finite volumes in x (negative | separator | positive, cell-centred, series-resistance face
 * coefficients so material jumps are exact) and in r for a particle in every electrode cell.
 *
 * Unknowns per x-cell, interleaved so the Jacobian is banded (bandwidth = shells + 4):
 *   electrode cell: θ_s[0..Nr−1] (c_s/c_max), i_n (interfacial current density, A/m² of particle
 *                   surface), ĉ_e = c_e/c_e0, φ_e, φ_s
 *   separator cell: ĉ_e, φ_e
 * and a final unknown i_app (cell current density, A/m²) closed by the operating mode (current,
 * current with a parallel short, voltage, power, external resistance).
 *
 * Index-1 DAE: θ_s and c_e are differential, the rest algebraic, integrated with the BDF of
 * ../../numerics. φ_s = 0 at x = 0 (Dirichlet, fixes the potential gauge), i_s = i_app at x = L.
 * Kinetics: symmetric Butler–Volmer written as the overpotential balance
 *   φ_s − φ_e − U(θ_surf) − R_film i_n − (2RT/F) asinh(i_n / (2 i0)) = 0,
 * which stays well conditioned for nearly reversible kinetics (DUALFOIL's negative electrode).
 */
import { BdfIntegrator, BdfOptions, OdeEvent, OdeProblem, SparsityPattern, solveOde } from '../../numerics/bdf';
import type { CellLoad, CellModel, CellStepResult } from '../cell-model';
import { SphericalParticleMesh } from './particle';
import {
  CellParameters,
  effectiveSolidConductivity,
  electrodeCharge,
  faradayOf,
  gasConstantOf,
  specificArea,
  stoichiometriesAtSoc,
  stoichiometryWindow,
  validateCellParameters,
} from './parameters';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { asinh: mathAsinh, expm1: mathExpm1, log, max: mathMax, min: mathMin } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

export interface DfnMesh {
  negative: number;
  separator: number;
  positive: number;
  /** Shells per particle. */
  particle: number;
  /** Shell width ratio towards the surface (1 = uniform, PyBaMM default). */
  particleStretch?: number;
  /** Particle surface value: 'flux' (default, verified against DUALFOIL) or 'linear' (PyBaMM; starts under any short). */
  particleSurface?: 'flux' | 'linear';
}

/** PyBaMM's default_var_pts: 20 cells per x-domain and per particle (reference §1.6). */
export const DEFAULT_DFN_MESH: DfnMesh = { negative: 20, separator: 20, positive: 20, particle: 20 };

export interface ThermalLumped {
  kind: 'lumped';
  /** Heat capacity of the cell [J/K]. */
  heatCapacity: number;
  /** Total heat transfer conductance to ambient h·A [W/K]. */
  conductance: number;
  ambientTemperature: number;
  /** Operator-splitting interval [s] (default 5 s). */
  splitStep?: number;
}

export interface DfnSolveOptions {
  load: CellLoad;
  /** Duration [s]. */
  duration: number;
  /** Initial state: explicit stoichiometries, a state of charge, or a previous state vector. */
  initial: { x: number; y: number } | { soc: number } | { state: Float64Array };
  /** Cell (initial) temperature [K]; isothermal unless `thermal` is given. */
  temperature: number;
  thermal?: ThermalLumped;
  /** Record at these times [s] (default: every accepted step). */
  tEval?: number[];
  /** Stop at the voltage cut-offs (default true). */
  voltageCutoffs?: boolean;
  rtol?: number;
  atol?: number;
  maxStep?: number;
  maxSteps?: number;
  maxWallTimeMs?: number;
  now?: () => number;
}

export interface DfnSolution {
  status: 'completed' | 'event' | 'stopped' | 'failed';
  message: string;
  time: number[];
  voltage: number[];
  /** Cell current [A] (positive on discharge). */
  current: number[];
  temperature: number[];
  /** Volume-averaged stoichiometry of the negative (x) and positive (y) electrode. */
  negativeStoichiometry: number[];
  positiveStoichiometry: number[];
  /** Open-circuit voltage at the average stoichiometries (DUALFOIL's Uocp) [V]. */
  openCircuitVoltage: number[];
  /** Irreversible and reversible heat [W]. */
  heatIrreversible: number[];
  heatReversible: number[];
  /** Total lithium in solids + electrolyte per electrode area [mol/m²]. */
  lithium: number[];
  finalState: Float64Array;
  events: { name: string; t: number }[];
  stats: { steps: number; rhsEvaluations: number; jacobianEvaluations: number; factorizations: number; rejectedSteps: number };
}

/** A solution record with no samples yet, starting from state y0 (shared by the DFN and SPM/SPMe solves). */
export function emptySolution(y0: Float64Array): DfnSolution {
  return {
    status: 'completed',
    message: '',
    time: [],
    voltage: [],
    current: [],
    temperature: [],
    negativeStoichiometry: [],
    positiveStoichiometry: [],
    openCircuitVoltage: [],
    heatIrreversible: [],
    heatReversible: [],
    lithium: [],
    finalState: y0,
    events: [],
    stats: { steps: 0, rhsEvaluations: 0, jacobianEvaluations: 0, factorizations: 0, rejectedSteps: 0 },
  };
}

interface Layout {
  n: number;
  cells: number;
  /** 0 negative, 1 separator, 2 positive. */
  domain: Int8Array;
  dx: Float64Array;
  eps: Float64Array;
  brug: Float64Array;
  area: Float64Array;
  theta: Int32Array;
  iN: Int32Array;
  ce: Int32Array;
  pe: Int32Array;
  ps: Int32Array;
  iApp: number;
  bandwidth: number;
  firstPositive: number;
  lastNegative: number;
}

export class DfnModel {
  readonly params: CellParameters;
  readonly mesh: DfnMesh;
  readonly layout: Layout;
  readonly particleNeg: SphericalParticleMesh;
  readonly particlePos: SphericalParticleMesh;
  readonly massDiagonal: Float64Array;
  private readonly F: number;
  private readonly R: number;
  private readonly sigmaNeg: number;
  private readonly sigmaPos: number;
  // scratch (no allocation in rhs)
  private readonly ceAbs: Float64Array;
  private readonly De: Float64Array;
  private readonly ke: Float64Array;
  private readonly faceN: Float64Array;
  private readonly faceI: Float64Array;
  /** ε^b per x-cell (Bruggeman). */
  private readonly tortuosity: Float64Array;
  /** Temperature used by rhs [K]. */
  temperature = 298.15;
  /** Operating mode used by rhs. */
  load: CellLoad = { kind: 'current', current: 0 };

  constructor(params: CellParameters, mesh: DfnMesh = DEFAULT_DFN_MESH) {
    validateCellParameters(params);
    this.params = params;
    this.mesh = mesh;
    for (const k of ['negative', 'separator', 'positive', 'particle'] as const) {
      if (!(Number.isInteger(mesh[k]) && mesh[k] >= 2)) throw new Error(`DFN mesh: ${k} must be an integer >= 2 (got ${mesh[k]})`);
    }
    this.F = faradayOf(params);
    this.R = gasConstantOf(params);
    this.particleNeg = new SphericalParticleMesh(mesh.particle, params.negative.particleRadius, mesh.particleStretch ?? 1);
    this.particlePos = new SphericalParticleMesh(mesh.particle, params.positive.particleRadius, mesh.particleStretch ?? 1);
    this.particleNeg.surfaceMode = this.particlePos.surfaceMode = mesh.particleSurface ?? 'flux';
    this.sigmaNeg = effectiveSolidConductivity(params.negative);
    this.sigmaPos = effectiveSolidConductivity(params.positive);
    this.layout = this.buildLayout();
    const L = this.layout;
    this.massDiagonal = new Float64Array(L.n);
    for (let i = 0; i < L.cells; i++) {
      this.massDiagonal[L.ce[i]] = L.eps[i];
      if (L.domain[i] !== 1) for (let k = 0; k < mesh.particle; k++) this.massDiagonal[L.theta[i] + k] = 1;
    }
    this.ceAbs = new Float64Array(L.cells);
    this.De = new Float64Array(L.cells);
    this.ke = new Float64Array(L.cells);
    this.faceN = new Float64Array(L.cells);
    this.faceI = new Float64Array(L.cells);
    this.tortuosity = new Float64Array(L.cells);
    for (let i = 0; i < L.cells; i++) this.tortuosity[i] = L.eps[i] ** L.brug[i];
  }

  private buildLayout(): Layout {
    const { negative: nn, separator: ns, positive: np, particle: nr } = this.mesh;
    const p = this.params;
    const cells = nn + ns + np;
    const domain = new Int8Array(cells);
    const dx = new Float64Array(cells);
    const eps = new Float64Array(cells);
    const brug = new Float64Array(cells);
    const area = new Float64Array(cells);
    const theta = new Int32Array(cells).fill(-1);
    const iN = new Int32Array(cells).fill(-1);
    const ce = new Int32Array(cells);
    const pe = new Int32Array(cells);
    const ps = new Int32Array(cells).fill(-1);
    let off = 0;
    let maxBlock = 0;
    for (let i = 0; i < cells; i++) {
      const d = i < nn ? 0 : i < nn + ns ? 1 : 2;
      domain[i] = d;
      if (d === 0) {
        dx[i] = p.negative.thickness / nn;
        eps[i] = p.negative.porosity;
        brug[i] = p.negative.electrolyteBruggeman;
        area[i] = specificArea(p.negative);
      } else if (d === 1) {
        dx[i] = p.separator.thickness / ns;
        eps[i] = p.separator.porosity;
        brug[i] = p.separator.electrolyteBruggeman;
      } else {
        dx[i] = p.positive.thickness / np;
        eps[i] = p.positive.porosity;
        brug[i] = p.positive.electrolyteBruggeman;
        area[i] = specificArea(p.positive);
      }
      const start = off;
      if (d !== 1) {
        theta[i] = off;
        off += nr;
        iN[i] = off++;
      }
      ce[i] = off++;
      pe[i] = off++;
      if (d !== 1) ps[i] = off++;
      maxBlock = mathMax(maxBlock, off - start);
    }
    const iApp = off++;
    return { n: off, cells, domain, dx, eps, brug, area, theta, iN, ce, pe, ps, iApp, bandwidth: maxBlock + 1, firstPositive: nn + ns, lastNegative: nn - 1 };
  }

  /** Effective solid conductivities [S/m] (negative, positive). */
  get effectiveConductivities(): { negative: number; positive: number } {
    return { negative: this.sigmaNeg, positive: this.sigmaPos };
  }

  /** Terminal voltage φ_s(L) from the state [V]. */
  voltage(y: Float64Array): number {
    const L = this.layout;
    const last = L.cells - 1;
    return y[L.ps[last]] - (0.5 * L.dx[last] * y[L.iApp]) / this.sigmaPos;
  }

  /** Cell current [A] from the state. */
  current(y: Float64Array): number {
    return y[this.layout.iApp] * this.params.electrodeArea;
  }

  /** Surface stoichiometry of the particle in cell i. */
  surfaceStoichiometry(y: Float64Array, i: number): number {
    const L = this.layout;
    const neg = L.domain[i] === 0;
    const e = neg ? this.params.negative : this.params.positive;
    const pm = neg ? this.particleNeg : this.particlePos;
    const T = this.temperature;
    return pm.surface(y, L.theta[i], (s) => e.diffusivity(s, T), y[L.iN[i]] / (this.F * e.maxConcentration));
  }

  /** Volume-averaged stoichiometries of the two electrodes. */
  averageStoichiometries(y: Float64Array): { x: number; y: number } {
    const L = this.layout;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < L.cells; i++) {
      if (L.domain[i] === 0) sx += L.dx[i] * this.particleNeg.average(y, L.theta[i]);
      else if (L.domain[i] === 2) sy += L.dx[i] * this.particlePos.average(y, L.theta[i]);
    }
    return { x: sx / this.params.negative.thickness, y: sy / this.params.positive.thickness };
  }

  /** Total lithium per electrode area [mol/m²]: solids + electrolyte. */
  lithium(y: Float64Array): number {
    const L = this.layout;
    const p = this.params;
    const avg = this.averageStoichiometries(y);
    let li = p.negative.activeMaterialVolumeFraction * p.negative.thickness * p.negative.maxConcentration * avg.x;
    li += p.positive.activeMaterialVolumeFraction * p.positive.thickness * p.positive.maxConcentration * avg.y;
    const c0 = p.electrolyte.initialConcentration;
    for (let i = 0; i < L.cells; i++) li += L.eps[i] * L.dx[i] * c0 * y[L.ce[i]];
    return li;
  }

  /** Σ a i_n Δx over one electrode [A/m²]: equals +i_app (negative) and −i_app (positive). */
  reactionCurrent(y: Float64Array, domain: 0 | 2): number {
    const L = this.layout;
    let s = 0;
    for (let i = 0; i < L.cells; i++) if (L.domain[i] === domain) s += L.area[i] * y[L.iN[i]] * L.dx[i];
    return s;
  }

  /**
   * Heat [W]: irreversible = −Σ a i_n U Δx − V i_app (reaction + ohmic, by the energy identity of
   * reference §1.4 summed over x), reversible = Σ a i_n T dU/dT Δx; both times the electrode area.
   */
  heat(y: Float64Array): { irreversible: number; reversible: number } {
    const L = this.layout;
    const p = this.params;
    const T = this.temperature;
    let chem = 0;
    let rev = 0;
    for (let i = 0; i < L.cells; i++) {
      const d = L.domain[i];
      if (d === 1) continue;
      const e = d === 0 ? p.negative : p.positive;
      const s = this.surfaceStoichiometry(y, i);
      const w = L.area[i] * y[L.iN[i]] * L.dx[i];
      chem += w * e.ocp(s, T);
      if (e.entropicCoefficient) rev += w * T * e.entropicCoefficient(s);
    }
    const A = p.electrodeArea;
    return { irreversible: (-chem - this.voltage(y) * y[L.iApp]) * A, reversible: rev * A };
  }

  /** Consistent-ish initial state (algebraic parts are refined by the integrator). */
  initialState(x: number, yPos: number, T: number): Float64Array {
    const L = this.layout;
    const p = this.params;
    if (!(x > 0 && x < 1)) throw new Error(`cell '${p.name}': initial negative stoichiometry must be in (0, 1) (got ${x})`);
    if (!(yPos > 0 && yPos < 1)) throw new Error(`cell '${p.name}': initial positive stoichiometry must be in (0, 1) (got ${yPos})`);
    const s = new Float64Array(L.n);
    const un = p.negative.ocp(x, T);
    const up = p.positive.ocp(yPos, T);
    for (let i = 0; i < L.cells; i++) {
      s[L.ce[i]] = 1;
      s[L.pe[i]] = -un;
      if (L.domain[i] === 0) {
        for (let k = 0; k < this.mesh.particle; k++) s[L.theta[i] + k] = x;
        s[L.ps[i]] = 0;
      } else if (L.domain[i] === 2) {
        for (let k = 0; k < this.mesh.particle; k++) s[L.theta[i] + k] = yPos;
        s[L.ps[i]] = up - un;
      }
    }
    return s;
  }

  /** DAE right-hand side M y' = f(t, y) at `this.temperature` under `this.load`. */
  rhs(_t: number, y: Float64Array, f: Float64Array): void {
    const L = this.layout;
    const p = this.params;
    const T = this.temperature;
    const F = this.F;
    const c0 = p.electrolyte.initialConcentration;
    const tPlus = p.electrolyte.transferenceNumber;
    const kd = ((2 * this.R * T) / F) * (1 - tPlus) * p.electrolyte.thermodynamicFactor;
    const eta0 = (2 * this.R * T) / F;
    const { ceAbs, De, ke, faceN, faceI, layout, tortuosity } = this;
    const cells = layout.cells;
    // D_s once per call when it does not depend on stoichiometry (saves an Arrhenius exp per shell edge)
    const dNegConst = p.negative.diffusivityDependsOnStoichiometry === false ? p.negative.diffusivity(0.5, T) : NaN;
    const dPosConst = p.positive.diffusivityDependsOnStoichiometry === false ? p.positive.diffusivity(0.5, T) : NaN;
    for (let i = 0; i < cells; i++) {
      const c = y[L.ce[i]] * c0;
      ceAbs[i] = c;
      const tort = tortuosity[i];
      De[i] = tort * p.electrolyte.diffusivity(c, T);
      ke[i] = tort * p.electrolyte.conductivity(c, T);
    }
    for (let i = 0; i < cells - 1; i++) {
      const rD = L.dx[i] / (2 * De[i]) + L.dx[i + 1] / (2 * De[i + 1]);
      faceN[i] = -(ceAbs[i + 1] - ceAbs[i]) / rD;
      const rK = L.dx[i] / (2 * ke[i]) + L.dx[i + 1] / (2 * ke[i + 1]);
      faceI[i] = (-(y[L.pe[i + 1]] - y[L.pe[i]]) + kd * log(ceAbs[i + 1] / ceAbs[i])) / rK;
    }
    const iApp = y[L.iApp];
    for (let i = 0; i < cells; i++) {
      const d = L.domain[i];
      const nIn = i > 0 ? faceN[i - 1] : 0;
      const nOut = i < cells - 1 ? faceN[i] : 0;
      const ieIn = i > 0 ? faceI[i - 1] : 0;
      const ieOut = i < cells - 1 ? faceI[i] : 0;
      const dx = L.dx[i];
      if (d === 1) {
        f[L.ce[i]] = (nIn - nOut) / dx / c0;
        f[L.pe[i]] = (ieOut - ieIn) / dx;
        continue;
      }
      const e = d === 0 ? p.negative : p.positive;
      const pm = d === 0 ? this.particleNeg : this.particlePos;
      const a = L.area[i];
      const iN = y[L.iN[i]];
      f[L.ce[i]] = ((nIn - nOut) / dx + ((1 - tPlus) * a * iN) / F) / c0;
      f[L.pe[i]] = (ieOut - ieIn) / dx - a * iN;
      // solid phase: i_s = −σ_eff ∂φ_s/∂x
      const sigma = d === 0 ? this.sigmaNeg : this.sigmaPos;
      const phi = y[L.ps[i]];
      let isIn: number;
      let isOut: number;
      if (d === 0) {
        isIn = i === 0 ? (-sigma * (phi - 0)) / (0.5 * dx) : (-sigma * (phi - y[L.ps[i - 1]])) / dx;
        isOut = i === L.lastNegative ? 0 : (-sigma * (y[L.ps[i + 1]] - phi)) / dx;
      } else {
        isIn = i === L.firstPositive ? 0 : (-sigma * (phi - y[L.ps[i - 1]])) / dx;
        isOut = i === cells - 1 ? iApp : (-sigma * (y[L.ps[i + 1]] - phi)) / dx;
      }
      f[L.ps[i]] = (isOut - isIn) / dx + a * iN;
      // particle and kinetics
      const cmax = e.maxConcentration;
      const fluxOverCmax = iN / (F * cmax);
      const off = L.theta[i];
      const diff = d === 0 ? this.diffNeg : this.diffPos;
      pm.rates(y, off, f, off, diff, fluxOverCmax, d === 0 ? dNegConst : dPosConst);
      const sSurf = pm.surface(y, off, diff, fluxOverCmax);
      const sClamped = mathMin(mathMax(sSurf, 1e-9), 1 - 1e-9);
      const i0 = e.exchangeCurrentDensity(mathMax(ceAbs[i], 1e-9 * c0), sClamped * cmax, cmax, T);
      f[L.iN[i]] = phi - y[L.pe[i]] - e.ocp(sSurf, T) - (e.filmResistance ?? 0) * iN - eta0 * mathAsinh(iN / (2 * i0));
    }
    // operating mode closes i_app
    const V = y[L.ps[cells - 1]] - (0.5 * L.dx[cells - 1] * iApp) / this.sigmaPos;
    const A = p.electrodeArea;
    const load = this.load;
    switch (load.kind) {
      case 'current': {
        const rp = load.parallelResistance;
        f[L.iApp] = rp !== undefined && rp > 0 && Number.isFinite(rp) ? iApp * A - load.current - V / rp : iApp * A - load.current;
        break;
      }
      case 'voltage':
        f[L.iApp] = V - load.voltage;
        break;
      case 'power':
        f[L.iApp] = V * iApp * A - load.power;
        break;
      case 'resistance':
        f[L.iApp] = V - iApp * A * load.resistance;
        break;
    }
  }

  private readonly diffNeg = (s: number): number => this.params.negative.diffusivity(s, this.temperature);
  private readonly diffPos = (s: number): number => this.params.positive.diffusivity(s, this.temperature);

  private pattern: SparsityPattern | null = null;

  /**
   * Structural sparsity of ∂f/∂y, row by row from the stencils of `rhs` (a superset of the true
   * non-zeros). Verified against a dense finite-difference Jacobian in the unit tests.
   */
  sparsity(): SparsityPattern {
    if (this.pattern) return this.pattern;
    const L = this.layout;
    const nr = this.mesh.particle;
    const cols: number[][] = Array.from({ length: L.n }, () => []);
    const dep = (row: number, col: number) => {
      if (row >= 0 && col >= 0) cols[col].push(row);
    };
    const sameElectrode = (i: number, j: number) => j >= 0 && j < L.cells && L.domain[j] === L.domain[i];
    for (let i = 0; i < L.cells; i++) {
      const nb = [i - 1, i, i + 1].filter((j) => j >= 0 && j < L.cells);
      for (const j of nb) {
        dep(L.ce[i], L.ce[j]);
        dep(L.pe[i], L.pe[j]);
        dep(L.pe[i], L.ce[j]);
      }
      if (L.domain[i] === 1) continue;
      const th = L.theta[i];
      for (let k = 0; k < nr; k++) {
        for (const m of [k - 1, k, k + 1]) if (m >= 0 && m < nr) dep(th + k, th + m);
      }
      dep(th + nr - 1, L.iN[i]);
      dep(L.iN[i], th + nr - 1);
      dep(L.iN[i], th + nr - 2); // linear surface extrapolation
      dep(L.iN[i], L.iN[i]);
      dep(L.iN[i], L.ce[i]);
      dep(L.iN[i], L.pe[i]);
      dep(L.iN[i], L.ps[i]);
      dep(L.ce[i], L.iN[i]);
      dep(L.pe[i], L.iN[i]);
      dep(L.ps[i], L.iN[i]);
      for (const j of [i - 1, i, i + 1]) if (sameElectrode(i, j)) dep(L.ps[i], L.ps[j]);
    }
    const last = L.cells - 1;
    dep(L.ps[last], L.iApp);
    dep(L.iApp, L.ps[last]);
    dep(L.iApp, L.iApp);
    const columnStart = new Int32Array(L.n + 1);
    const rows: number[] = [];
    for (let j = 0; j < L.n; j++) {
      const uniq = Array.from(new Set(cols[j])).sort((a, b) => a - b);
      rows.push(...uniq);
      columnStart[j + 1] = rows.length;
    }
    this.pattern = { columnStart, rowIndex: Int32Array.from(rows) };
    return this.pattern;
  }

  /** The DAE as an OdeProblem (banded Jacobian by coloured finite differences over `sparsity()`). */
  problem(): OdeProblem {
    const bw = this.layout.bandwidth;
    return {
      size: this.layout.n,
      rhs: (t, y, out) => this.rhs(t, y, out),
      jacobian: { kind: 'banded', lower: bw, upper: bw, sparsity: this.sparsity() },
      massDiagonal: this.massDiagonal,
    };
  }

  /** Smallest/largest surface stoichiometry over the cells of one electrode. */
  surfaceExtremes(y: Float64Array, domain: 0 | 2): { min: number; max: number } {
    const L = this.layout;
    let min = INFINITY;
    let max = -INFINITY;
    for (let i = 0; i < L.cells; i++) {
      if (L.domain[i] !== domain) continue;
      const s = this.surfaceStoichiometry(y, i);
      if (s < min) min = s;
      if (s > max) max = s;
    }
    return { min, max };
  }

  /** Physical-limit events: electrode surface stoichiometry reaching 0 or 1, electrolyte depletion. */
  limitEvents(): OdeEvent[] {
    const L = this.layout;
    const tol = 1e-4;
    return [
      { name: 'negative electrode surface stoichiometry reached 0 (negative electrode depleted)', g: (_t, y) => this.surfaceExtremes(y, 0).min - tol, direction: -1, firesAtStart: true },
      { name: 'negative electrode surface stoichiometry reached 1 (negative electrode saturated, plating risk)', g: (_t, y) => 1 - tol - this.surfaceExtremes(y, 0).max, direction: -1, firesAtStart: true },
      { name: 'positive electrode surface stoichiometry reached 1 (positive electrode saturated)', g: (_t, y) => 1 - tol - this.surfaceExtremes(y, 2).max, direction: -1, firesAtStart: true },
      { name: 'positive electrode surface stoichiometry reached 0 (positive electrode depleted)', g: (_t, y) => this.surfaceExtremes(y, 2).min - tol, direction: -1, firesAtStart: true },
      {
        name: 'electrolyte concentration fell below 1 % of its initial value (electrolyte depleted)',
        g: (_t, y) => {
          let m = INFINITY;
          for (let i = 0; i < L.cells; i++) m = mathMin(m, y[L.ce[i]]);
          return m - 1e-2;
        },
        direction: -1,
        firesAtStart: true,
      },
    ];
  }

  /** Default tolerances: per-component absolute tolerances on the scaled unknowns. */
  tolerances(rtol = 1e-6, atol = 1e-8): { rtol: number; atol: Float64Array } {
    const a = new Float64Array(this.layout.n).fill(atol);
    return { rtol, atol: a };
  }

  /**
   * Natural-parameter continuation of the consistent algebraic state towards a hard load: the
   * external resistance is approached from 2^12 × R (a current load from I / 2^12) in halving
   * stages, each initialised from the previous one. Returns the consistent state for `load`, or
   * null if a stage fails. Leaves `this.load` set to `load`.
   */
  private continueToLoad(y: Float64Array, load: CellLoad, t0: number, options: BdfOptions): { state: Float64Array | null; reached?: string } {
    if (load.kind !== 'resistance' && load.kind !== 'current') return { state: null };
    let state = Float64Array.from(y);
    let ok = false;
    let reached: string | undefined;
    for (let m = 12; m >= 0; m--) {
      const f = 2 ** m;
      this.load = load.kind === 'resistance' ? { kind: 'resistance', resistance: load.resistance * f } : { ...load, current: load.current / f };
      if (load.kind === 'current') state[this.layout.iApp] = load.current / f / this.params.electrodeArea;
      try {
        const integ = new BdfIntegrator(this.problem(), t0, state, { rtol: options.rtol, atol: options.atol });
        state = Float64Array.from(integ.y);
        ok = true;
        const sn = this.surfaceExtremes(state, 0).min;
        const sp = this.surfaceExtremes(state, 2).max;
        reached =
          `a consistent state exists up to ${load.kind === 'resistance' ? `a ${(load.resistance * f).toExponential(2)} Ohm load` : `${(load.current / f).toExponential(2)} A`} ` +
          `(${(this.current(state) / this.params.electrodeArea).toFixed(0)} A/m², negative surface stoichiometry ${sn.toFixed(3)}, positive ${sp.toFixed(3)}): ` +
          'beyond it the particle surfaces cannot supply the current (solid-diffusion limit at t = 0)';
      } catch {
        if (!ok) continue; // a start further away may fail; keep halving
        this.load = load;
        return { state: null, reached };
      }
    }
    this.load = load;
    return { state: ok ? state : null, reached };
  }

  /** Solves one operating segment; never throws on numerical failure (status 'failed' + message with t). */
  solve(o: DfnSolveOptions): DfnSolution {
    const p = this.params;
    let y0: Float64Array;
    if ('state' in o.initial) {
      if (o.initial.state.length !== this.layout.n) throw new Error(`DFN: initial state has ${o.initial.state.length} entries, expected ${this.layout.n}`);
      y0 = Float64Array.from(o.initial.state);
    } else {
      const st = 'soc' in o.initial ? stoichiometriesAtSoc(p, o.initial.soc) : o.initial;
      y0 = this.initialState(st.x, st.y, o.temperature);
    }
    this.temperature = o.temperature;
    this.load = o.load;
    if (o.load.kind === 'current') y0[this.layout.iApp] = o.load.current / p.electrodeArea;
    const tol = this.tolerances(o.rtol, o.atol);
    const events: OdeEvent[] = this.limitEvents();
    if (o.voltageCutoffs !== false) {
      events.push({ name: `voltage reached the lower cut-off ${p.lowerVoltageCutoff} V`, g: (_t, y) => this.voltage(y) - p.lowerVoltageCutoff, direction: -1, firesAtStart: true });
      events.push({ name: `voltage reached the upper cut-off ${p.upperVoltageCutoff} V`, g: (_t, y) => this.voltage(y) - p.upperVoltageCutoff, direction: 1, firesAtStart: true });
    }
    const sol = emptySolution(y0);
    const record = (t: number, y: Float64Array) => {
      const avg = this.averageStoichiometries(y);
      const h = this.heat(y);
      sol.time.push(t);
      sol.voltage.push(this.voltage(y));
      sol.current.push(this.current(y));
      sol.temperature.push(this.temperature);
      sol.negativeStoichiometry.push(avg.x);
      sol.positiveStoichiometry.push(avg.y);
      sol.openCircuitVoltage.push(p.positive.ocp(avg.y, this.temperature) - p.negative.ocp(avg.x, this.temperature));
      sol.heatIrreversible.push(h.irreversible);
      sol.heatReversible.push(h.reversible);
      sol.lithium.push(this.lithium(y));
    };
    const baseOptions: BdfOptions = {
      rtol: tol.rtol,
      atol: tol.atol,
      maxStep: o.maxStep,
      maxSteps: o.maxSteps,
      maxWallTimeMs: o.maxWallTimeMs,
      now: o.now,
      events,
    };
    const addStats = (s: { steps: number; rhsEvaluations: number; jacobianEvaluations: number; factorizations: number; rejectedSteps: number }) => {
      sol.stats.steps += s.steps;
      sol.stats.rhsEvaluations += s.rhsEvaluations;
      sol.stats.jacobianEvaluations += s.jacobianEvaluations;
      sol.stats.factorizations += s.factorizations;
      sol.stats.rejectedSteps += s.rejectedSteps;
    };
    let initError: string | null = null;
    const tryRun = (span: [number, number], y: Float64Array, tEval?: number[]) => {
      try {
        return solveOde(this.problem(), span, y, { ...baseOptions, tEval });
      } catch (err) {
        // A hard load (a dead short) can be too far from the initial guess for Newton: continue
        // from a gentler load to the requested one, then retry once.
        const c = this.continueToLoad(y, o.load, span[0], baseOptions);
        if (c.state) {
          try {
            return solveOde(this.problem(), span, c.state, { ...baseOptions, tEval });
          } catch {
            /* fall through to the original message */
          }
        }
        initError = `DFN failed at t=${span[0]}: ${(err as Error).message}${c.reached ? `; ${c.reached}` : ''}`;
        return null;
      }
    };
    if (!o.thermal) {
      const r = tryRun([0, o.duration], y0, o.tEval);
      if (!r) {
        sol.status = 'failed';
        sol.message = initError ?? 'DFN failed';
        return sol;
      }
      r.t.forEach((t, k) => record(t, r.y[k]));
      addStats(r.stats);
      sol.status = r.status;
      sol.message = r.message;
      sol.finalState = r.yFinal;
      sol.events = r.events.map((e) => ({ name: e.name, t: e.t }));
      return sol;
    }
    // lumped thermal by first-order operator splitting: isothermal DFN over each split interval,
    // then C dT/dt = Q − hA (T − T_amb) advanced exactly with Q held at the interval average.
    const th = o.thermal;
    const split = th.splitStep ?? 5;
    let t = 0;
    let y = y0;
    while (t < o.duration - 1e-12) {
      const t1 = mathMin(o.duration, t + split);
      const r = tryRun([t, t1], y);
      if (!r) {
        sol.status = 'failed';
        sol.message = initError ?? 'DFN failed';
        sol.finalState = y;
        return sol;
      }
      addStats(r.stats);
      // heat at the start of the interval from the consistent (initialised) state
      const q0 = this.heat(r.y[0]);
      if (t === 0) record(0, r.y[0]);
      y = r.yFinal;
      const q1 = this.heat(y);
      const q = 0.5 * (q0.irreversible + q0.reversible + q1.irreversible + q1.reversible);
      const dt = r.tFinal - t;
      // exact for constant Q: T ← T + (Q − G (T − T_amb))/G · (1 − e^(−G dt/C)), written with expm1
      // so that an (almost) adiabatic cell (G → 0) does not lose precision
      const G = th.conductance;
      const drive = q - G * (this.temperature - th.ambientTemperature);
      this.temperature += G > 0 ? (drive / G) * -mathExpm1((-G * dt) / th.heatCapacity) : (drive * dt) / th.heatCapacity;
      t = r.tFinal;
      record(t, y);
      if (r.status !== 'completed') {
        sol.status = r.status;
        sol.message = r.message;
        sol.events = r.events.map((e) => ({ name: e.name, t: e.t }));
        sol.finalState = y;
        return sol;
      }
    }
    sol.message = `reached t=${t}`;
    sol.finalState = y;
    return sol;
  }
}

export interface DfnState {
  y: Float64Array;
}

/**
 * The DFN behind the CellModel interface. Each `step` restarts the BDF at the current state
 * (loads change between steps) and integrates to dt with the physical-limit events.
 */
export class DfnCellModel implements CellModel<DfnState> {
  readonly kind = 'dfn';
  readonly nominalCapacityAh: number;
  readonly model: DfnModel;
  constructor(
    params: CellParameters,
    mesh: DfnMesh = DEFAULT_DFN_MESH,
    private readonly options: { rtol?: number; atol?: number; maxSteps?: number } = {},
  ) {
    this.model = new DfnModel(params, mesh);
    this.nominalCapacityAh = params.nominalCapacityAh;
  }

  initialState(stateOfCharge: number, temperatureK: number): DfnState {
    const st = stoichiometriesAtSoc(this.model.params, stateOfCharge);
    return { y: this.model.initialState(st.x, st.y, temperatureK) };
  }

  cloneState(state: DfnState): DfnState {
    return { y: Float64Array.from(state.y) };
  }

  private window: { x0: number; x100: number } | null = null;

  /** SOC from the average negative stoichiometry within the card's window. */
  stateOfCharge(state: DfnState): number {
    if (!this.window) this.window = stoichiometryWindow(this.model.params);
    const x = this.model.averageStoichiometries(state.y).x;
    return (x - this.window.x0) / (this.window.x100 - this.window.x0);
  }

  step(state: DfnState, dt: number, load: CellLoad, temperatureK: number): CellStepResult {
    const m = this.model;
    const r = m.solve({ load, duration: dt, initial: { state: state.y }, temperature: temperatureK, voltageCutoffs: false, rtol: this.options.rtol ?? 1e-5, atol: this.options.atol, maxSteps: this.options.maxSteps ?? 20000 });
    const n = r.time.length;
    let heatIrr = 0;
    let heatRev = 0;
    if (n >= 2) {
      for (let k = 1; k < n; k++) {
        const h = r.time[k] - r.time[k - 1];
        heatIrr += 0.5 * h * (r.heatIrreversible[k] + r.heatIrreversible[k - 1]);
        heatRev += 0.5 * h * (r.heatReversible[k] + r.heatReversible[k - 1]);
      }
      const span = r.time[n - 1] - r.time[0];
      heatIrr /= span || 1;
      heatRev /= span || 1;
    }
    if (r.status !== 'failed') state.y.set(r.finalState);
    const y = state.y;
    const V = m.voltage(y);
    const I = m.current(y);
    const shortCurrent = load.kind === 'current' && load.parallelResistance ? V / load.parallelResistance : 0;
    const avg = m.averageStoichiometries(y);
    const res: CellStepResult = {
      voltage: V,
      current: I,
      shortCurrent,
      openCircuitVoltage: m.params.positive.ocp(avg.y, temperatureK) - m.params.negative.ocp(avg.x, temperatureK),
      stateOfCharge: this.stateOfCharge(state),
      heat: { irreversible: heatIrr, reversible: heatRev },
    };
    if (r.status === 'failed' || r.status === 'event') res.limit = r.message;
    return res;
  }
}

/** Charge capacity of the electrodes per area [C/m²] — convenience for SOC windows and checks. */
export function electrodeCapacities(p: CellParameters): { negative: number; positive: number } {
  const F = faradayOf(p);
  return { negative: electrodeCharge(p.negative, F), positive: electrodeCharge(p.positive, F) };
}
