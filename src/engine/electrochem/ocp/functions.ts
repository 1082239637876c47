/**
 * Published material functions for the physics-based cell models, by name, so that cards (YAML)
 * can refer to them. Every function says where it comes from. Units SI: stoichiometry [-],
 * concentration [mol/m³], temperature [K], potential [V], diffusivity [m²/s], conductivity [S/m].
 */
import { Table1D } from '../../numerics/interpolation';

export const GAS_CONSTANT = 8.314462618; // J/(mol K), CODATA 2018
export const FARADAY = 96485.33212; // C/mol, CODATA 2018

export type OcpFunction = (sto: number, T: number) => number;
/** Electrolyte property of concentration [mol/m³] and temperature [K]. */
export type ElectrolyteFunction = (c: number, T: number) => number;

/** Arrhenius factor exp(Ea/R (1/Tref − 1/T)). */
export function arrhenius(activationEnergy: number, referenceTemperature: number, T: number, gasConstant = GAS_CONSTANT): number {
  return activationEnergy === 0 ? 1 : Math.exp((activationEnergy / gasConstant) * (1 / referenceTemperature - 1 / T));
}

/**
 * MCMB 2528 graphite OCP, Bogatu et al. 2000 fit as used in DUALFOIL 5.1 (nneg = 3) and PyBaMM
 * `graphite_mcmb2528_ocp_Dualfoil1998` (reference electrochemistry.md §2.2; U_n(0.6) = 0.178978 V).
 */
export function graphiteMcmb2528OcpDualfoil(x: number): number {
  return (
    0.194 +
    1.5 * Math.exp(-120.0 * x) +
    0.0351 * Math.tanh((x - 0.286) / 0.083) -
    0.0045 * Math.tanh((x - 0.849) / 0.119) -
    0.035 * Math.tanh((x - 0.9233) / 0.05) -
    0.0147 * Math.tanh((x - 0.5) / 0.034) -
    0.102 * Math.tanh((x - 0.194) / 0.142) -
    0.022 * Math.tanh((x - 0.9) / 0.0164) -
    0.011 * Math.tanh((x - 0.124) / 0.0226) +
    0.0155 * Math.tanh((x - 0.105) / 0.029)
  );
}

/**
 * LiCoO2 OCP, Garcia 2001 / Thomas 2003 refit as in DUALFOIL 5.1 (npos = 6) and PyBaMM
 * `lico2_ocp_Dualfoil1998` (without Marquis2019's 1.062 stretch; §2.2; U_p(0.5) = 4.241652 V).
 */
export function lico2OcpDualfoil(y: number): number {
  return (
    2.16216 +
    0.07645 * Math.tanh(30.834 - 54.4806 * y) +
    2.1581 * Math.tanh(52.294 - 50.294 * y) -
    0.14169 * Math.tanh(11.0923 - 19.8543 * y) +
    0.2051 * Math.tanh(1.4684 - 5.4888 * y) +
    0.2531 * Math.tanh((-y + 0.56478) / 0.1316) -
    0.02167 * Math.tanh((y - 0.525) / 0.006)
  );
}

/** Chen 2020 graphite-SiOx OCP fit (PyBaMM Chen2020 `graphite_LGM50_ocp_Chen2020` function form, §1.8). */
export function graphiteLgm50OcpChen2020(x: number): number {
  return (
    1.9793 * Math.exp(-39.3631 * x) +
    0.2482 -
    0.0909 * Math.tanh(29.8538 * (x - 0.1234)) -
    0.04478 * Math.tanh(14.9159 * (x - 0.2769)) -
    0.0205 * Math.tanh(30.4444 * (x - 0.6103))
  );
}

/** Chen 2020 NMC811 OCP fit (PyBaMM Chen2020 `nmc_LGM50_ocp_Chen2020` function form, §1.8). */
export function nmcLgm50OcpChen2020(y: number): number {
  return (
    -0.809 * y +
    4.4875 -
    0.0428 * Math.tanh(18.5138 * (y - 0.5542)) -
    17.7326 * Math.tanh(15.789 * (y - 0.3117)) +
    17.5842 * Math.tanh(15.9308 * (y - 0.312))
  );
}

