/**
 * Single-particle models behind the CellModel interface (issue 5), reference electrochemistry.md §1.3:
 *
 * SPM  (PyBaMM basic_spm.py): one particle per electrode driven by the x-averaged interfacial
 *      current j_n = i/(a_n L_n), j_p = −i/(a_p L_p); c_e ≡ c_e0;
 *      V = U_p(θ_p,surf) − U_n(θ_n,surf) + η_p − η_n, η = (2RT/F) asinh(j/(2 i0)) (+ film drop).
 * SPMe (Marquis, Sulzer, Timms, Please, Chapman, JES 166 (2019) A3693; PyBaMM spme.py): SPM particles
 *      plus the full electrolyte diffusion equation in x with the x-averaged reaction source, and
 *      voltage corrections evaluated from the x-resolved c_e ("composite" form):
 *      V = U_p − U_n + η̄_p − η̄_n + Δφ_e,conc + Δφ_e,ohm + Δφ_s, where
 *        η̄_k     = x-average of (2RT/F) asinh(j_k / (2 i0(c_e(x))))
 *        Δφ_e,conc = (2RT/F)(1 − t+)χ (⟨ln c_e⟩_p − ⟨ln c_e⟩_n)
 *        Δφ_e,ohm  = ⟨φ_e,ohm⟩_p − ⟨φ_e,ohm⟩_n,  φ_e,ohm(x) = −∫_0^x i_e/κ_eff dx, i_e piecewise linear
 *        Δφ_s     = −i (L_n/(3σ_n,eff) + L_p/(3σ_p,eff)).
 *
 * Unknowns: θ_n[Nr], θ_p[Nr], (SPMe) ĉ_e[N], and the algebraic cell current density i_app closed by
 * the operating mode (as in the DFN), so current, voltage, power and resistance loads all work.
 */
import { BdfOptions, OdeEvent, OdeProblem, SparsityPattern, solveOde } from '../../numerics/bdf';
import type { CellLoad, CellModel, CellStepResult } from '../cell-model';
import { emptySolution, type DfnSolution } from './dfn';
import { SphericalParticleMesh } from './particle';
import {
  CellParameters,
  effectiveSolidConductivity,
  faradayOf,
  gasConstantOf,
  specificArea,
  stoichiometriesAtSoc,
  stoichiometryWindow,
  validateCellParameters,
} from './parameters';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { asinh: mathAsinh, log, max, min } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

export type SpmKind = 'spm' | 'spme';

export interface SpmMesh {
  /** Shells per particle. */
  particle: number;
  /** x-cells per domain (SPMe only). */
  negative: number;
  separator: number;
  positive: number;
}

export const DEFAULT_SPM_MESH: SpmMesh = { particle: 20, negative: 20, separator: 20, positive: 20 };

export interface SpmSolveOptions {
  load: CellLoad;
  duration: number;
  initial: { x: number; y: number } | { soc: number } | { state: Float64Array };
  temperature: number;
  tEval?: number[];
  voltageCutoffs?: boolean;
  rtol?: number;
  atol?: number;
  maxStep?: number;
  maxSteps?: number;
  maxWallTimeMs?: number;
  now?: () => number;
}

export class SpmModel {
  readonly kind: SpmKind;
  readonly params: CellParameters;
  readonly mesh: SpmMesh;
  readonly n: number;
  readonly particleNeg: SphericalParticleMesh;
  readonly particlePos: SphericalParticleMesh;
  readonly massDiagonal: Float64Array;
  temperature = 298.15;
  load: CellLoad = { kind: 'current', current: 0 };
  private readonly F: number;
  private readonly R: number;
  private readonly aLn: number;
  private readonly aLp: number;
  private readonly cells: number;
  private readonly dx: Float64Array;
  private readonly eps: Float64Array;
  private readonly brug: Float64Array;
  private readonly domain: Int8Array;
  private readonly ceOffset: number;
  readonly iApp: number;
  private readonly solidOhmic: number;
  private readonly De: Float64Array;
  private pattern: SparsityPattern | null = null;

