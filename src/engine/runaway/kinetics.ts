/**
 * Four-reaction thermal-runaway kinetics in the Hatchard/Kim form:
 *   Hatchard, Dahn et al., J. Electrochem. Soc. 148 (2001) A755;
 *   Kim, Pesaran, Spotnitz, J. Power Sources 170 (2007) 476 (electrolyte reaction from
 *   Spotnitz & Franklin, J. Power Sources 113 (2003) 81).
 * Reference in this repository: ../shared/reference/runaway-and-shorts.md §1.1.
 *
 *   SEI decomposition      R_sei = A_sei exp(-E_sei/RT) c_sei^m               dc_sei/dt = -R_sei
 *   negative–solvent       R_ne  = A_ne exp(-t_sei/t_ref) c_neg^m exp(-E_ne/RT) dc_neg/dt = -R_ne, dt_sei/dt = +R_ne
 *   positive–solvent       R_pe  = A_pe α^m1 (1-α)^m2 exp(-E_pe/RT)             dα/dt = +R_pe
 *   electrolyte            R_e   = A_e c_e^m exp(-E_e/RT)                       dc_e/dt = -R_e
 *   heat  Q_x = H_x W_x R_x  [W/m^3]  (H in J/kg, W in kg of reactant per m^3 of cell)
 *
 * States are kept structure-of-arrays (one entry per lump or per element) so that a 3-D model and
 * a pack can hold thousands of them without objects per element.
 */
// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { abs, exp: mathExp, max, pow } = Math;

/** Universal gas constant [J/(mol K)]. */
export const GAS_CONSTANT = 8.314462618;

export interface ReactionParameters {
  /** Frequency factor A [1/s]. */
  frequencyFactor: number;
  /** Activation energy E_a [J/mol]. */
  activationEnergy: number;
  /** Reaction enthalpy H [J/kg of reactant]; positive = exothermic. */
  enthalpy: number;
  /** Specific content W [kg of reactant per m^3 of cell]. */
  specificContent: number;
}

export interface OrderedReaction extends ReactionParameters {
  /** Reaction order m [-]. */
  order: number;
}

export interface AnodeReaction extends OrderedReaction {
  /** Reference dimensionless SEI thickness t_sei,ref [-] in exp(-t_sei / t_sei,ref). */
  referenceSeiThickness: number;
}

export interface CathodeReaction extends ReactionParameters {
  /** Exponent m1 of α [-]. */
  orderConverted: number;
  /** Exponent m2 of (1 - α) [-]. */
  orderRemaining: number;
}

export interface RunawayInitialState {
  /** Fraction of Li in metastable SEI c_sei,0 [-]. */
  seiLithiumFraction: number;
  /** Fraction of Li intercalated in carbon c_neg,0 [-]. */
  anodeLithiumFraction: number;
  /** Dimensionless SEI thickness t_sei,0 [-]. */
  seiThickness: number;
  /** Degree of conversion of the positive α_0 [-]. */
  cathodeConversion: number;
  /** Fraction of electrolyte left c_e,0 [-]. */
  electrolyteFraction: number;
}

/** A complete kinetics set (what a runaway card resolves to, SI). */
export interface RunawayKinetics {
  name: string;
  sei: OrderedReaction;
  anode: AnodeReaction;
  cathode: CathodeReaction;
  /** null when the set has no electrolyte reaction (Hatchard 2001, Cai 2019). */
  electrolyte: OrderedReaction | null;
  initial: RunawayInitialState;
}

/** Reaction state, structure of arrays over `count` lumps or elements. */
export interface RunawayState {
  count: number;
  cSei: Float64Array;
  cNeg: Float64Array;
  tSei: Float64Array;
  alpha: Float64Array;
  cE: Float64Array;
}

export const REACTION_NAMES = ['sei', 'anode', 'cathode', 'electrolyte'] as const;
export type ReactionName = (typeof REACTION_NAMES)[number];

