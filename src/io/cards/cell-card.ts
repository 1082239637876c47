/**
 * Electrochemical cell cards (materials/cells/*.yaml, SI units) → engine parameters (issue 5).
 *
 *   kind: cell-electrochemistry, model: physics → CellParameters for the DFN / SPMe / SPM
 *   kind: cell-electrochemistry, model: ecm     → an EquivalentCircuitModel (Rint, Thevenin, PNGV, Randles)
 *
 * Material functions are named published fits (src/engine/electrochem/ocp/functions.ts) or tables
 * (CSV files next to the card, '#' comment lines for provenance). Every problem is reported with the
 * card file, the field path and the reason before anything is computed (CardValidationError lists
 * them all): stoichiometries outside (0, 1), negative thicknesses or porosities, OCP tables out of
 * range or not monotone, porosity + active fraction above 1, unknown function names.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { EquivalentCircuitModel } from '../../engine/electrochem/ecm/ecm-model';
import type { EcmElementSpec, EcmKind, EcmSpec } from '../../engine/electrochem/ecm/ecm-model';
import type { EcmAxis, EcmParameterSpec } from '../../engine/electrochem/ecm/parameter';
import { ELECTROLYTE_FUNCTIONS, OCP_FUNCTIONS, arrhenius, GAS_CONSTANT } from '../../engine/electrochem/ocp/functions';
import type { CellParameters, ElectrodeParameters } from '../../engine/electrochem/p2d/parameters';
import { validateCellParameters } from '../../engine/electrochem/p2d/parameters';
import { PchipTable1D } from '../../engine/numerics/interpolation';
import type { CardCitation } from '../run-result';
import { cardProvenanceFields, CardIssue, CardValidationError, citationOf, readYamlCard, zodIssues } from './card-common';

/** Allowed local reversal of a measured OCP table [V] (measurement noise, e.g. the Chen2020 graphite data: < 1 mV). */
export const OCP_NOISE_ALLOWANCE = 0.005;

const arrheniusFields = {
  activationEnergy: z.number().optional().describe('Arrhenius activation energy [J/mol] (default 0)'),
  referenceTemperature: z.number().optional().describe('Arrhenius reference temperature [K] (default: card referenceTemperature)'),
};
const property = z.union([
  z.object({ value: z.number().describe('Constant value (SI)'), ...arrheniusFields }).strict(),
  z.object({ function: z.string().describe('Name of a published fit'), ...arrheniusFields }).strict(),
  z.object({ expression: z.string().describe('mathjs expression in x (stoichiometry for solids, concentration [mol/m^3] for the electrolyte), e.g. from BPX'), ...arrheniusFields }).strict(),
]);
const ocpSpec = z.union([
  z.object({ function: z.string().describe('Name of a published OCP fit'), stoichiometryScale: z.number().optional().describe('Evaluate at scale·sto (Marquis2019 uses 1.062)') }).strict(),
  z.object({ expression: z.string().describe('mathjs expression in x = stoichiometry [V]') }).strict(),
  z.object({ x: z.array(z.number()).describe('Inline table: stoichiometry'), y: z.array(z.number()).describe('Inline table: OCP [V]') }).strict(),
  z.object({ table: z.string().describe('CSV file (sto, ocp) relative to the card; # comment lines; interpolated by PCHIP (C¹, shape-preserving)') }).strict(),
]);
const electrodeSchema = z
  .object({
    thickness: z.number().describe('[m]'),
    porosity: z.number().describe('Electrolyte volume fraction [-]'),
    activeMaterialVolumeFraction: z.number().describe('[-]'),
    particleRadius: z.number().describe('[m]'),
    maxConcentration: z.number().describe('[mol/m^3]'),
    diffusivity: property.describe('Solid diffusivity [m^2/s]'),
    ocp: ocpSpec,
    entropicCoefficient: z.number().optional().describe('dU/dT [V/K], constant'),
    exchangeCurrent: z
      .object({
        coefficient: z.number().describe('i0 = coefficient · sqrt(c_e c_s (c_max − c_s)) [A/m^2 (m^3/mol)^1.5] (PyBaMM m_ref; DUALFOIL F·k)'),
        ...arrheniusFields,
      })
      .strict(),
    conductivity: z
      .object({
        value: z.number().describe('Solid conductivity [S/m]'),
        volumeFraction: z.enum(['active', 'solid']).describe("σ_eff = σ φ^b, φ = active fraction (PyBaMM) or 1 − porosity ('solid', DUALFOIL)"),
        bruggeman: z.number(),
      })
      .strict(),
    electrolyteBruggeman: z.number(),
    filmResistance: z.number().optional().describe('[Ohm m^2 of particle surface]'),
    stoichiometry: z
      .object({
        at0Soc: z.number().optional(),
        at100Soc: z.number().optional(),
        initial: z.number().optional().describe('Initial stoichiometry of the reference case'),
      })
      .strict(),
  })
  .strict();

