/**
 * DUALFOIL 5.1 default-case parameters written out in TypeScript for engine unit tests (the card
 * materials/cells/dualfoil-default.yaml is the user-facing copy; test/verification checks the card).
 * Source: /work/shared/reference/data/dualfoil-README.md (df5.1/dualfoil5.in).
 */
import { CellParameters } from '../../../../src/engine/electrochem/p2d/parameters';
import * as fn from '../../../../src/engine/electrochem/ocp/functions';

const F = 96487; // DUALFOIL's Faraday constant
/** DUALFOIL Arrhenius factor exp(Ebar (T − 298)/(298 T)) with Ebar = Ea/R = 4000 K (li-ion-ebar.in). */
const arr = (T: number) => Math.exp((4000 * (T - 298)) / (298 * T));
export const dualfoilParameters: CellParameters = {
  name: 'dualfoil-default (test copy)',
  faraday: F,
  gasConstant: 8.3143,
  negative: {
    thickness: 100e-6,
    porosity: 0.3,
    activeMaterialVolumeFraction: 0.6,
    particleRadius: 10e-6,
    maxConcentration: 24983.2619938437,
    diffusivity: () => 3.9e-14,
    diffusivityDependsOnStoichiometry: false,
    ocp: (x) => fn.graphiteMcmb2528OcpDualfoil(x),
    exchangeCurrentDensity: (ce, cs, cmax, T) => F * 1e-5 * arr(T) * Math.sqrt(ce * cs * (cmax - cs)),
    conductivity: 100,
    conductivityVolumeFraction: 'solid',
    conductivityBruggeman: 1.5,
    electrolyteBruggeman: 1.5,
    filmResistance: 0.001,
    stoichiometryAt0Soc: 0.02,
    stoichiometryAt100Soc: 0.6,
  },
  separator: { thickness: 25e-6, porosity: 1.0, electrolyteBruggeman: 1.5 },
  positive: {
    thickness: 100e-6,
    porosity: 0.3,
    activeMaterialVolumeFraction: 0.5,
    particleRadius: 10e-6,
    maxConcentration: 51217.9257309275,
    diffusivity: () => 1e-13,
    diffusivityDependsOnStoichiometry: false,
    ocp: (y) => fn.lico2OcpDualfoil(y),
    exchangeCurrentDensity: (ce, cs, cmax, T) => F * 3e-11 * arr(T) * Math.sqrt(ce * cs * (cmax - cs)),
    conductivity: 10,
    conductivityVolumeFraction: 'solid',
    conductivityBruggeman: 1.5,
    electrolyteBruggeman: 1.5,
    stoichiometryAt0Soc: 0.84,
    stoichiometryAt100Soc: 0.5,
  },
  electrolyte: {
    initialConcentration: 1000,
    transferenceNumber: 0.4,
    thermodynamicFactor: 1,
    diffusivity: (c, T) => fn.electrolyteDiffusivityCapiglia1999(c) * arr(T),
    conductivity: (c, T) => fn.electrolyteConductivityCapiglia1999(c) * arr(T),
  },
  electrodeArea: 1,
  nominalCapacityAh: 20,
  lowerVoltageCutoff: 2.0,
  upperVoltageCutoff: 4.7,
};