export function createRunawayState(kinetics: RunawayKinetics, count: number): RunawayState {
  const s: RunawayState = {
    count,
    cSei: new Float64Array(count),
    cNeg: new Float64Array(count),
    tSei: new Float64Array(count),
    alpha: new Float64Array(count),
    cE: new Float64Array(count),
  };
  s.cSei.fill(kinetics.initial.seiLithiumFraction);
  s.cNeg.fill(kinetics.initial.anodeLithiumFraction);
  s.tSei.fill(kinetics.initial.seiThickness);
  s.alpha.fill(kinetics.initial.cathodeConversion);
  s.cE.fill(kinetics.electrolyte ? kinetics.initial.electrolyteFraction : 0);
  return s;
}

export function cloneRunawayState(s: RunawayState): RunawayState {
  return {
    count: s.count,
    cSei: s.cSei.slice(),
    cNeg: s.cNeg.slice(),
    tSei: s.tSei.slice(),
    alpha: s.alpha.slice(),
    cE: s.cE.slice(),
  };
}

/** Power with 0^m = 0 for m > 0 and clamping of tiny negative round-off to 0. */
function pow0(x: number, m: number): number {
  if (x <= 0) return 0;
  return m === 1 ? x : pow(x, m);
}

/**
 * Rates R [1/s] of the four reactions for one lump at temperature T [K], written to `out`
 * (length >= 4, order sei, anode, cathode, electrolyte). No allocation.
 */
export function reactionRates(
  k: RunawayKinetics,
  s: RunawayState,
  i: number,
  temperatureK: number,
  out: Float64Array,
): void {
  const invRT = 1 / (GAS_CONSTANT * temperatureK);
  out[0] = k.sei.frequencyFactor * mathExp(-k.sei.activationEnergy * invRT) * pow0(s.cSei[i], k.sei.order);
  out[1] =
    k.anode.frequencyFactor *
    mathExp(-s.tSei[i] / k.anode.referenceSeiThickness - k.anode.activationEnergy * invRT) *
    pow0(s.cNeg[i], k.anode.order);
  const a = s.alpha[i];
  out[2] =
    k.cathode.frequencyFactor *
    mathExp(-k.cathode.activationEnergy * invRT) *
    pow0(a, k.cathode.orderConverted) *
    pow0(1 - a, k.cathode.orderRemaining);
  out[3] = k.electrolyte
    ? k.electrolyte.frequencyFactor * mathExp(-k.electrolyte.activationEnergy * invRT) * pow0(s.cE[i], k.electrolyte.order)
    : 0;
}

/** Volumetric heat release per unit extent of each reaction, H·W [J/m^3], in REACTION_NAMES order. */
export function reactionEnergyDensities(k: RunawayKinetics): Float64Array {
  return Float64Array.of(
    k.sei.enthalpy * k.sei.specificContent,
    k.anode.enthalpy * k.anode.specificContent,
    k.cathode.enthalpy * k.cathode.specificContent,
    k.electrolyte ? k.electrolyte.enthalpy * k.electrolyte.specificContent : 0,
  );
}

/** Total heat release rate [W/m^3] of one lump at T, with the per-reaction split in `perReaction` (W/m^3). */
export function heatReleaseRate(
  k: RunawayKinetics,
  s: RunawayState,
  i: number,
  temperatureK: number,
  rates: Float64Array,
  perReaction?: Float64Array,
): number {
  reactionRates(k, s, i, temperatureK, rates);
  const q0 = k.sei.enthalpy * k.sei.specificContent * rates[0];
  const q1 = k.anode.enthalpy * k.anode.specificContent * rates[1];
  const q2 = k.cathode.enthalpy * k.cathode.specificContent * rates[2];
  const q3 = k.electrolyte ? k.electrolyte.enthalpy * k.electrolyte.specificContent * rates[3] : 0;
  if (perReaction) {
    perReaction[0] = q0;
    perReaction[1] = q1;
    perReaction[2] = q2;
    perReaction[3] = q3;
  }
  return q0 + q1 + q2 + q3;
}

