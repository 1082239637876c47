/**
 * Scenarios (issue 7): parse → validate (zod, strict) → units to SI → resolve the standard profile.
 * All input errors end here, all of them reported at once with file, path and reason.
 *
 * Public API
 *   parseScenarioText(text, fileName): { ok: true; scenario } | { ok: false; problems }
 *   loadScenarioFile(path): same, reading the file
 *   scenarioJsonSchema(): JSON Schema (draft 2020-12) of the scenario input, for editors and the API
 *   estimateScenarioCost(scenario): { elements, simulatedTimeS } — the API enforces limits with it
 *   listShippedScenarios(): [{ name, file }] of scenarios/*.yaml
 *   resolveCellScenario(scenario, file): the coupled-engine input (src/scenario/resolve.ts)
 *
 * Pack scenarios (kind: 'pack') are validated by `packScenarioSchema` exported from
 * src/scenario/pack.ts (pack engineer); when that module is absent they are refused clearly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { z } from 'zod';
import { parseDocument } from 'yaml';
import { cellScenarioSchema, KNOWN_KEY_SETS } from './schema';
import { CellScenario, PackScenario, Scenario, ScenarioProblem } from './types';
import { resolveCellScenario, GRID_BY_RESOLUTION } from './resolve';
import { CELL_PRESETS } from './presets';
import { STANDARD_PROFILES } from '../standards/profiles';
import { electrochemVerificationSchema, resolveElectrochemVerification } from './electrochem-verification';
import { loadReference } from './reference';

export type { CellScenario, PackScenario, Scenario, ScenarioProblem } from './types';
export { resolveCellScenario, GRID_BY_RESOLUTION } from './resolve';
export { CELL_PRESETS } from './presets';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

/** Limits that make YAML alias bombs and absurd files fail fast. */
const MAX_ALIAS_COUNT = 100;
const MAX_TEXT_LENGTH = 1_000_000;

interface PackModule {
  packScenarioSchema?: z.ZodType;
  validatePackScenarioCards?: (scenario: never, scenarioFile: string) => ScenarioProblem[];
}

function loadPackModule(): PackModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./pack') as PackModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /['"]\.\/pack['"]/.test((e as Error).message)) return undefined;
    throw e;
  }
}

