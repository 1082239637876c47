import { RunSummary } from '../../../src/io/run-result';
import {
  clauseRows,
  cumulativeTrapezoid,
  eucarSection,
  fmeaRows,
  formatQuantity,
  interpolateAt,
  marginRole,
  marginRows,
  overallVerdict,
  predictEucarLevel,
  reportWarnings,
  signedMargin,
  sustainedRate,
  timeDerivative,
  toDisplay,
  UN383_MAX_TEMPERATURE_K,
  verdictFromMargin,
} from '../../../src/report/model';
import { TimeSeries } from '../../../src/report/run-data';

function series(cols: Record<string, number[]>): TimeSeries {
  const values: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(cols)) values[k] = Float64Array.from(v);
  return { columns: Object.keys(cols), values, rowCount: cols['Time [s]'].length };
}

function summary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    schemaVersion: 1,
    status: 'completed',
    scenario: { name: 'unit', hash: 'h' },
    specimen: { kind: 'cell', description: 'test cell' },
    models: {},
    events: [],
    verdicts: [],
    margins: [],
    results: {},
    diagnostics: { steps: {}, warnings: [] },
    provenance: { tool: 'batsafe', version: '0', createdAt: 'now', cards: [] },
    files: [],
    ...over,
  };
}

const flat = series({ 'Time [s]': [0, 1, 2], 'Maximum temperature [K]': [300, 300.1, 300.2] });

describe('verdict codes (IEC test-report vocabulary P / F / N/A / N/E)', () => {
  test('a non-negative margin predicts P, a negative one F, a missing one N/E', () => {
    expect(verdictFromMargin(0)).toBe('P');
    expect(verdictFromMargin(12.5)).toBe('P');
    expect(verdictFromMargin(-1e-9)).toBe('F');
    expect(verdictFromMargin(undefined)).toBe('N/E');
    expect(verdictFromMargin(NaN)).toBe('N/E');
  });
  test('overall verdict: any F fails; any N/E leaves the whole not evaluated; all N/A is N/A; else P', () => {
    expect(overallVerdict(['P', 'F', 'N/E'])).toBe('F');
    expect(overallVerdict(['P', 'N/E'])).toBe('N/E');
    expect(overallVerdict(['P', 'N/A', 'P'])).toBe('P');
    expect(overallVerdict(['N/A', 'N/A'])).toBe('N/A');
    expect(overallVerdict([])).toBe('N/E');
  });
  test('a clause the run passed before it failed numerically is shown N/E, not P', () => {
    const s = summary({
      status: 'failed',
      failure: { time: 1, reason: 'diverged' },
      verdicts: [
        { clause: 'A', requirement: 'r', simulatedCondition: 'c', result: 'ok so far', verdict: 'P', sourceStatus: 'checked' },
        { clause: 'B', requirement: 'r', simulatedCondition: 'c', result: 'exceeded', verdict: 'F', sourceStatus: 'recalled' },
      ],
    });
    const rows = clauseRows(s);
    expect(rows.map((r) => r.verdict)).toEqual(['N/E', 'F']);
    expect(rows[0].result).toMatch(/not evaluated/);
    expect(rows.map((r) => r.sourceCaution)).toEqual([false, true]);
  });
});