/**
 * Remaining releasable heat [J/m^3] of a lump: the enthalpy still stored in the unreacted
 * species. Used for energy closure: heat released = drop of this quantity.
 * SEI: c_sei; anode: c_neg; cathode: (1 - α); electrolyte: c_e.
 */
export function storedReactionEnergy(k: RunawayKinetics, s: RunawayState, i: number): number {
  return (
    k.sei.enthalpy * k.sei.specificContent * s.cSei[i] +
    k.anode.enthalpy * k.anode.specificContent * s.cNeg[i] +
    k.cathode.enthalpy * k.cathode.specificContent * (1 - s.alpha[i]) +
    (k.electrolyte ? k.electrolyte.enthalpy * k.electrolyte.specificContent * s.cE[i] : 0)
  );
}

/**
 * dx/dt = -K x^m over dt at frozen K: exact (x0 e^{-K dt}) for m = 1; otherwise backward Euler
 * x1 + dt K x1^m = x0, whose left side is increasing in x1, so safeguarded Newton on [0, x0]
 * always converges.
 */
function implicitDecay(x0: number, K: number, m: number, dt: number): number {
  if (x0 <= 0 || K <= 0) return max(x0, 0);
  if (m === 1) return x0 * mathExp(-K * dt); // exact at frozen T
  let lo = 0;
  let hi = x0;
  let x = x0;
  for (let it = 0; it < 60; it++) {
    const f = x + dt * K * pow(x, m) - x0;
    if (abs(f) <= 1e-15 * x0) break;
    if (f > 0) hi = x;
    else lo = x;
    const df = 1 + dt * K * m * pow(max(x, 1e-300), m - 1);
    let xn = x - f / df;
    if (!(xn > lo && xn < hi)) xn = 0.5 * (lo + hi);
    x = xn;
  }
  return x;
}

/**
 * Advances the reaction state of lump i over dt at a temperature frozen over the step (the
 * operator split used by the 3-D conduction step): first-order SEI/electrolyte and the
 * m1 = m2 = 1 cathode use the exact constant-T solutions (exponential, logistic); other orders and
 * the anode use backward Euler in their own variable. All are unconditionally stable and keep every
 * fraction in [0, 1]. The anode uses the invariant c_neg + t_sei = const of the frozen-T system.
 * Writes the extents Δξ of the four reactions over the step to `extent` (same order as
 * REACTION_NAMES); the heat released over the step is Σ H_x W_x Δξ_x exactly, which is what makes
 * the coupled energy balance close to round-off.
 */
