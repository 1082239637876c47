/**
 * What the coupled run (coupled-run.ts) needs from an explicit-FE loading phase, whatever the cell
 * format and loading (cylinder indentation in fe-indentation.ts; pouch/prismatic loadings implement
 * the same surface). Everything is in test (physical) time; only the solver sees scaled time.
 */
import type { MechanicsModel } from '../mechanics/solver';
import type { SectionSnapshot, ShortOnsetElement } from './fe-indentation';

export interface FeLoading {
  /** The explicit solver (diagnostics: warnings, timeScaleFactor, addedMassFraction, steps, energy error). */
  readonly model: MechanicsModel;
  /** Duration of the smooth velocity ramp at the start [s of test time] (0 for a free-body impact). */
  readonly rampTime: number;
  /** Largest volumetric compaction 1 - V/V0 over the watched (jellyroll) elements, after maxIndicator(). */
  readonly maxCompaction: number;
  /** Advances the solver to test time `time` [s]; indenter travel [m] (from its start), force [N], or a failure message. */
  advanceToTime(time: number): { displacement: number; force: number; velocity?: number; error?: string };
  /** Largest short-onset indicator over the watched elements (>= 1: onset). */
  maxIndicator(): number;
  /** The watched element with the largest indicator (call after maxIndicator). */
  onsetElement(): ShortOnsetElement;
  /** Damaged separator area [m^2] (element-size estimate; call after maxIndicator). */
  damagedArea(): number;
  /** Kinetic/internal energy ratio after the ramp while the internal energy is > 10 % of its peak. */
  kineticToInternalRatio(): number;
  /** A cross-section of the deformed mesh at an event (sections.json format). */
  section(event: string, time: number, temperatureOf: (failed: boolean) => number): SectionSnapshot;
  readonly sectionConnectivity: number[][];
  /** Plane of the cross-sections for sections.json (default: the cylinder's mid-length x-y section). */
  readonly sectionPlane?: string;
}
