/** Pack design cards: the shipped cards load; bad cards are refused naming the file, field and reason. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { loadPackCard } from '../../../../src/io/cards/pack-card';

const dir = path.resolve(__dirname, '../../../../materials/packs');

function withEdit(edit: (c: Record<string, any>) => void): string {
  const card = parse(fs.readFileSync(path.join(dir, 'module-4s3p-18650-filler1mm.yaml'), 'utf8'));
  edit(card);
  card.cell.runawayCard = path.resolve(dir, '../runaway/kim2007-lco-graphite.yaml');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'packcard-')), 'bad.yaml');
  fs.writeFileSync(file, stringify(card));
  return file;
}

describe('pack design cards', () => {
  test.each(fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s loads with citations, status and kinetics', (f) => {
    const d = loadPackCard(path.join(dir, f));
    expect(d.citations[0].citations.length).toBeGreaterThan(0);
    expect(['measured', 'fitted', 'assumed', 'unverified']).toContain(d.card.status);
    expect(d.kinetics).not.toBeNull();
    // Heat capacity = mass x c_p = 0.045 x 787 = 35.4 J/K (= 2.14e6 J/(m^3 K) x 1.654e-5 m^3 within 0.1 %).
    expect(Math.abs(d.cellHeatCapacity - 2.14e6 * 1.654e-5) / 35.4).toBeLessThan(1e-3);
  });

  test('spacer conductance is k A / t in series with the barrier (hand calculation, rel. 1e-12)', () => {
    const base = loadPackCard(path.join(dir, 'module-4s3p-18650-filler1mm.yaml'));
    expect(Math.abs(base.neighbourConductanceX - (1.0 * 3.25e-4) / 0.001) / 0.325).toBeLessThan(1e-12);
    const barrier = loadPackCard(path.join(dir, 'module-4s3p-18650-barrier.yaml'));
    const expected = 1 / (0.001 / (1.0 * 3.25e-4) + 0.001 / (0.02 * 3.25e-4));
    expect(Math.abs(barrier.neighbourConductanceX - expected) / expected).toBeLessThan(1e-12);
  });

  test('a thickness in mm, a zero busbar resistance and a sensor on a missing cell are all reported with their paths', () => {
    const file = withEdit((c) => {
      c.thermalPaths.alongRow.spacer.thickness = 1;
      c.resistances.busbar = 0;
      c.bms.temperatureSensorCells = [2, 13];
    });
    let message = '';
    try {
      loadPackCard(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(file);
    expect(message).toMatch(/thermalPaths\.alongRow\.spacer\.thickness: 1 m is outside/);
    expect(message).toMatch(/resistances\.busbar: .*must be > 0/);
    expect(message).toMatch(/bms\.temperatureSensorCells\.1: cell 13 does not exist \(cells are numbered 1\.\.12\)/);
  });

  test('an unknown field is refused by the strict schema, naming it', () => {
    const file = withEdit((c) => {
      c.cell.capacity = 2.6;
    });
    expect(() => loadPackCard(file)).toThrow(/cell.*capacity|Unrecognized key/);
  });
});
