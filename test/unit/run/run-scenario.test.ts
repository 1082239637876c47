/** runScenarioToDirectory: a cancelled run keeps what it has (status 'cancelled', files written). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseScenarioText, CellScenario } from '../../../src/scenario';
import { runScenarioToDirectory } from '../../../src/run/run-scenario';
import { readRunDirectory } from '../../../src/io/run-directory';

it('an aborted run is written as cancelled with its partial time series', async () => {
  const r = parseScenarioText('kind: cell\nname: c\ncell: { preset: generic-18650-lco, stateOfCharge: 1 }\nloading: { type: oven, ovenTemperature: 155 degC }\nsteps: { observe: 1 h }\nmesh: { resolution: coarse }\n', 'c.yaml');
  if (!r.ok) throw new Error('unexpected');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-cancel-'));
  const ac = new AbortController();
  const progress: number[] = [];
  const summary = await runScenarioToDirectory(r.scenario as CellScenario, out, {
    report: false, signal: ac.signal,
    onProgress: (p) => { progress.push(p.time); if (p.time > 0) ac.abort(); },
  });
  expect(summary.status).toBe('cancelled');
  expect(summary.failure?.reason).toMatch(/cancelled/);
  expect(summary.failure!.time).toBeLessThan(3600);
  const back = readRunDirectory(out);
  expect(back.summary.status).toBe('cancelled');
  expect(back.timeseries.data['Time [s]'].length).toBeGreaterThan(0);
  // An oven run computes no indenter and no short: those columns are left out, not zero-filled.
  expect(back.timeseries.columns).not.toContain('Indenter force [N]');
  expect(back.timeseries.columns).not.toContain('Short-circuit current [A]');
  expect(back.timeseries.columns).toContain('Decomposition heating [W]');
  fs.rmSync(out, { recursive: true, force: true });
});
