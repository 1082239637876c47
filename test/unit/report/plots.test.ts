import * as fs from 'fs';
import { uniqueLabels } from '../../../src/report';
import * as os from 'os';
import * as path from 'path';
import { displacementStopM, planComparisonPlots, planRunPlots, storedElectricalEnergyJ, thinningIndices, timeAxisFor, LinePlot } from '../../../src/report/plots';
import { readRunForReport, RunData } from '../../../src/report/run-data';
import { writeFixtureRun } from '../../support/report-fixtures';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-plots-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let cell: RunData;
let pack: RunData;
beforeAll(() => {
  cell = readRunForReport(writeFixtureRun(path.join(tmp, 'cell'), 'cell-runaway'));
  pack = readRunForReport(writeFixtureRun(path.join(tmp, 'pack'), 'pack'));
});

test('thinning keeps the first, the last and every bucket extreme (the peak survives)', () => {
  const y = Array.from({ length: 10000 }, (_, i) => Math.sin(i / 50) + (i === 6789 ? 5 : 0));
  const keep = thinningIndices(y, 500);
  expect(keep.length).toBeLessThanOrEqual(500);
  expect(keep[0]).toBe(0);
  expect(keep[keep.length - 1]).toBe(9999);
  expect(keep).toContain(6789);
  expect(thinningIndices([1, 2, 3], 10)).toEqual([0, 1, 2]);
});

test('a cell crush run gets every cell plot; the pack heat map is not listed for a cell', () => {
  const plan = planRunPlots(cell);
  expect(plan.plots.map((p) => p.id)).toEqual([
    'force-displacement', 'voltage-time', 'voltage-displacement', 'temperature', 'temperature-rate',
    'short-current', 'short-resistance', 'heat-breakdown', 'cumulative-heat', 'cross-section',
  ]);
  expect(plan.omitted).toEqual([]);
});

test('force–displacement: stop lines from the margins, markers at the peak and the short onset (event data, 1e-5 mm)', () => {
  const fd = planRunPlots(cell).plots.find((p) => p.id === 'force-displacement') as LinePlot;
  expect(fd.xLabel).toBe('Indenter displacement [mm]');
  expect(fd.yLabel).toBe('Indenter force [kN]');
  expect(fd.refLines).toEqual([
    { axis: 'y', value: 100, label: 'force limit 100 kN' },
    { axis: 'x', value: expect.any(Number), label: 'deformation stop 2.7 mm' },
  ]);
  expect(fd.refLines[1].value).toBeCloseTo(0.15 * 18, 12); // 15 % of the 18 mm diameter
  const shortEvent = cell.summary.events.find((e) => e.kind === 'short-onset')!;
  const marker = fd.markers.find((m) => m.label === 'short onset')!;
  // The CSV is written with 7 significant digits, the event datum in full: compare at 1e-5 mm.
  expect(marker.x).toBeCloseTo(Number(shortEvent.data!['Indenter displacement [m]']) * 1000, 5);
  const peak = fd.markers.find((m) => m.label.startsWith('peak'))!;
  expect(peak.y).toBeCloseTo(Math.max(...fd.series[0].y), 12);
});

test('temperatures are drawn in °C with the 170 °C line; dT/dt carries the 1 °C/s line', () => {
  const plan = planRunPlots(cell);
  const t = plan.plots.find((p) => p.id === 'temperature') as LinePlot;
  expect(t.series[0].y[0]).toBeCloseTo(25, 6); // 298.15 K initial temperature
  expect(t.refLines[0].label).toBe('170 °C (UN 38.3 T.6)');
  expect(t.refLines[0].value).toBeCloseTo(170, 10);
  const rate = plan.plots.find((p) => p.id === 'temperature-rate') as LinePlot;
  expect(rate.refLines[0].value).toBe(1);
  expect(rate.yLog).toBe(true);
  expect(Math.min(...rate.series[0].y)).toBeGreaterThan(0);
});

test('stored electrical energy: capacity × SOC × initial voltage when the run reports none (3 Ah × 3600 × 1 × 4.15 V)', () => {
  const e = storedElectricalEnergyJ(cell.summary, cell.series.values['Voltage [V]'])!;
  expect(e.value).toBeCloseTo(3 * 3600 * 1 * 4.15, 6);
  expect(e.label).toMatch(/^≈/);
  expect(storedElectricalEnergyJ({ ...cell.summary, results: { 'Stored electrical energy [J]': 40000 } })!.value).toBe(40000);
});

