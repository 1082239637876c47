/**
 * Runaway, separator and cell-thermal card loaders: the shipped cards load, and bad input is refused
 * before any computation with the field path and the reason (issue 6 "Bad input").
 */
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { loadRunawayCard, parseRunawayCard } from '../../../../src/io/cards/runaway-card';
import { loadSeparatorCard, parseSeparatorCard } from '../../../../src/io/cards/separator-card';
import { loadThermalCard, parseThermalCard } from '../../../../src/io/cards/thermal-card';
import { CardValidationError } from '../../../../src/io/cards/card-common';

const mat = join(__dirname, '../../../../materials');
const kimPath = join(mat, 'runaway/kim2007-lco-graphite.yaml');
const kimData = () => parse(readFileSync(kimPath, 'utf8'));

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CardValidationError);
    return (e as CardValidationError).issues;
  }
  throw new Error('expected the card to be refused');
}

describe('shipped cards load with citations, source and status', () => {
  it('every runaway, separator and thermal card parses', () => {
    for (const f of readdirSync(join(mat, 'runaway'))) {
      const c = loadRunawayCard(join(mat, 'runaway', f));
      expect(c.citation.citations.length).toBeGreaterThan(0);
      expect(['measured', 'fitted', 'assumed', 'unverified']).toContain(c.citation.status);
    }
    for (const f of readdirSync(join(mat, 'separators'))) {
      const c = loadSeparatorCard(join(mat, 'separators', f));
      expect(c.separator.meltTemperature).toBeGreaterThan(c.separator.shrinkageOnsetTemperature);
    }
    for (const f of readdirSync(join(mat, 'thermal'))) expect(loadThermalCard(join(mat, 'thermal', f)).thermal.volumetricHeatCapacity).toBeGreaterThan(1e6);
  });

  it('Cai 2019 card carries the corrected anode frequency factor 2.5e13 and documents the 2.5e-13 typo', () => {
    const c = loadRunawayCard(join(mat, 'runaway/cai2019-lgm50.yaml'));
    expect(c.kinetics.anode.frequencyFactor).toBe(2.5e13);
    expect(c.card.notes!.join(' ')).toMatch(/2\.5e-13.*typo.*2\.5e13/);
    expect(c.kinetics.electrolyte).toBeNull();
    // 2.24e-19 J per molecule × N_A = 1.349e5 J/mol (reference §1.3)
    expect(c.kinetics.sei.activationEnergy).toBeCloseTo(2.24e-19 * 6.02214076e23, -2);
  });
});

describe('runaway card refusals name the field and the reason', () => {
  it('negative activation energy and frequency factor', () => {
    const d = kimData();
    d.reactions.sei.activationEnergy = -1.3508e5;
    d.reactions.cathode.frequencyFactor = -6.667e13;
    const issues = issuesOf(() => parseRunawayCard(d, 'bad.yaml'));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'reactions.sei.activationEnergy', message: expect.stringMatching(/must be positive \(J\/mol\)/) }),
        expect.objectContaining({ path: 'reactions.cathode.frequencyFactor', message: expect.stringMatching(/must be positive/) }),
      ]),
    );
  });

  it('eV, kJ/mol and J-per-molecule activation energies are recognised and the J/mol value is given', () => {
    const d = kimData();
    d.reactions.sei.activationEnergy = 1.4; // eV
    d.reactions.anode.activationEnergy = 135.08; // kJ/mol
    d.reactions.cathode.activationEnergy = 2.64e-19; // J per molecule (Cai's notation)
    const issues = issuesOf(() => parseRunawayCard(d, 'bad.yaml'));
    const by = (p: string) => issues.find((i) => i.path === p)!.message;
    expect(by('reactions.sei.activationEnergy')).toMatch(/looks like eV; expected J\/mol \(1\.4 eV = 1\.351e\+5 J\/mol\)/);
    expect(by('reactions.anode.activationEnergy')).toMatch(/looks like kJ\/mol; expected J\/mol/);
    expect(by('reactions.cathode.activationEnergy')).toMatch(/J per molecule; expected J\/mol \(.*1\.590e\+5 J\/mol\)/);
  });

  it('the Cai 2019 printed anode factor 2.5e-13 is refused as a likely sign typo', () => {
    const d = kimData();
    d.reactions.anode.frequencyFactor = 2.5e-13;
    const issues = issuesOf(() => parseRunawayCard(d, 'bad.yaml'));
    expect(issues[0]).toEqual({ path: 'reactions.anode.frequencyFactor', message: expect.stringMatching(/sign typo/) });
  });

  it('J/g enthalpy, g/m³ content, fractions outside [0, 1], unknown fields', () => {
    const d = kimData();
    d.reactions.sei.enthalpy = 257; // J/g
    d.reactions.sei.specificContent = 6.104e5; // g/m3
    d.initial.seiLithiumFraction = 1.5;
    d.reactions.sei.typo = 1;
    let issues = issuesOf(() => parseRunawayCard(d, 'bad.yaml'));
    expect(issues.map((i) => i.path)).toContain('reactions.sei'); // zod strict: unknown key 'typo'
    delete d.reactions.sei.typo;
    issues = issuesOf(() => parseRunawayCard(d, 'bad.yaml'));
    const by = (p: string) => issues.find((i) => i.path === p)?.message ?? '';
    expect(by('reactions.sei.enthalpy')).toMatch(/looks like J\/g; expected J\/kg/);
    expect(by('reactions.sei.specificContent')).toMatch(/looks like g\/m\^3; expected kg\/m\^3/);
    expect(by('initial.seiLithiumFraction')).toMatch(/outside the accepted range \[0, 1\]/);
  });

  it('the error message names the file, each field and reason', () => {
    const d = kimData();
    d.reactions.electrolyte.activationEnergy = 0;
    expect(() => parseRunawayCard(d, 'cards/x.yaml')).toThrow(/cards\/x\.yaml: invalid card\n {2}reactions\.electrolyte\.activationEnergy: activation energy must be positive/);
  });
});

describe('separator and thermal card refusals', () => {
  const sepData = () => parse(readFileSync(join(mat, 'separators/pe-wet.yaml'), 'utf8'));
  const thData = () => parse(readFileSync(join(mat, 'thermal/kim2007-18650.yaml'), 'utf8'));

  it('separator temperatures given in °C are refused naming K', () => {
    const d = sepData();
    d.meltTemperature = 135;
    const issues = issuesOf(() => parseSeparatorCard(d, 's.yaml'));
    expect(issues.find((i) => i.path === 'meltTemperature')!.message).toMatch(/looks like °C \(expected K: 135 °C = 408\.15 K\)/);
  });

  it('thermal: c_p given instead of ρc_p, emissivity > 1, negative conductivity, radius in mm', () => {
    const d = thData();
    d.volumetricHeatCapacity = 830;
    d.surface.emissivity = 1.2;
    d.conductivity.radial = -3;
    d.geometry.radius = 9;
    const issues = issuesOf(() => parseThermalCard(d, 't.yaml'));
    const by = (p: string) => issues.find((i) => i.path === p)?.message ?? '';
    expect(by('volumetricHeatCapacity')).toMatch(/looks like a specific heat c_p/);
    expect(by('surface.emissivity')).toMatch(/outside the accepted range \[0, 1\]/);
    expect(by('conductivity.radial')).toMatch(/-3 W\/\(m K\) is outside/);
    expect(by('geometry.radius')).toMatch(/mm was likely given/);
  });
});
