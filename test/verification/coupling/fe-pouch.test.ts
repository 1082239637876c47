/**
 * Explicit-FE indentation of the generic pouch cell (FePouch, src/engine/coupling/fe-pouch.ts) on
 * the coarse quarter mesh (5 x 3 x 4 stack elements, one foil element through its 0.15 mm), with
 * the shipped cards pouch-stack-honeycomb (MAT_126) and aluminium-pouch-foil (J2), both
 * status: unverified — the references below are closed forms of those cards, not cell data.
 *
 * References and tolerances:
 * - flat plate larger than the cell, homogeneous block (foil replaced by the stack card): uniaxial
 *   compression of a PRU = 0 honeycomb, F = f_cc(eps) * L * W with eps = ln(T / (T - d)) (the card's
 *   cc curve against the component's log strain); 5 % (the increment force is a mean over the
 *   increment, compared with the closed form at the increment's mid travel).
 * - flat plate, real cell: F = f_cc(eps_core) A_core + sigma_wall A_wall. The box mesh wraps the
 *   stack in foil walls (x and y faces) that the plate crushes along their height: they flow at
 *   the foil's yield, between uniaxial stress sigma_y(eps_p) and plane strain (2/sqrt 3) sigma_y
 *   (the stack, PRU = 0, holds their length); FE within that band +- 5 %.
 * - quasi-static: kinetic/internal energy < 5 % after the ramp (issue 3); solver energy balance
 *   error < 1 % of the peak internal energy (conservation); hourglass/internal energy < 5 % (the
 *   one-element foil runs selective-reduced, POUCH_FE_DEFAULTS.foilIntegration: with reduced
 *   integration its bending went into hourglass control, 0.74 of the internal energy, and the R75
 *   kinetic/internal ratio was 8.7 %; selective-reduced: 0.004 and 1.4 %).
 * - GB 38031 R75 (generic-pouch-nmc, stop at 1000 x cell mass x g = 1079 N or 15 % deformation):
 *   the force stop comes first, long before the compaction criterion (1 - V/V0 >= 0.3): no onset
 *   within the stop predicates, as scenarios/gb38031-cell-compression-pouch.yaml expects
 *   (shortOnset: false); the indicator stays below 1 up to 15 % deformation too. (Measured with
 *   the earlier reduced-integration foil, beyond that, coarse quarter, not asserted: onset at
 *   ~2.0-2.2 mm, right after a force drop from 13.8 to 5.2 kN at 1.8-2.0 mm.)
 */
import { FePouch, PouchLoading } from '../../../src/engine/coupling/fe-pouch';
import { evalCurve, makeCurve } from '../../../src/engine/mechanics/materials/curve';
import { GEOMETRY, FOIL, SEPARATOR_FAILURE_STRAIN, drive, indenter, setupFor, stackCard, foilCard } from './fe-pouch-helpers';

const { length: L, width: W, thickness: T } = GEOMETRY;
const params = stackCard.card.parameters as { curves: { cc: [number, number][] } };
const fcc = makeCurve(params.curves.cc);
const foilParams = foilCard.card.parameters as { youngsModulus: number; hardening: [number, number][] };
const sigmaY = makeCurve(foilParams.hardening);
const plate: PouchLoading = { type: 'indentation', indenter: indenter('flat-plate'), speed: 0.015 };

