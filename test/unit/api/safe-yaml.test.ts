/** Untrusted YAML: core schema only, duplicate keys refused, alias bombs refused. */
import { parseYamlSafely, MAX_YAML_ALIASES } from '../../../src/api/safe-yaml';
import { mergeOverrides } from '../../../src/api/services/scenario-intake.service';

test('plain YAML parses to data', () => {
  expect(parseYamlSafely('a: 1\nb: [x, y]\nc: { d: 2 mm }\n')).toEqual({ ok: true, value: { a: 1, b: ['x', 'y'], c: { d: '2 mm' } } });
});

test('custom and language tags are refused, naming the tag', () => {
  for (const text of ['a: !!js/function "f"\n', 'a: !custom 1\n', 'a: !!python/object:os.system x\n']) {
    const r = parseYamlSafely(text);
    expect(r.ok).toBe(false);
  }
  const r = parseYamlSafely('a: !custom 1\n');
  expect(!r.ok && r.problems.some((p) => /tag/i.test(p.message))).toBe(true);
});

test(`an alias bomb (9^10 expansions) is refused; up to ${MAX_YAML_ALIASES} aliases are fine`, () => {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 10; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  const r = parseYamlSafely(lines.join('\n'));
  expect(r.ok).toBe(false);
  expect(!r.ok && r.problems[0].message).toMatch(/alias/i);
  expect(parseYamlSafely('a: &a 1\nb: *a\nc: *a\n')).toEqual({ ok: true, value: { a: 1, b: 1, c: 1 } });
});

test('duplicate keys are refused', () => {
  expect(parseYamlSafely('a: 1\na: 2\n').ok).toBe(false);
});

test('overrides merge mappings, replace other values, and cannot reach the prototype', () => {
  const merged = mergeOverrides({ a: { b: 1, c: 2 }, l: [1, 2] }, JSON.parse('{"a":{"c":3},"l":[9],"__proto__":{"polluted":true}}')) as Record<string, unknown>;
  expect(merged).toEqual({ a: { b: 1, c: 3 }, l: [9] });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
});
