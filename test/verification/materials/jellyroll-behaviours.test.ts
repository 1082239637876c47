/**
 * Verification of the homogenized-jellyroll behaviours the review lists (seed-review.md §1.3,
 * Li & Zhu 2020 via the Chem. Rev. 2022 review) with the shipped cards (issue 4).
 *
 * Cell level (explicit solver, issue 3): a quarter 18650 slice (plane strain, x = 0 and y = 0
 * symmetry, i.e. two flat plates) crushed laterally. To keep the test cheap the 0.25 mm can ring
 * carries the jellyroll card (the steel can would need ~4e-8 s steps); the cards' numbers are
 * order-of-magnitude only (status unverified), so these are trend checks, not a calibration: no
 * published force–displacement curve is compared (none was extracted, mechanics.md §2.1).
 * Material-point level: tension–compression asymmetry and rate dependence of the cards.
 */
import { MaterialPointDriver } from '../../../src/engine/mechanics/materials/driver';
import { VolumetricStrainCriterion } from '../../../src/engine/mechanics/failure/volumetric-strain';
import { card, crush18650, CrushRun, forceAt } from './scenarios';

describe('18650 lateral flat-plate crush, quarter slice, jellyroll-18650-mat063 card', () => {
  let run: CrushRun;
  beforeAll(() => {
    run = crush18650({
      indenter: 'plate', depth: 4e-3, speed: 2, planeStrain: true, withCan: false, elementsAround: 6, elementsRadial: 4,
      criterion: new VolumetricStrainCriterion({ failureVolumetricStrain: 0.3 }),
    });
  });

  it('densification: the force rises with a rising tangent (tangent over 2-3 mm > 1.3 x tangent over 0.5-1.5 mm)', () => {
    const t1 = (forceAt(run, 1.5e-3) - forceAt(run, 0.5e-3)) / 1e-3;
    const t2 = (forceAt(run, 3e-3) - forceAt(run, 2e-3)) / 1e-3;
    // eslint-disable-next-line no-console
    console.log(`18650 slice plate crush: F(1, 2, 3 mm) = ${[1, 2, 3].map((d) => forceAt(run, d * 1e-3).toFixed(1)).join(', ')} N; tangents ${t1.toFixed(0)} -> ${t2.toFixed(0)} N/m`);
    expect(t1).toBeGreaterThan(0);
    expect(t2).toBeGreaterThan(1.3 * t1);
  });

  it('runs quasi-statically with energy conserved (balance error < 1 % of peak internal energy, kinetic/internal < 5 %)', () => {
    const d = run.model.diagnostics;
    expect(d.maxRelativeEnergyError).toBeLessThan(0.01);
    expect(d.maxKineticToInternalRatio).toBeLessThan(0.05);
  });

  it('short onset: the first element meeting 1 - V >= 0.3 is recorded with the plate displacement and force; it is a jellyroll element', () => {
    const first = run.model.diagnostics.firstFailure;
    expect(first).not.toBeNull();
    expect(first!.part).toBe(1);
    const onset = first!.indenters[0];
    // eslint-disable-next-line no-console
    console.log(`onset (1 - V >= 0.3): t = ${first!.time.toExponential(3)} s, plate displacement ${(onset.displacement * 1e3).toFixed(2)} mm, force ${onset.force.toFixed(1)} N, element ${first!.element}`);
    // Compaction of 0.3 cannot occur before the plates have closed by 0.3 x the local thickness of
    // the most compacted column; a lower bound is 0.3 x the jellyroll annulus thickness below the plate.
    expect(onset.displacement).toBeGreaterThan(0.3 * (9e-3 - 1e-3) * 0.3);
    expect(onset.displacement).toBeLessThan(4e-3);
    expect(onset.force).toBeGreaterThan(0);
  });
});

describe('SOC dependence at cell level: stiffer at higher SOC (jellyroll-18650-mat063-soc-rate card)', () => {
  it('plate force at 2 mm is higher at SOC 1 than at SOC 0, by less than the card\'s scale ratio 1.15/0.85', () => {
    const at = (soc: number): number => forceAt(crush18650({ indenter: 'plate', depth: 2.2e-3, speed: 2, planeStrain: true, withCan: false, elementsAround: 6, elementsRadial: 4, jellyroll: 'jellyroll-18650-mat063-soc-rate', soc }), 2e-3);
    const full = at(1), empty = at(0);
    // eslint-disable-next-line no-console
    console.log(`SOC 1 / SOC 0 force ratio at 2 mm: ${(full / empty).toFixed(3)}`);
    expect(full / empty).toBeGreaterThan(1.1);
    expect(full / empty).toBeLessThan((1.15 / 0.85) * 1.05);
  });
});

describe('material-point level behaviours of the shipped cards', () => {
  it('tension–compression asymmetry: MAT_063 jellyroll carries > 2x more in compression than tension at 10 % uniaxial strain', () => {
    const m = card('jellyroll-18650-mat063');
    const c = new MaterialPointDriver(m); c.path([Math.log(0.9), 0, 0, 0, 0, 0], 50);
    const t = new MaterialPointDriver(m); t.path([Math.log(1.1), 0, 0, 0, 0, 0], 50);
    expect(-c.stress[0] / t.stress[0]).toBeGreaterThan(2);
    // the volumetric-hardening card: hydrostatic tension is capped at pt = kt pc0 (0.1 x 0.3 MPa / 1.1)
    const v = new MaterialPointDriver(card('jellyroll-18650-volumetric')); v.path([0.01, 0.01, 0.01, 0, 0, 0], 20);
    expect(v.stress[0] / (0.1 * 0.3e6 / 1.1)).toBeCloseTo(1, 8);
  });

  it('rate dependence: at 1000/s the scaled card crushes at least 1 + 0.02 ln(1e3/1e-3) = 1.276 x harder than at 1e-3/s (Johnson–Cook factor; LAW163 damping only adds)', () => {
    const stressAt = (dt: number): number => {
      const d = new MaterialPointDriver(card('jellyroll-18650-mat063-soc-rate', 0.5), { dt });
      d.path([Math.log(0.6), 0, 0, 0, 0, 0], 100);
      return -d.stress[0];
    };
    const inc = Math.abs(Math.log(0.6) / 100) * Math.sqrt(2 / 3); // equivalent rate measure per step
    const slow = stressAt(inc / 1e-3), fast = stressAt(inc / 1e3);
    const jc = (1 + 0.02 * Math.log(1e3 / 1e-3)) / 1; // slow run sits at the reference rate (factor 1)
    // eslint-disable-next-line no-console
    console.log(`rate: fast/slow crush stress ${(fast / slow).toFixed(4)} vs Johnson-Cook factor ${jc.toFixed(4)} (excess = damping)`);
    expect(fast / slow).toBeGreaterThanOrEqual(jc * (1 - 1e-9));
    expect(fast / slow).toBeLessThan(jc * 1.5);
  });
});
