/**
 * Internal-short resistance (issue 6): the four contact types of Santhanagopalan, Ramadass, Zhang,
 * J. Power Sources 194 (2009) 550 (runaway-and-shorts.md §2.1):
 *
 *   aluminium-anode   (Al–An):  R'' = R''_contact + L_an/σ_an
 *   aluminium-copper  (Al–Cu):  R'' = R''_contact                      (metal to metal, "hard")
 *   copper-cathode    (Cu–Ca):  R'' = R''_contact + L_ca/σ_ca
 *   cathode-anode     (Ca–An):  R'' = R''_contact + L_an/σ_an + L_ca/σ_ca
 *
 * R'' [Ω·m²] is the area-specific resistance: bulk coating resistance through the thickness
 * (R = L/(σ_eff A), no spreading term) plus a contact term. The short resistance is
 *   R_ISC = R'' / (A_damaged · g(T)),
 * where A_damaged comes from the mechanics (failed separator area) and g(T) ≥ 1 is the separator
 * shrink/melt growth law (separator.ts). σ_eff is the coating's effective electronic conductivity
 * (for DUALFOIL / Marquis2019 σ(1 − ε − ε_f)^1.5; for Chen2020 the tabulated value).
 */
import { type SeparatorBehaviour, shortAreaMultiplier } from './separator';

export const INTERNAL_SHORT_TYPES = ['aluminium-anode', 'aluminium-copper', 'copper-cathode', 'cathode-anode'] as const;
export type InternalShortType = (typeof INTERNAL_SHORT_TYPES)[number];

export interface ElectrodeCoatings {
  /** Negative coating thickness [m]. */
  anodeThickness: number;
  /** Negative coating effective electronic conductivity [S/m]. */
  anodeConductivity: number;
  /** Positive coating thickness [m]. */
  cathodeThickness: number;
  /** Positive coating effective electronic conductivity [S/m]. */
  cathodeConductivity: number;
}

export interface InternalShortSpec {
  type: InternalShortType;
  coatings: ElectrodeCoatings;
  /** Contact area-specific resistance [Ω·m²] (foil/coating/nail contact); 0 for none. */
  contactResistance: number;
  /** Damaged (shorted) area at onset [m²]. */
  damagedArea: number;
  /** Separator growth law; omitted = area fixed. */
  separator?: SeparatorBehaviour;
}

/** Area-specific resistance R'' [Ω·m²] of a contact type. */
export function shortAreaSpecificResistance(type: InternalShortType, c: ElectrodeCoatings, contactResistance: number): number {
  const an = c.anodeThickness / c.anodeConductivity;
  const ca = c.cathodeThickness / c.cathodeConductivity;
  switch (type) {
    case 'aluminium-anode':
      return contactResistance + an;
    case 'aluminium-copper':
      return contactResistance;
    case 'copper-cathode':
      return contactResistance + ca;
    case 'cathode-anode':
      return contactResistance + an + ca;
  }
}

/** R_ISC [Ω] at temperature T [K] (the separator law widens the area as it shrinks and melts). */
export function internalShortResistance(spec: InternalShortSpec, temperatureK: number): number {
  const asr = shortAreaSpecificResistance(spec.type, spec.coatings, spec.contactResistance);
  const g = spec.separator ? shortAreaMultiplier(spec.separator, temperatureK) : 1;
  return asr / (spec.damagedArea * g);
}

/**
 * Power in a short R_s across a cell of EMF U and internal resistance R_i:
 * P_s = U² R_s / (R_s + R_i)², largest at R_s = R_i (runaway-and-shorts.md §2.1, derived).
 */
export function shortPowerRint(emf: number, internalResistance: number, shortResistance: number): number {
  const s = shortResistance + internalResistance;
  return (emf * emf * shortResistance) / (s * s);
}
