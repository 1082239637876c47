/**
 * Runaway-kinetics card loader (materials/runaway/*.yaml → RunawayKinetics, SI).
 *
 * Refuses, naming the field and the reason: negative or zero frequency factors and activation
 * energies; activation energies given in eV, kJ/mol or J per molecule instead of J/mol (judged by
 * range, with the converted value); enthalpies in J/g instead of J/kg; specific contents in g/m³
 * instead of kg/m³; frequency factors so small that a printed exponent-sign typo is likely (the
 * Cai 2019 2.5e-13 case); initial fractions outside [0, 1].
 */
import { z } from 'zod';
import type { RunawayKinetics } from '../../engine/runaway/kinetics';
import type { VentingParameters } from '../../engine/runaway/venting';
import type { CardCitation } from '../run-result';
import {
  CARD_STATUSES,
  cardProvenanceFields,
  type CardIssue,
  CardValidationError,
  checkRange,
  citationOf,
  readYamlCard,
  zodIssues,
} from './card-common';

const AVOGADRO = 6.02214076e23;
const EV_PER_J_MOL = 96485.33212; // 1 eV per particle = 96485 J/mol

const reaction = z
  .object({
    frequencyFactor: z.number(),
    activationEnergy: z.number(),
    enthalpy: z.number(),
    specificContent: z.number(),
  })
  .strict();

