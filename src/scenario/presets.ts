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
import { CellParameters, RunawayKinetics } from '../engine/coupling/types';

export interface CellPreset extends CellParameters {
  id: string;
  description: string;
  provenance: CardCitation[];
}

const KIM2007: RunawayKinetics = {
  A: [1.667e15, 2.5e13, 6.667e13, 5.14e25],
  E: [1.3508e5, 1.3508e5, 1.396e5, 2.74e5],
  H: [257e3, 1714e3, 314e3, 155e3],
  W: [610.4, 610.4, 1221, 407],
  initial: { cSei: 0.15, cNeg: 0.75, tSei: 0.033, alpha: 0.04, cE: 1 },
  tSeiRef: 0.033,
};

const KIM2007_CITATION: CardCitation = {
  id: 'kinetics/kim2007-lco',
  kind: 'runaway',
  citations: ['Kim, Pesaran, Spotnitz, J. Power Sources 170 (2007) 476, Tables 1-2', 'Hatchard et al., J. Electrochem. Soc. 148 (2001) A755'],
  source: '../shared/reference/runaway-and-shorts.md §1.2 (three independent public implementations agree)',
  status: 'fitted',
};

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
