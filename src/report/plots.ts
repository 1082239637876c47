/**
 * Plot planning: which plots a run's data supports (standards-and-reports.md §4), their series in
 * display units, reference lines and markers. Pure; the browser script (client-script.ts) only
 * draws what this returns. A plot whose columns are absent is listed as omitted with the reason,
 * never drawn empty.
 */
import { RunSummary } from '../io/run-result';
import {
  column,
  cumulativeTrapezoid,
  finiteMax,
  formatNumber,
  interpolateAt,
  RUNAWAY_RATE_K_PER_S,
  timeDerivative,
  UN383_MAX_TEMPERATURE_K,
} from './model';
import { RunData, SectionsFile, TimeSeries } from './run-data';

export interface LineSeries {
  label: string;
  /** Index of the run in a comparison (colour); 0 for a single run. */
  run: number;
  x: number[];
  y: number[];
}

export interface RefLine {
  axis: 'x' | 'y';
  value: number;
  label: string;
  /** In a comparison: the run an event line belongs to (drawn in that run's colour). */
  run?: number;
}

export interface Marker {
  x: number;
  y: number;
  label: string;
  run: number;
}

export interface LinePlot {
  kind: 'line';
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  yLog?: boolean;
  /** Smallest y span drawn (display units), so that a flat signal is not magnified into noise. */
  yMinSpan?: number;
  /** 'symlog': linear below xSymlogConstant, logarithmic above (time axes of runs whose events are early in a long observation). */
  xScale?: 'linear' | 'symlog';
  xSymlogConstant?: number;
  series: LineSeries[];
  refLines: RefLine[];
  markers: Marker[];
  note?: string;
}

export interface StackedPlot {
  kind: 'stacked';
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  layers: { label: string; y: number[] }[];
  xScale?: 'linear' | 'symlog';
  xSymlogConstant?: number;
  note?: string;
}

export interface HeatmapPlot {
  kind: 'heatmap';
  id: string;
  title: string;
  xLabel: string;
  zLabel: string;
  x: number[];
  rows: { label: string; z: number[] }[];
  refLines: RefLine[];
  note?: string;
}

export interface SectionPlot {
  kind: 'section';
  id: string;
  title: string;
  plane: string;
  cells: number[][];
  panels: { title: string; field: string; nodes: number[][]; values: number[] }[];
  note?: string;
}

export type PlotSpec = LinePlot | StackedPlot | HeatmapPlot | SectionPlot;

export interface OmittedPlot {
  title: string;
  reason: string;
}

export interface PlotPlan {
  plots: PlotSpec[];
  omitted: OmittedPlot[];
}

/** Largest number of points kept per series: enough for a smooth A4-width curve, small HTML. */
export const MAX_POINTS_PER_SERIES = 1500;

/**
 * Indices to keep when thinning a curve to about maxPoints: first, last, and the minimum and maximum
 * of y in each bucket, so peaks and drops (the short, the runaway) survive the thinning.
 */
export function thinningIndices(y: ArrayLike<number>, maxPoints: number): number[] {
  const n = y.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const size = (n - 2) / buckets;
  const keep: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * size);
    const end = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    let iMin = start;
    let iMax = start;
    for (let i = start; i < end; i++) {
      if (y[i] < y[iMin]) iMin = i;
      if (y[i] > y[iMax]) iMax = i;
    }
    if (iMin < iMax) keep.push(iMin, iMax);
    else if (iMin > iMax) keep.push(iMax, iMin);
    else keep.push(iMin);
  }
  keep.push(n - 1);
  return [...new Set(keep)].sort((a, b) => a - b);
}

/** Scales and thins a pair of columns into plain arrays; drops rows where either value is not finite (unless keepGaps). */
function seriesOf(x: ArrayLike<number>, y: ArrayLike<number>, sx: (v: number) => number, sy: (v: number) => number): { x: number[]; y: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(sx(x[i]));
      ys.push(sy(y[i]));
    }
  }
  const keep = thinningIndices(ys, MAX_POINTS_PER_SERIES);
  return { x: keep.map((i) => xs[i]), y: keep.map((i) => ys[i]) };
}

const mm = (v: number) => v * 1000;
const kN = (v: number) => v / 1000;
const degC = (v: number) => v - 273.15;
const same = (v: number) => v;

function missingColumns(series: TimeSeries, names: string[]): string[] {
  return names.filter((n) => !series.values[n]);
}