export function parseScenarioText(text: string, fileName: string): ParseResult {
  const problems: ScenarioProblem[] = [];
  if (text.length > MAX_TEXT_LENGTH) {
    return { ok: false, problems: [{ file: fileName, path: '', message: `file too large (${text.length} characters, limit ${MAX_TEXT_LENGTH})` }] };
  }
  let data: unknown;
  if (/\.json$/i.test(fileName)) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, problems: [{ file: fileName, path: '', message: `not valid JSON: ${(e as Error).message}` }] };
    }
  } else {
    // Core schema only: no custom tags (!!js/function etc. are errors), duplicate keys refused.
    const doc = parseDocument(text, { schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: true });
    for (const err of [...doc.errors, ...doc.warnings]) {
      const where = err.linePos?.[0] ? `line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
      problems.push({ file: fileName, path: where, message: `YAML: ${err.message.split('\n')[0]}` });
    }
    if (problems.length > 0) return { ok: false, problems };
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      return { ok: false, problems: [{ file: fileName, path: '', message: `YAML refused: ${(e as Error).message}` }] };
    }
  }
  return validateScenarioData(data, fileName, createHash('sha256').update(text).digest('hex'));
}

/** Validates already-parsed data (the API receives JSON bodies). */
export function validateScenarioData(data: unknown, fileName: string, sourceHash?: string): ParseResult {
  const hash = sourceHash ?? createHash('sha256').update(JSON.stringify(data ?? null)).digest('hex');
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, problems: [{ file: fileName, path: '', message: 'a scenario must be a mapping (kind, name, cell, loading, steps, ...)' }] };
  }
  const kind = (data as Record<string, unknown>).kind;
  if (kind === 'pack') {
    const pack = loadPackModule();
    if (!pack?.packScenarioSchema) {
      return { ok: false, problems: [{ file: fileName, path: 'kind', message: "pack scenarios are not available in this build (src/scenario/pack.ts with packScenarioSchema is missing)" }] };
    }
    const r = pack.packScenarioSchema.safeParse(data);
    if (!r.success) return { ok: false, problems: zodProblems(r.error, data, fileName) };
    // The design cards (and cell numbers against them) are checked here, before any computation, so
    // that a bad pack card is invalid input (exit code 2) with its file, path and reason. Only for a
    // scenario read from a file: card paths are relative to it (a text submitted to the API without
    // its file is resolved by the pack runner, which also looks in scenarios/).
    const fromFile = fs.existsSync(fileName) && fs.statSync(fileName).isFile();
    const cardProblems = fromFile ? pack.validatePackScenarioCards?.(r.data as never, fileName) ?? [] : [];
    if (cardProblems.length > 0) return { ok: false, problems: cardProblems };
    return { ok: true, scenario: { ...(r.data as PackScenario), kind: 'pack', sourceFile: fileName, sourceHash: hash } };
  }
  if (kind === 'electrochem-verification') {
    const r = electrochemVerificationSchema.safeParse(data);
    if (!r.success) return { ok: false, problems: zodProblems(r.error, data, fileName) };
    const checked = resolveElectrochemVerification(r.data, fileName);
    if (!checked.ok) return { ok: false, problems: checked.problems };
    return { ok: true, scenario: { ...r.data, sourceFile: fileName, sourceHash: hash } };
  }
  if (kind !== 'cell') {
    const problems = kind === undefined
      ? [{ file: fileName, path: 'kind', message: "missing: 'kind' must be 'cell', 'pack' or 'electrochem-verification'" }]
      : [{ file: fileName, path: 'kind', message: `must be 'cell', 'pack' or 'electrochem-verification' (got ${JSON.stringify(kind)})` }];
    // Still report the rest of the cell schema problems when kind is missing.
    if (kind === undefined) {
      const r = cellScenarioSchema.safeParse({ ...(data as object), kind: 'cell' });
      if (!r.success) problems.push(...zodProblems(r.error, data, fileName));
    }
    return { ok: false, problems };
  }
  const r = cellScenarioSchema.safeParse(data);
  if (!r.success) {
    const problems = zodProblems(r.error, data, fileName);
    // Report consistency problems too (all at once): drop the offending fields and resolve the rest.
    // Fields required in their block take their block with them (up to a few rounds).
    let pruned = pruneIssues(data, r.error, 0);
    let again = pruned === undefined ? undefined : cellScenarioSchema.safeParse(pruned);
    for (let round = 1; round < 4 && again && !again.success; round++) {
      pruned = pruneIssues(pruned, again.error, 1);
      again = pruned === undefined ? undefined : cellScenarioSchema.safeParse(pruned);
    }
    if (again?.success) {
      const resolved = resolveCellScenario(again.data, fileName);
      if (!resolved.ok) {
        // Skip consistency problems about fields or blocks already reported (they were pruned).
        const reported = problems.map((p) => p.path);
        const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
        problems.push(...resolved.problems.filter((p) => !reported.some((r) => related(r, p.path))));
      }
    }
    return { ok: false, problems };
  }
  const scenario: CellScenario = r.data;
  const resolved = resolveCellScenario(scenario, fileName);
  if (!resolved.ok) return { ok: false, problems: resolved.problems };
  // A verification case's reference curve (file, columns, units) is checked before any computation.
  const reference = scenario.expectations?.reference ? loadReference(scenario.expectations.reference, fileName) : undefined;
  if (reference && !reference.ok) return { ok: false, problems: reference.problems };
  return { ok: true, scenario: { ...scenario, sourceFile: fileName, sourceHash: hash } };
}

export function loadScenarioFile(file: string): ParseResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, problems: [{ file, path: '', message: `cannot read the file: ${(e as Error).message}` }] };
  }
  return parseScenarioText(text, file);
}

/** JSON Schema of the scenario as written (input side: quantities are strings or {value, unit}). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const pack = loadPackModule();
  const root = pack?.packScenarioSchema ? z.union([cellScenarioSchema, pack.packScenarioSchema]) : cellScenarioSchema;
  const schema = z.toJSONSchema(root, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'batsafe scenario', description: 'A batsafe abuse scenario (kind: cell | pack). Quantities: "2 mm/s" or {value, unit}.' };
}

/** Cost estimate the API uses to refuse runs above its limits, without running anything. */
export function estimateScenarioCost(scenario: Scenario): { elements: number; simulatedTimeS: number } {
  if (scenario.kind === 'pack') return estimatePackCost(scenario);
  if (scenario.kind === 'electrochem-verification') {
    // Control volumes of the model (cells x particle shells) and the protocol duration.
    const v = scenario as unknown as { models: { mesh?: { negative: number; separator: number; positive: number; particle: number } }; protocol: { duration: number }[] };
    const m = v.models.mesh ?? { negative: 20, separator: 20, positive: 20, particle: 20 };
    return { elements: (m.negative + m.positive) * m.particle + m.negative + m.separator + m.positive, simulatedTimeS: v.protocol.reduce((a, p) => a + p.duration, 0) };
  }
  const s = scenario as CellScenario;
  const grid = GRID_BY_RESOLUTION[s.mesh?.resolution ?? 'default'];
  const resolved = resolveCellScenario(s, s.name);
  if (!resolved.ok) return { elements: grid.nx * grid.ny, simulatedTimeS: 0 };
  const { input, loadedDimension } = resolved.resolved;
  let loadingS = 0;
  const L = input.loading;
  if (L.type === 'indentation' || L.type === 'nail' || L.type === 'three-point-bend') {
    const depth = Math.min(
      input.stop.displacement ?? Infinity,
      (input.stop.deformation ?? input.cell.jellyroll.densificationStrain) * loadedDimension,
    );
    loadingS = (depth + (L.indenter.startGap ?? 0)) / L.speed;
  } else if (L.type === 'impact') {
    loadingS = 0.05;
  }
  const elements = input.fe ? input.fe.mesh.connectivity.length / 8 : grid.nx * grid.ny;
  return { elements, simulatedTimeS: loadingS + input.holdS + input.observeS };
}

/** Scenarios shipped in scenarios/*.yaml (not verification cases). */
export function listShippedScenarios(root = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []))): { name: string; file: string }[] {
  const dir = path.join(root, 'scenarios');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'expectations.yaml')
    .sort()
    .map((f) => ({ name: f.replace(/\.yaml$/, ''), file: path.join(dir, f) }));
}

/** zod issues → problems with dotted paths; unknown keys get the closest known name. */
function zodProblems(error: z.ZodError, data: unknown, file: string): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  const seen = new Set<string>();
  const push = (p: ScenarioProblem) => {
    const key = `${p.path}|${p.message}`;
    if (!seen.has(key)) { seen.add(key); out.push(p); }
  };
  for (const issue of error.issues) {
    const dotted = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const holder = valueAt(data, issue.path);
      for (const key of issue.keys) {
        const suggestion = closestKnownKey(key, holder);
        push({ file, path: dotted ? `${dotted}.${key}` : key, message: `unknown field '${key}'${suggestion ? `; did you mean '${suggestion}'?` : ''}` });
      }
    } else if (issue.code === 'invalid_union') {
      // Quantity unions: report the most useful branch message.
      const inner = (issue as unknown as { errors: z.core.$ZodIssue[][] }).errors.flat();
      const custom = inner.find((i) => i.code === 'custom');
      push({ file, path: dotted, message: custom?.message ?? issue.message });
    } else if (issue.code === 'invalid_value' && 'values' in issue && issue.path[issue.path.length - 1] === 'type') {
      push({ file, path: dotted, message: `must be one of ${(issue.values as unknown[]).map((v) => `'${String(v)}'`).join(', ')}` });
    } else if (issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined) {
      push({ file, path: dotted, message: `missing required field (${issue.message})` });
    } else {
      push({ file, path: dotted, message: issue.message });
    }
  }
  return out;
}

/** A deep copy of `data` without the fields zod refused, or undefined when a root value failed. */
function pruneIssues(data: unknown, error: z.ZodError, up: number): unknown {
  const copy = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const holder = valueAt(copy, issue.path);
      if (holder && typeof holder === 'object') for (const k of issue.keys) delete (holder as Record<string, unknown>)[k];
      continue;
    }
    // A refused quantity is replaced by a valid placeholder so that its block can still be checked.
    const example = up === 0 && issue.code === 'custom' ? (issue.params as { quantityExample?: string } | undefined)?.quantityExample : undefined;
    if (example !== undefined) {
      const parent = valueAt(copy, issue.path.slice(0, -1));
      if (parent && typeof parent === 'object') (parent as Record<PropertyKey, unknown>)[issue.path[issue.path.length - 1] as string] = example;
      continue;
    }
    const target = issue.path.slice(0, Math.max(0, issue.path.length - up));
    if (target.length <= 1 && (target[0] === 'kind' || target[0] === 'name' || target[0] === 'cell' || target.length === 0)) return undefined;
    const parent = valueAt(copy, target.slice(0, -1));
    if (parent && typeof parent === 'object') delete (parent as Record<PropertyKey, unknown>)[target[target.length - 1] as string];
  }
  return copy;
}

function valueAt(data: unknown, p: PropertyKey[]): unknown {
  let v: unknown = data;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

function closestKnownKey(key: string, holder: unknown): string | undefined {
  const present = holder && typeof holder === 'object' ? Object.keys(holder) : [];
  // The key set this object was validated against: the one sharing most keys with it.
  let best: string[] | undefined;
  let bestScore = -1;
  for (const set of KNOWN_KEY_SETS) {
    const score = present.filter((k) => set.includes(k)).length;
    if (score > bestScore) { bestScore = score; best = set; }
  }
  const candidates = bestScore > 0 && best ? best : [...new Set(KNOWN_KEY_SETS.flat())];
  let bestKey: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = levenshtein(key.toLowerCase(), c.toLowerCase());
    if (d < bestDist) { bestDist = d; bestKey = c; }
  }
  return bestKey !== undefined && bestDist <= Math.max(2, Math.ceil(key.length / 3)) ? bestKey : undefined;
}

export function levenshtein(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Names of presets and profiles, for help texts. */
export const KNOWN_PRESETS = Object.keys(CELL_PRESETS);
export const KNOWN_STANDARDS = Object.keys(STANDARD_PROFILES);

/**
 * Pack cost: elements = cells of the design (layout series x parallel), or for the FE module crush the
 * hex8 elements (cells x elements per cell); simulated time = the scenario duration. The design card is
 * read from the scenario's folder; when it cannot be read the estimate falls back to the schema's.
 */
function estimatePackCost(scenario: Scenario): { elements: number; simulatedTimeS: number } {
  const s = scenario as PackScenario & { design?: string; duration?: number; estimatedCost?: { elements: number; simulatedTimeS: number }; crush?: { model?: string; elementsPerCell?: [number, number, number] } };
  const simulatedTimeS = s.duration ?? s.estimatedCost?.simulatedTimeS ?? 0;
  let cells = 0;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadPackCard } = require('../io/cards/pack-card') as typeof import('../io/cards/pack-card');
    const ref = s.design ?? '';
    const root = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
    // Same places as the pack runner (src/run/run-pack.ts): the scenario's folder, cwd, the repository, scenarios/.
    const candidates = [...(scenario.sourceFile ? [path.resolve(path.dirname(scenario.sourceFile), ref)] : []), path.resolve(ref), path.resolve(root, ref), path.resolve(root, 'scenarios', ref)];
    const file = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (!file) throw new Error('design card not found');
    const d = loadPackCard(file);
    cells = d.card.layout.series * d.card.layout.parallel;
  } catch {
    return { elements: s.estimatedCost?.elements ?? 0, simulatedTimeS };
  }
  // FE crush: an upper bound (the solver meshes one row of the module; default 2 x 4 x 6 per cell, module-crush-fe.ts).
  const perCell = s.crush?.model === 'fe' ? (s.crush.elementsPerCell ?? [2, 4, 6]).reduce((a, b) => a * b, 1) : 1;
  return { elements: cells * perCell, simulatedTimeS };
}
