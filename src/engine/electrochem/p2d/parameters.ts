/**
 * Physics-based cell parameters shared by the DFN (P2D), SPMe and SPM models (issue 5), SI units.
 * Material behaviour enters as functions so cards can use published fits or measured tables
 * (built by src/io/cards/cell-card.ts). `validateCellParameters` is the engine's invariant check;
 * user-facing validation with file/field names happens in the card loader.
 */
import { brent } from '../../numerics/roots';
import { FARADAY, GAS_CONSTANT } from '../ocp/functions';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { asinh: mathAsinh, max } = Math;

export interface ElectrodeParameters {
  /** Electrode thickness [m]. */
  thickness: number;
  /** Electrolyte volume fraction ε [-]. */
  porosity: number;
  /** Active material volume fraction ε_s [-] (a = 3 ε_s / R). */
  activeMaterialVolumeFraction: number;
  /** Particle radius [m]. */
  particleRadius: number;
  /** Maximum lithium concentration in the particles [mol/m³]. */
  maxConcentration: number;
  /** Solid diffusivity D_s(sto, T) [m²/s]. */
  diffusivity: (sto: number, T: number) => number;
  /** False when D_s does not depend on stoichiometry (evaluated once per particle instead of per shell edge). Default true. */
  diffusivityDependsOnStoichiometry?: boolean;
  /** Open-circuit potential U(sto, T) [V]. */
  ocp: (sto: number, T: number) => number;
  /** Entropic coefficient dU/dT(sto) [V/K]; default 0. */
  entropicCoefficient?: (sto: number) => number;
  /** Exchange-current density i0(c_e, c_s,surf, T) [A/m²]. */
  exchangeCurrentDensity: (ce: number, cs: number, csMax: number, T: number) => number;
  /** Solid conductivity σ [S/m]. */
  conductivity: number;
  /** σ_eff = σ · φ^b with φ = ε_s ('active', PyBaMM) or 1 − ε ('solid', DUALFOIL counts filler). */
  conductivityVolumeFraction: 'active' | 'solid';
  /** Bruggeman exponent b for the solid conductivity. */
  conductivityBruggeman: number;
  /** Bruggeman exponent for the electrolyte in this region. */
  electrolyteBruggeman: number;
  /** Film resistance in the overpotential [Ω·m² of particle surface]; default 0. */
  filmResistance?: number;
  /** Stoichiometry at 0 % and 100 % state of charge. */
  stoichiometryAt0Soc?: number;
  stoichiometryAt100Soc?: number;
}

export interface SeparatorParameters {
  thickness: number;
  porosity: number;
  electrolyteBruggeman: number;
}

export interface ElectrolyteParameters {
  initialConcentration: number;
  /** Cation transference number t+. */
  transferenceNumber: number;
  /** Thermodynamic factor χ = 1 + dln f/dln c. */
  thermodynamicFactor: number;
  diffusivity: (c: number, T: number) => number;
  conductivity: (c: number, T: number) => number;
}

export interface CellParameters {
  name: string;
  negative: ElectrodeParameters;
  separator: SeparatorParameters;
  positive: ElectrodeParameters;
  electrolyte: ElectrolyteParameters;
  /** Electrode (separator) area of the cell [m²] (height × width × electrodes in parallel). */
  electrodeArea: number;
  /** Nominal capacity [A.h]. */
  nominalCapacityAh: number;
  lowerVoltageCutoff: number;
  upperVoltageCutoff: number;
  /** Faraday constant [C/mol] (DUALFOIL uses 96487). */
  faraday?: number;
  /** Gas constant [J/(mol K)] (DUALFOIL uses 8.3143). */
  gasConstant?: number;
}

export function faradayOf(p: CellParameters): number {
  return p.faraday ?? FARADAY;
}
export function gasConstantOf(p: CellParameters): number {
  return p.gasConstant ?? GAS_CONSTANT;
}

export function specificArea(e: ElectrodeParameters): number {
  return (3 * e.activeMaterialVolumeFraction) / e.particleRadius;
}

export function effectiveSolidConductivity(e: ElectrodeParameters): number {
  const phi = e.conductivityVolumeFraction === 'solid' ? 1 - e.porosity : e.activeMaterialVolumeFraction;
  return e.conductivity * phi ** e.conductivityBruggeman;
}

/** Electrode capacity per unit electrode area [C/m²] over the full stoichiometry range 0…1. */
export function electrodeCharge(e: ElectrodeParameters, faraday: number): number {
  return e.activeMaterialVolumeFraction * e.thickness * e.maxConcentration * faraday;
}

