/** Design comparison: rows carry the metrics unchanged; ranking by cells in runaway, then later propagation, then lower peak. */
import { compareDesigns } from '../../../../src/engine/pack/compare';
import type { PackSimulationResult } from '../../../../src/engine/pack/propagation';

function fake(runaway: number[], metrics: Partial<PackSimulationResult['metrics']>): PackSimulationResult {
  return {
    status: 'completed', time: [], packVoltage: [], packCurrent: [], maxTemperature: [], cellTemperature: [], cellCurrent: [], cellVoltage: [], events: [],
    runawayTime: Float64Array.from(runaway), peakTemperature: new Float64Array(runaway.length), reactionHeat: new Float64Array(runaway.length), shortHeat: new Float64Array(runaway.length),
    metrics: { triggerCell: 0, triggerRunawayTime: null, cellsInRunaway: runaway.filter((t) => !Number.isNaN(t)).length, propagated: false, timeToPropagation: null, firstWarningTime: null, warningSignal: null, firstHazardTime: null, warningLeadTime: null, peakTemperature: 900, energyReleased: 0, peakFedCurrent: 0, peakFedCell: -1, ...metrics },
    diagnostics: { electricalSteps: 0, kineticsSubsteps: 0, maxNetworkIterations: 0, energyBalanceError: 0, reactionEnergyCheckError: 0, energy: {}, warnings: [] },
  };
}

test('fewest cells in runaway wins; ties go to the later propagation', () => {
  const c = compareDesigns([
    { design: 'a', result: fake([10, 40, 60], { propagated: true, timeToPropagation: 30 }) },
    { design: 'b', result: fake([10, 90, NaN], { propagated: true, timeToPropagation: 80 }) },
    { design: 'c', result: fake([10, 50, NaN], { propagated: true, timeToPropagation: 40 }) },
  ]);
  expect(c.best).toBe('b');
  expect(c.rows.map((r) => r.cellsInRunaway)).toEqual([3, 2, 2]);
  expect(c.rows[0].lastRunawayTime).toBe(60);
  expect(c.rows[1].lastRunawayTime).toBe(90);
});
