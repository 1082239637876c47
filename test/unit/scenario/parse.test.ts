/** Scenario parsing, units to SI, and bad input refused before any computation with file, path and reason. */
import { parseScenarioText, scenarioJsonSchema, estimateScenarioCost, CellScenario, levenshtein, resolveCellScenario } from '../../../src/scenario';
import { toSI, DIMENSIONS } from '../../../src/scenario/quantity';

const GOOD = `
kind: cell
name: ok
cell: { preset: generic-18650-lco, stateOfCharge: 0.5 }
loading: { type: indentation, indenter: { shape: rod, radius: 5 mm }, speed: 2 mm/s }
steps: { stop: { deformation: 0.3, force: 20 kN }, observe: 10 min }
`;

function problems(text: string, file = 's.yaml') {
  const r = parseScenarioText(text, file);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('quantities', () => {
  it('converts "2 mm/s", {value, unit} and °C to SI (exact unit factors)', () => {
    expect(toSI('2 mm/s', DIMENSIONS.speed)).toEqual({ ok: true, value: 0.002 });
    expect(toSI({ value: 100, unit: 'kN' }, DIMENSIONS.force)).toEqual({ ok: true, value: 100000 });
    const t = toSI('25 °C', DIMENSIONS.temperature);
    expect(t.ok && Math.abs(t.value - 298.15) < 1e-9).toBe(true);
    const q = toSI('2.6 Ah', DIMENSIONS.charge);
    expect(q.ok && Math.abs(q.value - 9360) < 1e-9).toBe(true);
    const r = toSI('10 mΩ', DIMENSIONS.resistance);
    expect(r.ok && Math.abs(r.value - 0.01) < 1e-15).toBe(true);
  });
  it('refuses a wrong dimension, naming the expected unit', () => {
    const r = toSI('5 kg', DIMENSIONS.time);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/not a time.*convertible to s/);
  });
});

