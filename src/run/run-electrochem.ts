/**
 * Runs an electrochemistry verification scenario (kind: electrochem-verification, e.g.
 * scenarios/verification/dualfoil-default.yaml): the cell card's DFN / SPMe / SPM through the current
 * protocol, isothermal, sampled at the reference times; writes summary.json and timeseries.csv (model
 * and reference voltage side by side). The run's status is 'failed' when the stated acceptance
 * (expectations) is not met, with the measured errors in the reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DfnModel, DfnSolution } from '../engine/electrochem/p2d/dfn';
import { SpmModel } from '../engine/electrochem/p2d/spm';
import { ElectrochemVerificationScenario, resolveElectrochemVerification } from '../scenario/electrochem-verification';
import { RunSummary, SUMMARY_SCHEMA_VERSION } from '../io/run-result';
import { writeFileAtomic } from '../io/atomic';
import { formatTimeseriesCsv } from '../io/csv';

export async function runElectrochemVerificationToDirectory(
  scenario: ElectrochemVerificationScenario & { sourceFile?: string; sourceHash?: string },
  outDir: string,
  meta: { version: string; gitCommit: string | null },
): Promise<RunSummary> {
  const file = scenario.sourceFile ?? scenario.name;
  const r = resolveElectrochemVerification(scenario, file);
  if (!r.ok) throw new Error(`invalid scenario (validate it first): ${r.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('; ')}`);
  const { card, reference } = r.resolved;
  const params = card.parameters!;
  const mesh = scenario.models.mesh ?? { negative: 20, separator: 20, positive: 20, particle: 20 };
  const model = scenario.models.electrochem === 'dfn' ? new DfnModel(params, mesh) : new SpmModel(scenario.models.electrochem, params, mesh);
  const T = scenario.environment.temperature;
  const wallStart = Date.now();
  const series: Record<string, number[]> = { 'Time [s]': [], 'Voltage [V]': [], 'Reference voltage [V]': [], 'Current [A]': [], 'Open-circuit voltage [V]': [], 'Negative electrode stoichiometry': [], 'Positive electrode stoichiometry': [] };
  const st = scenario.cell.initialStoichiometry;
  let initial: { x: number; y: number } | { state: Float64Array } = st ? { x: st.negative, y: st.positive } : card.initialStoichiometry!;
  let t0 = 0;
  let status: RunSummary['status'] = 'completed';
  let failure: RunSummary['failure'];
  let steps = 0;
  for (const [i, step] of scenario.protocol.entries()) {
    const tEval = reference.time.filter((t) => t >= t0 - 1e-9 && t <= t0 + step.duration + 1e-9 && (i === 0 || t > t0 + 1e-9)).map((t) => Math.min(Math.max(t - t0, 0), step.duration));
    const sol: DfnSolution = model.solve({ load: { kind: 'current', current: step.current }, duration: step.duration, initial, temperature: T, tEval, rtol: scenario.solver?.rtol ?? 1e-5, atol: scenario.solver?.atol ?? 1e-7 });
    steps += sol.stats.steps;
    for (let k = 0; k < sol.time.length; k++) {
      const t = t0 + sol.time[k];
      series['Time [s]'].push(t);
      series['Voltage [V]'].push(sol.voltage[k]);
      series['Current [A]'].push(sol.current[k]);
      series['Open-circuit voltage [V]'].push(sol.openCircuitVoltage[k]);
      series['Negative electrode stoichiometry'].push(sol.negativeStoichiometry[k]);
      series['Positive electrode stoichiometry'].push(sol.positiveStoichiometry[k]);
      series['Reference voltage [V]'].push(interpolate(reference.time, reference.voltage, t));
    }
    if (sol.status !== 'completed') {
      status = 'failed';
      failure = { time: t0 + (sol.time[sol.time.length - 1] ?? 0), reason: sol.message || sol.status, phase: `protocol step ${i + 1}` };
      break;
    }
    initial = { state: sol.finalState };
    t0 += step.duration;
  }
  // Errors at the reference times the run reached.
  let sq = 0;
  let max = 0;
  let n = 0;
  let stoich = 0;
  const ts = series['Time [s]'];
  reference.time.forEach((t, k) => {
    const j = ts.findIndex((x) => Math.abs(x - t) <= 1e-6 * Math.max(1, t));
    if (j < 0) return;
    const e = series['Voltage [V]'][j] - reference.voltage[k];
    sq += e * e;
    max = Math.max(max, Math.abs(e));
    n++;
    if (reference.x) stoich = Math.max(stoich, Math.abs(series['Negative electrode stoichiometry'][j] - reference.x[k]));
    if (reference.y) stoich = Math.max(stoich, Math.abs(series['Positive electrode stoichiometry'][j] - reference.y[k]));
  });
  const rms = n > 0 ? Math.sqrt(sq / n) : NaN;
  const ex = scenario.expectations;
  const misses: string[] = [];
  if (n < reference.time.length) misses.push(`only ${n} of ${reference.time.length} reference times reached`);
  if (!(rms <= ex.voltageRmsError.max)) misses.push(`voltage RMS error ${(rms * 1e3).toFixed(3)} mV > ${(ex.voltageRmsError.max * 1e3).toFixed(3)} mV`);
  if (!(max <= ex.voltageMaxError.max)) misses.push(`voltage max error ${(max * 1e3).toFixed(3)} mV > ${(ex.voltageMaxError.max * 1e3).toFixed(3)} mV`);
  if (ex.stoichiometryError && !(stoich <= ex.stoichiometryError.max)) misses.push(`stoichiometry error ${stoich.toExponential(2)} > ${ex.stoichiometryError.max}`);
  if (status === 'completed' && misses.length > 0) {
    status = 'failed';
    failure = { time: t0, reason: `acceptance not met: ${misses.join('; ')}`, phase: 'comparison' };
  }
  fs.mkdirSync(outDir, { recursive: true });
  const columns = Object.keys(series);
  writeFileAtomic(path.join(outDir, 'timeseries.csv'), formatTimeseriesCsv(columns, series));
  const summary: RunSummary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    status,
    ...(failure ? { failure } : {}),
    scenario: { name: scenario.name, file: scenario.sourceFile, hash: scenario.sourceHash ?? '', ...(scenario.description ? { description: scenario.description } : {}) },
    specimen: { kind: 'cell', description: card.card.name ?? card.citation.id, initialTemperatureK: T },
    models: { electrochem: `${scenario.models.electrochem} (cell card ${card.citation.id}, mesh ${mesh.negative}/${mesh.separator}/${mesh.positive}/${mesh.particle})`, thermal: 'isothermal' },
    events: failure ? [{ kind: 'failure', time: failure.time, message: failure.reason }] : [],
    verdicts: [],
    margins: [],
    results: {
      'Voltage RMS error [V]': rms,
      'Voltage max error [V]': max,
      ...(reference.x || reference.y ? { 'Stoichiometry max error [-]': stoich } : {}),
      'Reference points compared': n,
      'Acceptance met': misses.length === 0,
    },
    diagnostics: { steps: { solver: steps }, warnings: [], wallTimeSeconds: (Date.now() - wallStart) / 1000 },
    provenance: { tool: 'batsafe', version: meta.version, gitCommit: meta.gitCommit, createdAt: new Date().toISOString(), cards: [card.citation] },
    files: ['summary.json', 'timeseries.csv'],
  };
  writeFileAtomic(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

function interpolate(xs: number[], ys: number[], x: number): number {
  if (xs.length === 0) return NaN;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[xs.length - 1]) return ys[ys.length - 1];
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid; else hi = mid;
  }
  const w = xs[hi] === xs[lo] ? 0 : (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + w * (ys[hi] - ys[lo]);
}
