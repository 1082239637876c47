/**
 * Pack scenarios in the scenario front door (src/scenario/index.ts): bad pack design cards are invalid
 * input before any computation (the CLI maps this to exit code 2), and the cost estimate counts cells.
 * Reference: the design cards' layouts (series x parallel) read independently here.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { estimateScenarioCost, loadScenarioFile } from '../../../src/scenario';

const root = path.resolve(__dirname, '../../..');

describe('pack scenario cards and cost', () => {
  test('a pack scenario file naming a missing design card, or a trigger cell beyond the design, is refused with file, path and reason', () => {
    const src = fs.readFileSync(path.join(root, 'scenarios', 'pack-gb38031-thermal-propagation.yaml'), 'utf8');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-pack-'));
    try {
      const file = path.join(dir, 'bad-pack.yaml');
      // Paths in the shipped file are relative to scenarios/: from the temporary folder they do not resolve.
      fs.writeFileSync(file, src);
      const r = loadScenarioFile(file);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file, path: 'design', message: expect.stringMatching(/not found/) })]));
      // A valid design but a trigger cell that does not exist in it.
      const fixed = src.replace(/\.\.\/materials\/packs\//g, `${path.join(root, 'materials', 'packs')}/`).replace(/cell: 5\b/, 'cell: 99');
      fs.writeFileSync(file, fixed);
      const r2 = loadScenarioFile(file);
      expect(r2.ok).toBe(false);
      if (r2.ok) return;
      // One problem per design (the scenario compares three), all on trigger.cell.
      expect(r2.problems.length).toBe(3);
      for (const p of r2.problems) expect(p).toEqual(expect.objectContaining({ file, path: 'trigger.cell', message: expect.stringMatching(/cell 99 does not exist in design .*cells 1\.\.12/) }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(['pack-gb38031-thermal-propagation', 'pack-module-crush'])('%s: cost estimate = cells of the design (series x parallel) and the duration', (name) => {
    const file = path.join(root, 'scenarios', `${name}.yaml`);
    const r = loadScenarioFile(file);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const raw = parse(fs.readFileSync(file, 'utf8')) as { design: string };
    const card = parse(fs.readFileSync(path.resolve(path.dirname(file), raw.design), 'utf8')) as { layout: { series: number; parallel: number } };
    const cost = estimateScenarioCost(r.scenario);
    expect(cost.elements).toBe(card.layout.series * card.layout.parallel);
    expect(cost.simulatedTimeS).toBe((r.scenario as unknown as { duration: number }).duration);
  });
});
