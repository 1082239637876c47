/** Kim 2007 kinetics (materials/runaway/kim2007-lco-graphite.yaml, runaway-and-shorts.md §1.2) as plain data for pack tests. */
import type { RunawayKinetics } from '../../../../src/engine/runaway/kinetics';

export const KIM2007: RunawayKinetics = {
  name: 'kim2007-lco-graphite',
  sei: { frequencyFactor: 1.667e15, activationEnergy: 1.3508e5, enthalpy: 257000, specificContent: 610.4, order: 1 },
  anode: { frequencyFactor: 2.5e13, activationEnergy: 1.3508e5, enthalpy: 1714000, specificContent: 610.4, order: 1, referenceSeiThickness: 0.033 },
  cathode: { frequencyFactor: 6.667e13, activationEnergy: 1.396e5, enthalpy: 314000, specificContent: 1221, orderConverted: 1, orderRemaining: 1 },
  electrolyte: { frequencyFactor: 5.14e25, activationEnergy: 2.74e5, enthalpy: 155000, specificContent: 407, order: 1 },
  initial: { seiLithiumFraction: 0.15, anodeLithiumFraction: 0.75, seiThickness: 0.033, cathodeConversion: 0.04, electrolyteFraction: 1 },
};