describe('parseScenarioText', () => {
  it('accepts a valid scenario and stores SI numbers', () => {
    const r = parseScenarioText(GOOD, 'good.yaml');
    expect(r.ok).toBe(true);
    const s = (r as { scenario: CellScenario & { sourceHash?: string } }).scenario;
    expect(s.loading?.type).toBe('indentation');
    expect(s.loading && 'speed' in s.loading && s.loading.speed).toBeCloseTo(0.002, 15);
    expect(s.steps?.observe).toBe(600);
    expect(s.sourceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts JSON files too', () => {
    const r = parseScenarioText(JSON.stringify({ kind: 'cell', name: 'j', cell: { preset: 'generic-18650-lco', stateOfCharge: 1 }, standard: 'GB38031-2020/cell-compression' }), 'x.json');
    expect(r.ok).toBe(true);
  });

  it('reports all problems at once with file and path: unknown field with suggestion, missing unit, wrong dimension', () => {
    const p = problems(`
kind: cell
name: bad
cell: { preset: generic-18650-lco, stateOfCharge: 0.5, diamter: 18 mm }
loading: { type: indentation, indenter: { shape: rod, radius: 5 mm }, speed: 2 }
steps: { stop: { deformation: 0.3 }, observe: 5 kg }
`, 'bad.yaml');
    expect(p).toEqual(expect.arrayContaining([
      { file: 'bad.yaml', path: 'cell.diamter', message: "unknown field 'diamter'; did you mean 'diameter'?" },
      expect.objectContaining({ path: 'loading.speed', message: expect.stringMatching(/missing unit/) }),
      expect.objectContaining({ path: 'steps.observe', message: expect.stringMatching(/not a time/) }),
    ]));
    expect(p).toHaveLength(3);
  });

  it('refuses contradictory options, an indenter inside the cell and stop predicates that can never trigger, all together', () => {
    const p = problems(`
kind: cell
name: bad
standard: GB38031-2020/cell-compression
cell: { preset: generic-18650-lco, stateOfCharge: 0.5 }
loading: { type: indentation, indenter: { shape: flat-plate, startGap: -1 mm }, speed: 5 mm/s }
steps: { stop: { deformation: 0.8, voltage: -1 V, voltageDrop: 5 V }, observe: 1 h }
`);
    const byPath = Object.fromEntries(p.map((x) => [x.path, x.message]));
    expect(byPath['cell.stateOfCharge']).toMatch(/contradictory.*SOC 1/);
    expect(byPath['loading.indenter.shape']).toMatch(/contradictory.*semicylinder/);
    expect(byPath['loading.speed']).toMatch(/contradictory.*at most 2 mm\/s/);
    expect(byPath['loading.indenter.startGap']).toMatch(/starts inside the cell/);
    expect(byPath['steps.stop.deformation']).toMatch(/can never trigger/);
    expect(byPath['steps.stop.voltage']).toMatch(/can never trigger/);
    expect(byPath['steps.stop.voltageDrop']).toMatch(/can never trigger/);
  });

  it('refuses a loading that never stops and an oven with mechanical stop predicates', () => {
    expect(problems(GOOD.replace('stop: { deformation: 0.3, force: 20 kN }, ', '')).map((p) => p.path)).toContain('steps.stop');
    const oven = problems(`
kind: cell
name: o
cell: { preset: generic-18650-lco, stateOfCharge: 1 }
loading: { type: oven, ovenTemperature: 155 degC }
steps: { stop: { force: 1 kN }, observe: 1 h }
`);
    expect(oven).toEqual([expect.objectContaining({ path: 'steps.stop.force', message: expect.stringMatching(/never trigger.*no indenter/) })]);
  });

  it('refuses an indenter offset that misses the cell', () => {
    expect(problems(GOOD.replace('radius: 5 mm', 'radius: 5 mm, offset: 40 mm'))).toEqual([
      expect.objectContaining({ path: 'loading.indenter.offset', message: expect.stringMatching(/misses the cell/) }),
    ]);
  });

  it('refuses YAML custom tags, alias bombs and duplicate keys', () => {
    expect(problems('kind: !!js/function "x"\nname: a\n')[0].message).toMatch(/YAML/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`)].join('\n');
    expect(problems(bomb)[0].message).toMatch(/YAML refused|alias/i);
    expect(problems('kind: cell\nkind: cell\n')[0].message).toMatch(/YAML.*(unique|duplicate)/i);
  });

  it('refuses a missing or unknown kind, and pack scenarios when the pack module is absent or refuses them', () => {
    expect(problems('name: a\n').map((p) => p.path)).toContain('kind');
    expect(problems('kind: module\nname: a\n')[0].message).toMatch(/must be 'cell', 'pack' or 'electrochem-verification' \(got "module"\)/);
  });
});

describe('schema and cost', () => {
  it('generates a JSON Schema with descriptions of the fields', () => {
    const schema = scenarioJsonSchema();
    const text = JSON.stringify(schema);
    expect(text).toContain('State of charge at the start of the test');
    expect(text).toContain('2 mm/s');
  });
  it('estimates cost from the mesh and the simulated time (deformation / speed + hold + observe)', () => {
    const r = parseScenarioText(GOOD, 'g.yaml');
    if (!r.ok) throw new Error('unexpected');
    const cost = estimateScenarioCost(r.scenario);
    // explicit-fe is the default for an 18650 under a rod: the hex8 elements of the default mesh,
    // 32 around x (4 jellyroll + 1 can radial) x (16 axial + 2 caps) = 2880 (mesh counts, not a result).
    expect(cost.elements).toBe(32 * 5 * 18);
    // 0.3 * 18 mm / 2 mm/s = 2.7 s loading + 600 s observation.
    expect(cost.simulatedTimeS).toBeCloseTo(602.7, 9);
    // Pinned to the reduced-order bed: its columns (default grid 24 x 40), same simulated time.
    const w = parseScenarioText(GOOD.replace('steps:', 'models: { mechanics: winkler-foam }\nsteps:'), 'w.yaml');
    if (!w.ok) throw new Error(JSON.stringify(w.problems));
    const wc = estimateScenarioCost(w.scenario);
    expect(wc.elements).toBe(24 * 40);
    expect(wc.simulatedTimeS).toBeCloseTo(602.7, 9);
  });
  it('levenshtein distance is the edit distance', () => {
    expect(levenshtein('diamter', 'diameter')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
  });
});

describe('material cards named by a scenario', () => {
  it('loads runaway and separator cards by id and refuses an unknown id, listing the known ones', () => {
    const ok = parseScenarioText(GOOD.replace('stateOfCharge: 0.5 }', 'stateOfCharge: 0.5, cards: { runaway: kim2007-lco-graphite, separator: pp-dry } }'), 'c.yaml');
    if (!ok.ok) throw new Error(JSON.stringify(ok.problems));
    const r = resolveCellScenario(ok.scenario as CellScenario, 'c.yaml');
    if (!r.ok) throw new Error('unexpected');
    expect(r.resolved.input.cell.cardKinetics?.sei.frequencyFactor).toBe(1.667e15); // Kim 2007 Table 1 value in the card
    // The card replaces the preset's kinetics citation: exactly one kinetics citation remains, the card's.
    expect(r.resolved.provenance.map((c) => c.kind)).toEqual(expect.arrayContaining(['runaway-kinetics', 'separator']));
    expect(r.resolved.provenance.filter((c) => c.kind === 'runaway' || c.kind === 'runaway-kinetics')).toHaveLength(1);
    const bad = problems(GOOD.replace('stateOfCharge: 0.5 }', 'stateOfCharge: 0.5, cards: { runaway: kim2099 } }'));
    expect(bad).toEqual([expect.objectContaining({ path: 'cell.cards.runaway', message: expect.stringMatching(/no runaway card 'kim2099' \(known in materials\/runaway: .*kim2007-lco-graphite/) })]);
  });
});

describe('cost of an explicit-fe scenario', () => {
  it('counts the hex8 elements of the generated cylindrical mesh, not the reduced-order columns', () => {
    const r = parseScenarioText(GOOD.replace('steps:', 'models: { mechanics: explicit-fe }\nmesh: { resolution: coarse }\nsteps:'), 'fe.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const cost = estimateScenarioCost(r.scenario);
    // coarse: 16 around x (2 jellyroll + 1 can radial) x (8 axial + 2 caps) = 480 elements at most.
    expect(cost.elements).toBeGreaterThan(8 * 10);
    expect(cost.elements).toBeLessThanOrEqual(16 * 3 * 10);
  });
});

describe('default mechanics model', () => {
  const resolved = (text: string) => {
    const r = parseScenarioText(text, 'm.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const res = resolveCellScenario(r.scenario as CellScenario, 'm.yaml');
    if (!res.ok) throw new Error(JSON.stringify(res.problems));
    return res.resolved.input;
  };
  const coarse = (t: string) => t.replace('steps:', 'mesh: { resolution: coarse }\nsteps:');
  it('is explicit-fe for an 18650 under indentation and impact (can and end caps selective-reduced, jellyroll one-point)', () => {
    const rod = resolved(coarse(GOOD));
    expect(rod.fe).toBeDefined();
    expect(rod.fe && 'integration' in rod.fe ? rod.fe.integration : undefined).toEqual({ 2: 'selective-reduced', 3: 'selective-reduced', 4: 'selective-reduced' });
    // A standard profile that supplies the loading (UN 38.3 T.6 impact, no loading block).
    const impact = resolved('kind: cell\nname: i\nstandard: UN38.3/T6-impact\ncell: { preset: generic-18650-lco, stateOfCharge: 0.5 }\nmesh: { resolution: coarse }\n');
    expect(impact.loading.type).toBe('impact');
    expect(impact.fe).toBeDefined();
  });
  it('is explicit-fe for a pouch under indentation (fe-pouch.ts set-up)', () => {
    const pouch = resolved(coarse(GOOD.replace('generic-18650-lco', 'generic-pouch-nmc')));
    expect(pouch.fe).toBeDefined();
    expect('integration' in pouch.fe!).toBe(false);
  });
  it('is winkler-foam where explicit-fe is not available (nail, three-point bend) and when the scenario pins it', () => {
    expect(resolved(coarse(GOOD.replace('steps:', 'models: { mechanics: winkler-foam }\nsteps:'))).fe).toBeUndefined();
    const nail = resolved(coarse(GOOD.replace('{ type: indentation, indenter: { shape: rod, radius: 5 mm }, speed: 2 mm/s }', '{ type: nail, indenter: { shape: nail, radius: 1.5 mm }, speed: 2 mm/s }')));
    expect(nail.loading.type).toBe('nail');
    expect(nail.fe).toBeUndefined();
  });
});
