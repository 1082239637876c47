import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseTimeseriesCsv, readRunForReport, ReportInputError, validateSections, validateSummary } from '../../../src/report/run-data';
import { writeFixtureRun } from '../../support/report-fixtures';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReportInputError) return e.problems;
    throw e;
  }
  throw new Error('expected a ReportInputError');
}

describe('timeseries.csv parsing', () => {
  test('columns by header, empty cells NaN, quoted headers accepted', () => {
    const ts = parseTimeseriesCsv('"Time [s]",Voltage [V],Short-circuit resistance [Ohm]\n0,4.1,\n1,4.0,0.5\n');
    expect(ts.columns).toEqual(['Time [s]', 'Voltage [V]', 'Short-circuit resistance [Ohm]']);
    expect(Array.from(ts.values['Voltage [V]'])).toEqual([4.1, 4.0]);
    expect(Number.isNaN(ts.values['Short-circuit resistance [Ohm]'][0])).toBe(true);
    expect(ts.rowCount).toBe(2);
  });
  test('errors name the file, the line and the column', () => {
    expect(problemsOf(() => parseTimeseriesCsv('Voltage [V]\n4.1\n', 'run/timeseries.csv'))).toEqual([expect.stringMatching(/^run\/timeseries\.csv: header has no 'Time \[s\]' column/)]);
    expect(problemsOf(() => parseTimeseriesCsv('Time [s],Voltage [V]\n0,4.1\n1,abc\n2\n'))).toEqual([
      "timeseries.csv: line 3, column 'Voltage [V]': 'abc' is not a number",
      'timeseries.csv: line 4 has 1 fields, the header has 2',
    ]);
    expect(problemsOf(() => parseTimeseriesCsv(''))).toEqual([expect.stringMatching(/empty/)]);
  });
});

describe('summary.json validation', () => {
  test('an older schema version is refused with the version found and the one expected', () => {
    const [msg] = problemsOf(() => validateSummary({ schemaVersion: 0 }, 'a/summary.json'));
    expect(msg).toMatch(/^a\/summary\.json: schemaVersion 0 is older than the version this batsafe reads \(1\)/);
    expect(problemsOf(() => validateSummary({}, 'summary.json'))[0]).toMatch(/'schemaVersion' is missing/);
    expect(problemsOf(() => validateSummary({ schemaVersion: 7 }))[0]).toMatch(/newer/);
  });
  test('every missing or malformed field is listed', () => {
    const problems = problemsOf(() => validateSummary({ schemaVersion: 1, status: 'failed', events: [{ kind: 'x' }], verdicts: [{ verdict: 'maybe' }] }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/'scenario\.name'/),
      expect.stringMatching(/'specimen\.kind'/),
      expect.stringMatching(/'margins' must be an array/),
      expect.stringMatching(/'failure' must say when and why/),
      expect.stringMatching(/'events\[0\]' needs a string kind and a numeric time/),
      expect.stringMatching(/'verdicts\[0\]\.verdict' must be P, F, N\/A or N\/E/),
    ]));
  });
});

describe('sections.json validation', () => {
  test('a cell referring to a node that does not exist is named', () => {
    const raw = { schemaVersion: 1, plane: 'x-y', cells: [[0, 1, 5]], snapshots: [{ event: 'e', time: 0, nodes: [[0, 0], [1, 0], [0, 1]], fields: { Damage: [0.1] } }] };
    expect(problemsOf(() => validateSections(raw))).toEqual([expect.stringMatching(/cells\[0\] refers to a node outside snapshots\[0\]\.nodes \(0\.\.2\)/)]);
    const wrongLength = { ...raw, cells: [[0, 1, 2]], snapshots: [{ ...raw.snapshots[0], fields: { Damage: [0.1, 0.2] } }] };
    expect(problemsOf(() => validateSections(wrongLength))).toEqual([expect.stringMatching(/fields\['Damage'\] must have one value per cell \(1\)/)]);
  });
});

describe('reading a run directory', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-report-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  test('missing summary.json and timeseries.csv are both named', () => {
    const dir = path.join(tmp, 'empty');
    fs.mkdirSync(dir);
    const problems = problemsOf(() => readRunForReport(dir));
    expect(problems).toEqual([expect.stringMatching(/summary\.json: missing/), expect.stringMatching(/timeseries\.csv: missing/)]);
    expect(problemsOf(() => readRunForReport(path.join(tmp, 'nope')))[0]).toMatch(/run directory not found/);
  });
  test('a fixture run directory reads back with its sections', () => {
    const dir = writeFixtureRun(path.join(tmp, 'cell'), 'cell-runaway');
    const run = readRunForReport(dir);
    expect(run.label).toBe('fixture-18650-crush-runaway');
    expect(run.series.columns).toContain('Indenter force [N]');
    expect(run.sections?.snapshots.length).toBe(2);
  });
});