/** LiPF6 in EC:DMC diffusivity, Capiglia et al. 1999 (DUALFOIL nprop 11, PyBaMM Marquis2019): 5.34e-10 exp(−0.65 c/1000) m²/s at the reference T. */
export function electrolyteDiffusivityCapiglia1999(c: number): number {
  return 5.34e-10 * Math.exp((-0.65 * c) / 1000);
}

/** LiPF6 in EC:DMC conductivity, Capiglia et al. 1999: 0.0911 + 1.9101 c′ − 1.052 c′² + 0.1554 c′³ S/m, c′ = c/1000. */
export function electrolyteConductivityCapiglia1999(c: number): number {
  const x = c / 1000;
  return 0.0911 + 1.9101 * x - 1.052 * x * x + 0.1554 * x * x * x;
}

/** LiPF6 in EC:EMC (3:7) diffusivity, Nyman et al. 2008 (PyBaMM Chen2020): 8.794e-11 c′² − 3.972e-10 c′ + 4.862e-10 m²/s. */
export function electrolyteDiffusivityNyman2008(c: number): number {
  const x = c / 1000;
  return 8.794e-11 * x * x - 3.972e-10 * x + 4.862e-10;
}

/** LiPF6 in EC:EMC (3:7) conductivity, Nyman et al. 2008 (PyBaMM Chen2020): 0.1297 c′³ − 2.51 c′^1.5 + 3.329 c′ S/m. */
export function electrolyteConductivityNyman2008(c: number): number {
  const x = Math.max(c, 0) / 1000;
  return 0.1297 * x * x * x - 2.51 * x ** 1.5 + 3.329 * x;
}

/** Function names accepted by cards for OCPs (argument: stoichiometry). */
export const OCP_FUNCTIONS: Record<string, (sto: number) => number> = {
  graphite_mcmb2528_ocp_Dualfoil1998: graphiteMcmb2528OcpDualfoil,
  lico2_ocp_Dualfoil1998: lico2OcpDualfoil,
  /** Marquis2019's positive OCP: DUALFOIL's LiCoO2 fit evaluated at 1.062·sto (PyBaMM Marquis2019). */
  lico2_ocp_Dualfoil1998_stretched_1_062: (y) => lico2OcpDualfoil(1.062 * y),
  graphite_LGM50_ocp_Chen2020_fit: graphiteLgm50OcpChen2020,
  nmc_LGM50_ocp_Chen2020_fit: nmcLgm50OcpChen2020,
};

/** Function names accepted by cards for electrolyte properties (argument: concentration). */
export const ELECTROLYTE_FUNCTIONS: Record<string, (c: number) => number> = {
  electrolyte_diffusivity_Capiglia1999: electrolyteDiffusivityCapiglia1999,
  electrolyte_conductivity_Capiglia1999: electrolyteConductivityCapiglia1999,
  electrolyte_diffusivity_Nyman2008: electrolyteDiffusivityNyman2008,
  electrolyte_conductivity_Nyman2008: electrolyteConductivityNyman2008,
};

/**
 * OCP from a measured table (sto, ocp), linear interpolation, clamped at the ends.
 * Throws an Error naming `label` if sto leaves [0, 1] or the table is not strictly monotone.
 */
export function tabulatedOcp(sto: ArrayLike<number>, ocp: ArrayLike<number>, label: string): (s: number) => number {
  const t = new Table1D(sto, ocp, label, 'clamp');
  if (t.min < 0 || t.max > 1) throw new Error(`${label}: stoichiometry breakpoints must lie in [0, 1] (got ${t.min} … ${t.max})`);
  if (!t.isStrictlyMonotone()) throw new Error(`${label}: OCP must be strictly monotone in stoichiometry`);
  return (s: number) => t.evaluate(s);
}
