import { CriterionPointState, FailureCriterion } from '../../../../../src/engine/mechanics/failure/criterion';
import { cylindricalDirections } from '../../../../../src/engine/mechanics/failure/geometric-jantscher';
import { MaxPrincipalStrainCriterion } from '../../../../../src/engine/mechanics/failure/max-principal-strain';
import { MinPrincipalStressCriterion } from '../../../../../src/engine/mechanics/failure/min-principal-stress';
import { ModifiedMohrCoulombCriterion } from '../../../../../src/engine/mechanics/failure/modified-mohr-coulomb';
import { MohrCoulombCriterion } from '../../../../../src/engine/mechanics/failure/mohr-coulomb';
import { createCriterion, failureCriteria } from '../../../../../src/engine/mechanics/failure/registry';
import { SahraeiStrainRatioCriterion } from '../../../../../src/engine/mechanics/failure/sahraei-strain-ratio';
import { VolumetricStrainCriterion } from '../../../../../src/engine/mechanics/failure/volumetric-strain';
import { HexMesh } from '../../../../../src/engine/mechanics/mesh/hex-mesh';

function state(points: { stress?: number[]; strain?: number[]; J?: number; L?: number; dp?: number }[]): CriterionPointState {
  const n = points.length;
  const s: CriterionPointState = {
    stress: new Float64Array(6 * n), totalStrain: new Float64Array(6 * n), plasticStrainIncrement: new Float64Array(n),
    relativeVolume: new Float64Array(n).fill(1), initialLength: new Float64Array(n).fill(1e-3),
  };
  points.forEach((p, i) => {
    if (p.stress) s.stress.set(p.stress, 6 * i);
    if (p.strain) s.totalStrain.set(p.strain, 6 * i);
    if (p.J !== undefined) s.relativeVolume[i] = p.J;
    if (p.L !== undefined) s.initialLength[i] = p.L;
    if (p.dp !== undefined) s.plasticStrainIncrement[i] = p.dp;
  });
  return s;
}
function run(c: FailureCriterion, st: CriterionPointState, history?: Float64Array): Float64Array {
  const n = st.relativeVolume.length;
  const h = history ?? new Float64Array(Math.max(c.historySize * n, 1));
  if (!history) c.initHistory(h, 0, n);
  const out = new Float64Array(n);
  c.evaluate(st, h, 0, n, out);
  return out;
}
const reg = { referenceLength: 1e-3, sizeScale: [[0.5, 2], [2, 0.5]] as [number, number][] };