  constructor(kind: SpmKind, params: CellParameters, mesh: SpmMesh = DEFAULT_SPM_MESH) {
    validateCellParameters(params);
    this.kind = kind;
    this.params = params;
    this.mesh = mesh;
    this.F = faradayOf(params);
    this.R = gasConstantOf(params);
    const nr = mesh.particle;
    this.particleNeg = new SphericalParticleMesh(nr, params.negative.particleRadius);
    this.particlePos = new SphericalParticleMesh(nr, params.positive.particleRadius);
    this.aLn = specificArea(params.negative) * params.negative.thickness;
    this.aLp = specificArea(params.positive) * params.positive.thickness;
    this.cells = kind === 'spme' ? mesh.negative + mesh.separator + mesh.positive : 0;
    this.dx = new Float64Array(this.cells);
    this.eps = new Float64Array(this.cells);
    this.brug = new Float64Array(this.cells);
    this.domain = new Int8Array(this.cells);
    for (let i = 0; i < this.cells; i++) {
      const d = i < mesh.negative ? 0 : i < mesh.negative + mesh.separator ? 1 : 2;
      this.domain[i] = d;
      const region = d === 0 ? params.negative : d === 1 ? params.separator : params.positive;
      const count = d === 0 ? mesh.negative : d === 1 ? mesh.separator : mesh.positive;
      this.dx[i] = region.thickness / count;
      this.eps[i] = region.porosity;
      this.brug[i] = region.electrolyteBruggeman;
    }
    this.ceOffset = 2 * nr;
    this.iApp = 2 * nr + this.cells;
    this.n = this.iApp + 1;
    this.massDiagonal = new Float64Array(this.n);
    for (let k = 0; k < 2 * nr; k++) this.massDiagonal[k] = 1;
    for (let i = 0; i < this.cells; i++) this.massDiagonal[this.ceOffset + i] = this.eps[i];
    this.solidOhmic = params.negative.thickness / (3 * effectiveSolidConductivity(params.negative)) + params.positive.thickness / (3 * effectiveSolidConductivity(params.positive));
    this.De = new Float64Array(this.cells);
  }

  private readonly diffNeg = (s: number): number => this.params.negative.diffusivity(s, this.temperature);
  private readonly diffPos = (s: number): number => this.params.positive.diffusivity(s, this.temperature);

  initialState(x: number, y: number): Float64Array {
    if (!(x > 0 && x < 1)) throw new Error(`cell '${this.params.name}': initial negative stoichiometry must be in (0, 1) (got ${x})`);
    if (!(y > 0 && y < 1)) throw new Error(`cell '${this.params.name}': initial positive stoichiometry must be in (0, 1) (got ${y})`);
    const s = new Float64Array(this.n);
    const nr = this.mesh.particle;
    for (let k = 0; k < nr; k++) {
      s[k] = x;
      s[nr + k] = y;
    }
    for (let i = 0; i < this.cells; i++) s[this.ceOffset + i] = 1;
    return s;
  }

  surfaceStoichiometries(y: Float64Array): { negative: number; positive: number } {
    const i = y[this.iApp];
    const p = this.params;
    return {
      negative: this.particleNeg.surface(y, 0, this.diffNeg, i / this.aLn / (this.F * p.negative.maxConcentration)),
      positive: this.particlePos.surface(y, this.mesh.particle, this.diffPos, -i / this.aLp / (this.F * p.positive.maxConcentration)),
    };
  }

  averageStoichiometries(y: Float64Array): { x: number; y: number } {
    return { x: this.particleNeg.average(y, 0), y: this.particlePos.average(y, this.mesh.particle) };
  }

