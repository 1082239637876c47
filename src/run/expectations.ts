/**
 * Stated expectations of a shipped scenario (its `expectations` block) checked against the summary
 * of a run. Used by the CI test that runs every shipped scenario, by the verification-scenario test
 * and by the cell runner for verification cases (a `reference` block); returns every mismatch.
 * Expectations on the time series (maxHeatingRateTime, reference) need `context.timeseries`, and a
 * reference path relative to the scenario needs `context.sourceFile`.
 */
import { RunSummary } from '../io/run-result';
import { CellScenario } from '../scenario';
import { compareWithReference, loadReference } from '../scenario/reference';

export interface ExpectationContext {
  /** timeseries.csv of the run, by column ('Time [s]' first). */
  timeseries?: Record<string, ArrayLike<number>>;
  /** Scenario file (reference paths are relative to it, then to the repository). */
  sourceFile?: string;
}

export function checkExpectations(expect: NonNullable<CellScenario['expectations']>, s: RunSummary, context: ExpectationContext = {}): string[] {
  const out: string[] = [];
  const r = s.results;
  if (expect.status !== undefined && s.status !== expect.status) out.push(`status: expected ${expect.status}, got ${s.status}${s.failure ? ` (${s.failure.reason})` : ''}`);
  if (expect.shortOnset !== undefined && r['Short onset'] !== expect.shortOnset) out.push(`short onset: expected ${expect.shortOnset}, got ${r['Short onset']}`);
  if (expect.runaway !== undefined && r['Thermal runaway'] !== expect.runaway) out.push(`thermal runaway: expected ${expect.runaway}, got ${r['Thermal runaway']}`);
  const range = (name: string, value: unknown, b: { min?: number; max?: number } | undefined) => {
    if (!b) return;
    if (typeof value !== 'number') { out.push(`${name}: expected a number, got ${String(value)}`); return; }
    if (b.min !== undefined && value < b.min) out.push(`${name}: ${value} < expected minimum ${b.min}`);
    if (b.max !== undefined && value > b.max) out.push(`${name}: ${value} > expected maximum ${b.max}`);
  };
  range('peak force [N]', r['Peak indenter force [N]'], expect.peakForce);
  range('maximum temperature [K]', r['Maximum temperature [K]'], expect.maxTemperature);
  range('predicted EUCAR level', s.eucar?.level, expect.eucarLevel);
  if (expect.stopReason !== undefined && !s.events.some((e) => e.kind === expect.stopReason)) {
    out.push(`stop: expected event '${expect.stopReason}', got ${s.events.filter((e) => e.kind.startsWith('stop:')).map((e) => e.kind).join(', ') || 'none'}`);
  }
  range('runaway onset time [s]', r['Runaway onset time [s]'], expect.runawayOnsetTime);
  if (expect.energyBalanceError !== undefined) {
    const e = s.diagnostics.energyBalanceError;
    if (typeof e !== 'number' || !Number.isFinite(e)) out.push(`energy-balance error: expected a number, got ${String(e)}`);
    else if (!(Math.abs(e) <= expect.energyBalanceError.max)) out.push(`energy-balance error: ${e.toExponential(3)} > expected maximum ${expect.energyBalanceError.max}`);
  }
  const ts = context.timeseries;
  if (expect.maxHeatingRateTime !== undefined) {
    const column = expect.maxHeatingRateTime.column ?? 'Mean temperature [K]';
    if (!ts?.['Time [s]'] || !ts[column]) out.push(`time of the maximum heating rate: needs the time series column '${column}'`);
    else range(`time of the maximum heating rate of '${column}' [s]`, maxRateTime(ts['Time [s]'], ts[column]), expect.maxHeatingRateTime);
  }
  if (expect.reference !== undefined) {
    const loaded = loadReference(expect.reference, context.sourceFile ?? 'scenario.yaml');
    if (!loaded.ok) out.push(...loaded.problems.map((p) => `${p.path}: ${p.message}`));
    else if (!ts) out.push('reference: needs the time series of the run');
    else out.push(...compareWithReference(loaded.reference, ts).misses);
  }
  return out;
}

/** Time of the largest forward-difference rate (y[i] - y[i-1]) / (t[i] - t[i-1]), at the interval midpoint; NaN with < 2 samples. */
export function maxRateTime(t: ArrayLike<number>, y: ArrayLike<number>): number {
  let best = NaN;
  let rate = -Infinity;
  for (let i = 1; i < t.length; i++) {
    const dt = t[i] - t[i - 1];
    if (!(dt > 0)) continue;
    const r = (y[i] - y[i - 1]) / dt;
    if (r > rate) { rate = r; best = 0.5 * (t[i] + t[i - 1]); }
  }
  return best;
}
