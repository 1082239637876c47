/** Scenario types shared by the parser, the resolver, the run and the API. */
import type { z } from 'zod';
import type { cellScenarioSchema } from './schema';

/** One input problem: the file, the dotted path inside it, and the reason. */
export interface ScenarioProblem {
  file: string;
  path: string;
  message: string;
}

/** A validated cell scenario, quantities in SI. */
export type CellScenario = z.output<typeof cellScenarioSchema>;

/** A validated pack scenario (schema owned by src/scenario/pack.ts). */
export interface PackScenario {
  kind: 'pack';
  name: string;
  [key: string]: unknown;
}

/** A validated electrochemistry verification scenario (schema: src/scenario/electrochem-verification.ts). */
export interface ElectrochemVerificationScenarioData {
  kind: 'electrochem-verification';
  name: string;
  [key: string]: unknown;
}

export type Scenario = (CellScenario | PackScenario | ElectrochemVerificationScenarioData) & { /** Source file, when loaded from disk. */ sourceFile?: string; /** sha256 of the source text. */ sourceHash?: string };
