/**
 * The I/O side of a run (issue 7): resolves a validated scenario, runs the coupled engine, and writes
 * summary.json (RunSummary, src/io/run-result.ts), timeseries.csv (PyBaMM-style headers with units),
 * optional VTU field snapshots and the report (src/report, when present) into `outDir`.
 *
 *   runScenarioToDirectory(scenario, outDir, { onProgress, onEvent, signal, fields, report }): Promise<RunSummary>
 *
 * Results are never lost: a numerical failure gives status 'failed' with time, phase and reason and
 * the partial time series is written; a cancelled run (signal) is written as 'cancelled'.
 * Files are written atomically (temporary file + rename). Pack scenarios go to src/run/run-pack.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { gitCommit, packageVersion } from './tool-provenance';
import { Scenario, CellScenario, resolveCellScenario, CELL_PRESETS } from '../scenario';
import { runCoupledCell } from '../engine/coupling/coupled-run';
import { CoupledRunResult } from '../engine/coupling/types';
import { CardCitation, ProgressSnapshot, RunEvent, RunSummary, SUMMARY_SCHEMA_VERSION } from '../io/run-result';
import { writeFileAtomic } from '../io/atomic';
import { formatTimeseriesCsv } from '../io/csv';
import { formatPvd, formatVtu } from '../io/vtu';
import { computeMargins, evaluateVerdicts, predictEucarLevel, RunObservables } from '../standards/verdicts';
import { STANDARD_PROFILES } from '../standards/profiles';
import { runElectrochemVerificationToDirectory } from './run-electrochem';
import { checkExpectations } from './expectations';
import { compareWithReference, loadReference } from '../scenario/reference';

export interface RunOptions {
  onProgress?(p: ProgressSnapshot): void;
  onEvent?(e: RunEvent): void;
  signal?: AbortSignal;
  /** Write VTU field snapshots (fields-<mesh>-<nn>-<event>.vtu + fields-<mesh>.pvd; Winkler: fields-final.vtu). */
  fields?: boolean;
  /** Write report.html with src/report (default true when that module is present). */
  report?: boolean;
}

type RunPackFn = (scenario: Scenario, outDir: string, options?: RunOptions) => Promise<RunSummary>;