const physicsSchema = z
  .object({
    electrodeArea: z.number().describe('Electrode area (× electrodes in parallel) [m^2]'),
    nominalCapacityAh: z.number(),
    voltageCutoffs: z.object({ lower: z.number(), upper: z.number() }).strict(),
    referenceTemperature: z.number().describe('[K]'),
    constants: z.object({ faraday: z.number().optional(), gasConstant: z.number().optional() }).strict().optional(),
    negative: electrodeSchema,
    separator: z.object({ thickness: z.number(), porosity: z.number(), electrolyteBruggeman: z.number() }).strict(),
    positive: electrodeSchema,
    electrolyte: z
      .object({
        initialConcentration: z.number().describe('[mol/m^3]'),
        transferenceNumber: z.number(),
        thermodynamicFactor: z.number(),
        diffusivity: property.describe('[m^2/s] as a function of c [mol/m^3]'),
        conductivity: property.describe('[S/m] as a function of c [mol/m^3]'),
      })
      .strict(),
    thermal: z
      .object({ heatCapacity: z.number().describe('[J/K]'), conductanceToAmbient: z.number().describe('h·A [W/K]') })
      .strict()
      .optional(),
  })
  .strict();

const ecmTable = z
  .object({
    csv: z.string().describe('PyBaMM-style CSV relative to the card: axis columns then the value column'),
  })
  .strict();
const ecmParam = z.union([z.number(), ecmTable]);
const ecmSchema = z
  .object({
    kind: z.enum(['rint', 'thevenin', 'pngv', 'randles']),
    capacityAh: z.number(),
    ocv: ecmParam,
    entropicCoefficient: ecmParam.optional(),
    r0: ecmParam,
    rc: z.array(z.object({ r: ecmParam, c: ecmParam }).strict()).optional().describe('Thevenin RC pairs; Randles: first = charge transfer ∥ double layer, rest = Warburg chain'),
    bulkCapacitance: ecmParam.optional().describe('PNGV bulk capacitance [F]'),
    voltageCutoffs: z.object({ lower: z.number(), upper: z.number() }).strict().optional(),
  })
  .strict();

const cellCardSchema = z
  .object({
    kind: z.literal('cell-electrochemistry'),
    ...cardProvenanceFields,
    model: z.enum(['physics', 'ecm']),
    physics: physicsSchema.optional(),
    ecm: ecmSchema.optional(),
  })
  .strict();

export type CellCard = z.infer<typeof cellCardSchema>;

export interface LoadedCellCard {
  card: CellCard;
  citation: CardCitation;
  /** For model 'physics'. */
  parameters?: CellParameters;
  /** Initial stoichiometries of the card's reference case, when given. */
  initialStoichiometry?: { x: number; y: number };
  /** For model 'ecm'. */
  ecm?: EquivalentCircuitModel;
  ecmSpec?: EcmSpec;
}

