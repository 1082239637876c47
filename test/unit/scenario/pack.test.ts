/** The pack branch of the scenario schema: shipped pack scenarios validate; bad input is refused with path and reason. */
import * as path from 'path';
import { loadScenarioFile, parseScenarioText } from '../../../src/scenario';

const root = path.resolve(__dirname, '../../..');

describe('pack scenarios', () => {
  test.each(['pack-gb38031-thermal-propagation', 'pack-module-crush', 'pack-module-crush-fe'])('%s validates and converts units to SI', (name) => {
    const r = loadScenarioFile(path.join(root, 'scenarios', `${name}.yaml`));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const s = r.scenario as Record<string, any>;
    expect(s.kind).toBe('pack');
    expect(s.initialTemperature).toBeCloseTo(298.15, 9);
    expect(s.timeStep).toBe(1);
    expect(s.duration).toBeGreaterThanOrEqual(3600);
  });

  test('missing units, a crush block on a propagation test and an inconsistent load step are each reported', () => {
    const text = [
      'kind: pack', 'name: bad', 'test: thermal-propagation', 'design: x.yaml', 'stateOfCharge: 0.95',
      'trigger: { method: nail, cell: 1, resistance: 5, time: 10 s }',
      'crush: { indenter: plate, speed: 1 mm/s, maxDeformation: 0.3, onsetStrain: 0.25, shortResistance: 20 mohm, cellDiameter: 18 mm }',
      'load: [{ until: 10 s, current: 5 A, power: 20 W }]',
      'duration: 1 h', 'timeStep: 1 s',
    ].join('\n');
    const r = parseScenarioText(text, 'bad.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(/trigger\.resistance: missing unit/);
    // Cross-field rules run once every field is valid (zod refinements): fix the unit and they report.
    const r2 = parseScenarioText(text.replace('resistance: 5,', 'resistance: 5 mohm,'), 'bad.yaml');
    expect(r2.ok).toBe(false);
    if (r2.ok) return;
    const messages = r2.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(messages).toMatch(/crush: a crush block only applies to test 'module-crush'/);
    expect(messages).toMatch(/load\.0: give one of current, power, voltage, resistance/);
  });
});

describe('validatePackScenarioCards', () => {
  test('shipped scenarios have valid cards; a missing card and a bad trigger cell are reported with file and path', () => {
    const { validatePackScenarioCards } = require('../../../src/scenario/pack');
    for (const name of ['pack-gb38031-thermal-propagation', 'pack-module-crush', 'pack-module-crush-fe']) {
      const file = path.join(root, 'scenarios', `${name}.yaml`);
      const r = loadScenarioFile(file);
      if (!r.ok) throw new Error('invalid');
      expect(validatePackScenarioCards(r.scenario, file)).toEqual([]);
    }
    const file = path.join(root, 'scenarios', 'pack-gb38031-thermal-propagation.yaml');
    const r = loadScenarioFile(file);
    if (!r.ok) throw new Error('invalid');
    const bad = { ...(r.scenario as Record<string, any>), compareWith: ['nope.yaml'], trigger: { method: 'nail', cell: 40, resistance: 0.005, time: 10 } };
    const problems = validatePackScenarioCards(bad, file);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ file, path: 'compareWith.0', message: expect.stringMatching(/not found/) }),
      expect.objectContaining({ file, path: 'trigger.cell', message: expect.stringMatching(/cell 40 does not exist/) }),
    ]));
  });
});