const runawayCardSchema = z
  .object({
    kind: z.literal('runaway-kinetics'),
    ...cardProvenanceFields,
    reactions: z
      .object({
        sei: reaction.extend({ order: z.number() }),
        anode: reaction.extend({ order: z.number(), referenceSeiThickness: z.number() }),
        cathode: reaction.extend({ orderConverted: z.number(), orderRemaining: z.number() }),
        electrolyte: reaction.extend({ order: z.number() }).nullable(),
      })
      .strict(),
    initial: z
      .object({
        seiLithiumFraction: z.number(),
        anodeLithiumFraction: z.number(),
        seiThickness: z.number(),
        cathodeConversion: z.number(),
        electrolyteFraction: z.number(),
      })
      .strict(),
    venting: z
      .object({
        status: z.enum(CARD_STATUSES),
        source: z.string().min(1),
        freeVolume: z.number(),
        initialPressure: z.number(),
        burstPressure: z.number(),
        gasMolarMass: z.number(),
        gasYield: z.object({ sei: z.number(), anode: z.number(), cathode: z.number(), electrolyte: z.number() }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type RunawayCard = z.infer<typeof runawayCardSchema>;

export interface LoadedRunawayCard {
  card: RunawayCard;
  kinetics: RunawayKinetics;
  venting: VentingParameters | null;
  citation: CardCitation;
}

function checkActivationEnergy(issues: CardIssue[], path: string, e: number): void {
  if (!Number.isFinite(e) || e <= 0) {
    issues.push({ path, message: `activation energy must be positive (J/mol), got ${e}` });
  } else if (e < 1e-17 && e > 1e-21) {
    issues.push({ path, message: `${e} looks like J per molecule; expected J/mol (${e} J × N_A = ${(e * AVOGADRO).toPrecision(4)} J/mol)` });
  } else if (e < 10) {
    issues.push({ path, message: `${e} looks like eV; expected J/mol (${e} eV = ${(e * EV_PER_J_MOL).toPrecision(4)} J/mol)` });
  } else if (e < 2000) {
    issues.push({ path, message: `${e} looks like kJ/mol; expected J/mol (${e} kJ/mol = ${(e * 1000).toPrecision(4)} J/mol)` });
  } else if (e < 1e4 || e > 6e5) {
    issues.push({ path, message: `${e} J/mol is outside the plausible range [1e4, 6e5] J/mol for decomposition reactions` });
  }
}

function checkFrequencyFactor(issues: CardIssue[], path: string, a: number): void {
  if (!Number.isFinite(a) || a <= 0) issues.push({ path, message: `frequency factor must be positive (1/s), got ${a}` });
  else if (a < 1e-3)
    issues.push({
      path,
      message: `${a} 1/s is implausibly small (< 1e-3 1/s); a printed exponent-sign typo is likely (Cai 2019 prints 2.5e-13 for 2.5e13)`,
    });
  else if (a > 1e35) issues.push({ path, message: `${a} 1/s is above 1e35 1/s` });
}

function checkReaction(issues: CardIssue[], base: string, r: { frequencyFactor: number; activationEnergy: number; enthalpy: number; specificContent: number }): void {
  checkFrequencyFactor(issues, `${base}.frequencyFactor`, r.frequencyFactor);
  checkActivationEnergy(issues, `${base}.activationEnergy`, r.activationEnergy);
  if (r.enthalpy > 0 && r.enthalpy < 5000)
    issues.push({ path: `${base}.enthalpy`, message: `${r.enthalpy} looks like J/g; expected J/kg (${r.enthalpy} J/g = ${r.enthalpy * 1000} J/kg)` });
  else checkRange(issues, `${base}.enthalpy`, r.enthalpy, 5000, 1e7, 'J/kg', 'exothermic decomposition enthalpies are 1e4-1e7 J/kg');
  if (r.specificContent > 2e4)
    issues.push({ path: `${base}.specificContent`, message: `${r.specificContent} looks like g/m^3; expected kg/m^3 (${r.specificContent / 1000} kg/m^3)` });
  else checkRange(issues, `${base}.specificContent`, r.specificContent, 1e-3, 2e4, 'kg/m^3');
}

function checkOrder(issues: CardIssue[], path: string, m: number): void {
  checkRange(issues, path, m, 0, 5, '-');
}

/** Validates a parsed card object; throws CardValidationError listing every problem. */
export function parseRunawayCard(data: unknown, file: string): LoadedRunawayCard {
  const parsed = runawayCardSchema.safeParse(data);
  if (!parsed.success) throw new CardValidationError(file, zodIssues(parsed.error));
  const c = parsed.data;
  const issues: CardIssue[] = [];
  const R = c.reactions;
  checkReaction(issues, 'reactions.sei', R.sei);
  checkOrder(issues, 'reactions.sei.order', R.sei.order);
  checkReaction(issues, 'reactions.anode', R.anode);
  checkOrder(issues, 'reactions.anode.order', R.anode.order);
  checkRange(issues, 'reactions.anode.referenceSeiThickness', R.anode.referenceSeiThickness, 1e-6, 10, '-');
  checkReaction(issues, 'reactions.cathode', R.cathode);
  checkOrder(issues, 'reactions.cathode.orderConverted', R.cathode.orderConverted);
  checkOrder(issues, 'reactions.cathode.orderRemaining', R.cathode.orderRemaining);
  if (R.electrolyte) {
    checkReaction(issues, 'reactions.electrolyte', R.electrolyte);
    checkOrder(issues, 'reactions.electrolyte.order', R.electrolyte.order);
  }
  const I = c.initial;
  checkRange(issues, 'initial.seiLithiumFraction', I.seiLithiumFraction, 0, 1, '-');
  checkRange(issues, 'initial.anodeLithiumFraction', I.anodeLithiumFraction, 0, 1, '-');
  checkRange(issues, 'initial.seiThickness', I.seiThickness, 0, 10, '-');
  checkRange(issues, 'initial.electrolyteFraction', I.electrolyteFraction, 0, 1, '-');
  if (!(I.cathodeConversion > 0 && I.cathodeConversion < 1))
    issues.push({
      path: 'initial.cathodeConversion',
      message: `${I.cathodeConversion} must be in (0, 1): the autocatalytic α(1−α) law never starts from α = 0 and is finished at α = 1`,
    });
  if (c.venting) {
    const v = c.venting;
    checkRange(issues, 'venting.freeVolume', v.freeVolume, 1e-9, 1, 'm^3');
    checkRange(issues, 'venting.initialPressure', v.initialPressure, 1e3, 1e7, 'Pa');
    checkRange(issues, 'venting.burstPressure', v.burstPressure, 1e4, 1e8, 'Pa');
    if (v.burstPressure <= v.initialPressure)
      issues.push({ path: 'venting.burstPressure', message: `must exceed venting.initialPressure (${v.initialPressure} Pa)` });
    checkRange(issues, 'venting.gasMolarMass', v.gasMolarMass, 0.002, 0.3, 'kg/mol');
    for (const k of ['sei', 'anode', 'cathode', 'electrolyte'] as const) checkRange(issues, `venting.gasYield.${k}`, v.gasYield[k], 0, 100, 'mol/kg');
  }
  if (issues.length) throw new CardValidationError(file, issues);
  const kinetics: RunawayKinetics = {
    name: c.id,
    sei: { ...R.sei },
    anode: { ...R.anode },
    cathode: { ...R.cathode },
    electrolyte: R.electrolyte ? { ...R.electrolyte } : null,
    initial: { ...I },
  };
  const venting: VentingParameters | null = c.venting
    ? {
        freeVolume: c.venting.freeVolume,
        initialPressure: c.venting.initialPressure,
        burstPressure: c.venting.burstPressure,
        gasMolarMass: c.venting.gasMolarMass,
        gasYield: { ...c.venting.gasYield },
        status: c.venting.status,
      }
    : null;
  return { card: c, kinetics, venting, citation: citationOf(c) };
}

export function loadRunawayCard(path: string): LoadedRunawayCard {
  return parseRunawayCard(readYamlCard(path), path);
}