describe('short-onset criteria (mechanics.md §1.7), hand-derived indicator values', () => {
  it('max principal strain: simple shear eps_xy = 0.03 has eps1 = 0.03 -> 0.3 of 0.1; regularisation scale 2 at L = L_ref/2 -> 0.15, scale 0.5 at L = 2 L_ref -> 0.6 (exact)', () => {
    const c = new MaxPrincipalStrainCriterion({ failureStrain: 0.1, regularization: reg });
    const out = run(c, state([{ strain: [0, 0, 0, 0.03, 0, 0], L: 0.5e-3 }, { strain: [0, 0, 0, 0.03, 0, 0], L: 2e-3 }]));
    expect(out[0]).toBeCloseTo(0.15, 12);
    expect(run(new MaxPrincipalStrainCriterion({ failureStrain: 0.1 }), state([{ strain: [0, 0, 0, 0.03, 0, 0] }]))[0]).toBeCloseTo(0.3, 12);
    expect(out[1]).toBeCloseTo(0.6, 12);
  });

  it('volumetric strain: V = 0.7, gamma_f = 0.5 -> 0.6 (exact)', () => {
    expect(run(new VolumetricStrainCriterion({ failureVolumetricStrain: 0.5 }), state([{ J: 0.7 }]))[0]).toBeCloseTo(0.6, 12);
  });

  it('min principal stress: -50 MPa of -100 MPa -> 0.5; pure tension -> 0 (exact)', () => {
    const c = new MinPrincipalStressCriterion({ failureStress: -100e6 });
    const out = run(c, state([{ stress: [-50e6, 0, 0, 0, 0, 0] }, { stress: [10e6, 5e6, 0, 0, 0, 0] }]));
    expect(out[0]).toBeCloseTo(0.5, 12);
    expect(out[1]).toBe(0);
  });

  it('Mohr–Coulomb: equals the brute-force max over plane normals of tau + mu sigma_n (rel 1e-6), and uniaxial strengths 2c/(sqrt(1+mu^2) +/- mu)', () => {
    const mu = 0.4, cohesion = 10e6;
    const c = new MohrCoulombCriterion({ friction: mu, cohesion });
    const s1 = 30e6, s2 = -5e6, s3 = -60e6;
    let best = -Infinity;
    for (let k = 0; k <= 200000; k++) {
      const phi = (k / 200000) * Math.PI; // normal in the 1-3 plane at angle phi
      const n1 = Math.cos(phi), n3 = Math.sin(phi);
      const sn = s1 * n1 * n1 + s3 * n3 * n3;
      const tau = Math.abs((s1 - s3) * n1 * n3);
      best = Math.max(best, tau + mu * sn);
    }
    expect(MohrCoulombCriterion.equivalent(s1, s3, mu) / best).toBeCloseTo(1, 6);
    const tension = 2 * cohesion / (Math.sqrt(1 + mu * mu) + mu);
    const compression = 2 * cohesion / (Math.sqrt(1 + mu * mu) - mu);
    const out = run(c, state([{ stress: [tension, 0, 0, 0, 0, 0] }, { stress: [0, -compression, 0, 0, 0, 0] }, { stress: [s1, s2, s3, 0, 0, 0] }]));
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1, 12);
    expect(out[2]).toBeCloseTo(best / cohesion, 5);
  });

  it('modified Mohr–Coulomb: uniaxial-tension fracture strain = [2 c2/(A (sqrt(1+c1^2) + c1))]^(1/n), damage reaches 1 there (derived from MC, rel 1e-9)', () => {
    const p = { A: 700e6, n: 0.2, c1: 0.1, c2: 300e6, cThetaS: 0.9, cThetaC: 1.0 };
    const c = new ModifiedMohrCoulombCriterion(p);
    const epsTension = Math.pow((2 * p.c2) / (p.A * (Math.sqrt(1 + p.c1 ** 2) + p.c1)), 1 / p.n);
    expect(c.fractureStrain(1 / 3, 1) / epsTension).toBeCloseTo(1, 12);
    // pure shear: eta = 0, theta = 0 -> {(A/c2) c_s sqrt((1 + c1^2)/3)}^(-1/n)
    expect(c.fractureStrain(0, 0) / Math.pow((p.A / p.c2) * p.cThetaS * Math.sqrt((1 + p.c1 ** 2) / 3), -1 / p.n)).toBeCloseTo(1, 12);
    const steps = 1000, dp = epsTension / steps;
    const st = state([{ stress: [200e6, 0, 0, 0, 0, 0], dp }]);
    const h = new Float64Array(1);
    c.initHistory(h, 0, 1);
    const out = new Float64Array(1);
    for (let k = 0; k < steps; k++) c.evaluate(st, h, 0, 1, out);
    expect(out[0]).toBeCloseTo(1, 9);
  });

  it('Sahraei strain ratio: eps = diag(0.05, 0, -0.1) -> r = 2, eps_tf = 0.06, indicator 5/6; inactive below the volumetric limit', () => {
    const curve = [[0, 0.1], [4, 0.02]] as [number, number][];
    const st = state([{ strain: [0.05, 0, -0.1, 0, 0, 0], J: Math.exp(-0.05) }]);
    expect(run(new SahraeiStrainRatioCriterion({ ratioCurve: curve }), st)[0]).toBeCloseTo(0.05 / 0.06, 12);
    expect(run(new SahraeiStrainRatioCriterion({ ratioCurve: curve, volumetricStrainLimit: 0.1 }), st)[0]).toBe(0);
    expect(run(new SahraeiStrainRatioCriterion({ ratioCurve: curve, compressiveFailureStrain: 0.08 }), st)[0]).toBeCloseTo(0.1 / 0.08, 12);
  });

  it('geometric (Jantscher 2021, element-level proxy): radial direction from the centroid, either/both combinations', () => {
    // one unit hex centred at (1, 0, 0.5), cell axis z through the origin -> n = (1, 0, 0)
    const coords: number[] = [];
    for (const z of [0, 1]) for (const [x, y] of [[0.5, -0.5], [1.5, -0.5], [1.5, 0.5], [0.5, 0.5]]) coords.push(x, y, z);
    const mesh: HexMesh = { coordinates: new Float64Array(coords), connectivity: new Int32Array([0, 1, 2, 3, 4, 5, 6, 7]), elementPart: new Int32Array([1]), parts: [{ id: 1, name: 'jellyroll' }], nodeSets: {} };
    const dirs = cylindricalDirections(mesh, [0, 0, 0], [0, 0, 1]);
    expect(Array.from(dirs)).toEqual([1, 0, 0]);
    const st = state([{ strain: [-0.1, 0.03, -0.02, 0, 0, 0] }]);
    const either = createCriterion('geometric-jantscher', { radialLimit: 0.2, axialLimit: 0.1, combination: 'either', radialDirection: dirs, axis: [0, 0, 1] });
    const both = createCriterion('geometric-jantscher', { radialLimit: 0.2, axialLimit: 0.1, combination: 'both', radialDirection: dirs, axis: [0, 0, 1] });
    expect(run(either, st)[0]).toBeCloseTo(0.5, 12);
    expect(run(both, st)[0]).toBeCloseTo(0.2, 12);
  });

  it('registry: every criterion is registered by its name; unknown names are refused with the list', () => {
    for (const name of Object.keys(failureCriteria)) expect(name).toMatch(/^[a-z-]+$/);
    expect(Object.keys(failureCriteria).length).toBe(7);
    expect(() => createCriterion('nope', {})).toThrow(/unknown failure criterion 'nope'.*max-principal-strain/);
  });
});
