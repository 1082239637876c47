/**
 * Standard abuse-test profiles as data. Every number carries the status it has in
 * ../shared/reference/standards-and-reports.md §1.3: 'verified' ([checked] against an accessible
 * excerpt), 'secondary' (lab/vendor summary), 'recalled' ([unverified], a placeholder until someone
 * checks the purchased standard), or 'assumed' (not stated by the standard; a batsafe choice).
 * A report must never present a 'recalled' or 'assumed' number as normative.
 */

export type NumberStatus = 'verified' | 'secondary' | 'recalled' | 'assumed';

export interface ProfileNumber {
  value: number;
  /** SI unit of `value`. */
  unit: string;
  status: NumberStatus;
  note?: string;
}

/** A verdict predicate over predicted observables (see verdicts.ts). */
export type VerdictPredicate =
  | { kind: 'max-surface-temperature'; clause: string; limit: ProfileNumber }
  | { kind: 'no-fire'; clause: string }
  | { kind: 'no-explosion'; clause: string }
  | { kind: 'no-rupture'; clause: string }
  | { kind: 'characterization'; clause: string };

export interface StandardProfile {
  id: string;
  title: string;
  edition: string;
  /** What the standard applies to here. */
  specimen: 'cylindrical' | 'pouch' | 'any';
  loadingType: 'indentation' | 'impact' | 'nail';
  indenter: { shape: 'flat-plate' | 'semicylinder' | 'rod' | 'nail'; radius?: ProfileNumber; tipAngle?: ProfileNumber };
  /** Speed [m/s] (indentation, nail); `speedIsMaximum` when the standard gives an upper bound. */
  speed?: ProfileNumber;
  speedIsMaximum?: boolean;
  dropMass?: ProfileNumber;
  dropHeight?: ProfileNumber;
  stop: {
    force?: ProfileNumber;
    forceMassMultiple?: ProfileNumber;
    deformation?: ProfileNumber;
    voltage?: ProfileNumber;
    voltageDrop?: ProfileNumber;
    voltageDropFraction?: ProfileNumber;
  };
  release: boolean;
  hold?: ProfileNumber;
  observe: ProfileNumber;
  /** Required state of charge, if the standard fixes one. */
  stateOfCharge?: ProfileNumber;
  verdicts: VerdictPredicate[];
  /** Reference rows used, and what the profile does not emulate. */
  sources: string[];
  notes: string[];
}

const REF = '../shared/reference/standards-and-reports.md §1.3';
const n = (value: number, unit: string, status: NumberStatus, note?: string): ProfileNumber => ({ value, unit, status, ...(note ? { note } : {}) });

