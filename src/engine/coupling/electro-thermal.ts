/**
 * The electro-thermal system of the coupled run, advanced implicitly by the numerics engine's NDF/BDF
 * integrator (src/engine/numerics). Smallest adapter for the pieces not yet landed as engines:
 *  - cell: Rint model, terminal EMF U(SOC) (piecewise linear) with an Arrhenius series resistance
 *    R_i(T) = R_25 exp(E/R (1/T - 1/298.15)); reversible (entropic) heat neglected;
 *  - short: resistance R_s = R''/A (Santhanagopalan 2009 contact types, runaway-and-shorts.md §2.1),
 *    its Joule heat I^2 R_s deposited in the short-location node (internal short) or outside the
 *    cell (external short);
 *  - thermal: two nodes, the short location (a sphere of radius SPOT_RADIUS, conductance
 *    4 pi k r to the bulk) and the bulk cell, convection and radiation to the ambient;
 *  - runaway: the four-reaction kinetics kernel of src/engine/runaway (Hatchard/Kim form,
 *    runaway-and-shorts.md §1.1) in both nodes, with the preset's Kim 2007 parameters.
 * With a card-based cell model (ECM / SPM / SPMe / DFN, cell-model-adapter.ts) the Rint adapter is
 * replaced by the model's values over each operator-split interval (`externalCell`).
 * Energy bookkeeping rides along as quadrature states so that the coupled closure
 * (electrical energy drawn = short heat + internal heat) can be checked.
 */
import { CellParameters } from './types';
import type { CellInterval } from './cell-model-adapter';
import { createRunawayState, heatReleaseRate, reactionRates, RunawayKinetics as EngineKinetics, RunawayState } from '../runaway/kinetics';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { PI, exp: mathExp, max, min } = Math;

export const GAS_CONSTANT = 8.314462618;
const STEFAN_BOLTZMANN = 5.670374419e-8;
/** Radius of the short-location thermal node [m] (assumed: the damaged zone around the contact). */
export const SPOT_RADIUS = 3e-3;
/** SOC below which the EMF is tapered to zero (electrode depletion) [-]. */
const DEPLETION_SOC = 0.005;

/** State layout. */
export const IX = {
  soc: 0,
  tSpot: 1,
  tBulk: 2,
  /** 5 kinetics states (cSei, cNeg, tSei, alpha, cE) of the bulk node, then of the spot node. */
  kinBulk: 3,
  kinSpot: 8,
  eShort: 13,
  eInternal: 14,
  eDecomposition: 15,
  eToAmbient: 16,
  size: 17,
} as const;

export interface ElectroThermalSettings {
  /** Short resistance [Ohm]; Infinity when there is no short. */
  shortResistance: number;
  /** Short heat goes into the cell (internal short) or outside (external resistor). */
  shortHeatInCell: boolean;
  ambientK: number;
  runaway: boolean;
  lumped: boolean;
}

export interface CellThermalGeometry {
  volume: number;
  surfaceArea: number;
  spotVolume: number;
  spotConductance: number;
}

export function cellThermalGeometry(cell: CellParameters): CellThermalGeometry {
  const g = cell.geometry;
  let volume: number;
  let surfaceArea: number;
  if (cell.format === 'cylindrical') {
    const r = g.diameter! / 2;
    volume = PI * r * r * g.length;
    surfaceArea = 2 * PI * r * g.length + 2 * PI * r * r;
  } else {
    volume = g.width! * g.length * g.thickness!;
    surfaceArea = 2 * (g.width! * g.length + g.width! * g.thickness! + g.length * g.thickness!);
  }
  const spotVolume = min((4 / 3) * PI * SPOT_RADIUS ** 3, 0.05 * volume);
  return { volume, surfaceArea, spotVolume, spotConductance: 4 * PI * cell.conductivity * SPOT_RADIUS };
}

/** EMF [V] at SOC, with the depletion taper near SOC 0. */
export function emf(cell: CellParameters, soc: number): number {
  const s = cell.ocv.soc;
  const v = cell.ocv.voltage;
  let u: number;
  if (soc <= s[0]) u = v[0];
  else if (soc >= s[s.length - 1]) u = v[v.length - 1];
  else {
    let i = 1;
    while (s[i] < soc) i++;
    u = v[i - 1] + ((soc - s[i - 1]) / (s[i] - s[i - 1])) * (v[i] - v[i - 1]);
  }
  return soc >= DEPLETION_SOC ? u : u * max(soc, 0) / DEPLETION_SOC;
}

/**
 * Exact stored-energy change Q * integral of U(s) ds from s1 to s0 [J]: Simpson's rule on each
 * interval between breakpoints, exact because U is linear (or linear times linear in the taper).
 */
