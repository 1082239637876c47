/**
 * Built-in cell parameter sets used by the coupled run until (and alongside) the card loaders of
 * the material, cell and runaway engineers. Every number carries its provenance; none here is a
 * measured property of a specific commercial cell, and the report shows the status of each set.
 *
 * Sources: runaway kinetics Kim, Pesaran, Spotnitz, J. Power Sources 170 (2007) 476, Tables 1-2, as
 * tabulated in ../shared/reference/runaway-and-shorts.md §1.2 [checked in three secondary codes];
 * 18650 thermal lumps of the same section (rho*cp = 2.14e6 J/(m^3 K)) [derived]; short area-specific
 * resistances from §2.1 (Chen2020 coating conductivities) [derived]; separator temperatures §2.3
 * [unverified]; jellyroll compressive law, ECM resistance and OCV shape [assumed].
 */
import { CardCitation } from '../io/run-result';
import * as path from 'path';
import { CellParameters, RunawayKinetics } from '../engine/coupling/types';
import { loadRunawayCard } from '../io/cards/runaway-card';
import { repoRoot } from './cards';

export interface CellPreset extends CellParameters {
  id: string;
  description: string;
  provenance: CardCitation[];
}

/**
 * Kim 2007 kinetics from its card (materials/runaway/kim2007-lco-graphite.yaml, one source of truth),
 * in the coupled engine's table form. A missing or invalid shipped card is a broken installation: the
 * loader's error (file, field, reason) is thrown when this module loads.
 */
export const KIM2007_CARD_FILE = path.join(repoRoot(), 'materials', 'runaway', 'kim2007-lco-graphite.yaml');
const kim2007Card = loadRunawayCard(KIM2007_CARD_FILE);

function tableForm(k: typeof kim2007Card.kinetics): RunawayKinetics {
  const e = k.electrolyte;
  if (!e) throw new Error(`${KIM2007_CARD_FILE}: reactions.electrolyte: required for the presets' four-reaction set`);
  return {
    A: [k.sei.frequencyFactor, k.anode.frequencyFactor, k.cathode.frequencyFactor, e.frequencyFactor],
    E: [k.sei.activationEnergy, k.anode.activationEnergy, k.cathode.activationEnergy, e.activationEnergy],
    H: [k.sei.enthalpy, k.anode.enthalpy, k.cathode.enthalpy, e.enthalpy],
    W: [k.sei.specificContent, k.anode.specificContent, k.cathode.specificContent, e.specificContent],
    initial: { cSei: k.initial.seiLithiumFraction, cNeg: k.initial.anodeLithiumFraction, tSei: k.initial.seiThickness, alpha: k.initial.cathodeConversion, cE: k.initial.electrolyteFraction },
    tSeiRef: k.anode.referenceSeiThickness,
  };
}

const KIM2007: RunawayKinetics = tableForm(kim2007Card.kinetics);

const KIM2007_CITATION: CardCitation = kim2007Card.citation;

const SHORT_CITATION: CardCitation = {
  id: 'shorts/area-resistance-chen2020',
  kind: 'short',
  citations: ['Santhanagopalan, Ramadass, Zhang, J. Power Sources 194 (2009) 550 (short types)', 'Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (coating conductivities)'],
  source: '../shared/reference/runaway-and-shorts.md §2.1, bulk-coating resistance R = L/(sigma A) [derived]; Al-Cu contact value assumed',
  status: 'unverified',
};

const NMC_OCV = { soc: [0, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1], voltage: [3.0, 3.35, 3.45, 3.55, 3.65, 3.8, 3.95, 4.05, 4.2] };

export const CELL_PRESETS: Record<string, CellPreset> = {
  'generic-18650-lco': {
    id: 'generic-18650-lco',
    description: 'Generic 18650 LiCoO2/graphite cell, 2.6 A h, with Kim 2007 runaway kinetics',
    format: 'cylindrical',
    chemistry: 'LCO/graphite',
    geometry: { diameter: 0.018, length: 0.065 },
    massKg: 0.045,
    capacityAh: 2.6,
    ocv: NMC_OCV,
    resistance25C: 0.03,
    resistanceActivationEnergy: 2.0e4,
    volumetricHeatCapacity: 2.14e6,
    conductivity: 3.4,
    jellyroll: { stiffness: 120e6, exponent: 2.0, densificationStrain: 0.7, socHardening: 0.3, rateSensitivity: 0.04, referenceStrainRate: 1e-3 },
    casingThickness: 0.25e-3,
    separatorFailureStrain: 0.3,
    separatorShutdownK: 403.15,
    separatorMeltK: 438.15,
    shortAreaResistance: { 'al-anode': 4.0e-7, 'cathode-limited': 4.2e-4, 'al-cu': 2.0e-8, 'ca-an': 4.2e-4 },
    kinetics: KIM2007,
    electrolyteMassFraction: 0.12,
    ventTemperatureK: 423.15,
    provenance: [
      KIM2007_CITATION,
      SHORT_CITATION,
      {
        id: 'cell/generic-18650-lco',
        kind: 'cell',
        citations: ['Kim, Pesaran, Spotnitz, J. Power Sources 170 (2007) 476 (18650 thermal lumps)'],
        source: 'runaway-and-shorts.md §1.2 thermal lumps [derived]; OCV shape, 30 mOhm resistance, jellyroll compressive law, separator failure strain 0.3 (within the 25-40 % range of §2.3) and temperatures are assumed placeholders',
        status: 'assumed',
      },
    ],
  },
  'generic-pouch-nmc': {
    id: 'generic-pouch-nmc',
    description: 'Generic 5 A h NMC/graphite pouch cell (assumed parameters) with Kim 2007 kinetics',
    format: 'pouch',
    chemistry: 'NMC/graphite',
    geometry: { width: 0.06, length: 0.1, thickness: 0.008 },
    massKg: 0.11,
    capacityAh: 5,
    ocv: NMC_OCV,
    resistance25C: 0.012,
    resistanceActivationEnergy: 2.0e4,
    volumetricHeatCapacity: 2.14e6,
    conductivity: 1.0,
    jellyroll: { stiffness: 80e6, exponent: 2.0, densificationStrain: 0.65, socHardening: 0.3, rateSensitivity: 0.04, referenceStrainRate: 1e-3 },
    casingThickness: 0.15e-3,
    separatorFailureStrain: 0.3,
    separatorShutdownK: 403.15,
    separatorMeltK: 438.15,
    shortAreaResistance: { 'al-anode': 4.0e-7, 'cathode-limited': 4.2e-4, 'al-cu': 2.0e-8, 'ca-an': 4.2e-4 },
    kinetics: KIM2007,
    electrolyteMassFraction: 0.15,
    ventTemperatureK: 423.15,
    provenance: [
      KIM2007_CITATION,
      SHORT_CITATION,
      {
        id: 'cell/generic-pouch-nmc',
        kind: 'cell',
        citations: [],
        source: 'assumed placeholder parameters (geometry, mass, OCV, resistance, jellyroll law); Kim 2007 LCO kinetics borrowed across chemistry',
        status: 'assumed',
      },
    ],
  },
};