function omitted(title: string, missing: string[]): OmittedPlot {
  return { title, reason: `timeseries.csv has no ${missing.map((m) => `'${m}'`).join(', ')} column${missing.length > 1 ? 's' : ''}` };
}

/** Where the stop lines come from: the run's margins (limit in SI) and 'stop:*' events with a displacement. */
function forceLimitN(summary: RunSummary): number | undefined {
  const m = summary.margins.find((m) => m.unit === 'N' && /force/i.test(m.name));
  return m?.limit;
}

/**
 * The deformation stop as an indenter displacement [m]: from a margin in metres, or from a
 * dimensionless deformation margin converted with the run's own ratio of the columns
 * 'Indenter displacement [m]' / 'Deformation [-]' (the specimen dimension in the crush direction).
 */
export function displacementStopM(summary: RunSummary, series: TimeSeries): { value: number; label: string } | undefined {
  const inMetres = summary.margins.find((m) => m.unit === 'm' && /deformation|displacement|intrusion/i.test(m.name));
  if (inMetres) return { value: inMetres.limit, label: `deformation stop ${formatNumber(mm(inMetres.limit))} mm` };
  const fraction = summary.margins.find((m) => ['-', '1', ''].includes(m.unit) && /deformation/i.test(m.name));
  const disp = series.values['Indenter displacement [m]'];
  const def = series.values['Deformation [-]'];
  if (!fraction || !disp || !def) return undefined;
  for (let i = def.length - 1; i >= 0; i--) {
    if (Number.isFinite(def[i]) && def[i] > 1e-6 && Number.isFinite(disp[i])) {
      const dimension = disp[i] / def[i];
      const stop = fraction.limit * dimension;
      return { value: stop, label: `deformation stop ${formatNumber(fraction.limit * 100)} % = ${formatNumber(mm(stop))} mm` };
    }
  }
  return undefined;
}

/** Event times that deserve markers, with their label. */
function keyEvents(summary: RunSummary): { time: number; label: string }[] {
  const out: { time: number; label: string }[] = [];
  const first = (re: RegExp, label: string) => {
    const e = summary.events.find((ev) => re.test(ev.kind));
    if (e) out.push({ time: e.time, label });
  };
  first(/^short-onset/, 'short onset');
  first(/^runaway-onset/, 'runaway onset');
  first(/^vent/, 'vent');
  return out;
}

export interface TimeAxis {
  xScale: 'linear' | 'symlog';
  xSymlogConstant?: number;
  note?: string;
}

/**
 * Time axis of a run: linear, unless the events all happen early in a long observation (a short
 * and runaway in the first seconds of a 1 h hold), where a linear axis squeezes them into the first
 * pixel. Then a symmetric-log axis (d3.scaleSymlog): linear up to about a third of the event
 * window, logarithmic beyond, so that both the events and the long tail are readable.
 */
export function timeAxisFor(summary: RunSummary, time: Float64Array): TimeAxis {
  const end = time.length ? time[time.length - 1] - time[0] : 0;
  // Phase changes and the end of the run are bookkeeping, not events of the specimen.
  const eventTimes = summary.events.filter((e) => !/^(phase:|end$)/.test(e.kind) && e.time > 0).map((e) => e.time);
  if (!eventTimes.length || end <= 0) return { xScale: 'linear' };
  const window = Math.max(...eventTimes);
  if (end < 20 * window) return { xScale: 'linear' };
  const raw = window / 3;
  const decade = Math.pow(10, Math.floor(Math.log10(raw)));
  const constant = [1, 2, 5, 10].map((m) => m * decade).find((v) => v >= raw) ?? raw;
  return { xScale: 'symlog', xSymlogConstant: constant, note: `Time axis linear up to about ${formatNumber(constant)} s and logarithmic beyond: the events happen early in a long observation.` };
}

const SENSOR_TEMPERATURE = / temperature \[K\]$/;
const CELL_TEMPERATURE = /^Cell (\d+) temperature \[K\]$/;
const HEAT_TERM = /(heating|heat) \[W\]$/i;
const TOTAL_HEAT = /^total/i;

