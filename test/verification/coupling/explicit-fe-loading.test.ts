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
