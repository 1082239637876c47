/**
 * Electrochemistry benchmarks (issue 5): the DUALFOIL default case with the DFN (default PyBaMM-like
 * mesh and a coarse mesh, with their voltage error vs DUALFOIL), 1C discharges of Chen2020 with the
 * DFN, SPMe and SPM, and the cost of one ECM step per cell for 10 000 Thevenin cells (constant
 * parameters and the tabulated synthetic ECM example). Goals from the issue: DUALFOIL default case
 * < 0.2 s, SPM discharge < 10 ms.
 */
import { readFileSync, existsSync } from 'fs';
import * as path from 'path';
import { BenchSuite, medianTimeNs } from '../suite';
import { DfnModel, DEFAULT_DFN_MESH, DfnMesh } from '../../src/engine/electrochem/p2d/dfn';
import { SpmModel } from '../../src/engine/electrochem/p2d/spm';
import { theveninModel, EquivalentCircuitModel, EcmState } from '../../src/engine/electrochem/ecm/ecm-model';
import { loadCellCard } from '../../src/io/cards/cell-card';

const suite: BenchSuite = {
  name: 'electrochem',
  description: 'DUALFOIL default case (DFN), Chen2020 1C DFN/SPMe/SPM discharges, ECM step cost for 10 000 cells',
  async run(ctx) {
    const out: Record<string, unknown> = {};
    const cells = path.join(ctx.repoRoot, 'materials/cells');
    const dualfoil = loadCellCard(path.join(cells, 'dualfoil-default.yaml'));
    const shared = path.join(ctx.sharedRoot, 'reference/data/dualfoil-default.csv');
    const csv = existsSync(shared) ? shared : path.join(ctx.repoRoot, 'test/fixtures/electrochem/dualfoil-default.csv');
    const ref = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const tEval = ref.map((r) => r[0] * 60);
    const coarse: DfnMesh = { negative: 10, separator: 5, positive: 10, particle: 10, particleStretch: 0.85 };
    for (const [label, mesh] of [
      ['dualfoilDefaultMesh20', DEFAULT_DFN_MESH],
      ['dualfoilCoarseMesh10', coarse],
    ] as const) {
      const model = new DfnModel(dualfoil.parameters!, mesh);
      let sol = model.solve({ load: { kind: 'current', current: 20 }, duration: 3600, initial: dualfoil.initialStoichiometry!, temperature: 298, tEval, rtol: 1e-4, atol: 1e-6 });
      const ns = medianTimeNs(() => {
        sol = model.solve({ load: { kind: 'current', current: 20 }, duration: 3600, initial: dualfoil.initialStoichiometry!, temperature: 298, tEval, rtol: 1e-4, atol: 1e-6 });
      }, 3, 1);
      let sq = 0;
      let max = 0;
      sol.voltage.forEach((v, k) => {
        const e = v - ref[k][3];
        sq += e * e;
        max = Math.max(max, Math.abs(e));
      });
      out[label] = {
        mesh,
        unknowns: model.layout.n,
        seconds: ns / 1e9,
        steps: sol.stats.steps,
        rhsEvaluations: sol.stats.rhsEvaluations,
        jacobianEvaluations: sol.stats.jacobianEvaluations,
        voltageRmsErrorMilliV: Math.sqrt(sq / sol.voltage.length) * 1e3,
        voltageMaxErrorMilliV: max * 1e3,
        goalSeconds: 0.2,
      };
      ctx.log(`${label}: ${(ns / 1e6).toFixed(1)} ms, ${model.layout.n} unknowns, RMS ${(Math.sqrt(sq / sol.voltage.length) * 1e3).toFixed(3)} mV`);
    }

    const chen = loadCellCard(path.join(cells, 'chen2020.yaml')).parameters!;
    const spmMesh = { particle: 20, negative: 20, separator: 20, positive: 20 };
    const runs: [string, () => { steps: number; tEnd: number }][] = [
      [
        'chen2020Dfn1C',
        () => {
          const s = new DfnModel(chen, DEFAULT_DFN_MESH).solve({ load: { kind: 'current', current: 5 }, duration: 4000, initial: { soc: 1 }, temperature: 298.15, rtol: 1e-4, atol: 1e-6 });
          return { steps: s.stats.steps, tEnd: s.time[s.time.length - 1] };
        },
      ],
      ...(['spme', 'spm'] as const).map(
        (kind) =>
          [
            `chen2020${kind === 'spme' ? 'Spme' : 'Spm'}1C`,
            () => {
              const s = new SpmModel(kind, chen, spmMesh).solve({ load: { kind: 'current', current: 5 }, duration: 4000, initial: { soc: 1 }, temperature: 298.15, rtol: 1e-4, atol: 1e-6 });
              return { steps: s.stats.steps, tEnd: s.time[s.time.length - 1] };
            },
          ] as [string, () => { steps: number; tEnd: number }],
      ),
    ];
    for (const [label, fn] of runs) {
      let info = fn();
      const ns = medianTimeNs(() => {
        info = fn();
      }, label.includes('Dfn') ? 3 : 9, 1);
      out[label] = { seconds: ns / 1e9, steps: info.steps, timeToCutoffSeconds: info.tEnd, mesh: label.includes('Dfn') ? DEFAULT_DFN_MESH : spmMesh, ...(label.endsWith('Spm1C') ? { goalSeconds: 0.01 } : {}) };
      ctx.log(`${label}: ${(ns / 1e6).toFixed(2)} ms (${info.steps} steps, cut-off at ${info.tEnd.toFixed(0)} s)`);
    }

    // ECM: one 1 s step of 10 000 independent cells at 1C-ish currents
    const N = 10000;
    const constant = theveninModel({ capacityAh: 5, ocv: { axes: ['soc'], breakpoints: [[0, 0.5, 1]], values: [3.0, 3.7, 4.2] }, r0: 0.02, rc: [{ r: 0.01, c: 3000 }] });
    const tabulated = loadCellCard(path.join(cells, 'ecm-example-synthetic.yaml')).ecm!;
    for (const [label, model, current] of [
      ['ecmTheveninConstantParameters', constant, 5],
      ['ecmTheveninTabulatedSyntheticExample', tabulated, 100],
    ] as [string, EquivalentCircuitModel, number][]) {
      const states: EcmState[] = [];
      for (let i = 0; i < N; i++) states.push(model.initialState(0.3 + (0.6 * i) / N, 298.15));
      const load = { kind: 'current' as const, current };
      const ns = medianTimeNs(() => {
        for (let i = 0; i < N; i++) {
          const s = states[i];
          model.step(s, 1, load, 298.15);
          s.soc = 0.3 + (0.6 * i) / N; // keep the cells inside the window across repeats
        }
      }, 7, 2);
      out[label] = { cells: N, secondsPerStepAllCells: ns / 1e9, nanosecondsPerCellStep: ns / N };
      ctx.log(`${label}: ${(ns / N).toFixed(0)} ns per cell-step`);
    }
    return out;
  },
};

export default suite;
