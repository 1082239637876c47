/**
 * Stated expectations of a shipped scenario (its `expectations` block) checked against the summary
 * of a run. Used by the CI test that runs every shipped scenario; returns every mismatch.
 */
import { RunSummary } from '../io/run-result';
import { CellScenario } from '../scenario';

export function checkExpectations(expect: NonNullable<CellScenario['expectations']>, s: RunSummary): string[] {
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
  return out;
}
