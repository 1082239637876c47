/**
 * The output contract of a run (../shared/design.md): what `batsafe run` writes to its output
 * folder and what the report, the API and the comparison read back. Bump SUMMARY_SCHEMA_VERSION on
 * any breaking change; readers refuse versions they do not know, naming the version found.
 */
export const SUMMARY_SCHEMA_VERSION = 1;

export type RunStatus = 'completed' | 'failed' | 'cancelled';

/** Predicted verdict codes as in IEC test report forms: pass, fail, not applicable, not evaluated. */
export type VerdictCode = 'P' | 'F' | 'N/A' | 'N/E';

export interface RunEvent {
  /** e.g. 'short-onset', 'peak-force', 'stop:deformation', 'separator-shutdown', 'runaway-onset', 'vent', 'phase:hold'. */
  kind: string;
  /** Simulated time [s]. */
  time: number;
  message: string;
  /** Event-specific numbers in SI, names with units in brackets, e.g. {"Indenter displacement [m]": 0.004}. */
  data?: Record<string, number | string>;
}

export interface ClauseVerdict {
  /** e.g. 'GB 38031-2020 §8.2.6'. */
  clause: string;
  requirement: string;
  simulatedCondition: string;
  result: string;
  verdict: VerdictCode;
  /** Status of the numbers taken from the standard: verified / secondary / recalled. */
  sourceStatus: string;
}

export interface Margin {
  name: string;
  value: number;
  limit: number;
  unit: string;
  /** limit - value, or value - limit, signed so that positive is safe. */
  margin: number;
}

export interface CardCitation {
  id: string;
  kind: string;
  citations: string[];
  source: string;
  status: string;
}

export interface RunSummary {
  schemaVersion: number;
  status: RunStatus;
  /** Present when status is 'failed': when (simulated time) and why. */
  failure?: { time: number; reason: string; phase?: string };
  scenario: { name: string; file?: string; hash: string; standard?: string; description?: string };
  specimen: {
    kind: 'cell' | 'module' | 'pack';
    description: string;
    chemistry?: string;
    capacityAh?: number;
    massKg?: number;
    stateOfCharge?: number;
    initialTemperatureK?: number;
  };
  models: Record<string, string>;
  events: RunEvent[];
  verdicts: ClauseVerdict[];
  eucar?: { level: number; rule: string; description: string };
  margins: Margin[];
  /** Headline numbers (SI, names with units in brackets), e.g. 'Peak indenter force [N]'. */
  results: Record<string, number | boolean | string | null>;
  diagnostics: {
    energyBalanceError?: number;
    /** 3-D thermal: conduction ledger closure (heat in = stored + to ambient), relative. */
    conductionBalanceError?: number;
    maxKineticToInternalEnergyRatio?: number;
    steps: Record<string, number>;
    warnings: string[];
    wallTimeSeconds?: number;
  };
  provenance: { tool: string; version: string; gitCommit?: string | null; createdAt: string; cards: CardCitation[] };
  /** Names of the files written next to summary.json. */
  files: string[];
}

/** A progress sample streamed while a run goes on (CLI progress bar, API SSE, job records). */
export interface ProgressSnapshot {
  /** e.g. 'loading', 'hold', 'observe'. */
  phase: string;
  /** Simulated time [s]. */
  time: number;
  /** Fraction of the whole run done, 0..1 (best estimate). */
  fraction: number;
  /** Indenter force [N]. */
  force?: number;
  /** Terminal voltage [V]. */
  voltage?: number;
  /** Maximum temperature [K]. */
  maxTemperature?: number;
}