  /** Terminal voltage [V] from the state (SPM or SPMe expression above). */
  voltage(y: Float64Array): number {
    const p = this.params;
    const T = this.temperature;
    const F = this.F;
    const i = y[this.iApp];
    const surf = this.surfaceStoichiometries(y);
    const jn = i / this.aLn;
    const jp = -i / this.aLp;
    const eta0 = (2 * this.R * T) / F;
    const c0 = p.electrolyte.initialConcentration;
    const clampS = (s: number) => min(max(s, 1e-9), 1 - 1e-9);
    const csn = clampS(surf.negative) * p.negative.maxConcentration;
    const csp = clampS(surf.positive) * p.positive.maxConcentration;
    let etaN: number;
    let etaP: number;
    let dPhiE = 0;
    if (this.kind === 'spm') {
      etaN = eta0 * mathAsinh(jn / (2 * p.negative.exchangeCurrentDensity(c0, csn, p.negative.maxConcentration, T)));
      etaP = eta0 * mathAsinh(jp / (2 * p.positive.exchangeCurrentDensity(c0, csp, p.positive.maxConcentration, T)));
    } else {
      // x-averaged overpotentials with the local c_e, and the electrolyte potential differences
      const kd = eta0 * (1 - p.electrolyte.transferenceNumber) * p.electrolyte.thermodynamicFactor;
      let sumEtaN = 0;
      let sumEtaP = 0;
      let lnN = 0;
      let lnP = 0;
      let phiN = 0;
      let phiP = 0;
      let phi = 0; // ohmic φ_e at the current cell centre (φ_e,ohm(0) = 0)
      let x = 0;
      const Ln = p.negative.thickness;
      const Lp = p.positive.thickness;
      const L = Ln + p.separator.thickness + Lp;
      const ieAt = (xx: number) => (xx <= Ln ? (i * xx) / Ln : xx >= L - Lp ? (i * (L - xx)) / Lp : i);
      let xPrev = 0;
      let gPrev = 0; // −i_e/κ_eff at xPrev
      for (let c = 0; c < this.cells; c++) {
        const ce = max(y[this.ceOffset + c], 1e-9) * c0;
        const xc = x + 0.5 * this.dx[c];
        const kEff = this.eps[c] ** this.brug[c] * p.electrolyte.conductivity(ce, T);
        const g = -ieAt(xc) / kEff;
        phi += 0.5 * (g + (c === 0 ? g : gPrev)) * (xc - xPrev);
        xPrev = xc;
        gPrev = g;
        const d = this.domain[c];
        if (d === 0) {
          sumEtaN += this.dx[c] * eta0 * mathAsinh(jn / (2 * p.negative.exchangeCurrentDensity(ce, csn, p.negative.maxConcentration, T)));
          lnN += this.dx[c] * log(ce);
          phiN += this.dx[c] * phi;
        } else if (d === 2) {
          sumEtaP += this.dx[c] * eta0 * mathAsinh(jp / (2 * p.positive.exchangeCurrentDensity(ce, csp, p.positive.maxConcentration, T)));
          lnP += this.dx[c] * log(ce);
          phiP += this.dx[c] * phi;
        }
        x += this.dx[c];
      }
      etaN = sumEtaN / Ln;
      etaP = sumEtaP / Lp;
      dPhiE = kd * (lnP / Lp - lnN / Ln) + (phiP / Lp - phiN / Ln);
    }
    const film = (p.negative.filmResistance ?? 0) * jn - (p.positive.filmResistance ?? 0) * jp;
    const dPhiS = this.kind === 'spme' ? -i * this.solidOhmic : 0;
    return p.positive.ocp(surf.positive, T) - p.negative.ocp(surf.negative, T) + etaP - etaN - film + dPhiE + dPhiS;
  }