export async function runScenarioToDirectory(scenario: Scenario, outDir: string, options: RunOptions = {}): Promise<RunSummary> {
  if (scenario.kind === 'electrochem-verification') {
    // Cell model against a reference output (src/run/run-electrochem.ts).
    return runElectrochemVerificationToDirectory(scenario as unknown as Parameters<typeof runElectrochemVerificationToDirectory>[0], outDir, { version: packageVersion(), gitCommit: gitCommit() });
  }
  if (scenario.kind === 'pack') {
    const runPack = loadOptional<{ runPackScenarioToDirectory?: RunPackFn }>('./run-pack')?.runPackScenarioToDirectory;
    if (!runPack) throw new Error('pack scenarios cannot run in this build: src/run/run-pack.ts (runPackScenarioToDirectory) is missing');
    return runPack(scenario, outDir, options);
  }
  const s = scenario as CellScenario & { sourceFile?: string; sourceHash?: string };
  const file = s.sourceFile ?? s.name;
  const resolved = resolveCellScenario(s, file);
  if (!resolved.ok) {
    throw new Error(`invalid scenario (validate it first): ${resolved.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('; ')}`);
  }
  const { input, profile, loadedDimension, provenance } = resolved.resolved;
  // --fields: the engine keeps full-mesh snapshots at key events (FE mechanics, 3-D thermal).
  if (options.fields) input.captureFields = true;
  fs.mkdirSync(outDir, { recursive: true });
  const wallStart = Date.now();

  // Progress is throttled: the engine samples often, listeners (terminal, SSE) need a few per second.
  let lastProgress = 0;
  let result: CoupledRunResult;
  try {
    result = runCoupledCell(input, {
      onProgress: (p) => {
        const now = Date.now();
        if (options.onProgress && (now - lastProgress >= 100 || p.fraction >= 1)) {
          lastProgress = now;
          options.onProgress(p);
        }
      },
      onEvent: (e) => options.onEvent?.(e),
      isCancelled: () => options.signal?.aborted === true,
    });
  } catch (e) {
    // A bug in an engine: keep a summary that says so rather than losing the run.
    result = {
      status: 'failed',
      failure: { time: 0, reason: `internal error: ${(e as Error).message}`, phase: 'setup' },
      series: {},
      events: [],
      results: {
        peakForce: null, displacementAtPeakForce: null, maxDeformation: null, shortOnsetTime: null, deformationAtShortOnset: null,
        runawayOnsetTime: null, maxTemperatureK: input.initialTemperatureK, maxSurfaceTemperatureK: input.initialTemperatureK, maxHeatingRateKps: 0,
        ventReached: false, minVoltage: NaN, finalStateOfCharge: input.stateOfCharge, electricalEnergyDrawnJ: 0, shortHeatJ: 0, internalHeatJ: 0,
        decompositionHeatJ: 0, stopReason: null,
      },
      diagnostics: { energyBalanceError: null, maxKineticToInternalEnergyRatio: null, steps: {}, warnings: [(e as Error).stack ?? String(e)] },
    };
  }

  const files: string[] = ['summary.json'];
  const columns = Object.keys(result.series);
  if (columns.length > 0) {
    writeFileAtomic(path.join(outDir, 'timeseries.csv'), formatTimeseriesCsv(columns, result.series));
    files.push('timeseries.csv');
  }
  if (result.sections) {
    // Cross-sections of the deformed FE mesh at key events (format: src/report/README.md).
    writeFileAtomic(path.join(outDir, 'sections.json'), JSON.stringify(result.sections) + '\n');
    files.push('sections.json');
  }
  if (options.fields && result.fieldSeries?.some((f) => f.snapshots.length > 0)) {
    files.push(...writeFieldSeries(outDir, result.fieldSeries));
  } else if (options.fields && result.fields) {
    // Reduced-order (Winkler) mechanics: its columns at the end of the run.
    writeFileAtomic(path.join(outDir, 'fields-final.vtu'), fieldsToVtu(result.fields));
    files.push('fields-final.vtu');
  }

  const r = result.results;
  const observables: RunObservables = {
    shortOnset: r.shortOnsetTime !== null,
    runawayOnset: r.runawayOnsetTime !== null,
    ventReached: r.ventReached,
    maxSurfaceTemperatureK: r.maxSurfaceTemperatureK,
    maxTemperatureK: r.maxTemperatureK,
    peakForceN: r.peakForce,
    deformationAtShortOnset: r.deformationAtShortOnset,
    maxDeformation: r.maxDeformation,
    completed: result.status === 'completed',
  };
  const preset = CELL_PRESETS[s.cell.preset];
  const cards: CardCitation[] = [...provenance];
  if (profile) {
    cards.push({
      id: `standard/${profile.id}`,
      kind: 'standard-profile',
      citations: profile.sources,
      source: `${profile.edition}; numbers: ${summariseStatuses(profile)}`,
      status: 'unverified',
    });
  }
  const summary: RunSummary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    status: result.status,
    ...(result.failure ? { failure: result.failure } : {}),
    scenario: {
      name: s.name,
      ...(s.sourceFile ? { file: s.sourceFile } : {}),
      hash: s.sourceHash ?? '',
      ...(profile ? { standard: profile.id } : {}),
      ...(s.description ? { description: s.description } : {}),
    },
    specimen: {
      kind: 'cell',
      description: preset.description,
      chemistry: preset.chemistry,
      capacityAh: input.cell.capacityAh,
      massKg: input.cell.massKg,
      stateOfCharge: input.stateOfCharge,
      initialTemperatureK: input.initialTemperatureK,
    },
    models: {
      mechanics: input.loading.type === 'external-short' || input.loading.type === 'oven' ? 'none'
        : result.feMechanics ? `explicit-fe (hex8, ${result.feMechanics.elements} elements, time scale x${result.feMechanics.timeScaleFactor.toFixed(0)}, added mass ${(100 * result.feMechanics.addedMassFraction).toFixed(1)} %)`
        : `winkler-foam (reduced order, ${input.grid.nx} x ${input.grid.ny} columns)`,
      electrochem: input.cellModel ? `${input.cellModel.kind} (cell card ${input.cellModel.cardId}, CellModel interface, operator split with the thermal nodes)` : 'rint (OCV(SOC) + Arrhenius series resistance)',
      thermal: input.thermal3d ? input.thermal3d.description : input.models.thermal,
      shortCriterion: input.models.shortCriterion,
      shortType: input.models.shortType,
      runaway: input.models.runaway,
      integrator: 'NDF/BDF (src/engine/numerics) for the electro-thermal system',
    },
    events: result.events,
    verdicts: evaluateVerdicts(profile, observables),
    eucar: predictEucarLevel(observables),
    margins: computeMargins(profile, observables, input.stop.force),
    results: {
      'Peak indenter force [N]': r.peakForce,
      'Indenter displacement at peak force [m]': r.displacementAtPeakForce,
      'Maximum deformation [-]': r.maxDeformation,
      'Short onset': r.shortOnsetTime !== null,
      'Short onset time [s]': r.shortOnsetTime,
      'Deformation at short onset [-]': r.deformationAtShortOnset,
      'Thermal runaway': r.runawayOnsetTime !== null,
      'Runaway onset time [s]': r.runawayOnsetTime,
      'Maximum temperature [K]': r.maxTemperatureK,
      'Maximum surface temperature [K]': r.maxSurfaceTemperatureK,
      'Maximum heating rate [K/s]': r.maxHeatingRateKps,
      'Vent reached': r.ventReached,
      'Minimum voltage [V]': Number.isFinite(r.minVoltage) ? r.minVoltage : null,
      'Final state of charge': r.finalStateOfCharge,
      'Electrical energy drawn [J]': r.electricalEnergyDrawnJ,
      'Short-circuit heat [J]': r.shortHeatJ,
      'Internal (ohmic) heat [J]': r.internalHeatJ,
      'Decomposition heat [J]': r.decompositionHeatJ,
      'Stop reason': r.stopReason,
      'Loaded dimension [m]': loadedDimension,
      ...(result.feMechanics ? feResults(result.feMechanics) : {}),
    },
    diagnostics: {
      ...(result.diagnostics.energyBalanceError !== null ? { energyBalanceError: result.diagnostics.energyBalanceError } : {}),
      ...(result.diagnostics.conductionBalanceError !== undefined ? { conductionBalanceError: result.diagnostics.conductionBalanceError } : {}),
      ...(result.diagnostics.maxKineticToInternalEnergyRatio !== null ? { maxKineticToInternalEnergyRatio: result.diagnostics.maxKineticToInternalEnergyRatio } : {}),
      steps: result.diagnostics.steps,
      warnings: result.diagnostics.warnings,
      wallTimeSeconds: (Date.now() - wallStart) / 1000,
    },
    provenance: { tool: 'batsafe', version: packageVersion(), gitCommit: gitCommit(), createdAt: new Date().toISOString(), cards },
    files,
  };

  if (s.expectations?.reference) verifyAgainstReference(s, summary, result);

  if (options.report !== false) {
    const report = loadOptional<{ writeReport?: (dirs: string[], o?: object) => Promise<string> }>('../report');
    if (report?.writeReport) {
      writeFileAtomic(path.join(outDir, 'summary.json'), JSON.stringify({ ...summary, files: [...files, 'report.html'] }, null, 2) + '\n');
      try {
        await report.writeReport([outDir]);
        summary.files.push('report.html');
      } catch (e) {
        summary.diagnostics.warnings.push(`report not written: ${(e as Error).message}`);
      }
    }
  }
  writeFileAtomic(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

function summariseStatuses(p: (typeof STANDARD_PROFILES)[string]): string {
  const counts: Record<string, number> = {};
  const visit = (v: unknown) => {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.status === 'string' && typeof o.value === 'number') counts[o.status] = (counts[o.status] ?? 0) + 1;
      else for (const x of Object.values(o)) visit(x);
    }
  };
  visit(p);
  return Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ');
}