describe('margins (signed so that positive is safe)', () => {
  test('upper and lower limits', () => {
    expect(signedMargin(9.5e3, 1e5, 'upper')).toBe(90500);
    expect(signedMargin(150, 100, 'lower')).toBe(50);
  });
  test('T_max vs 170 °C is computed from timeseries.csv when the run did not report it (UN 38.3 T.6, exact arithmetic)', () => {
    const s = summary();
    const ts = series({ 'Time [s]': [0, 1, 2], 'Maximum temperature [K]': [300, 450, 420] });
    const rows = marginRows(s, ts);
    expect(rows).toHaveLength(1);
    expect(rows[0].limit).toBe(UN383_MAX_TEMPERATURE_K);
    expect(rows[0].margin).toBeCloseTo(443.15 - 450, 12);
    expect(rows[0].verdict).toBe('F');
    expect(rows[0].source).toBe('timeseries');
  });
  test('UN 38.3 limits the external temperature: the surface column is used when present, and hotter event temperatures are pointed out', () => {
    const ts = series({ 'Time [s]': [0, 1, 2], 'Maximum temperature [K]': [300, 460, 420], 'Surface temperature [K]': [300, 400, 380] });
    const s = summary({ events: [{ kind: 'short-fused', time: 1.5, message: '', data: { 'Temperature [K]': 933.9 } }] });
    const [row] = marginRows(s, ts);
    expect(row.name).toBe('Surface temperature vs 170 °C (UN 38.3 T.6)');
    expect(row.value).toBe(400);
    expect(row.margin).toBeCloseTo(43.15, 12);
    expect(row.check).toBe("events report up to 660.8 °C ('short-fused', Temperature [K]), above every CSV sample of this column");
  });
  test('a reported peak-force margin is cross-checked against the CSV (1 % relative tolerance)', () => {
    const ts = series({ 'Time [s]': [0, 1], 'Indenter force [N]': [0, 9500] });
    const ok = marginRows(summary({ margins: [{ name: 'Peak indenter force vs 100 kN', value: 9510, limit: 1e5, unit: 'N', margin: 90490 }] }), ts);
    expect(ok[0].check).toMatch(/^agrees/);
    const bad = marginRows(summary({ margins: [{ name: 'Peak indenter force vs 100 kN', value: 12000, limit: 1e5, unit: 'N', margin: 88000 }] }), ts);
    expect(bad[0].check).toMatch(/DISAGREES/);
    expect(bad[0].verdict).toBe('P');
  });
  test('warning delay after runaway onset vs 5 min (GB 38031-2025) from the two events', () => {
    const s = summary({ events: [{ kind: 'runaway-onset', time: 100, message: '' }, { kind: 'warning', time: 460, message: '' }] });
    const row = marginRows(s, flat).find((r) => /warning/i.test(r.name))!;
    expect(row.value).toBe(360);
    expect(row.margin).toBe(-60);
    expect(row.verdict).toBe('F');
  });
});

describe('margin roles: stop conditions are not pass/fail criteria', () => {
  test('peak force vs the force stop is a stop; deformation at short onset vs the stop and T_max vs 170 °C are criteria', () => {
    expect(marginRole('Peak force vs force stop')).toBe('stop');
    expect(marginRole('Maximum deformation vs deformation stop (no short)')).toBe('stop');
    expect(marginRole('Indenter displacement at short onset vs 15 % deformation stop')).toBe('criterion');
    expect(marginRole('Maximum temperature vs 170 °C')).toBe('criterion');
    const rows = marginRows(summary({ margins: [{ name: 'Peak force vs force stop', value: 446.9, limit: 441.3, unit: 'N', margin: -5.6 }] }), flat);
    expect(rows[0].role).toBe('stop');
  });
});

describe('display units (SI inside, units at the boundary)', () => {
  test('443.15 K reads 170 °C, a 5 K margin reads 5 K, 100 kN, 2.7 mm', () => {
    expect(toDisplay(443.15, 'K').value).toBeCloseTo(170, 12);
    expect(toDisplay(5, 'K', true)).toEqual({ value: 5, unit: 'K' });
    expect(formatQuantity(1e5, 'N')).toBe('100 kN');
    expect(formatQuantity(2.7e-3, 'm')).toBe('2.7 mm');
    expect(formatQuantity(0.126, '-')).toBe('12.6 %');
  });
});