export function storedEnergyBetween(cell: CellParameters, s1: number, s0: number): number {
  const q = cell.capacityAh * 3600;
  const lo = min(s0, s1);
  const hi = max(s0, s1);
  const breaks = [lo, ...cell.ocv.soc.filter((s) => s > lo && s < hi), ...(DEPLETION_SOC > lo && DEPLETION_SOC < hi ? [DEPLETION_SOC] : []), hi].sort((a, b) => a - b);
  let sum = 0;
  for (let i = 1; i < breaks.length; i++) {
    const a = breaks[i - 1];
    const b = breaks[i];
    if (b <= a) continue;
    sum += ((b - a) / 6) * (emf(cell, a) + 4 * emf(cell, 0.5 * (a + b)) + emf(cell, b));
  }
  return (s0 >= s1 ? 1 : -1) * q * sum;
}

/**
 * Range over which the Arrhenius law of the series resistance is used [K]; outside it the resistance
 * is held at the end value (the fit is not valid there, and an unbounded fall at runaway
 * temperatures would drive unphysical currents).
 */
export const ARRHENIUS_RANGE_K: [number, number] = [253.15, 333.15];

export function internalResistance(cell: CellParameters, tK: number): number {
  const t = min(max(tK, ARRHENIUS_RANGE_K[0]), ARRHENIUS_RANGE_K[1]);
  return cell.resistance25C * mathExp((cell.resistanceActivationEnergy / GAS_CONSTANT) * (1 / t - 1 / 298.15));
}

/** The preset's Kim 2007 table in the runaway engine's form. */
export function toEngineKinetics(cell: CellParameters): EngineKinetics {
  const k = cell.kinetics;
  return {
    name: 'preset',
    sei: { frequencyFactor: k.A[0], activationEnergy: k.E[0], enthalpy: k.H[0], specificContent: k.W[0], order: 1 },
    anode: { frequencyFactor: k.A[1], activationEnergy: k.E[1], enthalpy: k.H[1], specificContent: k.W[1], order: 1, referenceSeiThickness: k.tSeiRef },
    cathode: { frequencyFactor: k.A[2], activationEnergy: k.E[2], enthalpy: k.H[2], specificContent: k.W[2], orderConverted: 1, orderRemaining: 1 },
    electrolyte: { frequencyFactor: k.A[3], activationEnergy: k.E[3], enthalpy: k.H[3], specificContent: k.W[3], order: 1 },
    initial: { seiLithiumFraction: k.initial.cSei, anodeLithiumFraction: k.initial.cNeg, seiThickness: k.initial.tSei, cathodeConversion: k.initial.alpha, electrolyteFraction: k.initial.cE },
  };
}

export interface Instant {
  current: number;
  voltage: number;
  emf: number;
  shortCurrent: number;
  shortHeat: number;
  internalHeat: number;
  decompositionHeat: number;
  spotDecompositionHeat: number;
  bulkDecompositionHeat: number;
}

export class ElectroThermalSystem {
  readonly geometry: CellThermalGeometry;
  private readonly rates = new Float64Array(4);
  private readonly kinetics: EngineKinetics;
  /** Scratch reaction state (node 0 bulk, node 1 spot), loaded from the ODE vector before each use. */
  private readonly reaction: RunawayState;
  constructor(readonly cell: CellParameters, public settings: ElectroThermalSettings) {
    this.geometry = cellThermalGeometry(cell);
    this.kinetics = cell.cardKinetics ?? toEngineKinetics(cell);
    this.reaction = createRunawayState(this.kinetics, 2);
  }

  private loadReaction(y: Float64Array, node: 0 | 1): void {
    const o = node === 0 ? IX.kinBulk : IX.kinSpot;
    const r = this.reaction;
    r.cSei[node] = y[o];
    r.cNeg[node] = y[o + 1];
    r.tSei[node] = y[o + 2];
    r.alpha[node] = min(max(y[o + 3], 0), 1);
    r.cE[node] = y[o + 4];
  }

  initialState(soc: number, tK: number): Float64Array {
    const y = new Float64Array(IX.size);
    y[IX.soc] = soc;
    y[IX.tSpot] = tK;
    y[IX.tBulk] = tK;
    const i = this.cell.kinetics.initial;
    for (const o of [IX.kinBulk, IX.kinSpot]) {
      y[o] = i.cSei; y[o + 1] = i.cNeg; y[o + 2] = i.tSei; y[o + 3] = i.alpha; y[o + 4] = i.cE;
    }
    return y;
  }

