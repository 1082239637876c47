/**
 * 3-D hex conduction (src/engine/thermal/conduction.ts) against closed forms, tolerance 1 % of the
 * local analytic temperature excess (issue 6):
 *  - transient slab with a convective face, Carslaw & Jaeger §3.11 series (analytic.ts);
 *  - transient infinite cylinder with a convective surface, Carslaw & Jaeger §7.7 series, with a
 *    cylindrical-orthotropic conductivity whose hoop/axial values differ from the radial one (the
 *    radial problem must only see k_r);
 *  - steady state with a uniform internal source: slab T = T∞ + qL/h + q(L² − x²)/(2k),
 *    cylinder T = T∞ + qR/(2h) + q(R² − r²)/(4k).
 * Sanity bounds first: the series are checked against their own limits (θ(0) = 1).
 */
import { besselJ0, besselJ1, cylinderConvective, roots, slabConvective, slabWithSourceFromAmbient } from './analytic';
import { buildBoxHexMesh, buildCylinderHexMesh } from '../../../src/engine/thermal/mesh-builders';
import { advanceConduction, createConductionModel, storedThermalEnergy } from '../../../src/engine/thermal/conduction';

const Ta = 300;
const T0 = 400;

describe('analytic series sanity (Incropera & DeWitt Table 5.1, Bi = 1; J0 first zero)', () => {
  it('first eigenvalues and coefficients match the table to 4 digits', () => {
    // Table 5.1, Bi = 1.0: plane wall ζ1 = 0.8603, C1 = 1.1191; infinite cylinder ζ1 = 1.2558, C1 = 1.2071.
    const [zs] = roots((z) => z * Math.sin(z) - Math.cos(z), 1);
    const [zc] = roots((z) => z * besselJ1(z) - besselJ0(z), 1);
    expect(zs).toBeCloseTo(0.8603, 4);
    expect(zc).toBeCloseTo(1.2558, 4);
    expect((4 * Math.sin(zs)) / (2 * zs + Math.sin(2 * zs))).toBeCloseTo(1.1191, 3);
    expect(((2 / zc) * besselJ1(zc)) / (besselJ0(zc) ** 2 + besselJ1(zc) ** 2)).toBeCloseTo(1.2071, 3);
    // First zero of J0: 2.404825557695773 (Abramowitz & Stegun Table 9.5).
    expect(Math.abs(besselJ0(2.404825557695773))).toBeLessThan(1e-12);
  });
});

describe('transient slab, convective face (Carslaw & Jaeger §3.11), 1 %', () => {
  const L = 0.01;
  const k = 1;
  const rc = 1e6;
  const h = 100; // Bi = 1
  const exact = slabConvective((h * L) / k);
  for (const preconditioner of ['jacobi', 'ic0'] as const) {
    it(`θ at Fo = 0.2, 0.5, 1 within 1 % of the series (θ-method 1/2, ${preconditioner})`, () => {
      const mesh = buildBoxHexMesh({ lengths: [L, 0.002, 0.002], divisions: [24, 1, 1] });
      const model = createConductionModel({
        mesh,
        parts: [{ partId: 0, volumetricHeatCapacity: rc, conductivity: { kind: 'orthotropic', x: k, y: 7, z: 3 } }],
        boundaries: [{ nodeSet: 'x1', convectionCoefficient: h, emissivity: 0, ambientTemperature: Ta }],
        initialTemperature: T0,
        theta: 0.5,
        maxStep: 0.05,
        maxTemperatureChange: 100,
        preconditioner,
      });
      const tau = (rc * L * L) / k; // 100 s
      let worst = 0;
      for (const fo of [0.2, 0.5, 1]) {
        const res = advanceConduction(model, fo * tau - model.time);
        expect(res.status).toBe('ok');
        for (let n = 0; n < model.nodeCount; n++) {
          const x = mesh.coordinates[3 * n] / L;
          const th = exact(x, fo);
          const num = (model.temperature[n] - Ta) / (T0 - Ta);
          worst = Math.max(worst, Math.abs(num - th) / th);
        }
      }
      // eslint-disable-next-line no-console
      console.log(`slab transient (${preconditioner}): worst relative error ${(100 * worst).toFixed(3)} %`);
      expect(worst).toBeLessThan(0.01);
    });
  }

  it('transient with a uniform source from ambient: eigenfunction series within 1 % of the rise at Fo = 0.1, 0.4, 1', () => {
    const q = 2e5;
    const exact = slabWithSourceFromAmbient(L, k, h, q);
    const mesh = buildBoxHexMesh({ lengths: [L, 0.002, 0.002], divisions: [24, 1, 1] });
    const model = createConductionModel({
      mesh,
      parts: [{ partId: 0, volumetricHeatCapacity: rc, conductivity: { kind: 'isotropic', value: k } }],
      boundaries: [{ nodeSet: 'x1', convectionCoefficient: h, emissivity: 0, ambientTemperature: Ta }],
      initialTemperature: Ta,
      theta: 0.5,
      maxStep: 0.05,
      maxTemperatureChange: 100,
    });
    const power = new Float64Array(model.elementCount);
    for (let e = 0; e < model.elementCount; e++) power[e] = q * model.elementVolume[e];
    const tau = (rc * L * L) / k;
    let worst = 0;
    for (const fo of [0.1, 0.4, 1]) {
      expect(advanceConduction(model, fo * tau - model.time, [{ name: 'ohmic', elementPower: power }]).status).toBe('ok');
      for (let n = 0; n < model.nodeCount; n++) {
        const x = mesh.coordinates[3 * n];
        const rise = exact(x, fo);
        worst = Math.max(worst, Math.abs(model.temperature[n] - Ta - rise) / rise);
      }
    }
    // eslint-disable-next-line no-console
    console.log(`slab transient with source: worst relative error ${(100 * worst).toFixed(3)} %`);
    expect(worst).toBeLessThan(0.01);
  });

  it('steady state with a uniform source: T = T∞ + qL/h + q(L² − x²)/(2k) within 1 % of the rise', () => {
    const q = 2e5;
    const mesh = buildBoxHexMesh({ lengths: [L, 0.002, 0.002], divisions: [24, 1, 1] });
    const model = createConductionModel({
      mesh,
      parts: [{ partId: 0, volumetricHeatCapacity: rc, conductivity: { kind: 'isotropic', value: k } }],
      boundaries: [{ nodeSet: 'x1', convectionCoefficient: h, emissivity: 0, ambientTemperature: Ta }],
      initialTemperature: Ta,
      maxStep: 500,
      maxTemperatureChange: 1e4,
    });
    const power = new Float64Array(model.elementCount);
    for (let e = 0; e < model.elementCount; e++) power[e] = q * model.elementVolume[e];
    expect(advanceConduction(model, 20000, [{ name: 'ohmic', elementPower: power }]).status).toBe('ok');
    let worst = 0;
    for (let n = 0; n < model.nodeCount; n++) {
      const x = mesh.coordinates[3 * n];
      const exactRise = (q * L) / h + (q * (L * L - x * x)) / (2 * k);
      worst = Math.max(worst, Math.abs(model.temperature[n] - Ta - exactRise) / exactRise);
    }
    // eslint-disable-next-line no-console
    console.log(`slab steady with source: worst relative error ${(100 * worst).toFixed(4)} %`);
    expect(worst).toBeLessThan(0.01);
  });
});