  rhs(_t: number, y: Float64Array, f: Float64Array): void {
    const p = this.params;
    const T = this.temperature;
    const F = this.F;
    const i = y[this.iApp];
    const nr = this.mesh.particle;
    const dNegConst = p.negative.diffusivityDependsOnStoichiometry === false ? p.negative.diffusivity(0.5, T) : NaN;
    const dPosConst = p.positive.diffusivityDependsOnStoichiometry === false ? p.positive.diffusivity(0.5, T) : NaN;
    this.particleNeg.rates(y, 0, f, 0, this.diffNeg, i / this.aLn / (F * p.negative.maxConcentration), dNegConst);
    this.particlePos.rates(y, nr, f, nr, this.diffPos, -i / this.aLp / (F * p.positive.maxConcentration), dPosConst);
    if (this.kind === 'spme') {
      const c0 = p.electrolyte.initialConcentration;
      const tPlus = p.electrolyte.transferenceNumber;
      const De = this.De;
      for (let c = 0; c < this.cells; c++) {
        const ce = y[this.ceOffset + c] * c0;
        De[c] = this.eps[c] ** this.brug[c] * p.electrolyte.diffusivity(ce, T);
      }
      let fluxIn = 0;
      for (let c = 0; c < this.cells; c++) {
        let fluxOut = 0;
        if (c < this.cells - 1) {
          const r = this.dx[c] / (2 * De[c]) + this.dx[c + 1] / (2 * De[c + 1]);
          fluxOut = (-(y[this.ceOffset + c + 1] - y[this.ceOffset + c]) * c0) / r;
        }
        const d = this.domain[c];
        const src = d === 0 ? ((1 - tPlus) * i) / (F * p.negative.thickness) : d === 2 ? (-(1 - tPlus) * i) / (F * p.positive.thickness) : 0;
        f[this.ceOffset + c] = ((fluxIn - fluxOut) / this.dx[c] + src) / c0;
        fluxIn = fluxOut;
      }
    }
    const A = p.electrodeArea;
    const load = this.load;
    switch (load.kind) {
      case 'current': {
        const rp = load.parallelResistance;
        f[this.iApp] = rp !== undefined && rp > 0 && Number.isFinite(rp) ? i * A - load.current - this.voltage(y) / rp : i * A - load.current;
        break;
      }
      case 'voltage':
        f[this.iApp] = this.voltage(y) - load.voltage;
        break;
      case 'power':
        f[this.iApp] = this.voltage(y) * i * A - load.power;
        break;
      case 'resistance':
        f[this.iApp] = this.voltage(y) - i * A * load.resistance;
        break;
    }
  }

  /** Structural sparsity (particles tridiagonal, electrolyte tridiagonal, i_app couples to all). */
  sparsity(): SparsityPattern {
    if (this.pattern) return this.pattern;
    const n = this.n;
    const nr = this.mesh.particle;
    const cols: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
    const dep = (row: number, col: number) => cols[col].add(row);
    for (const off of [0, nr]) for (let k = 0; k < nr; k++) for (const m of [k - 1, k, k + 1]) if (m >= 0 && m < nr) dep(off + k, off + m);
    dep(nr - 1, this.iApp);
    dep(2 * nr - 1, this.iApp);
    for (let c = 0; c < this.cells; c++) {
      for (const m of [c - 1, c, c + 1]) if (m >= 0 && m < this.cells) dep(this.ceOffset + c, this.ceOffset + m);
      dep(this.ceOffset + c, this.iApp);
      dep(this.iApp, this.ceOffset + c);
    }
    dep(this.iApp, nr - 1);
    dep(this.iApp, 2 * nr - 1);
    dep(this.iApp, this.iApp);
    const columnStart = new Int32Array(n + 1);
    const rows: number[] = [];
    for (let j = 0; j < n; j++) {
      rows.push(...Array.from(cols[j]).sort((a, b) => a - b));
      columnStart[j + 1] = rows.length;
    }
    this.pattern = { columnStart, rowIndex: Int32Array.from(rows) };
    return this.pattern;
  }

  problem(): OdeProblem {
    return { size: this.n, rhs: (t, y, out) => this.rhs(t, y, out), jacobian: { kind: 'dense', sparsity: this.sparsity() }, massDiagonal: this.massDiagonal };
  }

  heat(y: Float64Array): { irreversible: number; reversible: number } {
    const p = this.params;
    const T = this.temperature;
    const surf = this.surfaceStoichiometries(y);
    const I = y[this.iApp] * p.electrodeArea;
    const ocvSurf = p.positive.ocp(surf.positive, T) - p.negative.ocp(surf.negative, T);
    const dn = p.negative.entropicCoefficient ? p.negative.entropicCoefficient(surf.negative) : 0;
    const dp = p.positive.entropicCoefficient ? p.positive.entropicCoefficient(surf.positive) : 0;
    return { irreversible: I * (ocvSurf - this.voltage(y)), reversible: I * T * (dn - dp) };
  }