test('plots whose columns are absent are omitted with the reason, never drawn empty', () => {
  const bare: RunData = { ...cell, sections: undefined, series: { columns: ['Time [s]', 'Voltage [V]'], values: { 'Time [s]': Float64Array.from([0, 1]), 'Voltage [V]': Float64Array.from([4, 3.9]) }, rowCount: 2 } };
  const plan = planRunPlots(bare);
  expect(plan.plots.map((p) => p.id)).toEqual(['voltage-time']);
  expect(plan.omitted.map((o) => o.title)).toEqual([
    'Indenter force vs displacement', 'Terminal voltage vs indenter displacement', 'Temperatures vs time and dT/dt',
    'Short-circuit current vs time', 'Short-circuit resistance vs time', 'Heat generation by source', 'Cross-section of the deformed cell',
  ]);
  expect(plan.omitted[0].reason).toBe("timeseries.csv has no 'Indenter displacement [m]', 'Indenter force [N]' columns");
  expect(plan.omitted[6].reason).toMatch(/not available: the run directory has no sections\.json/);
});

test('a pack run gets the propagation heat map from the Cell <i> temperature columns, cells in order', () => {
  const plan = planRunPlots(pack);
  const hm = plan.plots.find((p) => p.id === 'propagation');
  expect(hm?.kind).toBe('heatmap');
  if (hm?.kind !== 'heatmap') return;
  expect(hm.rows.map((r) => r.label)).toEqual(['Cell 1', 'Cell 2', 'Cell 3', 'Cell 4']);
  expect(hm.refLines.map((l) => l.label)).toEqual(['warning']);
  // The temperature plot keeps the maximum and mean, not the per-cell columns.
  expect((plan.plots.find((p) => p.id === 'temperature') as LinePlot).series.map((s) => s.label)).toEqual(['Maximum temperature', 'Mean temperature']);
});

test('comparison overlays line plots (one series per run) and keeps the others per run', () => {
  const safe = readRunForReport(writeFixtureRun(path.join(tmp, 'safe'), 'cell-safe'));
  const plan = planComparisonPlots([cell, safe]);
  const fd = plan.plots.find((p) => p.id === 'force-displacement') as LinePlot;
  expect(fd.series.map((s) => [s.run, s.label])).toEqual([[0, 'fixture-18650-crush-runaway: Indenter force'], [1, 'fixture-18650-crush-safe: Indenter force']]);
  expect(plan.plots.filter((p) => p.kind === 'stacked').map((p) => p.id)).toEqual(['heat-breakdown-0', 'heat-breakdown-1']);
  expect(plan.plots.filter((p) => p.id === 'force-displacement')).toHaveLength(1);
});

test('a dimensionless deformation stop becomes a displacement through the run\'s displacement/deformation ratio (15 % of 18 mm = 2.7 mm, 1e-12)', () => {
  const summary = { ...cell.summary, margins: [{ name: 'Maximum deformation vs deformation stop', value: 0.126, limit: 0.15, unit: '-', margin: 0.024 }] };
  const series = {
    columns: ['Time [s]', 'Indenter displacement [m]', 'Deformation [-]'],
    values: { 'Time [s]': Float64Array.from([0, 1]), 'Indenter displacement [m]': Float64Array.from([0, 0.0018]), 'Deformation [-]': Float64Array.from([0, 0.1]) },
    rowCount: 2,
  };
  const stop = displacementStopM(summary, series)!;
  expect(stop.value).toBeCloseTo(0.0027, 12);
  expect(stop.label).toBe('deformation stop 15 % = 2.7 mm');
  expect(displacementStopM({ ...summary, margins: [] }, series)).toBeUndefined();
});

test('time axis: symlog when every event lies in the first 5 % of the run, linear otherwise', () => {
  const t = Float64Array.from([0, 1, 10, 3600]);
  const early = { ...cell.summary, events: [{ kind: 'phase:observe', time: 600, message: '' }, { kind: 'end', time: 3600, message: '' }, { kind: 'short-onset', time: 2.4, message: '' }, { kind: 'runaway-onset', time: 4.9, message: '' }] };
  // Event window 4.9 s → constant = the 1-2-5 value at or above 4.9/3 = 1.63 s, i.e. 2 s.
  expect(timeAxisFor(early, t)).toMatchObject({ xScale: 'symlog', xSymlogConstant: 2 });
  expect(timeAxisFor({ ...early, events: [{ kind: 'runaway-onset', time: 400, message: '' }] }, t).xScale).toBe('linear');
  expect(timeAxisFor({ ...early, events: [] }, t).xScale).toBe('linear');
});

test('comparison labels: scenario names, or the run directory names when one scenario has several designs', () => {
  const a = { ...cell, dir: '/x/pack', label: 'pack-scenario' };
  const b = { ...cell, dir: '/x/designs/barrier', label: 'pack-scenario' };
  expect(uniqueLabels([a, b]).map((r) => r.label)).toEqual(['pack', 'barrier']);
  expect(uniqueLabels([a, { ...b, dir: '/y/pack' }]).map((r) => r.label)).toEqual(['pack-scenario (/x/pack)', 'pack-scenario (/y/pack)']);
  expect(uniqueLabels([a, pack]).map((r) => r.label)).toEqual(['pack-scenario', 'fixture-module-4s-propagation']);
});
