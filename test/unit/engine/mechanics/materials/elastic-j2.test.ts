/**
 * Elastic and J2 laws at one material point (references: Hooke's law; radial return onto the
 * hardening table; Cowper–Symonds and Johnson–Cook rate factors in closed form).
 */
import { ElasticMaterial } from '../../../../../src/engine/mechanics/materials/elastic';
import { J2PlasticityMaterial, J2PlasticityParams } from '../../../../../src/engine/mechanics/materials/j2-plasticity';
import { createMaterial, materialLaws } from '../../../../../src/engine/mechanics/materials/registry';
import { MaterialModel, StressUpdateBlock } from '../../../../../src/engine/mechanics/material';

function point(m: MaterialModel, dt: number): StressUpdateBlock {
  const history = new Float64Array(Math.max(1, m.historySize));
  m.initHistory(history, 0, 1);
  return {
    first: 0, count: 1, dt, strainIncrement: new Float64Array(6), totalStrain: new Float64Array(6), stress: new Float64Array(6), history,
    relativeVolume: new Float64Array([1]), initialLength: new Float64Array([1e-3]), waveSpeed: new Float64Array(1), plasticWorkIncrement: new Float64Array(1),
  };
}

/** Applies a pure shear increment gamma (tensor xy) in n steps; returns the final stress. */
function shear(m: MaterialModel, total: number, steps: number, dt: number): StressUpdateBlock {
  const b = point(m, dt);
  for (let i = 0; i < steps; i++) {
    b.strainIncrement.fill(0);
    b.strainIncrement[3] = total / steps;
    m.update(b);
  }
  return b;
}

const base = { density: 7800, youngsModulus: 200e9, poissonsRatio: 0.3 };

describe('elastic law (Hooke, exact)', () => {
  it('volumetric and shear increments give K and 2G responses, wave speed sqrt((K+4G/3)/rho)', () => {
    const m = new ElasticMaterial(base);
    const b = point(m, 1e-7);
    b.strainIncrement.set([1e-4, 1e-4, 1e-4, 2e-4, 0, 0]);
    m.update(b);
    expect(b.stress[0]).toBeCloseTo(3 * m.bulkModulus * 1e-4, 0);
    expect(b.stress[3] / (2 * m.shearModulus * 2e-4)).toBeCloseTo(1, 12);
    expect(b.waveSpeed[0]).toBeCloseTo(Math.sqrt((m.bulkModulus + (4 / 3) * m.shearModulus) / 7800), 9);
  });

  it('rejects out-of-range parameters naming the field', () => {
    expect(() => new ElasticMaterial({ ...base, poissonsRatio: 0.5 })).toThrow(/poissonsRatio/);
    expect(() => new ElasticMaterial({ ...base, density: 0 })).toThrow(/density/);
  });
});

describe('J2 with tabulated hardening', () => {
  const table: J2PlasticityParams['hardening'] = [[0, 300e6], [0.1, 400e6], [0.2, 420e6]];

  it('pure shear: von Mises stress sqrt(3)|tau| equals the table at the accumulated plastic strain (1e-9)', () => {
    const m = new J2PlasticityMaterial({ ...base, hardening: table });
    // Large strain in few big increments crosses table segments inside one return.
    const b = shear(m, 0.25, 5, 1e-6);
    const ep = b.history[0];
    expect(ep).toBeGreaterThan(0.1);
    const mises = Math.sqrt(3) * Math.abs(b.stress[3]);
    expect(Math.abs(mises - m.yieldStress(ep)) / m.yieldStress(ep)).toBeLessThan(1e-9);
    // Plastic strain from the exact shear split: gamma_p = 2 * 0.25 - tau / G (engineering), ep = gamma_p / sqrt(3).
    const expectedEp = (2 * 0.25 - b.stress[3] / m.shearModulus) / Math.sqrt(3);
    expect(Math.abs(ep - expectedEp) / expectedEp).toBeLessThan(1e-9);
  });

  it('beyond the last point the last slope continues', () => {
    const m = new J2PlasticityMaterial({ ...base, hardening: table });
    expect(m.yieldStress(0.3)).toBeCloseTo(440e6, 0);
  });

  it('Cowper–Symonds scales the yield by 1 + (rate/C)^(1/P) (closed form, 1e-9)', () => {
    const C = 40, P = 5;
    const m = new J2PlasticityMaterial({ ...base, hardening: [[0, 300e6]], rateScaling: { kind: 'cowper-symonds', c: C, p: P } });
    const dt = 1e-4, gamma = 0.02;
    const b = shear(m, gamma, 1, dt);
    // Equivalent total strain rate sqrt(2/3 e:e)/dt with e_xy = e_yx = gamma: sqrt(4/3) gamma / dt.
    const rate = (Math.sqrt(4 / 3) * gamma) / dt;
    const expected = 300e6 * (1 + Math.pow(rate / C, 1 / P));
    expect(Math.abs(Math.sqrt(3) * Math.abs(b.stress[3]) - expected) / expected).toBeLessThan(1e-9);
  });

  it('Johnson–Cook scales the yield by 1 + C ln(rate/rate0) (closed form, 1e-9)', () => {
    const m = new J2PlasticityMaterial({ ...base, hardening: [[0, 300e6]], rateScaling: { kind: 'johnson-cook', c: 0.02, referenceRate: 1 } });
    const dt = 1e-4, gamma = 0.02;
    const b = shear(m, gamma, 1, dt);
    const rate = (Math.sqrt(4 / 3) * gamma) / dt;
    const expected = 300e6 * (1 + 0.02 * Math.log(rate));
    expect(Math.abs(Math.sqrt(3) * Math.abs(b.stress[3]) - expected) / expected).toBeLessThan(1e-9);
  });

  it('plastic work increment equals the dissipation dl * sigma_y (single-step return)', () => {
    const m = new J2PlasticityMaterial({ ...base, hardening: [[0, 300e6]] });
    const b = shear(m, 0.01, 1, 1e-6);
    expect(b.plasticWorkIncrement[0]).toBeCloseTo(b.history[0] * 300e6, -2);
  });

  it('rejects a table that does not start at zero plastic strain', () => {
    expect(() => new J2PlasticityMaterial({ ...base, hardening: [[0.01, 300e6]] })).toThrow(/start at plastic strain 0/);
  });
});

describe('registry', () => {
  it('builds laws by name and names unknown ones', () => {
    expect(Object.keys(materialLaws)).toEqual(expect.arrayContaining(['elastic', 'j2-tabulated']));
    expect(createMaterial('elastic', base).law).toBe('elastic');
    expect(() => createMaterial('nope', base)).toThrow(/unknown material law 'nope'/);
  });
});