  /** Electrical and heat quantities at state y (the returned object is reused: read it before the next call). */
  instant(y: Float64Array): Instant {
    const cell = this.cell;
    const ext = this.externalCell;
    const u = ext ? ext.openCircuitVoltage : emf(cell, y[IX.soc]);
    const rs = this.settings.shortResistance;
    const current = ext ? ext.current : Number.isFinite(rs) ? u / (internalResistance(cell, y[IX.tBulk]) + rs) : 0;
    const shortHeat = ext ? ext.shortHeat : Number.isFinite(rs) ? current * current * rs : 0;
    const internalHeat = ext ? ext.irreversibleHeat + ext.reversibleHeat : current * current * internalResistance(cell, y[IX.tBulk]);
    let bulkQ = 0;
    let spotQ = 0;
    if (this.settings.runaway) {
      this.loadReaction(y, 0);
      this.loadReaction(y, 1);
      bulkQ = heatReleaseRate(this.kinetics, this.reaction, 0, y[IX.tBulk], this.rates) * (this.geometry.volume - this.geometry.spotVolume);
      spotQ = heatReleaseRate(this.kinetics, this.reaction, 1, this.settings.lumped ? y[IX.tBulk] : y[IX.tSpot], this.rates) * this.geometry.spotVolume;
    }
    // One result object reused by every call (the integrator calls this per right-hand side).
    const o = this.out;
    o.current = current;
    o.voltage = ext ? ext.voltage : current > 0 ? current * rs : u;
    o.emf = u;
    o.shortCurrent = ext ? ext.shortCurrent : current;
    o.shortHeat = shortHeat;
    o.internalHeat = internalHeat;
    o.decompositionHeat = bulkQ + spotQ;
    o.spotDecompositionHeat = spotQ;
    o.bulkDecompositionHeat = bulkQ;
    return o;
  }

  private readonly out: Instant = { current: 0, voltage: 0, emf: 0, shortCurrent: 0, shortHeat: 0, internalHeat: 0, decompositionHeat: 0, spotDecompositionHeat: 0, bulkDecompositionHeat: 0 };

  rhs = (_t: number, y: Float64Array, out: Float64Array): void => {
    const cell = this.cell;
    const g = this.geometry;
    const st = this.settings;
    const inst = this.instant(y);
    const q = cell.capacityAh * 3600;
    // With a card-based cell model the SOC lives in the model (externalCell), not in this vector.
    out[IX.soc] = this.externalCell ? 0 : -inst.current / q;
    const tb = y[IX.tBulk];
    const ts = st.lumped ? tb : y[IX.tSpot];
    const toAmbient = st.ambientK;
    const conv = g.surfaceArea * (this.hTransfer * (tb - toAmbient) + this.emissivity * STEFAN_BOLTZMANN * (tb ** 4 - toAmbient ** 4));
    const shortInCell = st.shortHeatInCell ? inst.shortHeat : 0;
    const cv = cell.volumetricHeatCapacity;
    if (st.lumped) {
      const dT = (inst.internalHeat + shortInCell + inst.decompositionHeat - conv) / (cv * g.volume);
      out[IX.tBulk] = dT;
      out[IX.tSpot] = dT;
    } else {
      const exchange = g.spotConductance * (ts - tb);
      out[IX.tSpot] = (shortInCell + inst.spotDecompositionHeat - exchange) / (cv * g.spotVolume);
      out[IX.tBulk] = (inst.internalHeat + inst.bulkDecompositionHeat + exchange - conv) / (cv * (g.volume - g.spotVolume));
    }
    if (st.runaway) {
      for (const node of [0, 1] as const) {
        const o = node === 0 ? IX.kinBulk : IX.kinSpot;
        reactionRates(this.kinetics, this.reaction, node, node === 0 ? tb : ts, this.rates);
        out[o] = -this.rates[0];
        out[o + 1] = -this.rates[1];
        out[o + 2] = this.rates[1];
        out[o + 3] = this.rates[2];
        out[o + 4] = -this.rates[3];
      }
    } else {
      for (let i = IX.kinBulk; i < IX.kinSpot + 5; i++) out[i] = 0;
    }
    out[IX.eShort] = inst.shortHeat;
    out[IX.eInternal] = inst.internalHeat;
    out[IX.eDecomposition] = inst.decompositionHeat;
    out[IX.eToAmbient] = conv;
  };

  hTransfer = 0;
  emissivity = 0;
  /**
   * Card-based cell model (cell-model-adapter.ts): when set, the electrical quantities and the cell
   * and short heat are these values, held constant over the current split interval (operator split),
   * instead of the in-file Rint adapter.
   */
  externalCell: CellInterval | null = null;
}
