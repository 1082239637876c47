/**
 * Coupled run benchmark (issue 7): the GB 38031-2020 cell compression of the 18650 demo scenario,
 * end to end through the 10 min hold and the 1 h observation, at the default mesh with the default
 * mechanics (explicit-fe for a cylindrical cell under indentation since the default flip: hex8 solver,
 * 2880 elements), writing summary.json and timeseries.csv (no report). Goal: under 60 s on the 2-core
 * machine. Also the same run with the reduced-order Winkler bed (default and fine grid), and the nail
 * scenario (hard short, runaway; winkler-foam, FE has no nail) for comparison.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchSuite } from '../suite';
import { loadScenarioFile, CellScenario } from '../../src/scenario';
import { runScenarioToDirectory } from '../../src/run/run-scenario';

async function timeRun(file: string, resolution?: 'coarse' | 'default' | 'fine', mechanics?: 'explicit-fe' | 'winkler-foam', thermal?: '3d') {
  const parsed = loadScenarioFile(file);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  let scenario = resolution ? { ...(parsed.scenario as CellScenario), mesh: { resolution } } : parsed.scenario;
  if (mechanics) {
    const s = scenario as CellScenario;
    scenario = { ...s, models: { ...(s.models ?? {}), mechanics } };
  }
  if (thermal) {
    const s = scenario as CellScenario;
    scenario = { ...s, models: { ...(s.models ?? {}), thermal } };
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-bench-'));
  const t0 = process.hrtime.bigint();
  const summary = await runScenarioToDirectory(scenario, out, { report: false });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.rmSync(out, { recursive: true, force: true });
  return {
    seconds, status: summary.status, simulatedTimeS: summary.events.at(-1)?.time ?? null, steps: summary.diagnostics.steps,
    ...(thermal ? { thermalModel: summary.models.thermal, maxTemperatureK: summary.results['Maximum temperature [K]'], conductionBalanceError: summary.diagnostics.conductionBalanceError ?? null } : {}),
    events: summary.events.map((e) => e.kind), peakForceN: summary.results['Peak indenter force [N]'],
    kineticToInternal: summary.diagnostics.maxKineticToInternalEnergyRatio ?? null,
    ...(summary.results['FE time-scale factor [-]'] !== undefined ? {
      feTimeScaleFactor: summary.results['FE time-scale factor [-]'], feAddedMassFraction: summary.results['FE added mass (mass scaling) [-]'],
      feSolverSteps: summary.results['FE solver steps'], feEnergyBalanceError: summary.results['FE energy-balance error [-]'],
    } : {}),
  };
}

const suite: BenchSuite = {
  name: 'coupled',
  description: 'GB 38031 18650 compression end to end through the 1 h observation (default mesh), goal < 60 s',
  async run(ctx) {
    const gb = path.join(ctx.repoRoot, 'scenarios', 'gb38031-cell-compression-18650.yaml');
    const nail = path.join(ctx.repoRoot, 'scenarios', 'nail-penetration-pouch.yaml');
    ctx.log('GB 38031 18650, default mesh, default mechanics = explicit-fe (3 runs)');
    const runs = [await timeRun(gb), await timeRun(gb), await timeRun(gb)];
    const median = runs.map((r) => r.seconds).sort((a, b) => a - b)[1];
    ctx.log(`  median ${median.toFixed(3)} s`);
    ctx.log('GB 38031 18650, default and fine mesh, winkler-foam (reduced order, pinned)');
    const winkler = await timeRun(gb, 'default', 'winkler-foam');
    const fine = await timeRun(gb, 'fine', 'winkler-foam');
    ctx.log('nail penetration pouch, default mesh');
    const nailRun = await timeRun(nail);
    // 3-D thermal with the Winkler bed, so that the figure is the conduction's cost (comparable to before the flip).
    ctx.log('GB 38031 18650, default mesh, winkler-foam, 3-D thermal (hex8 conduction in an operator split)');
    const gb3d = await timeRun(gb, 'default', 'winkler-foam', '3d');
    ctx.log(`  ${gb3d.seconds.toFixed(1)} s`);
    ctx.log('nail penetration pouch, default mesh, 3-D thermal');
    const nail3d = await timeRun(nail, 'default', undefined, '3d');
    ctx.log(`  ${nail3d.seconds.toFixed(1)} s`);
    return {
      gb38031_18650_default: { medianSeconds: median, goalSeconds: 60, meetsGoal: median < 60, ...runs[0], seconds: undefined, allSeconds: runs.map((r) => r.seconds) },
      gb38031_18650_default_winkler: winkler,
      gb38031_18650_fine_winkler: fine,
      nail_pouch_default: nailRun,
      gb38031_18650_default_thermal_3d: gb3d,
      nail_pouch_default_thermal_3d: nail3d,
      note: 'default mechanics for the 18650 under indentation is explicit-fe: the loading runs through the hex8 solver (can and end caps selective-reduced; solver speed 0.2 m/s = time x100 at 2 mm/s, smooth velocity ramp, can mass scaling to 4e-7 s; kineticToInternal is the kinetic/internal ratio after the ramp, quasi-static below 0.05); *_winkler runs are pinned to the reduced-order column bed',
    };
  },
};

export default suite;
