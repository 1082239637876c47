/**
 * Reference curves of verification scenarios (src/scenario/reference.ts): problems at validation
 * with file, path and reason; unit handling (affine degC → K for values, differences for
 * tolerances); the comparison itself against a hand-computed case (linear interpolation).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseScenarioText } from '../../../src/scenario';
import { compareWithReference, loadReference } from '../../../src/scenario/reference';

const repo = path.resolve(__dirname, '../../..');
const file = path.join(repo, 'scenarios/verification/kim2007-oven-155C-lumped.yaml');
const text = fs.readFileSync(file, 'utf8');

describe('expectations.reference', () => {
  it('the shipped oven case validates', () => {
    const r = parseScenarioText(text, file);
    expect(r.ok).toBe(true);
  });

  it.each([
    ['file: test/reference-data/kim2007-lumped-18650-oven155C.csv', 'file: test/reference-data/nope.csv', 'expectations.reference.file', /not found/],
    ['value: T_C [degC]', 'value: T_X [degC]', 'expectations.reference.value', /no column 'T_X'/],
    ['value: T_C [degC]', 'value: T_C [V]', 'expectations.reference.value', /not convertible to 'K'/],
    ['maxAbsoluteError: 5 K', 'maxAbsoluteError: 5 mV', 'expectations.reference.maxAbsoluteError', /not convertible to 'K'/],
    ['maxAbsoluteError: 5 K', 'rmsErr: 5 K', 'expectations.reference.rmsErr', /unknown field 'rmsErr'; did you mean 'rmsError'/],
  ])('%s → %s is refused at %s', (from, to, where, message) => {
    const r = parseScenarioText(text.replace(from, to), file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file, path: where, message: expect.stringMatching(message) })]));
  });

  it('a reference without any tolerance is refused', () => {
    const r = parseScenarioText(text.replace(/\n\s*maxAbsoluteError: 5 K.*\n/, '\n'), file);
    expect(r.ok).toBe(false);
  });

  it('converts degC values affinely and tolerances as differences; compares by linear interpolation', () => {
    const r = loadReference({ file: 'test/reference-data/kim2007-lumped-18650-oven155C.csv', time: 'time_s [s]', value: 'T_C [degC]', compareWith: 'Mean temperature [K]', maxAbsoluteError: '5 degC', rmsError: '2 K' }, file);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.reference.value[0]).toBeCloseTo(298.15, 9); // first row: 25 °C
    expect(r.reference.maxAbsoluteError).toBeCloseTo(5, 12); // a difference, not 278.15 K
    expect(r.reference.rmsError).toBeCloseTo(2, 12);
    // A "run" that is the reference + 1 K, sampled on its own grid: every error is 1 K (up to interpolation).
    const t = [0, 100, 200, 300, 400];
    const at = (x: number) => { let i = 0; while (r.reference.time[i + 1] < x) i++; const w = (x - r.reference.time[i]) / (r.reference.time[i + 1] - r.reference.time[i]); return r.reference.value[i] + w * (r.reference.value[i + 1] - r.reference.value[i]); };
    const series = { 'Time [s]': t, 'Mean temperature [K]': t.map((x) => at(x) + 1) };
    const window = { start: 0, end: 400 };
    const c = compareWithReference({ ...r.reference, window }, series);
    expect(c.points).toBe(r.reference.time.filter((x) => x <= 400).length);
    // The heating curve is concave there: the run's chords between its 100 s samples lie below it, so
    // the error is exactly 1 K at the samples and a little less in between.
    expect(c.maxAbsoluteError).toBeCloseTo(1, 9);
    expect(c.rmsError).toBeLessThan(1);
    expect(c.rmsError).toBeGreaterThan(0.5);
    expect(c.misses).toEqual([]);
    // The window beyond the run's end is a miss, not silently skipped.
    expect(compareWithReference({ ...r.reference, window: { start: 0, end: 600 } }, series).misses).toEqual([expect.stringMatching(/outside the run/)]);
  });
});
