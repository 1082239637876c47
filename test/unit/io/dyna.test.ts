import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MechanicsCard, parseMechanicsCard } from '../../../src/io/cards/mechanics-card';
import { DynaFormatError, exportDyna, formatField, importDyna } from '../../../src/io/dyna';

const dir = join(__dirname, '../../../materials/mechanics');
const card = (f: string): MechanicsCard => parseMechanicsCard(parse(readFileSync(join(dir, f), 'utf8')), f, { soc: 0.5 }).card;

/** Deep comparison of numbers with a relative tolerance (10-character keyword fields keep >= 7 significant digits here). */
function expectClose(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return;
    expect(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))).toBeLessThan(1e-6);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(b.length).toBe(a.length);
    a.forEach((x, i) => expectClose(x, b[i], `${path}.${i}`));
    return;
  }
  if (a && typeof a === 'object' && b && typeof b === 'object') {
    expect(Object.keys(b as object).sort()).toEqual(Object.keys(a as object).sort());
    for (const k of Object.keys(a as object)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(b).toEqual(a);
}

describe('LS-DYNA keyword export/import (round trip)', () => {
  it('formats numbers into 10-character fields without losing what fits', () => {
    expect(formatField(2e11)).toBe('      2e11');
    expect(formatField(0.01)).toBe('      0.01');
    expect(formatField(7850)).toBe('      7850');
    expect(formatField(1.23456789e-12).length).toBe(10);
    // 10 characters keep 5 significant digits for a 2-digit negative exponent: rel error < 5e-5
    expect(Math.abs(Number(formatField(1.23456789e-12)) / 1.23456789e-12 - 1)).toBeLessThan(5e-5);
  });

  it.each([
    ['jellyroll-18650-mat063.yaml', '*MAT_CRUSHABLE_FOAM_TITLE'],
    ['jellyroll-18650-deshpande-fleck.yaml', '*MAT_DESHPANDE_FLECK_FOAM_TITLE'],
    ['pouch-stack-honeycomb.yaml', '*MAT_MODIFIED_HONEYCOMB_TITLE'],
    ['can-18650-steel.yaml', '*MAT_PIECEWISE_LINEAR_PLASTICITY_TITLE'],
    ['aluminium-pouch-foil.yaml', '*MAT_PIECEWISE_LINEAR_PLASTICITY_TITLE'],
  ])('%s -> %s -> card: identical to rel 1e-6, in SI and in mm-s-t units', (file, keyword) => {
    const c = card(file);
    for (const units of ['SI', 'mm-s-t', 'mm-ms-kg'] as const) {
      const out = exportDyna(c, { units });
      expect(out.text).toContain(keyword);
      if (!keyword.includes('DESHPANDE')) expect(out.text).toContain('*DEFINE_CURVE');
      for (const line of out.text.split('\n')) if (!line.startsWith('$') && !line.startsWith('*')) expect(line.length).toBeLessThanOrEqual(80);
      const back = importDyna(out.text, `${file}.k`);
      expect(back.cards.length).toBe(1);
      expectClose(c, back.cards[0]);
      expect(() => parseMechanicsCard(back.cards[0], 'back')).not.toThrow();
    }
  });

  it('volumetric-abscissa honeycomb goes to *MAT_HONEYCOMB (MAT_026) and drops the Sahraei curve with a warning', () => {
    const c = card('pouch-stack-honeycomb.yaml') as Extract<MechanicsCard, { law: 'honeycomb-mat126' }>;
    const v = { ...c, parameters: { ...c.parameters, curveAbscissa: 'volumetric' as const } };
    const out = exportDyna(v);
    expect(out.text).toContain('*MAT_HONEYCOMB_TITLE');
    expect(out.warnings.join()).toMatch(/Sahraei/);
    const back = importDyna(out.text, 'h.k').cards[0] as typeof v;
    expect(back.parameters.curveAbscissa).toBe('volumetric');
    expect(back.parameters.tensileFailure).toBeUndefined();
  });

  it('SOC/rate scaling is reported and dropped on export; laws without a keyword are refused', () => {
    const out = exportDyna(card('jellyroll-18650-mat063-soc-rate.yaml'));
    expect(out.warnings.join()).toMatch(/SOC\/rate scaling/);
    expect(() => exportDyna(card('jellyroll-18650-volumetric.yaml'))).toThrow(/no LS-DYNA keyword mapping/);
  });

  it('imports a hand-written free-format deck (mm, s, tonne, MPa) without provenance as unverified SI card', () => {
    const deck = [
      '*KEYWORD',
      '*MAT_CRUSHABLE_FOAM',
      '7, 2.5e-9, 500., 0.01, 12, 0.5, 0.1, 0',
      '*DEFINE_CURVE',
      '12, 0, 1., 1., 0., 0.',
      '0.0, 0.3',
      '0.3, 9.0',
      '0.6, 100.0',
      '*END',
    ].join('\n');
    const r = importDyna(deck, 'deck.k', { units: 'mm-s-t' });
    const c = r.cards[0] as Extract<MechanicsCard, { law: 'crushable-foam-mat063' }>;
    expect(c.status).toBe('unverified');
    expect(c.id).toBe('dyna-mat-7');
    expect(c.density).toBeCloseTo(2500, 6);
    expect(c.parameters.youngsModulus).toBeCloseTo(5e8, 0);
    expect(c.parameters.crushCurve).toEqual([[0, 0.3e6], [0.3, 9e6], [0.6, 100e6]]);
    expect(() => parseMechanicsCard(c, 'deck')).not.toThrow();
    const noUnits = importDyna(deck, 'deck.k');
    expect(noUnits.warnings.join()).toMatch(/assuming SI/);
  });

  it('bad decks are refused naming the keyword, line, field and reason', () => {
    const missingCurve = '*MAT_CRUSHABLE_FOAM\n1, 2500, 5e8, 0.01, 99, 5e5, 0.1, 0\n';
    expect(() => importDyna(missingCurve, 'a.k')).toThrow(/\*MAT_CRUSHABLE_FOAM \(line 1\): LCID = 99 refers to no \*DEFINE_CURVE/);
    const model2 = '*MAT_CRUSHABLE_FOAM\n1, 2500, 5e8, 0.01, 1, 5e5, 0.1, 2\n*DEFINE_CURVE\n1\n0, 1\n1, 2\n';
    expect(() => importDyna(model2, 'b.k')).toThrow(/MODEL = 2 is not supported/);
    expect(() => importDyna('*MAT_ELASTIC\n1, 2, 3, 0.3\n', 'c.k')).toThrow(/keyword not supported/);
    expect(() => importDyna('*KEYWORD\n*END\n', 'd.k')).toThrow(DynaFormatError);
  });
});