/** Plans the plots of one run. */
export function planRunPlots(run: RunData, runIndex = 0): PlotPlan {
  const { summary, series } = run;
  const plots: PlotSpec[] = [];
  const omittedPlots: OmittedPlot[] = [];
  // A column can exist yet hold no value (e.g. the short current of a run that failed before the
  // short): such a plot is omitted with that reason, never drawn empty.
  const addPlot = (p: PlotSpec) => {
    if ((p.kind === 'line' || p.kind === 'stacked') && p.xScale === 'symlog' && timeNote) p.note = p.note ? `${timeNote} ${p.note}` : timeNote;
    const empty = p.kind === 'line' ? p.series.every((s) => s.x.length === 0) : p.kind === 'stacked' ? p.x.length === 0 : false;
    if (empty) omittedPlots.push({ title: p.title, reason: 'its columns hold no finite value in this run (the quantity never arose before the run ended)' });
    else plots.push(p);
  };
  const T = column(series, 'Time [s]')!;
  const disp = column(series, 'Indenter displacement [m]');
  const force = column(series, 'Indenter force [N]');
  const voltage = column(series, 'Voltage [V]');
  const events = keyEvents(summary);
  const timeAxis = timeAxisFor(summary, T);
  const tx = { xScale: timeAxis.xScale, ...(timeAxis.xSymlogConstant !== undefined ? { xSymlogConstant: timeAxis.xSymlogConstant } : {}) };
  const timeNote = timeAxis.note;
  const runaway = events.find((e) => e.label === 'runaway onset');
  const shortOnset = events.find((e) => e.label === 'short onset');

  // Force–displacement with stop lines and markers at the short onset and the peak.
  if (disp && force) {
    const refLines: RefLine[] = [];
    const limit = forceLimitN(summary);
    if (limit !== undefined) refLines.push({ axis: 'y', value: kN(limit), label: `force limit ${formatNumber(kN(limit))} kN` });
    const stop = displacementStopM(summary, series);
    if (stop) refLines.push({ axis: 'x', value: mm(stop.value), label: stop.label });
    const markers: Marker[] = [];
    const peak = finiteMax(force);
    if (peak) markers.push({ x: mm(disp[peak.index]), y: kN(peak.value), label: `peak ${formatNumber(kN(peak.value))} kN`, run: runIndex });
    if (shortOnset) {
      markers.push({ x: mm(interpolateAt(T, disp, shortOnset.time)), y: kN(interpolateAt(T, force, shortOnset.time)), label: 'short onset', run: runIndex });
    }
    addPlot({
      kind: 'line', id: 'force-displacement', title: 'Indenter force vs displacement',
      xLabel: 'Indenter displacement [mm]', yLabel: 'Indenter force [kN]',
      series: [{ label: 'Indenter force', run: runIndex, ...seriesOf(disp, force, mm, kN) }], refLines, markers,
    });
  } else omittedPlots.push(omitted('Indenter force vs displacement', missingColumns(series, ['Indenter displacement [m]', 'Indenter force [N]'])));

  // Voltage vs time and vs displacement with the ΔV = 100 mV (UN 38.3) and V = 0 (GB 38031) lines.
  if (voltage) {
    // Initial voltage for the ΔV line: the first positive sample (some writers start a pack at 0 V before the first solve).
    const v0 = voltage.find((v) => Number.isFinite(v) && v > 0);
    const refLines: RefLine[] = [{ axis: 'y', value: 0, label: 'V = 0 (GB 38031 stop)' }];
    if (v0 !== undefined) refLines.push({ axis: 'y', value: v0 - 0.1, label: 'ΔV = 100 mV (UN 38.3 stop)' });
    const markers: Marker[] = events.map((e) => ({ x: e.time, y: interpolateAt(T, voltage, e.time), label: e.label, run: runIndex }));
    addPlot({
      kind: 'line', id: 'voltage-time', ...tx, title: 'Terminal voltage vs time', xLabel: 'Time [s]', yLabel: 'Voltage [V]', yMinSpan: 0.5,
      series: [{ label: 'Voltage', run: runIndex, ...seriesOf(T, voltage, same, same) }], refLines, markers,
    });
    if (disp) {
      const dm: Marker[] = shortOnset ? [{ x: mm(interpolateAt(T, disp, shortOnset.time)), y: interpolateAt(T, voltage, shortOnset.time), label: 'short onset', run: runIndex }] : [];
      addPlot({
        kind: 'line', id: 'voltage-displacement', title: 'Terminal voltage vs indenter displacement', xLabel: 'Indenter displacement [mm]', yLabel: 'Voltage [V]', yMinSpan: 0.5,
        series: [{ label: 'Voltage', run: runIndex, ...seriesOf(disp, voltage, mm, same) }], refLines, markers: dm,
      });
    } else omittedPlots.push(omitted('Terminal voltage vs indenter displacement', ['Indenter displacement [m]']));
  } else omittedPlots.push(omitted('Terminal voltage vs time', ['Voltage [V]']));

  // Temperatures with 170 °C and runaway-onset lines, and the dT/dt panel with the 1 °C/s line.
  const temperatureColumns = series.columns.filter((c) => SENSOR_TEMPERATURE.test(c) && !CELL_TEMPERATURE.test(c));
  if (temperatureColumns.length) {
    const refLines: RefLine[] = [{ axis: 'y', value: degC(UN383_MAX_TEMPERATURE_K), label: '170 °C (UN 38.3 T.6)' }];
    if (runaway) refLines.push({ axis: 'x', value: runaway.time, label: 'runaway onset' });
    const shutdown = summary.events.find((e) => e.kind.startsWith('separator-shutdown'));
    if (shutdown) refLines.push({ axis: 'x', value: shutdown.time, label: 'separator shutdown' });
    // Events that carry a temperature are marked at it: a fast local event between two CSV samples
    // then still shows where it happened.
    const temperatureMarkers: Marker[] = [];
    for (const e of summary.events) {
      for (const [k, v] of Object.entries(e.data ?? {})) {
        if (/temperature \[K\]$/i.test(k) && typeof v === 'number' && Number.isFinite(v)) {
          temperatureMarkers.push({ x: e.time, y: degC(v), label: e.kind, run: runIndex });
          break;
        }
      }
    }
    addPlot({
      kind: 'line', id: 'temperature', ...tx, title: 'Temperatures vs time', xLabel: 'Time [s]', yLabel: 'Temperature [°C]', yMinSpan: 5,
      series: temperatureColumns.map((c) => ({ label: c.replace(' [K]', ''), run: runIndex, ...seriesOf(T, series.values[c], same, degC) })),
      refLines, markers: temperatureMarkers,
      note: temperatureMarkers.length ? 'Markers: temperatures the run reported with its events (summary.json); a fast event can lie between two samples of timeseries.csv.' : undefined,
    });
    const rateSource = series.values['Maximum temperature [K]'] ? 'Maximum temperature [K]' : temperatureColumns[0];
    const rate = timeDerivative(T, series.values[rateSource]);
    // Log axis: runaway rates span 1e-3 to 1e2 °C/s; cooling (negative) and tiny rates sit at the floor.
    const floor = 1e-4;
    addPlot({
      kind: 'line', id: 'temperature-rate', ...tx, title: `Heating rate dT/dt of the ${rateSource.replace(' [K]', '').toLowerCase()}`,
      xLabel: 'Time [s]', yLabel: 'dT/dt [°C/s]', yLog: true,
      series: [{ label: `dT/dt (${rateSource.replace(' [K]', '')})`, run: runIndex, ...seriesOf(T, rate, same, (v) => Math.max(v, floor)) }],
      refLines: [{ axis: 'y', value: RUNAWAY_RATE_K_PER_S, label: '1 °C/s (runaway confirmation, GB 38031 Annex C)' }, ...(runaway ? [{ axis: 'x' as const, value: runaway.time, label: 'runaway onset' }] : [])],
      markers: [], note: `Rates below ${floor} °C/s, including cooling, are drawn at ${floor} °C/s.`,
    });
  } else omittedPlots.push({ title: 'Temperatures vs time and dT/dt', reason: "timeseries.csv has no '… temperature [K]' column" });

  // Short-circuit current and resistance.
  const isc = column(series, 'Short-circuit current [A]');
  const rsc = column(series, 'Short-circuit resistance [Ohm]');
  if (isc) {
    addPlot({
      kind: 'line', id: 'short-current', ...tx, title: 'Short-circuit current vs time', xLabel: 'Time [s]', yLabel: 'Short-circuit current [A]',
      series: [{ label: 'Short-circuit current', run: runIndex, ...seriesOf(T, isc, same, same) }],
      refLines: shortOnset ? [{ axis: 'x', value: shortOnset.time, label: 'short onset' }] : [], markers: [],
    });
  } else omittedPlots.push(omitted('Short-circuit current vs time', ['Short-circuit current [A]']));
  if (rsc) {
    addPlot({
      kind: 'line', id: 'short-resistance', ...tx, title: 'Short-circuit resistance vs time', xLabel: 'Time [s]', yLabel: 'Short-circuit resistance [Ω]', yLog: true,
      series: [{ label: 'Short-circuit resistance', run: runIndex, ...seriesOf(T, rsc, same, same) }].map((s) => {
        // An open (infinite) resistance before the short is not drawn on a log axis.
        const keep = s.y.map((v, i) => (v > 0 && Number.isFinite(v) ? i : -1)).filter((i) => i >= 0);
        return { ...s, x: keep.map((i) => s.x[i]), y: keep.map((i) => s.y[i]) };
      }),
      refLines: [], markers: [],
    });
  } else omittedPlots.push(omitted('Short-circuit resistance vs time', ['Short-circuit resistance [Ohm]']));

  // Heat-source breakdown (stacked) and cumulative heat against the stored electrical energy.
  const heatColumns = series.columns.filter((c) => HEAT_TERM.test(c) && !TOTAL_HEAT.test(c));
  if (heatColumns.length) {
    const keep = thinningIndices(heatColumns.reduce((acc, c) => acc.map((v, i) => v + (Number.isFinite(series.values[c][i]) ? series.values[c][i] : 0)), new Array<number>(T.length).fill(0)), MAX_POINTS_PER_SERIES);
    addPlot({
      kind: 'stacked', id: 'heat-breakdown', ...tx, title: 'Heat generation by source', xLabel: 'Time [s]', yLabel: 'Heat generation rate [W]',
      x: keep.map((i) => T[i]),
      layers: heatColumns.map((c) => ({ label: c.replace(/ \[W\]$/, ''), y: keep.map((i) => (Number.isFinite(series.values[c][i]) ? series.values[c][i] : 0)) })),
    });
    const total = new Float64Array(T.length);
    for (const c of heatColumns) for (let i = 0; i < T.length; i++) total[i] += Number.isFinite(series.values[c][i]) ? series.values[c][i] : 0;
    const cumulative = cumulativeTrapezoid(T, total);
    const stored = storedElectricalEnergyJ(summary, voltage);
    addPlot({
      kind: 'line', id: 'cumulative-heat', ...tx, title: 'Cumulative heat released vs stored electrical energy', xLabel: 'Time [s]', yLabel: 'Energy [kJ]',
      series: [
        { label: 'Cumulative heat (all sources)', run: runIndex, ...seriesOf(T, cumulative, same, (v) => v / 1000) },
        ...heatColumns.map((c) => ({ label: `Cumulative ${c.replace(/ \[W\]$/, '').toLowerCase()}`, run: runIndex, ...seriesOf(T, cumulativeTrapezoid(T, series.values[c]), same, (v) => v / 1000) })),
      ],
      refLines: stored ? [{ axis: 'y', value: stored.value / 1000, label: stored.label }] : [],
      markers: [],
      note: stored ? undefined : 'Stored electrical energy unknown (no capacity, SOC or voltage in the run): no reference line.',
    });
  } else omittedPlots.push({ title: 'Heat generation by source', reason: "timeseries.csv has no '… heating [W]' column" });

  // Pack propagation heat map (cell × time).
  const cellColumns = series.columns
    .map((c) => ({ c, m: CELL_TEMPERATURE.exec(c) }))
    .filter((e): e is { c: string; m: RegExpExecArray } => e.m !== null)
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1]));
  if (cellColumns.length >= 2) {
    const keep = thinningIndices(T, 400);
    addPlot({
      kind: 'heatmap', id: 'propagation', title: 'Propagation: cell temperature over time', xLabel: 'Time [s]', zLabel: 'Temperature [°C]',
      x: keep.map((i) => T[i]),
      rows: cellColumns.map(({ c, m }) => ({ label: `Cell ${m[1]}`, z: keep.map((i) => degC(series.values[c][i])) })),
      refLines: summary.events.filter((e) => /(^|-)warning/.test(e.kind)).map((e) => ({ axis: 'x' as const, value: e.time, label: 'warning' })),
    });
  } else if (summary.specimen.kind !== 'cell') {
    omittedPlots.push({ title: 'Propagation heat map', reason: "timeseries.csv has fewer than two 'Cell <i> temperature [K]' columns" });
  }

  // Cross-section of the deformed specimen.
  if (run.sections) plots.push(sectionPlot(run.sections, summary.scenario.name));
  else omittedPlots.push({ title: 'Cross-section of the deformed cell', reason: 'not available: the run directory has no sections.json' });

  return { plots, omitted: omittedPlots };
}

