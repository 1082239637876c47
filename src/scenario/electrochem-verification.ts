/**
 * Electrochemistry verification scenarios (kind: electrochem-verification): a cell card driven through a
 * current protocol by the DFN / SPMe / SPM, isothermal, compared with a reference output (e.g.
 * scenarios/verification/dualfoil-default.yaml against DUALFOIL 5.1). Strict schema, SI after parsing;
 * the card and the reference file are checked here (file, path, reason) before anything is computed.
 * The run is src/run/run-electrochem.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { quantity } from './quantity';
import { strict } from './schema';
import { ScenarioProblem } from './types';
import { loadCellCard, LoadedCellCard } from '../io/cards/cell-card';
import { repoRoot } from './cards';

const maxOf = <T extends z.ZodType>(q: T, what: string) => strict({ max: q }).describe(what);

export const electrochemVerificationSchema = strict({
  kind: z.literal('electrochem-verification').describe('Scenario kind: a cell model against a reference output'),
  name: z.string().min(1).describe('Scenario name'),
  description: z.string().optional().describe('What is verified against what'),
  cell: strict({
    card: z.string().min(1).describe('Cell card (model: physics), path relative to the scenario file or the repository'),
    initialStoichiometry: strict({
      negative: z.number().gt(0).lt(1).describe('Initial average stoichiometry of the negative electrode'),
      positive: z.number().gt(0).lt(1).describe('Initial average stoichiometry of the positive electrode'),
    }).optional().describe("Initial stoichiometries (default: the card's reference case)"),
  }).describe('The cell'),
  models: strict({
    electrochem: z.enum(['dfn', 'spme', 'spm']).describe('Cell model'),
    mesh: strict({
      negative: z.number().int().min(2), separator: z.number().int().min(2), positive: z.number().int().min(2), particle: z.number().int().min(2),
    }).optional().describe('Control volumes per domain and per particle (default 20 each)'),
    thermal: z.literal('isothermal').describe('Thermal model: isothermal (the reference cases are)'),
  }).describe('Model choices'),
  environment: strict({ temperature: quantity('temperature', 'Cell temperature') }).describe('Conditions'),
  protocol: z.array(strict({
    mode: z.literal('current').describe('Constant current (positive on discharge)'),
    current: quantity('current', 'Current drawn (for a per-area card: A per m^2 of electrode area times that area)'),
    duration: quantity('time', 'Duration of the step'),
  })).min(1).describe('Protocol steps, run one after the other'),
  solver: strict({ rtol: z.number().positive().max(1e-2), atol: z.number().positive().max(1e-2) }).optional().describe('BDF tolerances (default 1e-5, 1e-7)'),
  reference: strict({
    file: z.string().min(1).describe('Reference CSV, path relative to the repository (then the scenario file)'),
    columns: strict({
      time: z.string().describe('Column of the time, header text then its unit in brackets, e.g. "time_min [min]"'),
      voltage: z.string().describe('Column of the terminal voltage, e.g. "cell_potential_V [V]"'),
      negativeStoichiometry: z.string().optional().describe('Column of the average negative stoichiometry'),
      positiveStoichiometry: z.string().optional().describe('Column of the average positive stoichiometry'),
    }).describe('Reference columns'),
  }).describe('Reference output'),
  expectations: strict({
    voltageRmsError: maxOf(quantity('voltage', 'largest RMS voltage error'), 'RMS voltage error over the reference times'),
    voltageMaxError: maxOf(quantity('voltage', 'largest voltage error'), 'Maximum voltage error'),
    stoichiometryError: maxOf(z.number().positive(), 'Maximum error of the average stoichiometries').optional(),
  }).describe('Acceptance, checked by the run (status failed when not met)'),
});

export type ElectrochemVerificationScenario = z.output<typeof electrochemVerificationSchema>;

export interface ResolvedElectrochemVerification {
  card: LoadedCellCard;
  cardFile: string;
  reference: { time: number[]; voltage: number[]; x?: number[]; y?: number[] };
  referenceFile: string;
}

function findFile(ref: string, scenarioFile: string): string | undefined {
  const candidates = [path.resolve(repoRoot(), ref), path.resolve(path.dirname(scenarioFile), ref)];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

/** "time_min [min]" → header 'time_min', SI factor of the bracketed unit. */
function column(spec: string): { header: string; factor: number } | string {
  const m = /^\s*([^[]+?)\s*(?:\[([^\]]+)\])?\s*$/.exec(spec);
  if (!m) return `cannot read the column '${spec}' (write "header [unit]")`;
  const unit = (m[2] ?? '').trim();
  const factors: Record<string, number> = { '': 1, '-': 1, s: 1, min: 60, h: 3600, V: 1, mV: 1e-3 };
  if (!(unit in factors)) return `unit '${unit}' of column '${m[1]}' is not one of ${Object.keys(factors).filter(Boolean).join(', ')}`;
  return { header: m[1], factor: factors[unit] };
}