export const STANDARD_PROFILES: Record<string, StandardProfile> = {
  'GB38031-2020/cell-compression': {
    id: 'GB38031-2020/cell-compression',
    title: 'GB 38031-2020 cell compression (§8.1.6/8.1.7)',
    edition: 'GB 38031-2020',
    specimen: 'any',
    loadingType: 'indentation',
    indenter: { shape: 'semicylinder', radius: n(0.075, 'm', 'recalled', 'R = 75 mm checked for the 2025 edition; 2020 believed identical') },
    speed: n(0.002, 'm/s', 'recalled', '<= 2 mm/s checked for 2025; 2020 believed identical'),
    speedIsMaximum: true,
    stop: {
      voltage: n(0, 'V', 'recalled', 'V = 0 checked for 2025; 2020 believed identical'),
      deformation: n(0.15, '-', 'recalled', '15 % checked for 2025; 2020 believed identical'),
      force: n(100e3, 'N', 'recalled', '100 kN checked for 2025; 2020 believed identical'),
      forceMassMultiple: n(1000, '-', 'recalled', '1000 x cell mass checked for 2025; 2020 believed identical'),
    },
    release: false,
    hold: n(600, 's', 'recalled', 'hold 10 min'),
    observe: n(3600, 's', 'recalled', 'observe 1 h'),
    stateOfCharge: n(1, '-', 'recalled', 'standard-charge (100 %) SOC'),
    verdicts: [
      { kind: 'no-fire', clause: 'GB 38031-2020 cell compression (test §8.1.6/8.1.7)' },
      { kind: 'no-explosion', clause: 'GB 38031-2020 cell compression (test §8.1.6/8.1.7)' },
    ],
    sources: [`${REF} row "GB 38031-2020 Cell compression": [checked] for 2025 (rapiddraft), 2020 believed identical [unverified]`],
    notes: ['No leakage or insulation requirement at cell level.', 'Not to be confused with the pack criterion (100 kN or 30 %).'],
  },
  'UN38.3/T6-impact': {
    id: 'UN38.3/T6-impact',
    title: 'UN 38.3 T.6 impact (cylindrical cells >= 18 mm)',
    edition: 'UN Manual of Tests and Criteria, Part III, 38.3',
    specimen: 'cylindrical',
    loadingType: 'impact',
    indenter: { shape: 'rod', radius: n(0.0079, 'm', 'verified', '15.8 +/- 0.1 mm diameter Type 316 bar') },
    dropMass: n(9.1, 'kg', 'verified', '9.1 +/- 0.1 kg'),
    dropHeight: n(0.61, 'm', 'verified', '61 +/- 2.5 cm'),
    stop: {},
    release: true,
    observe: n(6 * 3600, 's', 'verified', '6 h after the test'),
    verdicts: [
      { kind: 'max-surface-temperature', clause: 'UN 38.3 T.6 requirement (external temperature)', limit: n(443.15, 'K', 'verified', 'external temperature <= 170 °C') },
      { kind: 'no-rupture', clause: 'UN 38.3 T.6 requirement (no disassembly, no rupture)' },
      { kind: 'no-fire', clause: 'UN 38.3 T.6 requirement (no fire)' },
    ],
    sources: [`${REF} row "UN 38.3 T.6 Impact" [checked] (vis123d)`],
    notes: ['Single impact on a guided track; the bar lies across the cell centre, axis perpendicular to the cell axis.'],
  },
  'UN38.3/T6-crush': {
    id: 'UN38.3/T6-crush',
    title: 'UN 38.3 T.6 crush (prismatic, pouch, coin, cylindrical < 18 mm)',
    edition: 'UN Manual of Tests and Criteria, Part III, 38.3',
    specimen: 'any',
    loadingType: 'indentation',
    indenter: { shape: 'flat-plate' },
    speed: n(0.015, 'm/s', 'verified', 'about 1.5 cm/s at first contact'),
    stop: {
      force: n(13e3, 'N', 'verified', '13 +/- 0.78 kN'),
      voltageDrop: n(0.1, 'V', 'verified', 'drop >= 100 mV'),
      deformation: n(0.5, '-', 'verified', '>= 50 % of the thickness'),
    },
    release: true,
    observe: n(6 * 3600, 's', 'verified', '6 h'),
    verdicts: [
      { kind: 'max-surface-temperature', clause: 'UN 38.3 T.6 requirement (external temperature)', limit: n(443.15, 'K', 'verified', 'external temperature <= 170 °C') },
      { kind: 'no-rupture', clause: 'UN 38.3 T.6 requirement (no disassembly, no rupture)' },
      { kind: 'no-fire', clause: 'UN 38.3 T.6 requirement (no fire)' },
    ],
    sources: [`${REF} row "UN 38.3 T.6 Crush" [checked] (vis123d T7 page)`],
    notes: ['Pouch and prismatic cells are crushed on the wide side.'],
  },
  'UL1642/crush': {
    id: 'UL1642/crush',
    title: 'UL 1642 crush',
    edition: 'UL 1642',
    specimen: 'any',
    loadingType: 'indentation',
    indenter: { shape: 'flat-plate' },
    speed: n(0.001, 'm/s', 'assumed', 'the standard says "gradual"; 1 mm/s is a batsafe choice'),
    stop: { force: n(13e3, 'N', 'secondary', '13 +/- 1 kN, then release') },
    release: true,
    observe: n(3600, 's', 'assumed', 'no observation window in the reference; 1 h is a batsafe choice'),
    verdicts: [
      { kind: 'no-fire', clause: 'UL 1642 crush (no fire)' },
      { kind: 'no-explosion', clause: 'UL 1642 crush (no explosion)' },
    ],
    sources: [`${REF} row "UL 1642 Crush" [secondary] (gdestl, energy-assurance)`],
    notes: ['Li-ion pouch/prismatic cells are crushed on the wide side only.'],
  },
  'UL1642/impact': {
    id: 'UL1642/impact',
    title: 'UL 1642 impact',
    edition: 'UL 1642',
    specimen: 'cylindrical',
    loadingType: 'impact',
    indenter: { shape: 'rod', radius: n(0.0079, 'm', 'secondary', '15.8 +/- 0.1 mm bar') },
    dropMass: n(9.1, 'kg', 'secondary', '9.1 +/- 0.46 kg'),
    dropHeight: n(0.61, 'm', 'secondary', '610 +/- 25 mm'),
    stop: {},
    release: true,
    observe: n(3600, 's', 'assumed', 'no observation window in the reference; 1 h is a batsafe choice'),
    verdicts: [
      { kind: 'no-fire', clause: 'UL 1642 impact (no fire)' },
      { kind: 'no-explosion', clause: 'UL 1642 impact (no explosion)' },
    ],
    sources: [`${REF} row "UL 1642 Impact" [secondary] (gdestl, MCM)`],
    notes: ['Pouch cells > 300 mAh may use the round-bar crush alternative (§14A), not emulated here.'],
  },
  'SAEJ2464/crush': {
    id: 'SAEJ2464/crush',
    title: 'SAE J2464 crush (characterization)',
    edition: 'SAE J2464 (2009/2021)',
    specimen: 'any',
    loadingType: 'indentation',
    indenter: { shape: 'flat-plate' },
    speed: n(0.01 / 60, 'm/s', 'recalled', '0.5-1 cm/min; upper value used'),
    stop: {
      deformation: n(0.5, '-', 'recalled', 'crush to 50 % (after an 85 % stage with a 5 min hold, not emulated)'),
      forceMassMultiple: n(1000, '-', 'recalled', 'or until F = 1000 x DUT mass'),
    },
    release: false,
    observe: n(3600, 's', 'recalled', '>= 1 h observation'),
    verdicts: [{ kind: 'characterization', clause: 'SAE J2464 crush: characterization, no pass/fail (see SAE J2929)' }],
    sources: [`${REF} row "SAE J2464 Crush": framing [checked] (tnlab), numbers [unverified]`],
    notes: ['The intermediate 15 % stage with its 5 min hold is not emulated: one loading stage to 50 %.'],
  },
  'SAEJ2464/penetration': {
    id: 'SAEJ2464/penetration',
    title: 'SAE J2464 / FreedomCAR penetration (characterization)',
    edition: 'SAE J2464 (2009/2021)',
    specimen: 'any',
    loadingType: 'nail',
    indenter: { shape: 'nail', radius: n(0.0015, 'm', 'recalled', '3 mm diameter mild-steel rod for cells'), tipAngle: n(Math.PI / 3, 'rad', 'assumed', 'pointed tip; 60° is a batsafe choice') },
    speed: n(0.08, 'm/s', 'recalled', '8 cm/s'),
    stop: { deformation: n(0.95, '-', 'recalled', 'through the cell (95 % of the thickness in the reduced-order model)') },
    release: false,
    observe: n(3600, 's', 'recalled', '>= 1 h'),
    verdicts: [{ kind: 'characterization', clause: 'SAE J2464 penetration: characterization, no pass/fail' }],
    sources: [`${REF} row "SAE J2464 / FreedomCAR Penetration" [unverified]`],
    notes: [],
  },
  'IEC62660-3/crush': {
    id: 'IEC62660-3/crush',
    title: 'IEC 62660-3 crush',
    edition: 'IEC 62660-3:2016/2022',
    specimen: 'any',
    loadingType: 'indentation',
    indenter: { shape: 'semicylinder', radius: n(0.075, 'm', 'assumed', 'bar or semicylinder; radius not in the reference, R75 is a batsafe choice') },
    speed: n(0.001, 'm/s', 'assumed', '"slow" [unverified]; 1 mm/s is a batsafe choice'),
    stop: {
      voltageDropFraction: n(1 / 3, '-', 'recalled', 'voltage drop >= 1/3 of the initial voltage'),
      deformation: n(0.15, '-', 'recalled', '15 % deformation'),
      forceMassMultiple: n(1000, '-', 'recalled', 'F = 1000 x cell mass'),
    },
    release: false,
    observe: n(3600, 's', 'recalled', '1 h'),
    verdicts: [
      { kind: 'no-fire', clause: 'IEC 62660-3 crush (no fire)' },
      { kind: 'no-explosion', clause: 'IEC 62660-3 crush (no explosion)' },
    ],
    sources: [`${REF} row "IEC 62660-3 Crush": scope [checked], numbers [unverified]`],
    notes: [],
  },
  'nail-penetration/GBT31485-2015': {
    id: 'nail-penetration/GBT31485-2015',
    title: 'Nail penetration (GB/T 31485-2015 style cell test; not a stand-alone test in GB 38031-2020)',
    edition: 'GB/T 31485-2015 (superseded)',
    specimen: 'any',
    loadingType: 'nail',
    indenter: { shape: 'nail', radius: n(0.0025, 'm', 'recalled', 'diameter 5-8 mm; 5 mm used'), tipAngle: n(Math.PI / 3, 'rad', 'recalled', '45-60° cone; 60° used') },
    speed: n(0.025, 'm/s', 'recalled', '25 +/- 5 mm/s'),
    stop: { deformation: n(0.95, '-', 'recalled', 'through the cell, nail left in (95 % of the thickness in the reduced-order model)') },
    release: false,
    observe: n(3600, 's', 'recalled', '1 h'),
    verdicts: [
      { kind: 'no-fire', clause: 'GB/T 31485-2015 nail penetration (no fire)' },
      { kind: 'no-explosion', clause: 'GB/T 31485-2015 nail penetration (no explosion)' },
    ],
    sources: [`${REF} row "GB 38031 Nail penetration": GB/T 31485-2015 cell nail test [unverified]`],
    notes: ['GB 38031-2020 keeps needle penetration only as a thermal-propagation trigger (Annex C).'],
  },
};

export const STANDARD_PROFILE_IDS = Object.keys(STANDARD_PROFILES) as [string, ...string[]];

export function getStandardProfile(id: string): StandardProfile | undefined {
  return STANDARD_PROFILES[id];
}