describe('numerical helpers', () => {
  test('central differences are exact for a linear signal (closed form dT/dt = 2, tolerance 1e-12)', () => {
    const t = Float64Array.from([0, 0.5, 1.5, 3, 3.1]);
    const y = t.map((v) => 300 + 2 * v);
    for (const d of timeDerivative(t, y)) expect(d).toBeCloseTo(2, 12);
  });
  test('central differences on a uniform grid are exact for t² in the interior (d/dt t² = 2t)', () => {
    const t = Float64Array.from([0, 1, 2, 3, 4]);
    const d = timeDerivative(t, t.map((v) => v * v));
    expect(Array.from(d.slice(1, 4))).toEqual([2, 4, 6]);
  });
  test('cumulative trapezoid is exact for a linear power (∫(10 + 4t)dt = 10t + 2t², tolerance 1e-12)', () => {
    const t = Float64Array.from([0, 0.3, 1, 2.5, 4]);
    const e = cumulativeTrapezoid(t, t.map((v) => 10 + 4 * v));
    t.forEach((v, i) => expect(e[i]).toBeCloseTo(10 * v + 2 * v * v, 12));
  });
  test('linear interpolation, clamped at the ends', () => {
    const x = Float64Array.from([0, 1, 3]);
    const y = Float64Array.from([0, 10, 30]);
    expect(interpolateAt(x, y, 2)).toBe(20);
    expect(interpolateAt(x, y, -1)).toBe(0);
    expect(interpolateAt(x, y, 9)).toBe(30);
  });
});

describe('predicted EUCAR level from proxies (EUCAR levels 0–7, standards-and-reports.md §1.2)', () => {
  const ev = (kind: string, data?: Record<string, number>) => ({ kind, time: 10, message: kind, data });
  test.each([
    [[ev('explosion'), ev('fire')], 7],
    [[ev('rupture')], 6],
    [[ev('fire'), ev('vent')], 5],
    [[ev('vent', { 'Vented electrolyte fraction': 0.7 })], 4],
    [[ev('vent')], 4],
    [[ev('runaway-onset')], 4],
    [[ev('vent', { 'Vented electrolyte fraction': 0.2 })], 3],
    [[ev('short-onset')], 2],
    [[ev('separator-shutdown')], 1],
    [[ev('peak-force')], 0],
  ])('events %j give level %i', (events, level) => {
    expect(predictEucarLevel(summary({ events }), flat).level).toBe(level);
  });
  test('dT/dt ≥ 1 °C/s held for ≥ 3 s in the mean temperature gives level 4; 0.5 °C/s or a 1 s spike does not', () => {
    const fast = series({ 'Time [s]': [0, 1, 2, 3], 'Mean temperature [K]': [300, 302, 304, 306] });
    const slow = series({ 'Time [s]': [0, 1, 2, 3], 'Mean temperature [K]': [300, 300.5, 301, 301.5] });
    const spike = series({ 'Time [s]': [0, 1, 2, 3, 4], 'Mean temperature [K]': [300, 300, 350, 350, 350] });
    expect(predictEucarLevel(summary(), fast).level).toBe(4);
    expect(predictEucarLevel(summary(), fast).evidence).toMatch(/stays ≥ 1 °C\/s for 3 s from t = 0 s/);
    expect(predictEucarLevel(summary(), slow).level).toBe(0);
    expect(predictEucarLevel(summary(), spike).level).toBe(0);
  });
  test('sustained rate: longest run of interval slopes at or above the threshold', () => {
    const t = Float64Array.from([0, 1, 2, 3, 4, 5, 6]);
    const y = Float64Array.from([0, 2, 4, 4, 6, 8, 10]);
    expect(sustainedRate(t, y, 1)).toEqual({ start: 3, duration: 3 });
    expect(sustainedRate(t, Float64Array.from([0, 0, 0, 0, 0, 0, 0]), 1)).toBeUndefined();
  });
  test('a declared level that differs from the proxies is reported as a disagreement', () => {
    const s = summary({ events: [ev('short-onset')], eucar: { level: 4, rule: 'x', description: 'Venting' } });
    const e = eucarSection(s, flat);
    expect(e.agrees).toBe(false);
    expect(e.agreement).toMatch(/declared level 4.*proxy rules give 2/);
    expect(eucarSection(summary({ events: [ev('short-onset')], eucar: { level: 2, rule: 'x', description: 'Defect' } }), flat).agrees).toBe(true);
  });
});