/**
 * Stored electrical energy: the run's own number when it reports one (results key containing
 * "stored" and "energy [J]"), else capacity × SOC × initial voltage (an estimate, labelled so).
 */
export function storedElectricalEnergyJ(summary: RunSummary, voltage?: Float64Array): { value: number; label: string } | undefined {
  for (const [k, v] of Object.entries(summary.results)) {
    if (/stored.*energy \[J\]/i.test(k) && typeof v === 'number') return { value: v, label: `stored electrical energy ${formatNumber(v / 1000)} kJ` };
  }
  const cap = summary.specimen.capacityAh;
  const soc = summary.specimen.stateOfCharge;
  const v0 = voltage?.find((v) => Number.isFinite(v));
  if (cap !== undefined && soc !== undefined && v0 !== undefined) {
    const e = cap * 3600 * soc * v0;
    return { value: e, label: `≈ stored electrical energy ${formatNumber(e / 1000)} kJ (capacity × SOC × initial voltage)` };
  }
  return undefined;
}

function sectionPlot(sections: SectionsFile, name: string): SectionPlot {
  const panels: SectionPlot['panels'] = [];
  for (const s of sections.snapshots) {
    for (const [field, values] of Object.entries(s.fields)) {
      const isTemperature = /\[K\]$/.test(field);
      panels.push({
        title: `${s.event} (t = ${formatNumber(s.time)} s)`,
        field: isTemperature ? field.replace('[K]', '[°C]') : field,
        nodes: s.nodes.map(([u, v]) => [u * 1000, v * 1000]),
        values: isTemperature ? values.map(degC) : values,
      });
    }
  }
  return { kind: 'section', id: 'cross-section', title: `Cross-section of the deformed specimen (${sections.plane})`, plane: sections.plane, cells: sections.cells, panels, note: `${name}: coordinates in mm` };
}