describe('FePouch flat plate: crush curve of the homogenized stack (closed form)', () => {
  it('homogeneous block: F = f_cc(ln(T/(T-d))) L W within 5 %; force rises monotonically; quasi-static', () => {
    // The foil part takes the stack card here, so it is stack: one-point integration as the stack.
    const setup = setupFor(plate, { foilIntegration: 'reduced' });
    setup.materials[2] = setup.materials[1];
    setup.cards![2] = setup.cards![1];
    const fe = new FePouch(setup, plate, SEPARATOR_FAILURE_STRAIN);
    const incs = drive(fe, plate, 0.8e-3, 16);
    expect(incs.every((r) => !r.error)).toBe(true);
    let prev = 0;
    for (let i = 0; i < incs.length; i++) {
      const r = incs[i];
      expect(r.force).toBeGreaterThan(prev); // strictly rising (the cc curve rises, no softening)
      prev = r.force;
      if (r.time < fe.rampTime * 2) continue;
      const dMid = 0.5 * (r.displacement + incs[i - 1].displacement);
      const closed = evalCurve(fcc, Math.log(T / (T - dMid))) * L * W;
      expect(Math.abs(r.force / closed - 1)).toBeLessThan(0.05);
    }
    expect(fe.kineticToInternalRatio()).toBeLessThan(0.05);
    expect(fe.model.diagnostics.maxRelativeEnergyError).toBeLessThan(0.01);
  }, 120_000);

  it('real cell (stack + foil walls): F within the core + wall band +- 5 %; monotonic; quasi-static; energy balance < 1 %', () => {
    const fe = new FePouch(setupFor(plate), plate, SEPARATOR_FAILURE_STRAIN);
    const incs = drive(fe, plate, 0.8e-3, 16);
    expect(incs.every((r) => !r.error)).toBe(true);
    const aCore = (L - 2 * FOIL) * (W - 2 * FOIL);
    const aWall = L * W - aCore;
    let prev = 0;
    for (let i = 0; i < incs.length; i++) {
      const r = incs[i];
      expect(r.force).toBeGreaterThan(prev);
      prev = r.force;
      if (r.time < fe.rampTime * 2) continue;
      const dMid = 0.5 * (r.displacement + incs[i - 1].displacement);
      const core = evalCurve(fcc, Math.log((T - 2 * FOIL) / (T - 2 * FOIL - dMid))) * aCore;
      const epsWall = Math.log(T / (T - dMid));
      const sy = evalCurve(sigmaY, Math.max(epsWall - evalCurve(sigmaY, 0) / foilParams.youngsModulus, 0));
      expect(r.force).toBeGreaterThan(0.95 * (core + sy * aWall));
      expect(r.force).toBeLessThan(1.05 * (core + (2 / Math.sqrt(3)) * sy * aWall));
    }
    expect(fe.kineticToInternalRatio()).toBeLessThan(0.05);
    expect(fe.model.diagnostics.maxRelativeEnergyError).toBeLessThan(0.01);
    // Mass scaling of the foil is within the set-up's limit and reported.
    expect(fe.addedMassFraction()).toBeLessThanOrEqual(20);
  }, 120_000);
});

describe('FePouch GB 38031 R75 semicylinder across the width (generic-pouch-nmc, 2 mm/s)', () => {
  const gb: PouchLoading = { type: 'indentation', indenter: indenter('semicylinder', 0.075), speed: 0.002 };
  const stopForce = 1000 * 0.11 * 9.80665;
  let fe: FePouch;
  let incs: ReturnType<typeof drive>;
  beforeAll(() => {
    fe = new FePouch(setupFor(gb), gb, SEPARATOR_FAILURE_STRAIN);
    incs = drive(fe, gb, 0.15 * T, 12);
  }, 300_000);

  it('force stop (1000 x 0.11 kg x g = 1079 N) comes first; no compaction onset up to 15 % deformation; monotonic; energy < 1 %', () => {
    expect(incs.every((r) => !r.error)).toBe(true);
    const stop = incs.findIndex((r) => r.force >= stopForce);
    expect(stop).toBeGreaterThanOrEqual(0);
    expect(incs[stop].displacement).toBeLessThan(0.15 * T); // the force predicate, not the 15 % one
    expect(incs[stop].indicator).toBeLessThan(1); // no onset within the stop predicates (shipped expectation)
    for (let i = 1; i < incs.length; i++) expect(incs[i].force).toBeGreaterThan(incs[i - 1].force);
    const last = incs[incs.length - 1];
    // eslint-disable-next-line no-console
    console.log(`GB 38031 R75 pouch (coarse quarter): force stop at ${(incs[stop].displacement * 1e3).toFixed(3)} mm, ${incs[stop].force.toFixed(0)} N, indicator ${incs[stop].indicator.toFixed(3)}; at ${(last.displacement * 1e3).toFixed(3)} mm ${last.force.toFixed(0)} N, indicator ${last.indicator.toFixed(3)}; kinetic/internal after ramp ${fe.kineticToInternalRatio().toFixed(4)}`);
    expect(last.indicator).toBeLessThan(1);
    expect(last.indicator).toBeGreaterThan(incs[stop].indicator);
    expect(fe.damagedArea()).toBe(0);
    const o = fe.onsetElement();
    expect(Math.abs(o.location[0] - L / 2)).toBeLessThan(L / 4); // most compacted element under the indenter line (x = L/2)
    expect(fe.model.diagnostics.maxRelativeEnergyError).toBeLessThan(0.01);
    const sec = fe.section('end-of-loading', last.time, () => 300);
    expect(sec.nodes.length).toBeGreaterThan(0);
    expect(fe.sectionConnectivity.length).toBe(sec.fields['Volumetric compaction 1 - V/V0'].length);
  });

  // Was a known failure (8.7 %) with the reduced-integration foil: its single element through the
  // thickness bent by hourglass modes (hourglass/internal 0.74), which the hourglass control resists
  // only weakly and dynamically. Selective-reduced foil: 1.4 %, hourglass/internal 0.004 (measured).
  it('quasi-static: kinetic/internal < 5 % after the ramp; hourglass/internal < 5 %', () => {
    expect(fe.kineticToInternalRatio()).toBeLessThan(0.05);
    expect(fe.model.diagnostics.maxHourglassRatio).toBeLessThan(0.05);
  });
});