/** The part of mathjs this file uses (mathjs ships ESM typings that a CJS build cannot import). */
interface CompiledExpression {
  evaluate(scope: Record<string, number>): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mathCompile: (expr: string) => CompiledExpression = require('mathjs').compile;

/** Compiles a mathjs expression in x (BPX function strings); checks it evaluates to a finite number at x = 0.5. */
export function compileExpression(expression: string, where: string, issues: CardIssue[]): ((x: number) => number) | null {
  let c: CompiledExpression;
  try {
    c = mathCompile(expression);
  } catch (err) {
    issues.push({ path: where, message: `not a valid expression in x: ${(err as Error).message}` });
    return null;
  }
  const scope = { x: 0.5 };
  const f = (x: number): number => {
    scope.x = x;
    return Number(c.evaluate(scope));
  };
  try {
    if (!Number.isFinite(f(0.5))) issues.push({ path: where, message: `expression '${expression}' is not finite at x = 0.5` });
  } catch (err) {
    issues.push({ path: where, message: `expression '${expression}' cannot be evaluated: ${(err as Error).message}` });
    return null;
  }
  return f;
}

/** Reads numeric CSV rows, skipping '#' comments; returns the header (first non-comment line, if not numeric) and rows. */
export function readNumericCsv(file: string): { header: string[] | null; rows: number[][] } {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  let header: string[] | null = null;
  if (lines.length > 0 && lines[0].split(',').some((c) => Number.isNaN(Number(c)))) header = lines.shift()!.split(',').map((c) => c.trim());
  const rows = lines.map((l) => l.split(',').map(Number));
  return { header, rows };
}

function isNonIncreasingWithin(values: number[], allowance: number): number {
  // returns the index of the first reversal larger than the allowance (−1 when none), for a decreasing OCP
  let runningMin = values[0];
  for (let i = 1; i < values.length; i++) {
    if (values[i] > runningMin + allowance) return i;
    runningMin = Math.min(runningMin, values[i]);
  }
  return -1;
}

/** Loads, validates and converts a cell card. Throws CardValidationError listing every problem. */
export function loadCellCard(file: string): LoadedCellCard {
  const raw = readYamlCard(file);
  const parsed = cellCardSchema.safeParse(raw);
  if (!parsed.success) throw new CardValidationError(file, zodIssues(parsed.error));
  return convertCellCard(parsed.data, file);
}

/** Converts an already-parsed card object (e.g. from BPX import); `file` names it in errors and anchors relative paths. */
export function convertCellCard(input: unknown, file: string): LoadedCellCard {
  const parsed = cellCardSchema.safeParse(input);
  if (!parsed.success) throw new CardValidationError(file, zodIssues(parsed.error));
  const card = parsed.data;
  const issues: CardIssue[] = [];
  const dir = path.dirname(file);
  const out: LoadedCellCard = { card, citation: citationOf(card) };
  if (card.model === 'physics') {
    if (!card.physics) issues.push({ path: 'physics', message: "required when model is 'physics'" });
    else {
      const p = convertPhysics(card.physics, card.name, dir, issues);
      if (issues.length === 0 && p) {
        try {
          validateCellParameters(p.parameters);
        } catch (err) {
          issues.push({ path: 'physics', message: (err as Error).message });
        }
        out.parameters = p.parameters;
        out.initialStoichiometry = p.initial;
      }
    }
  } else {
    if (!card.ecm) issues.push({ path: 'ecm', message: "required when model is 'ecm'" });
    else {
      const spec = convertEcm(card.ecm, dir, issues);
      if (issues.length === 0 && spec) {
        try {
          out.ecm = new EquivalentCircuitModel(spec);
          out.ecmSpec = spec;
        } catch (err) {
          issues.push({ path: 'ecm', message: (err as Error).message });
        }
      }
    }
  }
  if (issues.length > 0) throw new CardValidationError(file, issues);
  return out;
}

function convertPhysics(
  ph: z.infer<typeof physicsSchema>,
  name: string,
  dir: string,
  issues: CardIssue[],
): { parameters: CellParameters; initial?: { x: number; y: number } } | null {
  const R = ph.constants?.gasConstant ?? GAS_CONSTANT;
  const Tref = ph.referenceTemperature;
  const positive = (p: string, v: number) => {
    if (!(Number.isFinite(v) && v > 0)) issues.push({ path: p, message: `must be positive (got ${v})` });
  };
  const fraction = (p: string, v: number | undefined, closedAtOne = false) => {
    if (v === undefined) return;
    if (!(Number.isFinite(v) && v > 0 && (closedAtOne ? v <= 1 : v < 1))) issues.push({ path: p, message: `must be in (0, ${closedAtOne ? '1]' : '1)'} (got ${v})` });
  };
  positive('physics.electrodeArea', ph.electrodeArea);
  positive('physics.nominalCapacityAh', ph.nominalCapacityAh);
  positive('physics.referenceTemperature', ph.referenceTemperature);
  if (!(ph.voltageCutoffs.upper > ph.voltageCutoffs.lower)) issues.push({ path: 'physics.voltageCutoffs', message: `upper (${ph.voltageCutoffs.upper}) must exceed lower (${ph.voltageCutoffs.lower})` });
  positive('physics.separator.thickness', ph.separator.thickness);
  fraction('physics.separator.porosity', ph.separator.porosity, true);
  positive('physics.electrolyte.initialConcentration', ph.electrolyte.initialConcentration);
  fraction('physics.electrolyte.transferenceNumber', ph.electrolyte.transferenceNumber);

  const prop = (p: string, spec: z.infer<typeof property>, kind: 'solid' | 'electrolyte'): ((x: number, T: number) => number) | null => {
    let base: (x: number) => number;
    if ('value' in spec) {
      positive(`${p}.value`, spec.value);
      const v = spec.value;
      base = () => v;
    } else if ('expression' in spec) {
      const f = compileExpression(spec.expression, `${p}.expression`, issues);
      if (!f) return null;
      base = f;
    } else {
      const f = kind === 'electrolyte' ? ELECTROLYTE_FUNCTIONS[spec.function] : undefined;
      if (!f) {
        issues.push({ path: `${p}.function`, message: `unknown function '${spec.function}'; known: ${Object.keys(ELECTROLYTE_FUNCTIONS).join(', ')}` });
        return null;
      }
      base = f;
    }
    const Ea = spec.activationEnergy ?? 0;
    if (Ea < 0) issues.push({ path: `${p}.activationEnergy`, message: `must not be negative (got ${Ea} J/mol)` });
    const Tr = spec.referenceTemperature ?? Tref;
    return (x: number, T: number) => base(x) * arrhenius(Ea, Tr, T, R);
  };

  const electrode = (side: 'negative' | 'positive'): ElectrodeParameters | null => {
    const e = ph[side];
    const p = `physics.${side}`;
    positive(`${p}.thickness`, e.thickness);
    fraction(`${p}.porosity`, e.porosity);
    fraction(`${p}.activeMaterialVolumeFraction`, e.activeMaterialVolumeFraction);
    if (e.porosity + e.activeMaterialVolumeFraction > 1 + 1e-12) issues.push({ path: `${p}.activeMaterialVolumeFraction`, message: `porosity + active fraction = ${e.porosity + e.activeMaterialVolumeFraction} exceeds 1` });
    positive(`${p}.particleRadius`, e.particleRadius);
    positive(`${p}.maxConcentration`, e.maxConcentration);
    positive(`${p}.conductivity.value`, e.conductivity.value);
    positive(`${p}.exchangeCurrent.coefficient`, e.exchangeCurrent.coefficient);
    fraction(`${p}.stoichiometry.at0Soc`, e.stoichiometry.at0Soc);
    fraction(`${p}.stoichiometry.at100Soc`, e.stoichiometry.at100Soc);
    fraction(`${p}.stoichiometry.initial`, e.stoichiometry.initial);
    if ((e.filmResistance ?? 0) < 0) issues.push({ path: `${p}.filmResistance`, message: `must not be negative (got ${e.filmResistance})` });
    const diffusivity = prop(`${p}.diffusivity`, e.diffusivity, 'solid');
    // OCP
    let ocp: ((s: number) => number) | null = null;
    const tableOcp = (sto: number[], u: number[], where: string, label: string): ((s: number) => number) | null => {
      if (sto.length !== u.length || sto.length < 2) issues.push({ path: where, message: `${label}: needs at least 2 (sto, ocp) pairs of equal length` });
      else if (!sto.every(Number.isFinite) || !u.every(Number.isFinite)) issues.push({ path: where, message: `${label}: every entry must be a finite number` });
      else if (sto[0] < 0 || sto[sto.length - 1] > 1) issues.push({ path: where, message: `stoichiometry must lie in [0, 1] (table spans ${sto[0]} … ${sto[sto.length - 1]})` });
      else if (sto.some((v, i) => i > 0 && !(v > sto[i - 1]))) issues.push({ path: where, message: 'stoichiometry must be strictly increasing' });
      else if (u.some((v) => v < -0.5 || v > 6)) issues.push({ path: where, message: 'OCP values must lie in [−0.5, 6] V vs Li/Li+ (volts expected, not mV)' });
      else {
        const rev = isNonIncreasingWithin(u, OCP_NOISE_ALLOWANCE);
        if (rev >= 0) issues.push({ path: where, message: `OCP must decrease with stoichiometry (lithiation); it rises by more than ${OCP_NOISE_ALLOWANCE * 1000} mV at sto = ${sto[rev]}` });
        else {
          // C¹ shape-preserving interpolation: a linear table's kinks make the DAE integrator crawl
          const table = new PchipTable1D(sto, u, where);
          return (v: number) => table.evaluate(v);
        }
      }
      return null;
    };
    if ('x' in e.ocp) {
      ocp = tableOcp(e.ocp.x, e.ocp.y, `${p}.ocp`, 'inline OCP table');
    } else if ('expression' in e.ocp) {
      ocp = compileExpression(e.ocp.expression, `${p}.ocp.expression`, issues);
    } else if ('function' in e.ocp) {
      const f = OCP_FUNCTIONS[e.ocp.function];
      if (!f) issues.push({ path: `${p}.ocp.function`, message: `unknown OCP function '${e.ocp.function}'; known: ${Object.keys(OCP_FUNCTIONS).join(', ')}` });
      else {
        const scale = e.ocp.stoichiometryScale ?? 1;
        ocp = scale === 1 ? f : (s: number) => f(scale * s);
      }
    } else {
      const tablePath = path.resolve(dir, e.ocp.table);
      let rows: number[][] = [];
      try {
        rows = readNumericCsv(tablePath).rows;
      } catch (err) {
        issues.push({ path: `${p}.ocp.table`, message: `cannot read ${tablePath}: ${(err as Error).message}` });
      }
      if (rows.length > 0) {
        const badRow = rows.findIndex((r) => r.length < 2 || !r.every(Number.isFinite));
        if (badRow >= 0) issues.push({ path: `${p}.ocp.table`, message: `row ${badRow + 1} of ${e.ocp.table} is not two finite numbers` });
        else
          ocp = tableOcp(
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
            `${p}.ocp.table`,
            e.ocp.table,
          );
      } else if (issues.every((i) => i.path !== `${p}.ocp.table`)) issues.push({ path: `${p}.ocp.table`, message: 'table has no data rows' });
    }
    const ex = e.exchangeCurrent;
    const exEa = ex.activationEnergy ?? 0;
    const exTr = ex.referenceTemperature ?? Tref;
    if (!diffusivity || !ocp) return null;
    const ocpF = ocp;
    const dUdT = e.entropicCoefficient ?? 0;
    return {
      thickness: e.thickness,
      porosity: e.porosity,
      activeMaterialVolumeFraction: e.activeMaterialVolumeFraction,
      particleRadius: e.particleRadius,
      maxConcentration: e.maxConcentration,
      diffusivity,
      diffusivityDependsOnStoichiometry: !('value' in e.diffusivity),
      ocp: (s: number) => ocpF(s),
      entropicCoefficient: dUdT === 0 ? undefined : () => dUdT,
      exchangeCurrentDensity: (ce, cs, cmax, T) => ex.coefficient * arrhenius(exEa, exTr, T, R) * Math.sqrt(ce * cs * (cmax - cs)),
      conductivity: e.conductivity.value,
      conductivityVolumeFraction: e.conductivity.volumeFraction,
      conductivityBruggeman: e.conductivity.bruggeman,
      electrolyteBruggeman: e.electrolyteBruggeman,
      filmResistance: e.filmResistance,
      stoichiometryAt0Soc: e.stoichiometry.at0Soc,
      stoichiometryAt100Soc: e.stoichiometry.at100Soc,
    };
  };
  const neg = electrode('negative');
  const pos = electrode('positive');
  const De = prop('physics.electrolyte.diffusivity', ph.electrolyte.diffusivity, 'electrolyte');
  const ke = prop('physics.electrolyte.conductivity', ph.electrolyte.conductivity, 'electrolyte');
  if (!neg || !pos || !De || !ke || issues.length > 0) return null;
  const parameters: CellParameters = {
    name,
    negative: neg,
    separator: { ...ph.separator },
    positive: pos,
    electrolyte: {
      initialConcentration: ph.electrolyte.initialConcentration,
      transferenceNumber: ph.electrolyte.transferenceNumber,
      thermodynamicFactor: ph.electrolyte.thermodynamicFactor,
      diffusivity: De,
      conductivity: ke,
    },
    electrodeArea: ph.electrodeArea,
    nominalCapacityAh: ph.nominalCapacityAh,
    lowerVoltageCutoff: ph.voltageCutoffs.lower,
    upperVoltageCutoff: ph.voltageCutoffs.upper,
    faraday: ph.constants?.faraday,
    gasConstant: ph.constants?.gasConstant,
  };
  const xi = ph.negative.stoichiometry.initial;
  const yi = ph.positive.stoichiometry.initial;
  return { parameters, initial: xi !== undefined && yi !== undefined ? { x: xi, y: yi } : undefined };
}

const AXIS_COLUMNS: Record<string, { axis: EcmAxis; offset: number }> = {
  'Temperature [degC]': { axis: 'temperature', offset: 273.15 },
  'Temperature [K]': { axis: 'temperature', offset: 0 },
  'Current [A]': { axis: 'current', offset: 0 },
  SoC: { axis: 'soc', offset: 0 },
  SOC: { axis: 'soc', offset: 0 },
  'OCV [V]': { axis: 'ocv', offset: 0 },
};

/** Reads a PyBaMM-style look-up CSV (axis columns, then the value column) into a full-grid table spec. */
export function readEcmTable(file: string, fieldPath: string, issues: CardIssue[]): EcmParameterSpec | null {
  let parsed: { header: string[] | null; rows: number[][] };
  try {
    parsed = readNumericCsv(file);
  } catch (err) {
    issues.push({ path: fieldPath, message: `cannot read ${file}: ${(err as Error).message}` });
    return null;
  }
  let { header } = parsed;
  const { rows } = parsed;
  if (!header) {
    // "# SoC,OCV [V]" style: the header is the last comment line
    const comments = readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.startsWith('#'));
    const last = comments[comments.length - 1]?.replace(/^#\s*/, '');
    header = last ? last.split(',').map((c) => c.trim()) : null;
  }
  if (!header || header.length < 2) {
    issues.push({ path: fieldPath, message: `${file}: needs a header naming the axis columns (${Object.keys(AXIS_COLUMNS).join(', ')}) and the value column` });
    return null;
  }
  const axisCols = header.slice(0, -1);
  const axes: EcmAxis[] = [];
  const offsets: number[] = [];
  for (const c of axisCols) {
    const a = AXIS_COLUMNS[c];
    if (!a) {
      issues.push({ path: fieldPath, message: `${file}: unknown axis column '${c}' (known: ${Object.keys(AXIS_COLUMNS).join(', ')})` });
      return null;
    }
    axes.push(a.axis);
    offsets.push(a.offset);
  }
  if (rows.some((r) => r.length !== header!.length || !r.every(Number.isFinite))) {
    issues.push({ path: fieldPath, message: `${file}: every row needs ${header.length} finite numbers` });
    return null;
  }
  const breakpoints = axes.map((_, k) => Array.from(new Set(rows.map((r) => r[k] + offsets[k]))).sort((a, b) => a - b));
  const size = breakpoints.reduce((s, b) => s * b.length, 1);
  if (size !== rows.length) {
    issues.push({ path: fieldPath, message: `${file}: ${rows.length} rows do not form a full grid (${breakpoints.map((b) => b.length).join(' × ')} = ${size})` });
    return null;
  }
  const values = new Array<number>(size).fill(NaN);
  for (const r of rows) {
    let idx = 0;
    for (let k = 0; k < axes.length; k++) idx = idx * breakpoints[k].length + breakpoints[k].indexOf(r[k] + offsets[k]);
    values[idx] = r[axes.length];
  }
  if (values.some((v) => Number.isNaN(v))) {
    issues.push({ path: fieldPath, message: `${file}: duplicate grid points, grid incomplete` });
    return null;
  }
  return { axes, breakpoints, values };
}

function convertEcm(e: z.infer<typeof ecmSchema>, dir: string, issues: CardIssue[]): EcmSpec | null {
  const param = (p: string, v: z.infer<typeof ecmParam>): EcmParameterSpec | null => (typeof v === 'number' ? v : readEcmTable(path.resolve(dir, v.csv), p, issues));
  const ocv = param('ecm.ocv', e.ocv);
  if (ocv && typeof ocv !== 'number') {
    if (ocv.axes[0] !== 'soc') issues.push({ path: 'ecm.ocv', message: 'OCV table must have SoC as its first axis' });
    else if (ocv.axes.length === 1) {
      const v = ocv.values;
      const rev = v.findIndex((x, i) => i > 0 && !(x > v[i - 1]));
      if (rev >= 0) issues.push({ path: 'ecm.ocv', message: `OCV must increase strictly with SoC (it does not at SoC = ${ocv.breakpoints[0][rev]})` });
    }
  }
  const r0 = param('ecm.r0', e.r0);
  const dUdT = e.entropicCoefficient !== undefined ? param('ecm.entropicCoefficient', e.entropicCoefficient) : 0;
  const rc = (e.rc ?? []).map((x, k) => ({ r: param(`ecm.rc.${k}.r`, x.r), c: param(`ecm.rc.${k}.c`, x.c) }));
  if (!(e.capacityAh > 0)) issues.push({ path: 'ecm.capacityAh', message: `must be positive (got ${e.capacityAh})` });
  if (!ocv || !r0 || dUdT === null || rc.some((x) => x.r === null || x.c === null)) return null;
  const elements: EcmElementSpec[] = [];
  const kind: EcmKind = e.kind;
  if (kind === 'pngv') {
    if (e.bulkCapacitance === undefined) {
      issues.push({ path: 'ecm.bulkCapacitance', message: 'required for a PNGV model' });
      return null;
    }
    const cb = param('ecm.bulkCapacitance', e.bulkCapacitance);
    if (cb === null) return null;
    elements.push({ kind: 'capacitor', name: 'bulk capacitor', capacitance: cb });
  }
  if (kind === 'rint' && rc.length > 0) issues.push({ path: 'ecm.rc', message: 'a Rint model has no RC pairs' });
  if ((kind === 'randles' || kind === 'pngv') && rc.length < 1) issues.push({ path: 'ecm.rc', message: `${kind} needs at least one RC pair` });
  rc.forEach((x, k) =>
    elements.push({ kind: 'rc', name: kind === 'randles' ? (k === 0 ? 'charge transfer' : `Warburg ${k}`) : `RC${k + 1}`, resistance: x.r as EcmParameterSpec, capacitance: x.c as EcmParameterSpec }),
  );
  return { kind, capacityAh: e.capacityAh, ocv, seriesResistance: r0, entropicCoefficient: dUdT, elements };
}
