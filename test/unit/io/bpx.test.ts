/**
 * BPX import, tested on a BPX file the project writes (test/fixtures/electrochem/lgm50-chen2020.bpx.json,
 * generated from materials/cells/chen2020.yaml): the imported parameters must reproduce the card's
 * (conversion identities to 1e-9 relative) and the same SPMe discharge (to 1e-6 V).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SpmModel } from '../../../src/engine/electrochem/p2d/spm';
import { importBpx, loadBpxFile } from '../../../src/io/bpx';
import { loadCellCard } from '../../../src/io/cards/cell-card';

const repo = path.resolve(__dirname, '../../..');
const fixture = path.join(repo, 'test/fixtures/electrochem/lgm50-chen2020.bpx.json');

describe('BPX import', () => {
  const bpx = loadBpxFile(fixture);
  const card = loadCellCard(path.join(repo, 'materials/cells/chen2020.yaml'));
  const a = bpx.parameters!;
  const b = card.parameters!;

  test('is labelled unverified and cites the BPX references', () => {
    expect(bpx.card.status).toBe('unverified');
    expect(bpx.citation.citations[0]).toMatch(/Chen et al 2020/);
  });

  test('geometry, fractions and Bruggeman exponents recovered (1e-9 relative)', () => {
    const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
    for (const side of ['negative', 'positive'] as const) {
      expect(rel(a[side].activeMaterialVolumeFraction, b[side].activeMaterialVolumeFraction)).toBeLessThan(1e-9);
      expect(rel(a[side].electrolyteBruggeman, b[side].electrolyteBruggeman)).toBeLessThan(1e-9);
      expect(rel(a[side].thickness, b[side].thickness)).toBeLessThan(1e-12);
    }
    expect(rel(a.separator.electrolyteBruggeman, b.separator.electrolyteBruggeman)).toBeLessThan(1e-9);
    expect(rel(a.electrodeArea, b.electrodeArea)).toBeLessThan(1e-12);
  });

  test('OCP, exchange current (BPX normalised K → m_ref) and electrolyte functions agree (1e-9 relative)', () => {
    for (const s of [0.05, 0.3, 0.6, 0.9]) {
      expect(Math.abs(a.negative.ocp(s, 298) - b.negative.ocp(s, 298))).toBeLessThan(1e-9);
      expect(Math.abs(a.positive.ocp(s, 298) - b.positive.ocp(s, 298))).toBeLessThan(1e-9);
    }
    for (const T of [273.15, 298.15, 330]) {
      const jn = [a, b].map((p) => p.negative.exchangeCurrentDensity(900, 15000, 33133, T));
      const jp = [a, b].map((p) => p.positive.exchangeCurrentDensity(1100, 30000, 63104, T));
      expect(Math.abs(jn[0] - jn[1]) / jn[1]).toBeLessThan(1e-9);
      expect(Math.abs(jp[0] - jp[1]) / jp[1]).toBeLessThan(1e-9);
    }
    for (const c of [500, 1000, 1500]) {
      expect(Math.abs(a.electrolyte.diffusivity(c, 298) - b.electrolyte.diffusivity(c, 298)) / b.electrolyte.diffusivity(c, 298)).toBeLessThan(1e-9);
      expect(Math.abs(a.electrolyte.conductivity(c, 298) - b.electrolyte.conductivity(c, 298)) / b.electrolyte.conductivity(c, 298)).toBeLessThan(1e-9);
    }
  });

  test('an SPMe 1C discharge from the imported parameters equals the card\'s (1e-6 V)', () => {
    const mesh = { particle: 8, negative: 5, separator: 5, positive: 5 };
    const run = (p: typeof a) => new SpmModel('spme', p, mesh).solve({ load: { kind: 'current', current: 5 }, duration: 600, initial: { soc: 1 }, temperature: 298.15, tEval: [0, 200, 400, 600] });
    const va = run(a).voltage;
    const vb = run(b).voltage;
    expect(va).toHaveLength(4);
    va.forEach((v, k) => expect(Math.abs(v - vb[k])).toBeLessThan(1e-6));
  });

  test('bad BPX input names the field', () => {
    const raw = JSON.parse(readFileSync(fixture, 'utf8'));
    const broken = JSON.parse(JSON.stringify(raw));
    delete broken.Parameterisation['Negative electrode']['Reaction rate constant [mol.m-2.s-1]'];
    expect(() => importBpx(broken, 'broken.json')).toThrow(/Parameterisation\.Negative electrode\.Reaction rate constant \[mol\.m-2\.s-1\]: required by BPX and missing/);
    const badSto = JSON.parse(JSON.stringify(raw));
    badSto.Parameterisation['Positive electrode']['Minimum stoichiometry'] = -0.1;
    expect(() => importBpx(badSto, 'sto.json')).toThrow(/physics\.positive\.stoichiometry\.at100Soc: must be in \(0, 1\)/);
    const badTe = JSON.parse(JSON.stringify(raw));
    badTe.Parameterisation.Separator['Transport efficiency'] = 1.4;
    expect(() => importBpx(badTe, 'te.json')).toThrow(/Separator\.Transport efficiency: must be in \(0, 1\]/);
    const blended = JSON.parse(JSON.stringify(raw));
    blended.Parameterisation['Negative electrode'].Particle = {};
    expect(() => importBpx(blended, 'blend.json')).toThrow(/blended electrodes are not supported/);
  });
});
