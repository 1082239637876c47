import { mkdtempSync, writeFileSync, readFileSync, copyFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCellCard } from '../../../../src/io/cards/cell-card';

const repo = path.resolve(__dirname, '../../../..');
const cells = path.join(repo, 'materials/cells');

describe('cell cards in materials/cells', () => {
  test.each(['dualfoil-default', 'marquis2019', 'chen2020', 'chen2020-measured-ocp', 'ecm-example-synthetic'])('%s loads with citations, source and status', (id) => {
    const c = loadCellCard(path.join(cells, `${id}.yaml`));
    expect(c.card.id).toBe(id);
    expect(c.citation.citations.length).toBeGreaterThan(0);
    expect(c.citation.source.length).toBeGreaterThan(20);
    expect(['measured', 'fitted', 'assumed', 'unverified']).toContain(c.citation.status);
    expect(c.parameters ?? c.ecm).toBeDefined();
  });

  test('DUALFOIL card OCPs equal DUALFOIL\'s printout: U_n(0.6) = 0.178978 V, U_p(0.5) = 4.241652 V (1e-6)', () => {
    const c = loadCellCard(path.join(cells, 'dualfoil-default.yaml'));
    const p = c.parameters!;
    expect(Math.abs(p.negative.ocp(0.6, 298) - 0.178978)).toBeLessThan(1e-6);
    expect(Math.abs(p.positive.ocp(0.5, 298) - 4.241652)).toBeLessThan(1e-6);
    expect(c.initialStoichiometry).toEqual({ x: 0.6, y: 0.5 });
  });

  test('Chen2020 measured tables are PCHIP-interpolated through the data points (1e-12) and agree with the fits within 60 mV mid-range', () => {
    const m = loadCellCard(path.join(cells, 'chen2020-measured-ocp.yaml')).parameters!;
    const f = loadCellCard(path.join(cells, 'chen2020.yaml')).parameters!;
    // a data row of data/graphite_LGM50_ocp_Chen2020.csv
    expect(Math.abs(m.negative.ocp(0.0312962309919435, 298) - 1.0828807)).toBeLessThan(1e-12);
    for (const s of [0.3, 0.5, 0.7]) expect(Math.abs(m.negative.ocp(s, 298) - f.negative.ocp(s, 298))).toBeLessThan(0.06);
    for (const s of [0.4, 0.6, 0.8]) expect(Math.abs(m.positive.ocp(s, 298) - f.positive.ocp(s, 298))).toBeLessThan(0.06);
  });

  test('synthetic ECM example reproduces the PyBaMM table values (R0 0.454 mOhm, R1 0.682 mOhm at 20 °C, 0 A, SoC 0.5; OCV(0.5) 3.697 V)', () => {
    const c = loadCellCard(path.join(cells, 'ecm-example-synthetic.yaml'));
    const m = c.ecm!;
    expect(c.card.status).toBe('assumed');
    expect(Math.abs(m.openCircuitVoltage(0.5, 298.15) - 3.697)).toBeLessThan(5e-4);
    const eq = m.theveninEquivalent(m.initialState(0.5, 293.15), 1e-9, 293.15, 0);
    // dt → 0: the equivalent resistance tends to R0 (tables printed to 3 digits: ±0.5 µΩ)
    expect(Math.abs(eq.resistance - 0.454e-3)).toBeLessThan(0.6e-6);
    const r = m.step(m.initialState(0.5, 298.15), 60, { kind: 'current', current: 100 }, 298.15);
    expect(r.voltage).toBeLessThan(r.openCircuitVoltage);
    expect(r.heat.irreversible).toBeGreaterThan(0);
  });
});

describe('bad cell cards are refused before computing, naming file, field and reason', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'batsafe-cell-card-'));
  mkdirSync(path.join(dir, 'data'));
  copyFileSync(path.join(cells, 'data/graphite_LGM50_ocp_Chen2020.csv'), path.join(dir, 'data/graphite_LGM50_ocp_Chen2020.csv'));
  copyFileSync(path.join(cells, 'data/nmc_LGM50_ocp_Chen2020.csv'), path.join(dir, 'data/nmc_LGM50_ocp_Chen2020.csv'));
  const base = readFileSync(path.join(cells, 'chen2020-measured-ocp.yaml'), 'utf8');
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const refuse = (text: string, pattern: RegExp) => {
    const f = write(`card-${Math.random().toString(36).slice(2)}.yaml`, text);
    expect(() => loadCellCard(f)).toThrow(pattern);
  };

  test('stoichiometry outside (0, 1)', () => {
    refuse(base.replace('at100Soc: 0.9013973984849, initial: 0.9013973984849', 'at100Soc: 1.2, initial: 0.9'), /physics\.negative\.stoichiometry\.at100Soc: must be in \(0, 1\) \(got 1\.2\)/);
  });
  test('negative thickness and porosity', () => {
    refuse(base.replace('thickness: 85.2e-6', 'thickness: -85.2e-6'), /physics\.negative\.thickness: must be positive/);
    refuse(base.replace('porosity: 0.335', 'porosity: -0.1'), /physics\.positive\.porosity: must be in \(0, 1\)/);
    refuse(base.replace('separator: { thickness: 12.0e-6', 'separator: { thickness: -1'), /physics\.separator\.thickness: must be positive/);
  });
  test('OCP table out of range (stoichiometry > 1, millivolts) and not monotone', () => {
    write('data/bad-range.csv', '0,1.0\n0.5,0.5\n1.5,0.1\n');
    refuse(base.replace('table: data/graphite_LGM50_ocp_Chen2020.csv', 'table: data/bad-range.csv'), /physics\.negative\.ocp\.table: stoichiometry must lie in \[0, 1\]/);
    write('data/bad-mv.csv', '0,1000\n0.5,500\n1,100\n');
    refuse(base.replace('table: data/graphite_LGM50_ocp_Chen2020.csv', 'table: data/bad-mv.csv'), /physics\.negative\.ocp\.table: OCP values must lie in .* \(volts expected, not mV\)/);
    write('data/bad-mono.csv', '0,1.0\n0.3,0.5\n0.5,0.6\n1,0.1\n');
    refuse(base.replace('table: data/graphite_LGM50_ocp_Chen2020.csv', 'table: data/bad-mono.csv'), /physics\.negative\.ocp\.table: OCP must decrease with stoichiometry.*sto = 0\.5/);
  });
  test('unknown function names and missing blocks', () => {
    refuse(base.replace('electrolyte_diffusivity_Nyman2008', 'electrolyte_diffusivity_Nobody2001'), /physics\.electrolyte\.diffusivity\.function: unknown function 'electrolyte_diffusivity_Nobody2001'/);
    refuse(base.replace('model: physics', 'model: ecm'), /ecm: required when model is 'ecm'/);
    refuse(base.replace('status: measured', 'status: guessed'), /status/);
  });
  test('the error names the card file', () => {
    const f = write('named.yaml', base.replace('particleRadius: 5.86e-6', 'particleRadius: 0'));
    expect(() => loadCellCard(f)).toThrow(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*physics\\.negative\\.particleRadius: must be positive`));
  });
});