describe('infinite cylinder, convective surface (Carslaw & Jaeger §7.7), 1 %', () => {
  const R = 0.01;
  const kr = 1;
  const rc = 1e6;
  const h = 100; // Bi = 1
  const mesh = buildCylinderHexMesh({ radius: R, height: 0.002, coreDivisions: 12, ringDivisions: 10, axialDivisions: 1 });
  const parts = [
    {
      partId: 0,
      volumetricHeatCapacity: rc,
      conductivity: { kind: 'cylindrical' as const, radial: kr, hoop: 5, axial: 10 },
    },
  ];
  const boundaries = [{ nodeSet: 'outer', convectionCoefficient: h, emissivity: 0, ambientTemperature: Ta }];

  it('θ at Fo = 0.1, 0.3, 0.6 within 1 % of the series with k_hoop = 5 k_r, k_axial = 10 k_r', () => {
    const exact = cylinderConvective((h * R) / kr);
    const model = createConductionModel({ mesh, parts, boundaries, initialTemperature: T0, theta: 0.5, maxStep: 0.2, maxTemperatureChange: 100 });
    const tau = (rc * R * R) / kr;
    let worst = 0;
    for (const fo of [0.1, 0.3, 0.6]) {
      expect(advanceConduction(model, fo * tau - model.time).status).toBe('ok');
      for (let n = 0; n < model.nodeCount; n++) {
        const r = Math.hypot(mesh.coordinates[3 * n], mesh.coordinates[3 * n + 1]) / R;
        const th = exact(r, fo);
        const num = (model.temperature[n] - Ta) / (T0 - Ta);
        worst = Math.max(worst, Math.abs(num - th) / th);
      }
    }
    // eslint-disable-next-line no-console
    console.log(`cylinder transient: worst relative error ${(100 * worst).toFixed(3)} %`);
    expect(worst).toBeLessThan(0.01);
  });

  it('steady state with a uniform source: T = T∞ + qR/(2h) + q(R² − r²)/(4k) within 1 % of the rise', () => {
    const q = 2e5;
    const model = createConductionModel({ mesh, parts, boundaries, initialTemperature: Ta, maxStep: 500, maxTemperatureChange: 1e4 });
    const power = new Float64Array(model.elementCount);
    for (let e = 0; e < model.elementCount; e++) power[e] = q * model.elementVolume[e];
    expect(advanceConduction(model, 20000, [{ name: 'ohmic', elementPower: power }]).status).toBe('ok');
    let worst = 0;
    for (let n = 0; n < model.nodeCount; n++) {
      const r = Math.hypot(mesh.coordinates[3 * n], mesh.coordinates[3 * n + 1]);
      const exactRise = (q * R) / (2 * h) + (q * (R * R - r * r)) / (4 * kr);
      worst = Math.max(worst, Math.abs(model.temperature[n] - Ta - exactRise) / exactRise);
    }
    // eslint-disable-next-line no-console
    console.log(`cylinder steady with source: worst relative error ${(100 * worst).toFixed(4)} %`);
    expect(worst).toBeLessThan(0.01);
  });

  it('energy balance: Σ C ΔT = source energy − boundary loss to 1e-8 relative (conservation law)', () => {
    const q = 2e5;
    const model = createConductionModel({ mesh, parts, boundaries, initialTemperature: Ta, maxStep: 5, maxTemperatureChange: 1e4, solverTolerance: 1e-13 });
    const power = new Float64Array(model.elementCount);
    for (let e = 0; e < model.elementCount; e++) power[e] = q * model.elementVolume[e];
    const e0 = storedThermalEnergy(model);
    advanceConduction(model, 200, [{ name: 'ohmic', elementPower: power }]);
    const gained = storedThermalEnergy(model) - e0;
    const put = model.ledger.energy[1] - model.ledger.boundaryLoss;
    expect(Math.abs(gained - put) / model.ledger.energy[1]).toBeLessThan(1e-8);
  });
});