export function resolveElectrochemVerification(s: ElectrochemVerificationScenario, file: string): { ok: true; resolved: ResolvedElectrochemVerification } | { ok: false; problems: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const problem = (p: string, message: string) => problems.push({ file, path: p, message });
  const cardFile = findFile(s.cell.card, file);
  let card: LoadedCellCard | undefined;
  if (!cardFile) problem('cell.card', `cell card '${s.cell.card}' not found (relative to the repository or to ${file})`);
  else {
    try {
      card = loadCellCard(cardFile);
      if (card.card.model !== 'physics') problem('cell.card', `${cardFile} is a '${card.card.model}' card; ${s.models.electrochem} needs a 'physics' card`);
      if (!s.cell.initialStoichiometry && !card.initialStoichiometry) problem('cell.initialStoichiometry', `missing: the card ${cardFile} has no reference-case stoichiometries`);
    } catch (e) {
      problem('cell.card', `card ${cardFile} is invalid: ${(e as Error).message.replace(/\n\s*/g, '; ')}`);
    }
  }
  const refFile = findFile(s.reference.file, file);
  const reference: ResolvedElectrochemVerification['reference'] = { time: [], voltage: [] };
  if (!refFile) problem('reference.file', `reference '${s.reference.file}' not found (relative to the repository or to ${file})`);
  else {
    const lines = fs.readFileSync(refFile, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const header = (lines[0] ?? '').split(',').map((h) => h.trim());
    const pick = (key: keyof ElectrochemVerificationScenario['reference']['columns']): number[] | undefined => {
      const spec = s.reference.columns[key];
      if (spec === undefined) return undefined;
      const c = column(spec);
      if (typeof c === 'string') { problem(`reference.columns.${key}`, c); return undefined; }
      const j = header.indexOf(c.header);
      if (j < 0) { problem(`reference.columns.${key}`, `no column '${c.header}' in ${refFile} (columns: ${header.join(', ')})`); return undefined; }
      const values = lines.slice(1).map((l) => Number(l.split(',')[j]) * c.factor);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) { problem(`reference.columns.${key}`, `${refFile} line ${bad + 2}: not a number`); return undefined; }
      return values;
    };
    reference.time = pick('time') ?? [];
    reference.voltage = pick('voltage') ?? [];
    reference.x = pick('negativeStoichiometry');
    reference.y = pick('positiveStoichiometry');
    const total = s.protocol.reduce((a, p) => a + p.duration, 0);
    if (reference.time.length > 0 && reference.time[reference.time.length - 1] > total * (1 + 1e-9)) {
      problem('protocol', `the protocol lasts ${total} s but the reference runs to ${reference.time[reference.time.length - 1]} s`);
    }
  }
  if (problems.length > 0 || !card || !cardFile || !refFile) return { ok: false, problems };
  return { ok: true, resolved: { card, cardFile, reference, referenceFile: refFile } };
}
