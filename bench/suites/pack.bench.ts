/**
 * Pack benchmark (issue 10): a 100s10p pack (1000 cells) with Thevenin ECMs, the lumped thermal
 * network and Kim 2007 kinetics in every cell, 1 h simulated at a 1 s coupling step with a nail
 * trigger in one cell (goal < 10 s); scaling for 100, 1 000 and 10 000 cells (the 10 000-cell pack
 * runs a shorter window and reports its cost per simulated hour, marked as extrapolated); and the
 * implicit coupling against liionpack's explicit one-pass step on a 10s10p pack with an SOC spread
 * under current pulses (time and per-cell current error against a dt = 0.05 s implicit reference). The propagation runs use a 1 s step with a 10 s step
 * while the pack is quiet (quietTimeStep).
 */
import * as os from 'os';
import * as path from 'path';
import { BenchSuite } from '../suite';
import { loadPackCard, PackDesign } from '../../src/io/cards/pack-card';
import { buildPackSimulationInput } from '../../src/run/run-pack';
import { simulatePack } from '../../src/engine/pack/propagation';
import { buildLayoutNetlist } from '../../src/engine/pack/netlist';
import { PackElectrical } from '../../src/engine/pack/electrical';
import type { PackControl } from '../../src/engine/pack/circuit';
import type { PackScenarioInput } from '../../src/scenario/pack';

function design(base: PackDesign, series: number, parallel: number): PackDesign {
  const card = JSON.parse(JSON.stringify(base.card));
  card.layout = { ...card.layout, series, parallel };
  card.arrangement = { ...card.arrangement, columns: parallel };
  card.bms = { ...card.bms, temperatureSensorCells: [1, Math.max(1, Math.floor((series * parallel) / 2))] };
  return { ...base, card };
}

function scenario(duration: number, timeStep: number, coupling: 'implicit' | 'explicit', parallel: number, quiet = true): PackScenarioInput {
  return {
    kind: 'pack', name: 'bench', test: 'thermal-propagation', design: '', stateOfCharge: 0.98, initialTemperature: 298.15,
    trigger: { method: 'nail', cell: 1, resistance: 0.005, time: 10 },
    load: [{ until: 3600, current: 0.5 * parallel }],
    duration, timeStep, quietTimeStep: quiet ? Math.max(10, timeStep) : undefined, outputInterval: 60, coupling,
    estimatedCost: { elements: 0, simulatedTimeS: duration },
  } as PackScenarioInput;
}

/**
 * Wall time, and the CPU time of this process (user + system): on a shared machine with more
 * runnable processes than cores the wall time mostly measures the queue, the CPU time the work.
 */
function run(d: PackDesign, s: PackScenarioInput) {
  const input = buildPackSimulationInput(d, s);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const r = simulatePack(input);
  const cpu = process.cpuUsage(c0);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { r, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const suite: BenchSuite = {
  name: 'pack',
  description: '100s10p pack, ECM + thermal network + kinetics per cell, 1 h with a nail trigger; scaling 100/1000/10000 cells; implicit vs liionpack explicit coupling',
  async run(ctx) {
    const base = loadPackCard(path.join(ctx.repoRoot, 'materials/packs/module-4s3p-18650-filler1mm.yaml'));
    const figures: Record<string, unknown> = { loadAverageAtStart: os.loadavg() };
    const scaling: Array<Record<string, unknown>> = [];
    for (const [series, parallel, duration] of [[10, 10, 3600], [100, 10, 3600], [1000, 10, 300]] as const) {
      const cells = series * parallel;
      ctx.log(`${series}s${parallel}p (${cells} cells), ${duration} s simulated ...`);
      const { r, seconds, cpuSeconds } = run(design(base, series, parallel), scenario(duration, 1, 'implicit', parallel));
      const row = {
        cells, layout: `${series}s${parallel}p`, simulatedSeconds: duration, wallSeconds: seconds, cpuSeconds,
        cpuSecondsPerSimulatedHour: (cpuSeconds * 3600) / duration, extrapolatedToOneHour: duration < 3600,
        cpuMicrosecondsPerCellStep: (cpuSeconds * 1e6) / (cells * r.diagnostics.electricalSteps),
        electricalSteps: r.diagnostics.electricalSteps,
        status: r.status, cellsInRunaway: r.metrics.cellsInRunaway, energyBalanceError: r.diagnostics.energyBalanceError,
        kineticsSubsteps: r.diagnostics.kineticsSubsteps,
      };
      ctx.log(`  ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU, ${row.cpuMicrosecondsPerCellStep.toFixed(2)} us CPU per cell-step, ${r.metrics.cellsInRunaway} cells in runaway`);
      scaling.push(row);
      if (cells === 1000) figures.goal = { case: '100s10p, 1 h, 1 s step (10 s while quiet)', wallSeconds: seconds, cpuSeconds, goalSeconds: 10, metOnCpuTime: cpuSeconds < 10 };
    }
    figures.scaling = scaling;

    // Implicit vs explicit (liionpack see-saw) coupling on a 10s10p pack of the design's Thevenin cells
    // with a spread of initial SOC (0.3..0.9) under a 20 A pulse train (10 s on / 10 s off, 10 min):
    // per-cell current error against the implicit scheme at dt = 0.05 s, both schemes at dt = 10 s and 2 s.
    const net = buildLayoutNetlist({ kind: 'series-groups', series: 10, parallel: 10, resistances: base.card.resistances });
    const pulse = (t: number): PackControl => (Math.floor(t / 10) % 2 === 0 ? { mode: 'current', current: 20 } : { mode: 'rest' });
    const temps = new Float64Array(100).fill(298.15);
    const history = (coupling: 'implicit' | 'explicit', dt: number) => {
      const cells = Array.from({ length: 100 }, (_, c) => ({ model: base.cellModel, state: base.cellModel.initialState(0.3 + (0.6 * ((c * 37) % 100)) / 99, 298.15) }));
      const pack = new PackElectrical(net, cells, { coupling });
      pack.initialise(temps);
      const samples: Float64Array[] = [];
      const c0 = process.cpuUsage();
      const steps = Math.round(600 / dt);
      const every = Math.round(20 / dt);
      for (let k = 0; k < steps; k++) {
        pack.step(dt, pulse(k * dt), temps);
        if ((k + 1) % every === 0) samples.push(pack.current.slice());
      }
      const cu = process.cpuUsage(c0);
      return { samples, cpuSeconds: (cu.user + cu.system) / 1e6 };
    };
    const reference = history('implicit', 0.05);
    const compare: Record<string, unknown> = {};
    for (const dt of [10, 2]) {
      for (const coupling of ['implicit', 'explicit'] as const) {
        const h = history(coupling, dt);
        let maxErr = 0;
        h.samples.forEach((s, k) => { for (let c = 0; c < 100; c++) maxErr = Math.max(maxErr, Math.abs(s[c] - reference.samples[k][c])); });
        compare[`${coupling} dt=${dt} s`] = { cpuSeconds: h.cpuSeconds, maxCellCurrentErrorA: maxErr };
        ctx.log(`  ${coupling} dt=${dt} s: ${h.cpuSeconds.toFixed(2)} s CPU, max cell current error ${maxErr.toExponential(2)} A`);
      }
    }
    figures.couplingComparison = { pack: '10s10p, SOC 0.3..0.9, 20 A pulses 10 s on / 10 s off, 600 s', reference: 'implicit at dt = 0.05 s', samplesEvery: '20 s (end of each rest period)', ...compare };
    return figures;
  },
};

export default suite;
