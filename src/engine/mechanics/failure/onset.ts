/**
 * Short-onset event bookkeeping (issue 4): the first point whose criterion indicator reaches 1
 * gives the short-onset event — time, point, location, indenter displacement and force, and the
 * local state — and afterwards the damaged area over time is available to the short-circuit
 * model. The solver (or coupling) calls `observe` after each criterion evaluation; it does not
 * allocate except when recording an event or a new damaged point.
 */
import { CriterionPointState } from './criterion';

export interface ShortOnsetEvent {
  time: number;
  point: number;
  indicator: number;
  /** Point location [m] (if locations were given). */
  location?: [number, number, number];
  indenterDisplacement?: number;
  indenterForce?: number;
  stress: number[];
  totalStrain: number[];
  relativeVolume: number;
}

export interface OnsetGlobals {
  indenterDisplacement?: number;
  indenterForce?: number;
}

export class ShortOnsetTracker {
  /** Onset event, once met. */
  onset?: ShortOnsetEvent;
  /** Time at which each point first met the criterion (NaN while intact). */
  readonly failureTime: Float64Array;
  /** [time, damaged area [m^2]] samples, one per observe() call after onset. */
  readonly damagedAreaHistory: Array<[number, number]> = [];
  private damagedArea = 0;

  /**
   * @param pointArea separator area represented by each point [m^2] (e.g. element area in the
   *   plane of the layers); defaults to L_e^2 from the state on first use.
   * @param locations 3 per point [m], for the event's location.
   */
  constructor(readonly pointCount: number, private readonly pointArea?: Float64Array, private readonly locations?: Float64Array) {
    this.failureTime = new Float64Array(pointCount).fill(NaN);
  }

  observe(time: number, indicator: Float64Array, state: CriterionPointState, globals: OnsetGlobals = {}): void {
    let first = -1, firstValue = 0;
    for (let i = 0; i < this.pointCount; i++) {
      if (indicator[i] >= 1 && Number.isNaN(this.failureTime[i])) {
        this.failureTime[i] = time;
        this.damagedArea += this.pointArea ? this.pointArea[i] : state.initialLength[i] ** 2;
        if (indicator[i] > firstValue) { first = i; firstValue = indicator[i]; }
      }
    }
    if (!this.onset && first >= 0) {
      const o = 6 * first;
      this.onset = {
        time, point: first, indicator: firstValue,
        location: this.locations
          ? [this.locations[3 * first], this.locations[3 * first + 1], this.locations[3 * first + 2]] : undefined,
        indenterDisplacement: globals.indenterDisplacement, indenterForce: globals.indenterForce,
        stress: Array.from(state.stress.subarray(o, o + 6)),
        totalStrain: Array.from(state.totalStrain.subarray(o, o + 6)),
        relativeVolume: state.relativeVolume[first],
      };
    }
    if (this.onset) this.damagedAreaHistory.push([time, this.damagedArea]);
  }

  /** Current damaged area [m^2]. */
  get area(): number {
    return this.damagedArea;
  }
}