/**
 * One VTU per snapshot, `fields-<mesh>-<nn>-<event>.vtu`, and one ParaView collection per mesh,
 * `fields-<mesh>.pvd`, that opens them as a time series. Returns the file names written.
 */
function writeFieldSeries(outDir: string, series: NonNullable<CoupledRunResult['fieldSeries']>): string[] {
  const written: string[] = [];
  for (const f of series) {
    if (f.snapshots.length === 0) continue;
    const entries: { time: number; file: string }[] = [];
    f.snapshots.forEach((snap, i) => {
      const name = `fields-${f.kind}-${String(i).padStart(2, '0')}-${snap.event.replace(/[^a-z0-9-]+/gi, '-')}.vtu`;
      writeFileAtomic(path.join(outDir, name), formatVtu({ points: snap.points, hexahedra: f.connectivity, pointData: snap.pointData, cellData: snap.cellData }));
      entries.push({ time: snap.time, file: name });
      written.push(name);
    });
    const pvd = `fields-${f.kind}.pvd`;
    writeFileAtomic(path.join(outDir, pvd), formatPvd(entries));
    written.push(pvd);
  }
  return written;
}

/** Final mechanics state as hexahedra: one per column, from the support to the deformed top. */
function fieldsToVtu(f: NonNullable<CoupledRunResult['fields']>): string {
  const { nx, ny } = f;
  const dx = nx > 1 ? f.x[1] - f.x[0] : f.thickness;
  const dy = ny > 1 ? f.y[nx] - f.y[0] : f.thickness;
  const n = nx * ny;
  const points = new Float64Array(n * 8 * 3);
  const hexes = new Int32Array(n * 8);
  for (let k = 0; k < n; k++) {
    const top = f.topZ[k];
    const h = 2 * top; // column from -top to +top for cylinders; pouch columns have top = thickness/2
    const zTop = -top + h * (1 - f.strain[k]);
    const corners = [
      [f.x[k] - dx / 2, f.y[k] - dy / 2, -top], [f.x[k] + dx / 2, f.y[k] - dy / 2, -top], [f.x[k] + dx / 2, f.y[k] + dy / 2, -top], [f.x[k] - dx / 2, f.y[k] + dy / 2, -top],
      [f.x[k] - dx / 2, f.y[k] - dy / 2, zTop], [f.x[k] + dx / 2, f.y[k] - dy / 2, zTop], [f.x[k] + dx / 2, f.y[k] + dy / 2, zTop], [f.x[k] - dx / 2, f.y[k] + dy / 2, zTop],
    ];
    for (let c = 0; c < 8; c++) {
      points.set(corners[c], (k * 8 + c) * 3);
      hexes[k * 8 + c] = k * 8 + c;
    }
  }
  return formatVtu({ points, hexahedra: hexes, cellData: { 'Maximum compressive strain [-]': f.strain } });
}

