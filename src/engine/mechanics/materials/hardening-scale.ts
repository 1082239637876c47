/**
 * SOC and strain-rate dependence of the jellyroll laws, as a multiplicative scale on the
 * hardening (yield/crush) curve: sigma_y = f(strain) * s_SOC(SOC) * s_rate(rate).
 *
 * - SOC: a tabulated scale vs state of charge in [0, 1] evaluated once (SOC is fixed during a
 *   crush), e.g. stiffer/stronger at higher SOC (Tsutsui et al. 2018; Li et al. 2025 — trends
 *   only, the card supplies the numbers).
 * - Rate: Johnson–Cook-type 1 + C ln(max(rate/rate0, 1)) (as used by Kermani & Sahraei 2019 for
 *   cells), or a tabulated scale vs ln(rate) (LS-DYNA LCSR-style). The rate is the equivalent total
 *   strain rate sqrt(2/3 d:d), optionally filtered exponentially as in LAW163
 *   (alpha = 2 pi / (2 pi + ncycle)) to suppress step-to-step noise.
 */
import { Curve, evalCurve, makeCurve } from './curve';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { PI, log, max: mathMax, min } = Math;

export type RateScaleOptions =
  | { kind: 'johnson-cook'; c: number; referenceRate: number }
  | { kind: 'table'; /** [ln(rate [1/s]), scale] pairs */ lnRateScale: ReadonlyArray<readonly [number, number]> };

export interface SocScaleOptions {
  /** [SOC in 0..1, scale] pairs. */
  socScale: ReadonlyArray<readonly [number, number]>;
  /** State of charge of the cell being simulated, 0..1. */
  soc: number;
}

export interface HardeningScaleOptions {
  soc?: SocScaleOptions;
  rate?: RateScaleOptions;
  /** Filter cycles for the strain rate (0 = unfiltered). */
  rateFilterCycles?: number;
}

/** Evaluates the combined scale; construct once per material. */
export class HardeningScale {
  readonly socFactor: number;
  readonly rateDependent: boolean;
  readonly filterAlpha: number;
  private readonly rateTable?: Curve;
  private readonly jcC: number;
  private readonly jcRate0: number;

  constructor(options: HardeningScaleOptions = {}) {
    this.socFactor = options.soc ? evalCurve(makeCurve(options.soc.socScale), options.soc.soc) : 1;
    const rate = options.rate;
    this.rateDependent = rate !== undefined;
    this.jcC = rate?.kind === 'johnson-cook' ? rate.c : 0;
    this.jcRate0 = rate?.kind === 'johnson-cook' ? rate.referenceRate : 1;
    if (rate?.kind === 'table') this.rateTable = makeCurve(rate.lnRateScale);
    const cycles = options.rateFilterCycles ?? 0;
    this.filterAlpha = cycles > 0 ? (2 * PI) / (2 * PI + cycles) : 1;
  }

  /** Filtered rate: alpha * new + (1 - alpha) * previous (LAW163 filter). */
  filter(previous: number, current: number): number {
    return this.filterAlpha * current + (1 - this.filterAlpha) * previous;
  }

  rateFactor(rate: number): number {
    if (!this.rateDependent) return 1;
    if (this.rateTable) {
      // Below the table, clamp to its first value: quasi-static.
      const lnRate = log(mathMax(rate, 1e-30));
      const x = this.rateTable.x;
      const clamped = min(mathMax(lnRate, x[0]), x[x.length - 1]);
      return evalCurve(this.rateTable, clamped);
    }
    return 1 + this.jcC * log(mathMax(rate / this.jcRate0, 1));
  }

  scale(rate: number): number {
    return this.socFactor * this.rateFactor(rate);
  }
}
