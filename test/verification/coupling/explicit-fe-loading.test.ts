/**
 * The loading phase through the explicit hex8 solver (models.mechanics: explicit-fe): a short rod
 * indentation of an 18650 on the coarse mesh, stopped at 0.6 mm. Integration checks of the coupling,
 * not a mechanics verification (the solver's own verification lives in test/verification/mechanics):
 * the indenter force is positive once in contact, the solver's
 * quasi-static diagnostics (time scaling, kinetic/internal ratio) reach the summary, and the
 * mechanics cards' citations reach the provenance. The quasi-static check (kinetic/internal ratio
 * below 5 % after the start-up ramp) and the FE trends are in fe-quasi-static.test.ts.
 */
import { runYaml, num } from './helpers';

const yaml = (mechanics: string) => `
kind: cell
name: fe-rod
cell: { preset: generic-18650-lco, stateOfCharge: 1 }
loading: { type: indentation, indenter: { shape: rod, radius: 5 mm }, speed: 2 mm/s }
steps: { stop: { displacement: 0.6 mm }, observe: 1 min }
models: { mechanics: ${mechanics}, shortCriterion: none }
`;

describe('explicit-fe loading phase', () => {
  it('runs the hex8 solver in the coupled loop and reports its quasi-static diagnostics', async () => {
    const fe = await runYaml(yaml('explicit-fe'));
    expect(fe.summary.status).toBe('completed');
    expect(fe.summary.events.map((e) => e.kind)).toContain('stop:displacement');
    const f = fe.timeseries.data['Indenter force [N]'];
    const d = fe.timeseries.data['Indenter displacement [m]'];
    let inContact = 0;
    for (let i = 0; i < f.length; i++) if (d[i] > 0.3e-3 && f[i] > 0) inContact++;
    expect(inContact).toBeGreaterThan(0);
    expect(fe.summary.diagnostics.maxKineticToInternalEnergyRatio).toBeGreaterThanOrEqual(0);
    expect(fe.summary.diagnostics.warnings.some((w) => /time scaling/.test(w))).toBe(true);
    expect(fe.summary.provenance.cards.map((c) => c.id)).toEqual(expect.arrayContaining(['jellyroll-18650-mat063-soc-rate', 'can-18650-steel']));
    // The steel can carries the first 0.6 mm in the FE model; the Winkler bed has no can, so the two
    // peak forces are not comparable here (FE/Winkler was 133 when this test was written).
    expect(num(fe, 'Peak indenter force [N]')).toBeGreaterThan(0);
  });
});

describe('explicit-fe impact (UN 38.3 T.6: 9.1 kg from 61 cm onto a 15.8 mm bar, coarse mesh)', () => {
  it('is a real dynamic event that conserves energy: kinetic + internal + hourglass + contact = m g h + gravity work', async () => {
    const run = await runYaml(`
kind: cell
name: fe-impact
standard: UN38.3/T6-impact
cell: { preset: generic-18650-lco, stateOfCharge: 0.5 }
loading: { type: impact, indenter: { shape: rod, radius: 7.9 mm, axis: across }, dropMass: 9.1 kg, dropHeight: 61 cm }
steps: { observe: 1 s }
models: { mechanics: explicit-fe, runaway: none }
`);
    expect(run.summary.status).toBe('completed');
    // No time scaling: v0 = sqrt(2 g h) = 3.459 m/s (closed form) at contact.
    expect(num(run, 'FE time-scale factor [-]')).toBe(1);
    expect(num(run, 'Impact velocity [m/s]')).toBeCloseTo(Math.sqrt(2 * 9.80665 * 0.61), 6);
    // Added mass within the stated limit: 5 % of the drop mass (cell mass 45 g).
    expect(num(run, 'FE added mass (mass scaling) [-]') * 0.045).toBeLessThanOrEqual(0.05 * 9.1 * (1 + 1e-9));
    // Conservation of energy (reference: energy conservation of the explicit central-difference
    // scheme; tolerance 1 % of m g h): the final kinetic, internal, hourglass and contact energies
    // account for the drop energy plus the work of gravity during the crush.
    const mgh = num(run, 'Impact drop energy m g h [J]');
    expect(mgh).toBeCloseTo(9.1 * 9.80665 * 0.61, 6);
    const accounted = num(run, 'Impact kinetic energy at the end [J]') + num(run, 'Impact internal energy at the end [J]')
      + num(run, 'Impact hourglass energy at the end [J]') + num(run, 'Impact contact and friction energy at the end [J]');
    expect(Math.abs(accounted - (mgh + num(run, 'Impact gravity work during the crush [J]'))) / mgh).toBeLessThan(0.01);
    expect(num(run, 'Impact energy-balance error [-]')).toBeLessThan(0.01);
    // It ends at rebound or rest, with most of the drop energy absorbed by the cell.
    expect(['rebound', 'rest']).toContain(run.summary.results['Stop reason']);
    expect(num(run, 'Impact kinetic energy at the end [J]')).toBeLessThan(0.1 * mgh);
  }, 300_000);
});