describe('FMEA rows from events', () => {
  test('one row per failure mode, in time order, with EUCAR severity and the evidence', () => {
    const s = summary({
      events: [
        { kind: 'runaway-onset', time: 400, message: '' },
        { kind: 'short-onset', time: 2.4, message: '', data: { 'Indenter displacement [m]': 0.0024 } },
        { kind: 'short-onset', time: 3, message: '' },
        { kind: 'peak-force', time: 2.3, message: '' },
      ],
    });
    const rows = fmeaRows(s);
    expect(rows.map((r) => r.failureMode)).toEqual(['Internal short circuit (separator failure)', 'Thermal runaway']);
    expect(rows.map((r) => r.severity)).toEqual([2, 4]);
    expect(rows[0].evidence).toMatch(/t = 2\.4 s.*Indenter displacement \[m\] = 0\.0024/);
    expect(rows[1].detection).toMatch(/dT\/dt/);
  });
  test('the events real runs raise map to rows: local runaway, short burnt open, fuse opened', () => {
    const s = summary({
      events: ['local-runaway', 'short-fused', 'fuse-melt', 'cell-disconnect', 'bms-warning'].map((kind, i) => ({ kind, time: i, message: '' })),
    });
    expect(fmeaRows(s).map((r) => [r.failureMode, r.severity])).toEqual([
      ['Local decomposition at the short (hot spot)', 2],
      ['Short path burns open', 2],
      ['Cell fuse / interconnect opens', 1],
    ]);
  });
  test('no failure event gives no row', () => {
    expect(fmeaRows(summary({ events: [{ kind: 'peak-force', time: 1, message: '' }] }))).toEqual([]);
  });
});

describe('validity warnings', () => {
  test('porosity above 10 %, non-quasi-static loading, energy-balance error, unverified cards and recalled limits are flagged', () => {
    const s = summary({
      results: { 'Jellyroll porosity': 0.32, 'Casing porosity': 0.05 },
      diagnostics: { steps: {}, warnings: ['hourglass energy 3 %'], maxKineticToInternalEnergyRatio: 0.12, energyBalanceError: -0.03 },
      provenance: { tool: 'b', version: '0', createdAt: '', cards: [
        { id: 'a', kind: 'material', citations: [], source: 's', status: 'measured' },
        { id: 'b', kind: 'kinetics', citations: [], source: 's', status: 'unverified' },
      ] },
      verdicts: [{ clause: 'IEC 62660-3 crush', requirement: '', simulatedCondition: '', result: '', verdict: 'P', sourceStatus: 'unverified' }],
    });
    const text = reportWarnings(s).map((w) => `${w.kind}: ${w.message}`);
    expect(text).toEqual([
      'run: hourglass energy 3 %',
      expect.stringMatching(/^validity: Jellyroll porosity = 32 % is above 10 %/),
      expect.stringMatching(/^validity: Kinetic\/internal energy ratio reached 12 %.*not quasi-static/),
      expect.stringMatching(/^validity: Energy-balance error 3 % exceeds 1 %/),
      expect.stringMatching(/^provenance: 1 card\(s\) carry status unverified: b\./),
      expect.stringMatching(/^provenance: 1 clause limit\(s\).*IEC 62660-3 crush/),
    ]);
  });
  test('a clean run gives no warning', () => {
    expect(reportWarnings(summary({ diagnostics: { steps: {}, warnings: [], maxKineticToInternalEnergyRatio: 0.01, energyBalanceError: 0.001 } }))).toEqual([]);
  });
});
