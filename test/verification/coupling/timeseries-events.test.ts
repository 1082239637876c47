/**
 * The time series catches fast local events (issue 7 follow-up): a row is written at every event time
 * and at every local extremum of the recorded temperatures, so that the short-location temperature
 * peak reported in the summary is in timeseries.csv. Reference: the run's own summary (events and
 * maximum temperature); tolerance 1e-6 relative (CSV number formatting), 1e-9 s for event times.
 */
import { runYaml } from './helpers';

const NAIL_SHORT = `
kind: cell
name: timeseries-nail
cell: { preset: generic-pouch-nmc, stateOfCharge: 1 }
loading: { type: nail, indenter: { shape: nail, radius: 2.5 mm, tipAngle: 60 deg }, speed: 25 mm/s }
steps: { stop: { deformation: 0.9 }, observe: 10 min }
models: { shortType: al-cu, shortArea: 20 mm^2 }
`;

describe('time series rows at events and temperature extrema', () => {
  it('nail short with melt and runaway: a row at each event time; the column maxima equal the summary maximum temperature (1e-6)', async () => {
    const run = await runYaml(NAIL_SHORT);
    const t = run.timeseries.data['Time [s]'];
    for (let k = 1; k < t.length; k++) expect(t[k]).toBeGreaterThan(t[k - 1]);
    const events = run.summary.events.filter((e) => !e.kind.startsWith('phase:') && e.kind !== 'end' && e.kind !== 'peak-force');
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['short-onset', 'separator-melt', 'runaway-onset']));
    for (const e of events) {
      const nearest = Math.min(...t.map((x) => Math.abs(x - e.time)));
      expect({ kind: e.kind, gap: nearest <= 1e-9 + 1e-9 * Math.abs(e.time) }).toEqual({ kind: e.kind, gap: true });
    }
    const maxCol = Math.max(...run.timeseries.data['Maximum temperature [K]']);
    const spotCol = Math.max(...run.timeseries.data['Short-location temperature [K]']);
    const reported = run.summary.results['Maximum temperature [K]'] as number;
    expect(typeof reported).toBe('number');
    expect(Math.abs(maxCol - reported) / reported).toBeLessThan(1e-6);
    expect(Math.abs(spotCol - reported) / reported).toBeLessThan(1e-6);
  });
});
