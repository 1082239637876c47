/**
 * Turns a request body into a runnable job submission, or into the complete list of problems:
 * a scenario as JSON, a scenario as YAML text, or {name, overrides} of a shipped scenario.
 * Limits on mesh size and simulated time are checked here, before anything is queued.
 */
import * as fs from 'fs';
import { Inject, Injectable } from '@nestjs/common';
import type { JobSubmission } from '../../jobs/job-types';
import { estimateCost, listShippedScenarios, parseScenario, ScenarioCost, ScenarioProblem } from '../../jobs/runner-adapter';
import { SERVER_CONFIG } from '../tokens';
import type { ServerConfig } from '../config';
import { parseYamlSafely } from '../safe-yaml';

export type IntakeResult =
  | { ok: true; submission: JobSubmission; cost: ScenarioCost }
  | { ok: false; status: 400 | 404 | 422; message: string; problems: ScenarioProblem[] };

const ENVELOPE_KEYS = new Set(['name', 'overrides', 'fields']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Recursive merge of overrides onto a shipped scenario: mappings merge, everything else replaces. */
export function mergeOverrides(base: unknown, overrides: unknown): unknown {
  if (!isMapping(base) || !isMapping(overrides)) return overrides;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    out[key] = key in out ? mergeOverrides(out[key], value) : value;
  }
  return out;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

@Injectable()
export class ScenarioIntakeService {
  constructor(@Inject(SERVER_CONFIG) private readonly config: ServerConfig) {}

  /** Parses and validates a body; `fieldsFlag` comes from the query string (?fields=true). */
  intake(body: unknown, fieldsFlag: boolean): IntakeResult {
    if (typeof body === 'string') return this.fromText(body, 'request.yaml', 'request', fieldsFlag);
    if (body === undefined || body === null || (isMapping(body) && Object.keys(body).length === 0)) {
      return { ok: false, status: 400, message: 'empty request body: send a scenario (JSON or YAML) or {"name": <shipped scenario>, "overrides": {...}}', problems: [{ file: 'request', path: '', message: 'empty body' }] };
    }
    if (!isMapping(body)) {
      return { ok: false, status: 400, message: 'the body must be a scenario mapping', problems: [{ file: 'request.json', path: '', message: `expected a mapping, got ${Array.isArray(body) ? 'an array' : typeof body}` }] };
    }
    if (typeof body.name === 'string' && Object.keys(body).every((k) => ENVELOPE_KEYS.has(k)) && !('kind' in body)) {
      return this.fromShipped(body.name, body.overrides, fieldsFlag || body.fields === true);
    }
    return this.fromText(JSON.stringify(body), 'request.json', String(body.name ?? 'request'), fieldsFlag);
  }

  private fromShipped(name: string, overrides: unknown, fields: boolean): IntakeResult {
    const shipped = listShippedScenarios().find((s) => s.name === name);
    if (!shipped) {
      const known = listShippedScenarios().map((s) => s.name);
      return { ok: false, status: 404, message: `no shipped scenario named '${name}'`, problems: [{ file: 'request.json', path: 'name', message: `unknown shipped scenario '${name}'; known: ${known.join(', ') || '(none)'}` }] };
    }
    if (overrides !== undefined && !isMapping(overrides)) {
      return { ok: false, status: 400, message: 'overrides must be a mapping', problems: [{ file: 'request.json', path: 'overrides', message: 'must be a mapping of scenario fields' }] };
    }
    const text = fs.readFileSync(shipped.file, 'utf8');
    if (overrides === undefined) return this.fromText(text, shipped.file, name, fields);
    const base = parseYamlSafely(text);
    if (!base.ok) return { ok: false, status: 400, message: `shipped scenario '${name}' does not parse`, problems: base.problems.map((p) => ({ file: shipped.file, ...p })) };
    const merged = mergeOverrides(base.value, overrides);
    // JSON is YAML: the parser reads it under the shipped file's name, so its problems name that file.
    return this.fromText(JSON.stringify(merged), `${shipped.file}`, name, fields);
  }

  fromText(text: string, sourceName: string, fallbackName: string, fields: boolean): IntakeResult {
    if (!sourceName.endsWith('.json')) {
      const safe = parseYamlSafely(text);
      if (!safe.ok) return { ok: false, status: 400, message: `invalid YAML: ${safe.problems.length} problem(s)`, problems: safe.problems.map((p) => ({ file: sourceName, ...p })) };
    }
    const parsed = parseScenario(text, sourceName);
    if (!parsed.ok) return { ok: false, status: 400, message: `invalid scenario: ${parsed.problems.length} problem(s)`, problems: parsed.problems };
    const cost = estimateCost(parsed.scenario);
    const scenarioName = String((parsed.scenario as { name?: unknown }).name ?? fallbackName);
    const problems: ScenarioProblem[] = [];
    if (cost.elements > this.config.maxElements) {
      problems.push({ file: sourceName, path: 'mesh.resolution', message: `the mesh has ${cost.elements} elements; this server accepts at most ${this.config.maxElements} (BATSAFE_MAX_ELEMENTS)` });
    }
    if (cost.simulatedTimeS > this.config.maxSimulatedTimeS) {
      problems.push({ file: sourceName, path: 'steps', message: `the run simulates ${cost.simulatedTimeS.toPrecision(4)} s; this server accepts at most ${this.config.maxSimulatedTimeS} s (BATSAFE_MAX_SIMULATED_TIME_S)` });
    }
    if (problems.length > 0) return { ok: false, status: 422, message: 'scenario exceeds the limits of this server', problems };
    return { ok: true, cost, submission: { sourceText: text, sourceName, scenarioName, fields } };
  }
}
