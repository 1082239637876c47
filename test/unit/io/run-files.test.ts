/** CSV round trip, run-directory reading errors, VTU structure. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatTimeseriesCsv, parseTimeseriesCsv } from '../../../src/io/csv';
import { readRunDirectory } from '../../../src/io/run-directory';
import { formatVtu } from '../../../src/io/vtu';
import { writeFileAtomic } from '../../../src/io/atomic';

describe('timeseries CSV', () => {
  it('round-trips numbers exactly, including Infinity, with unit-bearing headers', () => {
    const cols = ['Time [s]', 'Short-circuit resistance [Ohm]', 'Voltage [V]'];
    const data = { 'Time [s]': [0, 0.1, 1 / 3], 'Short-circuit resistance [Ohm]': [Infinity, 0.4, 1e-9], 'Voltage [V]': [4.2, 4.1999999999999, -0] };
    const text = formatTimeseriesCsv(cols, data);
    expect(text.split('\n')[0]).toBe('Time [s],Short-circuit resistance [Ohm],Voltage [V]');
    const back = parseTimeseriesCsv(text);
    expect(back.columns).toEqual(cols);
    for (const c of cols) expect(Array.from(back.data[c])).toEqual(data[c as keyof typeof data].map((v) => (Object.is(v, -0) ? 0 : v)));
  });
  it('refuses ragged columns and non-numbers, naming line and column', () => {
    expect(() => formatTimeseriesCsv(['a', 'b'], { a: [1, 2], b: [1] })).toThrow(/'b' has 1 rows/);
    expect(() => parseTimeseriesCsv('Time [s],V [V]\n0,abc\n', 'x.csv')).toThrow(/x.csv: line 2, column 'V \[V\]': 'abc'/);
  });
});

describe('readRunDirectory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-rundir-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it('names the missing summary.json, the unknown schemaVersion and the missing CSV', () => {
    expect(() => readRunDirectory(dir)).toThrow(/missing summary.json/);
    writeFileAtomic(path.join(dir, 'summary.json'), JSON.stringify({ schemaVersion: 99 }));
    expect(() => readRunDirectory(dir)).toThrow(/unknown schemaVersion 99 .*version 1/);
    writeFileAtomic(path.join(dir, 'summary.json'), JSON.stringify({ schemaVersion: 1, status: 'completed' }));
    expect(() => readRunDirectory(dir)).toThrow(/missing timeseries.csv/);
    writeFileAtomic(path.join(dir, 'timeseries.csv'), 'Time [s]\n0\n1\n');
    expect(Array.from(readRunDirectory(dir).timeseries.data['Time [s]'])).toEqual([0, 1]);
    // Atomic writes leave no temporary files behind.
    expect(fs.readdirSync(dir).sort()).toEqual(['summary.json', 'timeseries.csv']);
  });
});

describe('VTU', () => {
  it('writes one hexahedron (VTK type 12) with offsets and cell data', () => {
    const pts = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1];
    const xml = formatVtu({ points: pts, hexahedra: [0, 1, 2, 3, 4, 5, 6, 7], cellData: { 'Strain [-]': [0.25] } });
    expect(xml).toContain('<Piece NumberOfPoints="8" NumberOfCells="1">');
    expect(xml).toContain('Name="offsets" format="ascii">8<');
    expect(xml).toContain('Name="types" format="ascii">12<');
    expect(xml).toContain('Name="Strain [-]" format="ascii">0.25<');
    expect(() => formatVtu({ points: pts, hexahedra: [0, 1, 2, 3, 4, 5, 6, 7], cellData: { s: [1, 2] } })).toThrow(/'s' has 2 values, expected 1/);
  });
});