const OVERLAY_KINDS = new Set(['line']);

/**
 * Plans a comparison: line plots with the same id are overlaid (one colour per run, reference lines
 * merged), other plots are shown per run. Omitted plots are listed per run.
 */
export function planComparisonPlots(runs: RunData[]): PlotPlan {
  const plans = runs.map((r, i) => planRunPlots(r, i));
  const plots: PlotSpec[] = [];
  const byId = new Map<string, LinePlot>();
  plans.forEach((plan, i) => {
    for (const p of plan.plots) {
      if (OVERLAY_KINDS.has(p.kind) && p.kind === 'line') {
        const relabelled = {
          series: p.series.map((s) => ({ ...s, label: `${runs[i].label}: ${s.label}` })),
          markers: p.markers.map((m) => ({ ...m, label: `${runs[i].label}: ${m.label}` })),
        };
        // Event lines (x) belong to their run; limit lines (y) are shared when equal.
        const ownLines = p.refLines.map((l) => (l.axis === 'x' ? { ...l, run: i, label: `${runs[i].label}: ${l.label}` } : { ...l }));
        const existing = byId.get(p.id);
        if (existing && p.xScale === 'symlog') {
          // One axis for all runs: symlog when any run needs it, with the smallest linear range.
          existing.xScale = 'symlog';
          existing.xSymlogConstant = Math.min(existing.xSymlogConstant ?? Infinity, p.xSymlogConstant ?? Infinity);
          if (!existing.note && p.note) existing.note = p.note;
        }
        if (!existing) {
          const merged: LinePlot = { ...p, ...relabelled, refLines: ownLines };
          byId.set(p.id, merged);
          plots.push(merged);
        } else {
          existing.series.push(...relabelled.series);
          existing.markers.push(...relabelled.markers);
          for (const l of ownLines) {
            if (!existing.refLines.some((e) => e.axis === l.axis && e.label === l.label && Math.abs(e.value - l.value) < 1e-9)) existing.refLines.push(l);
          }
        }
      } else {
        plots.push({ ...p, id: `${p.id}-${i}`, title: `${p.title} — ${runs[i].label}` });
      }
    }
  });
  const omittedPlots = plans.flatMap((plan, i) => plan.omitted.map((o) => ({ title: `${o.title} — ${runs[i].label}`, reason: o.reason })));
  return { plots, omitted: omittedPlots };
}
