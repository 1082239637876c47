import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadMechanicsCard, parseMechanicsCard } from '../../../../src/io/cards/mechanics-card';
import { CardValidationError } from '../../../../src/io/cards/card-common';
import { MaterialPointDriver } from '../../../../src/engine/mechanics/materials/driver';

const dir = join(__dirname, '../../../../materials/mechanics');
const read = (f: string): Record<string, any> => parse(readFileSync(join(dir, f), 'utf8'));
function issuesOf(data: unknown, opts = {}): string {
  try {
    parseMechanicsCard(data, 'card.yaml', opts);
  } catch (e) {
    expect(e).toBeInstanceOf(CardValidationError);
    return (e as Error).message;
  }
  throw new Error('card was accepted');
}

describe('mechanics material cards (materials/mechanics/*.yaml)', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s loads, carries provenance, and its material responds to a compression step', (f) => {
    const loaded = loadMechanicsCard(join(dir, f), { soc: 0.5 });
    expect(loaded.provenance.citations.length).toBeGreaterThan(0);
    expect(['measured', 'fitted', 'assumed', 'unverified']).toContain(loaded.provenance.status);
    expect(loaded.material.law).toBe(loaded.card.law);
    const d = new MaterialPointDriver(loaded.material);
    d.path([-0.01, 0, 0, 0, 0, 0], 10);
    expect(d.stress[0]).toBeLessThan(0);
  });

  it('ships the five required card families: MAT_063 and volumetric 18650 jellyrolls, pouch honeycomb, steel can, aluminium', () => {
    const laws = files.map((f) => `${read(f).law}:${read(f).id}`);
    expect(laws).toEqual(expect.arrayContaining(['crushable-foam-mat063:jellyroll-18650-mat063', 'crushable-foam-volumetric:jellyroll-18650-volumetric',
      'honeycomb-mat126:pouch-stack-honeycomb', 'j2-tabulated:can-18650-steel', 'j2-tabulated:aluminium-pouch-foil']));
  });

  it('SOC-scaled card is stiffer at higher SOC (scale 1.15 vs 0.85 at full vs empty, exact ratio at equal compaction)', () => {
    const crush = (soc: number): number => {
      const d = new MaterialPointDriver(loadMechanicsCard(join(dir, 'jellyroll-18650-mat063-soc-rate.yaml'), { soc }).material, { dt: 1 });
      d.path([Math.log(0.6), 0, 0, 0, 0, 0], 100);
      return -d.stress[0];
    };
    expect(crush(1) / crush(0)).toBeCloseTo(1.15 / 0.85, 6);
    expect(issuesOf(read('jellyroll-18650-mat063-soc-rate.yaml'))).toMatch(/parameters\.scaling\.soc: the card scales with SOC/);
  });

  describe('bad input is refused naming the card, the field and the reason', () => {
    const foam = read('jellyroll-18650-mat063.yaml');
    const vol = read('jellyroll-18650-volumetric.yaml');
    const clone = (c: Record<string, any>): Record<string, any> => JSON.parse(JSON.stringify(c));

    it('non-monotone crush curve', () => {
      const c = clone(foam); c.parameters.crushCurve[3][1] = 1e6;
      const m = issuesOf(c);
      expect(m).toMatch(/^card\.yaml: invalid card/);
      expect(m).toMatch(/parameters\.crushCurve\.3: stress must not decrease/);
    });
    it('k outside (0, 3)', () => {
      const c = clone(vol); c.parameters.compressionYieldRatio = 3.2;
      expect(issuesOf(c)).toMatch(/parameters\.compressionYieldRatio: k = sigma_c0\/pc0 must be in \(0, 3\)/);
    });
    it('negative modulus', () => {
      const c = clone(foam); c.parameters.youngsModulus = -5e8;
      expect(issuesOf(c)).toMatch(/parameters\.youngsModulus: must be > 0 Pa \(a modulus cannot be negative\)/);
    });
    it('porosity >= 1 (percent given for a fraction)', () => {
      const c = { kind: 'mechanics-material', id: 'g', name: 'g', status: 'assumed', source: 's', citations: ['x'], density: 2700, law: 'gtn',
        parameters: { youngsModulus: 7e10, poissonsRatio: 0.3, hardening: [[0, 1e8], [1, 2e8]], initialPorosity: 2 } };
      expect(issuesOf(c)).toMatch(/parameters\.initialPorosity: porosity must be in \[0, 1\), got 2 \(percent given for a fraction\?\)/);
    });
    it('too few points', () => {
      const c = clone(foam); c.parameters.crushCurve = [[0, 1e6]];
      expect(issuesOf(c)).toMatch(/parameters\.crushCurve: needs at least 2 points, got 1/);
    });
    it('unit mistakes: MPa for Pa in a curve and a modulus, g/cm^3 for kg/m^3, percent strain', () => {
      const c = clone(foam);
      c.parameters.crushCurve = [[0, 0.3], [10, 1.5], [20, 4]];
      c.parameters.youngsModulus = 500;
      c.density = 2.5;
      const m = issuesOf(c);
      expect(m).toMatch(/parameters\.crushCurve: largest stress 4 Pa is implausibly small; it looks like MPa were given/);
      expect(m).toMatch(/parameters\.youngsModulus: 500 Pa is implausibly small .* MPa or GPa/);
      expect(m).toMatch(/density: 2.5 kg\/m\^3 is implausibly low; it looks like g\/cm\^3/);
      expect(m).toMatch(/parameters\.crushCurve\.1: volumetric strain 1 - V 10 exceeds 1; strains are fractions, not percent/);
    });
    it('schema errors: unknown law, missing citations, stray field', () => {
      const c = clone(foam); c.law = 'foam-x';
      expect(issuesOf(c)).toMatch(/law/);
      const d = clone(foam); delete d.citations;
      expect(issuesOf(d)).toMatch(/citations/);
      const e = clone(foam); e.parameters.tensionCutOff = 1;
      expect(issuesOf(e)).toMatch(/tensionCutOff/);
    });
  });
});
