/**
 * Venting proxy (issue 6): can pressure from decomposition gas, vent at a burst pressure, and the
 * gas mass ejected — inputs to the EUCAR hazard-level proxies of src/standards.
 *
 * ASSUMED model (no gas-generation data in the reference folder; the card values are placeholders
 * with status 'assumed'):
 *   - each reaction x releases y_x mol of gas per kg of reactant consumed; the mass consumed is
 *     E_x / H_x with E_x the cumulative heat of that reaction [J] and H_x its enthalpy [J/kg];
 *   - the gas is ideal and occupies a fixed free volume V_free with the initial fill gas:
 *       p = p0 T/T0 + n R T / V_free ;
 *   - the can vents once p ≥ p_burst; from then on it is open (p = p0) and every mole of gas
 *     generated, before and after the vent, is counted as ejected mass n M_gas. Electrolyte
 *     evaporation, liquid/solid ejecta and jet dynamics are not modelled.
 */
import { GAS_CONSTANT, type RunawayKinetics } from './kinetics';

export interface VentingParameters {
  /** Gas space inside the can [m³]. */
  freeVolume: number;
  /** Fill-gas pressure at the initial temperature [Pa]. */
  initialPressure: number;
  /** Vent (burst disc / CID) opening pressure [Pa]. */
  burstPressure: number;
  /** Mean molar mass of the gas [kg/mol]. */
  gasMolarMass: number;
  /** Gas yield per kg of reactant consumed [mol/kg]. */
  gasYield: { sei: number; anode: number; cathode: number; electrolyte: number };
  status: string;
}

export interface VentingState {
  vented: boolean;
  ventTime: number | null;
  /** Current can pressure [Pa] (p0 once vented). */
  pressure: number;
  peakPressure: number;
  /** Gas generated so far [mol]. */
  gasMoles: number;
  /** Gas mass that has left the can [kg]. */
  ejectedMass: number;
}

export function createVentingState(p: VentingParameters): VentingState {
  return { vented: false, ventTime: null, pressure: p.initialPressure, peakPressure: p.initialPressure, gasMoles: 0, ejectedMass: 0 };
}

/**
 * Updates the venting state from the cumulative reaction heats [J] (sei, anode, cathode,
 * electrolyte order, e.g. ledger energies 3..6) at temperature T [K] and time t [s].
 * Returns true when the vent opened in this update.
 */
export function updateVenting(
  p: VentingParameters,
  k: RunawayKinetics,
  state: VentingState,
  reactionHeat: ArrayLike<number>,
  temperatureK: number,
  initialTemperatureK: number,
  time: number,
): boolean {
  const y = p.gasYield;
  let n = (y.sei * reactionHeat[0]) / k.sei.enthalpy + (y.anode * reactionHeat[1]) / k.anode.enthalpy + (y.cathode * reactionHeat[2]) / k.cathode.enthalpy;
  if (k.electrolyte) n += (y.electrolyte * reactionHeat[3]) / k.electrolyte.enthalpy;
  state.gasMoles = n;
  let opened = false;
  if (!state.vented) {
    const pressure = (p.initialPressure * temperatureK) / initialTemperatureK + (n * GAS_CONSTANT * temperatureK) / p.freeVolume;
    state.pressure = pressure;
    if (pressure > state.peakPressure) state.peakPressure = pressure;
    if (pressure >= p.burstPressure) {
      state.vented = true;
      state.ventTime = time;
      opened = true;
    }
  }
  if (state.vented) {
    state.pressure = p.initialPressure;
    state.ejectedMass = n * p.gasMolarMass;
  }
  return opened;
}
