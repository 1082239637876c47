/**
 * models.electrochem and cell.electrochemistry in cell scenarios: card-based models resolve to a
 * CellModel; wrong combinations are refused with file, path and reason before anything is computed.
 */
import { parseScenarioText, resolveCellScenario, CellScenario } from '../../../src/scenario';

const base = (cell: string, models: string) => `
kind: cell
name: model-choice
cell: { preset: generic-18650-lco, stateOfCharge: 0.5${cell} }
loading: { type: external-short, resistance: 50 mohm }
steps: { observe: 1 min }
models: { ${models} }
`;

function problems(yaml: string) {
  const r = parseScenarioText(yaml, 'choice.yaml');
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
}

describe('cell model choice', () => {
  test.each([
    ['ecm', 'ecm-example-synthetic', 'ecm'],
    ['spm', 'chen2020-18650-scaled', 'spm'],
    ['spme', 'chen2020-18650-scaled', 'spme'],
    ['dfn', 'chen2020-18650-scaled', 'dfn'],
  ])('%s with card %s resolves to a card-based %s model; the card citation is in the provenance and sets the capacity', (model, card, kind) => {
    const r = parseScenarioText(base(`, electrochemistry: ${card}`, `electrochem: ${model}`), 'choice.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const res = resolveCellScenario(r.scenario as CellScenario, 'choice.yaml');
    if (!res.ok) throw new Error(JSON.stringify(res.problems));
    expect(res.resolved.input.cellModel?.kind).toBe(kind);
    expect(res.resolved.provenance.map((c) => c.id)).toContain(card);
    expect(res.resolved.input.cell.capacityAh).toBe(res.resolved.input.cellModel!.model.nominalCapacityAh);
  });

  test('the default stays the preset Rint adapter (no cellModel)', () => {
    const r = parseScenarioText(base('', 'thermal: lumped'), 'choice.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const res = resolveCellScenario(r.scenario as CellScenario, 'choice.yaml');
    expect(res.ok && res.resolved.input.cellModel).toBeUndefined();
  });

  test('a card-based model without a card, a wrong card kind, an unknown card and a card with rint are refused with path and reason', () => {
    expect(problems(base('', 'electrochem: spme'))).toEqual([expect.objectContaining({ file: 'choice.yaml', path: 'cell.electrochemistry', message: expect.stringMatching(/missing: .*needs a cell card/) })]);
    expect(problems(base(', electrochemistry: ecm-example-synthetic', 'electrochem: spme'))).toEqual([expect.objectContaining({ path: 'models.electrochem', message: expect.stringMatching(/needs a 'physics' cell card/) })]);
    expect(problems(base(', electrochemistry: chen2020', 'electrochem: ecm'))).toEqual([expect.objectContaining({ path: 'models.electrochem', message: expect.stringMatching(/needs a 'ecm' cell card/) })]);
    expect(problems(base(', electrochemistry: nope', 'electrochem: spm'))).toEqual([expect.objectContaining({ path: 'cell.electrochemistry', message: expect.stringMatching(/no cell card 'nope' \(known in materials\/cells: .*chen2020/) })]);
    expect(problems(base(', electrochemistry: chen2020', 'electrochem: rint'))).toEqual([expect.objectContaining({ path: 'cell.electrochemistry', message: expect.stringMatching(/contradictory/) })]);
    expect(problems(base('', 'electrochem: p2d'))[0]).toEqual(expect.objectContaining({ path: 'models.electrochem' }));
  });
});
