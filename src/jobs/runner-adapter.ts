/**
 * The one place where the job layer meets the scenario and run contracts of the coupling work
 * (src/scenario, src/run). Everything else in src/api and src/jobs calls these functions, so a
 * change of those contracts changes only this file.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ProgressSnapshot, RunEvent, RunSummary } from '../io/run-result';
import * as scenarioContract from '../scenario';

export interface ScenarioProblem {
  file: string;
  path: string;
  message: string;
}

export type ParsedScenario = { ok: true; scenario: unknown } | { ok: false; problems: ScenarioProblem[] };

export interface ScenarioCost {
  elements: number;
  simulatedTimeS: number;
}

export interface ShippedScenario {
  name: string;
  file: string;
  description?: string;
}

export interface RunCallbacks {
  onProgress?: (snapshot: ProgressSnapshot) => void;
  onEvent?: (event: RunEvent) => void;
  signal?: AbortSignal;
  fields?: boolean;
  report?: boolean;
}

interface RunModule {
  runScenarioToDirectory(scenario: unknown, outDir: string, options: RunCallbacks): Promise<RunSummary>;
}

/** The repository root (holds package.json, materials/, scenarios/), from src/jobs or dist/src/jobs. */
export function repositoryRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'materials'))) return dir;
    dir = path.dirname(dir);
  }
  return path.resolve(__dirname, '..', '..');
}

// Loaded lazily: the run module pulls in every engine, which the API process itself never needs.
function runModule(): RunModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../run/run-scenario') as RunModule;
}

export function parseScenario(text: string, fileName: string): ParsedScenario {
  return scenarioContract.parseScenarioText(text, fileName);
}

export function estimateCost(scenario: unknown): ScenarioCost {
  return scenarioContract.estimateScenarioCost(scenario as scenarioContract.Scenario);
}

export function scenarioSchema(): unknown {
  return scenarioContract.scenarioJsonSchema();
}

/** Shipped scenarios with a name and the absolute path of their file. */
export function listShippedScenarios(): ShippedScenario[] {
  const raw: unknown[] = scenarioContract.listShippedScenarios();
  return raw.map((entry) => {
    if (typeof entry === 'string') {
      const file = path.isAbsolute(entry) ? entry : path.join(repositoryRoot(), entry);
      return { name: path.basename(entry).replace(/\.ya?ml$/, ''), file };
    }
    const e = entry as Record<string, unknown>;
    const fileField = String(e.file ?? e.path ?? '');
    const file = path.isAbsolute(fileField) ? fileField : path.join(repositoryRoot(), fileField);
    const name = String(e.name ?? e.id ?? path.basename(fileField).replace(/\.ya?ml$/, ''));
    return { name, file, ...(typeof e.description === 'string' ? { description: e.description } : {}) };
  });
}

export function runScenarioToDirectory(scenario: unknown, outDir: string, options: RunCallbacks): Promise<RunSummary> {
  return runModule().runScenarioToDirectory(scenario, outDir, options);
}

/** Whether the scenario and run contracts are present (readiness). */
export function contractsAvailable(): { scenario: boolean; run: boolean } {
  const has = (load: () => unknown): boolean => {
    try {
      load();
      return true;
    } catch {
      return false;
    }
  };
  return { scenario: true, run: has(runModule) };
}
