/**
 * Design comparison (issue 10): several pack designs run on one scenario, reduced to the numbers a
 * safety engineer compares side by side. Pure function of the simulation results.
 */
import { PackSimulationResult } from './propagation';

export interface DesignComparisonRow {
  design: string;
  cellCount: number;
  status: string;
  cellsInRunaway: number;
  propagated: boolean;
  /** Trigger-cell runaway to the first other cell's runaway [s]; null = no propagation. */
  timeToPropagation: number | null;
  /** Time of the last cell runaway [s]; null = none. */
  lastRunawayTime: number | null;
  firstWarningTime: number | null;
  warningLeadTime: number | null;
  peakTemperature: number;
  energyReleased: number;
  /** Largest current the pack pushed into a shorted cell [A]. */
  peakFedCurrent: number;
}

export interface DesignComparison {
  rows: DesignComparisonRow[];
  /** Design with the fewest cells in runaway, ties broken by the later first propagation, then the lower peak temperature. */
  best: string;
}

export function compareDesigns(runs: Array<{ design: string; result: PackSimulationResult }>): DesignComparison {
  if (runs.length === 0) throw new Error('compareDesigns: no runs given');
  const rows: DesignComparisonRow[] = runs.map(({ design, result }) => {
    const times = Array.from(result.runawayTime).filter((t) => !Number.isNaN(t));
    const m = result.metrics;
    return {
      design,
      cellCount: result.runawayTime.length,
      status: result.status,
      cellsInRunaway: m.cellsInRunaway,
      propagated: m.propagated,
      timeToPropagation: m.timeToPropagation,
      lastRunawayTime: times.length ? Math.max(...times) : null,
      firstWarningTime: m.firstWarningTime,
      warningLeadTime: m.warningLeadTime,
      peakTemperature: m.peakTemperature,
      energyReleased: m.energyReleased,
      peakFedCurrent: m.peakFedCurrent,
    };
  });
  const later = (t: number | null): number => (t === null ? Infinity : t);
  const ranked = rows.slice().sort(
    (a, b) => a.cellsInRunaway - b.cellsInRunaway || later(b.timeToPropagation) - later(a.timeToPropagation) || a.peakTemperature - b.peakTemperature,
  );
  return { rows, best: ranked[0].design };
}