  limitEvents(): OdeEvent[] {
    const tol = 1e-4;
    const ev: OdeEvent[] = [
      { name: 'negative electrode surface stoichiometry reached 0 (negative electrode depleted)', g: (_t, y) => this.surfaceStoichiometries(y).negative - tol, direction: -1, firesAtStart: true },
      { name: 'negative electrode surface stoichiometry reached 1 (negative electrode saturated, plating risk)', g: (_t, y) => 1 - tol - this.surfaceStoichiometries(y).negative, direction: -1, firesAtStart: true },
      { name: 'positive electrode surface stoichiometry reached 1 (positive electrode saturated)', g: (_t, y) => 1 - tol - this.surfaceStoichiometries(y).positive, direction: -1, firesAtStart: true },
      { name: 'positive electrode surface stoichiometry reached 0 (positive electrode depleted)', g: (_t, y) => this.surfaceStoichiometries(y).positive - tol, direction: -1, firesAtStart: true },
    ];
    if (this.kind === 'spme')
      ev.push({
        name: 'electrolyte concentration fell below 1 % of its initial value (electrolyte depleted)',
        g: (_t, y) => {
          let m = INFINITY;
          for (let c = 0; c < this.cells; c++) m = min(m, y[this.ceOffset + c]);
          return m - 1e-2;
        },
        direction: -1,
        firesAtStart: true,
      });
    return ev;
  }

  solve(o: SpmSolveOptions): DfnSolution {
    const p = this.params;
    let y0: Float64Array;
    if ('state' in o.initial) {
      if (o.initial.state.length !== this.n) throw new Error(`${this.kind.toUpperCase()}: initial state has ${o.initial.state.length} entries, expected ${this.n}`);
      y0 = Float64Array.from(o.initial.state);
    } else {
      const st = 'soc' in o.initial ? stoichiometriesAtSoc(p, o.initial.soc) : o.initial;
      y0 = this.initialState(st.x, st.y);
    }
    this.temperature = o.temperature;
    this.load = o.load;
    if (o.load.kind === 'current') y0[this.iApp] = o.load.current / p.electrodeArea;
    const events = this.limitEvents();
    if (o.voltageCutoffs !== false) {
      events.push({ name: `voltage reached the lower cut-off ${p.lowerVoltageCutoff} V`, g: (_t, y) => this.voltage(y) - p.lowerVoltageCutoff, direction: -1, firesAtStart: true });
      events.push({ name: `voltage reached the upper cut-off ${p.upperVoltageCutoff} V`, g: (_t, y) => this.voltage(y) - p.upperVoltageCutoff, direction: 1, firesAtStart: true });
    }
    const options: BdfOptions = { rtol: o.rtol ?? 1e-6, atol: o.atol ?? 1e-8, maxStep: o.maxStep, maxSteps: o.maxSteps, maxWallTimeMs: o.maxWallTimeMs, now: o.now, events, tEval: o.tEval };
    const sol = emptySolution(y0);
    let r;
    try {
      r = solveOde(this.problem(), [0, o.duration], y0, options);
    } catch (err) {
      sol.status = 'failed';
      sol.message = `${this.kind.toUpperCase()} failed at t=0: ${(err as Error).message}`;
      return sol;
    }
    const c0 = p.electrolyte.initialConcentration;
    r.t.forEach((t, k) => {
      const y = r.y[k];
      const avg = this.averageStoichiometries(y);
      const h = this.heat(y);
      sol.time.push(t);
      sol.voltage.push(this.voltage(y));
      sol.current.push(y[this.iApp] * p.electrodeArea);
      sol.temperature.push(this.temperature);
      sol.negativeStoichiometry.push(avg.x);
      sol.positiveStoichiometry.push(avg.y);
      sol.openCircuitVoltage.push(p.positive.ocp(avg.y, this.temperature) - p.negative.ocp(avg.x, this.temperature));
      sol.heatIrreversible.push(h.irreversible);
      sol.heatReversible.push(h.reversible);
      let li = p.negative.activeMaterialVolumeFraction * p.negative.thickness * p.negative.maxConcentration * avg.x;
      li += p.positive.activeMaterialVolumeFraction * p.positive.thickness * p.positive.maxConcentration * avg.y;
      if (this.kind === 'spme') for (let c = 0; c < this.cells; c++) li += this.eps[c] * this.dx[c] * c0 * y[this.ceOffset + c];
      else li += (p.negative.porosity * p.negative.thickness + p.separator.porosity * p.separator.thickness + p.positive.porosity * p.positive.thickness) * c0;
      sol.lithium.push(li);
    });
    sol.status = r.status;
    sol.message = r.message;
    sol.finalState = r.yFinal;
    sol.events = r.events.map((e) => ({ name: e.name, t: e.t }));
    sol.stats = { steps: r.stats.steps, rhsEvaluations: r.stats.rhsEvaluations, jacobianEvaluations: r.stats.jacobianEvaluations, factorizations: r.stats.factorizations, rejectedSteps: r.stats.rejectedSteps };
    return sol;
  }
}