export function advanceReactionsFrozenT(
  k: RunawayKinetics,
  s: RunawayState,
  i: number,
  temperatureK: number,
  dt: number,
  extent: Float64Array,
): void {
  const invRT = 1 / (GAS_CONSTANT * temperatureK);
  // SEI
  const cs0 = s.cSei[i];
  const cs1 = implicitDecay(cs0, k.sei.frequencyFactor * mathExp(-k.sei.activationEnergy * invRT), k.sei.order, dt);
  s.cSei[i] = cs1;
  extent[0] = cs0 - cs1;
  // Anode: x = c_neg, t_sei = S - x with S = c_neg0 + t_sei0; solve x1 + dt K e^{-(S-x1)/tref} x1^m = x0.
  const x0 = s.cNeg[i];
  const S = x0 + s.tSei[i];
  const Kn = k.anode.frequencyFactor * mathExp(-k.anode.activationEnergy * invRT);
  const tref = k.anode.referenceSeiThickness;
  const mn = k.anode.order;
  let x1 = x0;
  if (x0 > 0 && Kn > 0) {
    // f(x) = x + dt K e^{-(S-x)/tref} x^m - x0 is increasing and convex on [0, x0] (m >= 1) with
    // f(x0) >= 0, so Newton from x0 decreases monotonically to the root without overshoot.
    // (For m < 1 convexity can fail; the bracket [0, x] keeps the iteration safe.)
    let lo = 0;
    for (let it = 0; it < 100; it++) {
      const g = Kn * mathExp(-(S - x1) / tref);
      const xm = pow0(x1, mn);
      const f = x1 + dt * g * xm - x0;
      if (f <= 0) {
        lo = x1;
        if (f === 0) break;
      }
      const dxm = mn === 1 ? 1 : mn * pow(max(x1, 1e-300), mn - 1);
      const df = 1 + dt * g * (xm / tref + dxm);
      let xn = x1 - f / df;
      if (!(xn >= lo)) xn = 0.5 * (lo + x1);
      const change = abs(xn - x1);
      x1 = xn;
      if (change <= 1e-13 * x0) break;
    }
  }
  s.cNeg[i] = x1;
  s.tSei[i] = S - x1;
  extent[1] = x0 - x1;
  // Cathode in the remaining fraction y = 1 - α: dy/dt = -K (1-y)^m1 y^m2. Backward Euler with the
  // autocatalytic factor α^m1 taken at the new state (Newton on y in [0, y0]).
  const a0 = s.alpha[i];
  const y0 = 1 - a0;
  const Kp = k.cathode.frequencyFactor * mathExp(-k.cathode.activationEnergy * invRT);
  const m1 = k.cathode.orderConverted;
  const m2 = k.cathode.orderRemaining;
  let y1 = y0;
  if (m1 === 1 && m2 === 1 && y0 > 0 && Kp > 0) {
    // exact logistic solution at frozen T: y1 = y0 / (y0 + (1 - y0) e^{K dt})
    y1 = y0 / (y0 + (1 - y0) * mathExp(Kp * dt));
  } else if (y0 > 0 && Kp > 0) {
    let lo = 0;
    let hi = y0;
    for (let it = 0; it < 80; it++) {
      const a = 1 - y1;
      const am = pow0(a, m1);
      const ym = pow0(y1, m2);
      const f = y1 + dt * Kp * am * ym - y0;
      if (abs(f) <= 1e-15) break;
      if (f > 0) hi = y1;
      else lo = y1;
      const dam = m1 === 1 ? 1 : m1 * pow(max(a, 1e-300), m1 - 1);
      const dym = m2 === 1 ? 1 : m2 * pow(max(y1, 1e-300), m2 - 1);
      const df = 1 + dt * Kp * (am * dym - dam * ym);
      let yn = df > 0 ? y1 - f / df : 0.5 * (lo + hi);
      if (!(yn > lo && yn < hi)) yn = 0.5 * (lo + hi);
      if (hi - lo < 1e-16) {
        y1 = yn;
        break;
      }
      y1 = yn;
    }
  }
  s.alpha[i] = 1 - y1;
  extent[2] = y0 - y1;
  // Electrolyte
  if (k.electrolyte) {
    const ce0 = s.cE[i];
    const ce1 = implicitDecay(
      ce0,
      k.electrolyte.frequencyFactor * mathExp(-k.electrolyte.activationEnergy * invRT),
      k.electrolyte.order,
      dt,
    );
    s.cE[i] = ce1;
    extent[3] = ce0 - ce1;
  } else {
    extent[3] = 0;
  }
}

/**
 * The right-hand side of the reaction ODEs for one lump (for a stiff integrator): writes
 * d/dt of [c_sei, c_neg, t_sei, α, c_e] into out[offset..offset+4] and returns the heat
 * release rate [W/m^3].
 */
export function reactionDerivatives(
  k: RunawayKinetics,
  s: RunawayState,
  i: number,
  temperatureK: number,
  rates: Float64Array,
  out: Float64Array,
  offset: number,
): number {
  const q = heatReleaseRate(k, s, i, temperatureK, rates);
  out[offset] = -rates[0];
  out[offset + 1] = -rates[1];
  out[offset + 2] = rates[1];
  out[offset + 3] = rates[2];
  out[offset + 4] = -rates[3];
  return q;
}