function loadOptional<T>(id: string): T | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id) as T;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'MODULE_NOT_FOUND' && err.message.includes(`'${id}'`)) return undefined;
    throw e;
  }
}




/** Explicit-fe facts in the summary results: quasi-static scaling and the short-onset element. */
function feResults(f: NonNullable<CoupledRunResult['feMechanics']>): Record<string, number | string | null> {
  const o = f.shortOnset;
  return {
    'FE time-scale factor [-]': f.timeScaleFactor,
    'FE added mass (mass scaling) [-]': f.addedMassFraction,
    'FE velocity ramp time [s]': f.rampTime,
    'FE solver steps': f.solverSteps,
    'FE energy-balance error [-]': f.energyBalanceError,
    'Short onset element': o ? o.element : null,
    'Short onset location [m]': o ? o.location.map((v) => v.toExponential(4)).join(', ') : null,
    'Indenter displacement at short onset [m]': o ? o.indenterDisplacement : null,
    'Indenter force at short onset [N]': o ? o.force : null,
    'Maximum damaged separator area [m^2]': f.maxDamagedArea,
    ...(f.impact ? {
      'Impact velocity [m/s]': f.impact.impactVelocity,
      'Rebound velocity [m/s]': f.impact.reboundVelocity,
      'Impact drop energy m g h [J]': f.impact.dropEnergy,
      'Impact gravity work during the crush [J]': f.impact.gravityWork,
      'Impact kinetic energy at the end [J]': f.impact.kinetic,
      'Impact internal energy at the end [J]': f.impact.internal,
      'Impact hourglass energy at the end [J]': f.impact.hourglass,
      'Impact contact and friction energy at the end [J]': f.impact.contact,
      'Impact energy-balance error [-]': f.impact.relativeError,
    } : {}),
  };
}

/**
 * A verification case (expectations with a `reference` block) is judged by the run, as the
 * electrochem-verification runner does (run-electrochem.ts): the comparison numbers go to the
 * results, and a completed run that misses any stated expectation becomes 'failed' (phase
 * 'comparison', the misses in the reason; `batsafe run` exits 1). Scenarios without a reference
 * keep the engine's status (their expectations are checked by the test suite only).
 */
function verifyAgainstReference(s: CellScenario & { sourceFile?: string }, summary: RunSummary, result: CoupledRunResult): void {
  const expect = s.expectations!;
  const ref = loadReference(expect.reference!, s.sourceFile ?? s.name);
  if (ref.ok) {
    const c = compareWithReference(ref.reference, result.series);
    const u = ref.reference.unit ? ` [${ref.reference.unit}]` : '';
    summary.results['Reference points compared'] = c.points;
    summary.results[`Reference max error${u}`] = Number.isFinite(c.maxAbsoluteError) ? c.maxAbsoluteError : null;
    summary.results[`Reference RMS error${u}`] = Number.isFinite(c.rmsError) ? c.rmsError : null;
  }
  if (summary.status !== 'completed') return;
  const misses = checkExpectations(expect, summary, { timeseries: result.series, sourceFile: s.sourceFile });
  summary.results['Acceptance met'] = misses.length === 0;
  if (misses.length > 0) {
    const t = result.series['Time [s]'];
    summary.status = 'failed';
    summary.failure = { time: t && t.length > 0 ? t[t.length - 1] : 0, reason: `acceptance not met: ${misses.join('; ')}`, phase: 'comparison' };
    summary.events.push({ kind: 'failure', time: summary.failure.time, message: summary.failure.reason });
  }
}