export interface SpmState {
  y: Float64Array;
}

/** SPM / SPMe behind the CellModel interface (each step restarts the BDF at the current state). */
export class SpmCellModel implements CellModel<SpmState> {
  readonly kind: SpmKind;
  readonly nominalCapacityAh: number;
  readonly model: SpmModel;
  private window: { x0: number; x100: number } | null = null;
  constructor(kind: SpmKind, params: CellParameters, mesh: SpmMesh = DEFAULT_SPM_MESH) {
    this.kind = kind;
    this.model = new SpmModel(kind, params, mesh);
    this.nominalCapacityAh = params.nominalCapacityAh;
  }
  initialState(stateOfCharge: number, _temperatureK: number): SpmState {
    const st = stoichiometriesAtSoc(this.model.params, stateOfCharge);
    return { y: this.model.initialState(st.x, st.y) };
  }
  cloneState(state: SpmState): SpmState {
    return { y: Float64Array.from(state.y) };
  }
  stateOfCharge(state: SpmState): number {
    if (!this.window) this.window = stoichiometryWindow(this.model.params);
    const x = this.model.averageStoichiometries(state.y).x;
    return (x - this.window.x0) / (this.window.x100 - this.window.x0);
  }
  step(state: SpmState, dt: number, load: CellLoad, temperatureK: number): CellStepResult {
    const m = this.model;
    const r = m.solve({ load, duration: dt, initial: { state: state.y }, temperature: temperatureK, voltageCutoffs: false, rtol: 1e-5, maxSteps: 20000 });
    let qi = 0;
    let qr = 0;
    for (let k = 1; k < r.time.length; k++) {
      const h = r.time[k] - r.time[k - 1];
      qi += 0.5 * h * (r.heatIrreversible[k] + r.heatIrreversible[k - 1]);
      qr += 0.5 * h * (r.heatReversible[k] + r.heatReversible[k - 1]);
    }
    const span = r.time.length > 1 ? r.time[r.time.length - 1] - r.time[0] : 0;
    if (r.status !== 'failed') state.y.set(r.finalState);
    const y = state.y;
    const V = m.voltage(y);
    const avg = m.averageStoichiometries(y);
    const res: CellStepResult = {
      voltage: V,
      current: y[m.iApp] * m.params.electrodeArea,
      shortCurrent: load.kind === 'current' && load.parallelResistance ? V / load.parallelResistance : 0,
      openCircuitVoltage: m.params.positive.ocp(avg.y, temperatureK) - m.params.negative.ocp(avg.x, temperatureK),
      stateOfCharge: this.stateOfCharge(state),
      heat: { irreversible: span > 0 ? qi / span : 0, reversible: span > 0 ? qr / span : 0 },
    };
    if (r.status === 'failed' || r.status === 'event') res.limit = r.message;
    return res;
  }
}