/** Invariant check; throws an Error naming the parameter. */
export function validateCellParameters(p: CellParameters): void {
  const fail = (path: string, why: string) => {
    throw new Error(`cell '${p.name}': ${path} ${why}`);
  };
  const pos = (path: string, v: number) => {
    if (!(Number.isFinite(v) && v > 0)) fail(path, `must be a positive number (got ${v})`);
  };
  const frac = (path: string, v: number, allowOne = false) => {
    if (!(Number.isFinite(v) && v > 0 && (allowOne ? v <= 1 : v < 1))) fail(path, `must be in (0, ${allowOne ? '1]' : '1)'} (got ${v})`);
  };
  for (const side of ['negative', 'positive'] as const) {
    const e = p[side];
    pos(`${side}.thickness`, e.thickness);
    frac(`${side}.porosity`, e.porosity);
    frac(`${side}.activeMaterialVolumeFraction`, e.activeMaterialVolumeFraction);
    if (e.porosity + e.activeMaterialVolumeFraction > 1 + 1e-12) fail(`${side}.porosity + activeMaterialVolumeFraction`, `exceeds 1 (${e.porosity} + ${e.activeMaterialVolumeFraction})`);
    pos(`${side}.particleRadius`, e.particleRadius);
    pos(`${side}.maxConcentration`, e.maxConcentration);
    pos(`${side}.conductivity`, e.conductivity);
    if (e.stoichiometryAt0Soc !== undefined) frac(`${side}.stoichiometryAt0Soc`, e.stoichiometryAt0Soc);
    if (e.stoichiometryAt100Soc !== undefined) frac(`${side}.stoichiometryAt100Soc`, e.stoichiometryAt100Soc);
    if ((e.filmResistance ?? 0) < 0) fail(`${side}.filmResistance`, `must not be negative (got ${e.filmResistance})`);
  }
  pos('separator.thickness', p.separator.thickness);
  frac('separator.porosity', p.separator.porosity, true);
  pos('electrolyte.initialConcentration', p.electrolyte.initialConcentration);
  frac('electrolyte.transferenceNumber', p.electrolyte.transferenceNumber);
  pos('electrodeArea', p.electrodeArea);
  pos('nominalCapacityAh', p.nominalCapacityAh);
  if (!(p.upperVoltageCutoff > p.lowerVoltageCutoff)) fail('upperVoltageCutoff', `must exceed lowerVoltageCutoff (${p.upperVoltageCutoff} <= ${p.lowerVoltageCutoff})`);
}

/**
 * Stoichiometry window from cyclable lithium: keeping n_Li = Q_n x + Q_p y fixed (per area, from the
 * given 100 % SOC stoichiometries), find x at OCV = lower cut-off (0 % SOC) — PyBaMM's electrode-SOH idea.
 */
export function stoichiometryAt0SocFromCutoff(p: CellParameters, T: number, x100: number, y100: number): { x0: number; y0: number } {
  const F = faradayOf(p);
  const qn = electrodeCharge(p.negative, F);
  const qp = electrodeCharge(p.positive, F);
  const nLi = qn * x100 + qp * y100;
  const yOf = (x: number) => (nLi - qn * x) / qp;
  const g = (x: number) => p.positive.ocp(yOf(x), T) - p.negative.ocp(x, T) - p.lowerVoltageCutoff;
  const xMin = max(1e-6, (nLi - qp * (1 - 1e-6)) / qn);
  const r = brent(g, xMin, x100, { xtol: 1e-12 });
  return { x0: r.x, y0: yOf(r.x) };
}

/**
 * Stoichiometry window: the card's values, or — when only the 100 % ends are given — the 0 % ends
 * derived from cyclable lithium at the lower cut-off (at the reference 298.15 K).
 */
export function stoichiometryWindow(p: CellParameters): { x0: number; x100: number; y0: number; y100: number } {
  const n = p.negative;
  const q = p.positive;
  if (n.stoichiometryAt100Soc === undefined || q.stoichiometryAt100Soc === undefined) {
    throw new Error(`cell '${p.name}': stoichiometry window (negative/positive stoichiometryAt100Soc) is needed to start from a state of charge`);
  }
  if (n.stoichiometryAt0Soc !== undefined && q.stoichiometryAt0Soc !== undefined) {
    return { x0: n.stoichiometryAt0Soc, x100: n.stoichiometryAt100Soc, y0: q.stoichiometryAt0Soc, y100: q.stoichiometryAt100Soc };
  }
  const w = stoichiometryAt0SocFromCutoff(p, 298.15, n.stoichiometryAt100Soc, q.stoichiometryAt100Soc);
  return { x0: w.x0, x100: n.stoichiometryAt100Soc, y0: w.y0, y100: q.stoichiometryAt100Soc };
}

/** Stoichiometries (negative x, positive y) at a given state of charge, linear between the window ends. */
export function stoichiometriesAtSoc(p: CellParameters, soc: number): { x: number; y: number } {
  if (!(soc >= 0 && soc <= 1)) throw new Error(`cell '${p.name}': state of charge must be in [0, 1] (got ${soc})`);
  const w = stoichiometryWindow(p);
  return { x: w.x0 + soc * (w.x100 - w.x0), y: w.y0 + soc * (w.y100 - w.y0) };
}

/** Symmetric Butler–Volmer overpotential η = (2RT/F) asinh(i/(2 i0)) (α = 0.5). */
export function kineticOverpotential(i: number, i0: number, T: number, R: number, F: number): number {
  return ((2 * R * T) / F) * mathAsinh(i / (2 * i0));
}
