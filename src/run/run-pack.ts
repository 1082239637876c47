/**
 * The I/O side of a pack run (issue 10): loads the pack design card(s) of a validated pack
 * scenario, builds the netlist and thermal network, runs src/engine/pack, and writes summary.json
 * (RunSummary of src/io/run-result.ts) and timeseries.csv into `outDir`.
 *
 *   runPackScenarioToDirectory(scenario, outDir, options): Promise<RunSummary>
 *
 * timeseries.csv columns: `Time [s]`, `Voltage [V]`, `Current [A]`, `Maximum temperature [K]`, then
 * per cell (1-based) `Cell <i> temperature [K]`, `Cell <i> current [A]`, `Cell <i> voltage [V]`.
 * With `compareWith`, every further design runs on the same scenario into
 * `<outDir>/designs/<design id>/` (same two files), and `<outDir>/comparison.json` holds the
 * side-by-side table (compareDesigns). A numerical failure keeps the partial results and says
 * when and why (status 'failed').
 */
import * as fs from 'fs';
import * as path from 'path';
import { gitCommit, packageVersion } from './tool-provenance';
import { repoRoot } from '../scenario/cards';
import type { Scenario } from '../scenario';
import type { PackScenarioInput } from '../scenario/pack';
import { CardCitation, RunEvent, RunSummary, SUMMARY_SCHEMA_VERSION, ClauseVerdict } from '../io/run-result';
import { writeFileAtomic } from '../io/atomic';
import { formatTimeseriesCsv } from '../io/csv';
import { loadPackCard, PackDesign } from '../io/cards/pack-card';
import { buildLayoutNetlist, withExtraResistors } from '../engine/pack/netlist';
import { buildGridThermalNetwork } from '../engine/pack/thermal-network';
import { PackSimulationInput, PackSimulationResult, PackTrigger, simulatePack } from '../engine/pack/propagation';
import type { PackControl } from '../engine/pack/circuit';
import { compareDesigns, DesignComparison } from '../engine/pack/compare';
import { crushModule, CrushOutcome } from '../engine/pack/module-crush';
import { crushModuleFe, FeCrushOutcome } from '../engine/pack/module-crush-fe';
import type { RunOptions } from './run-scenario';

type PackScenario = PackScenarioInput & { sourceFile?: string; sourceHash?: string };

/** GB 38031-2020 §5.2.7: warning at least 5 min before a hazard ([checked] via a secondary source, standards-and-reports.md §1.3). */
export const GB38031_WARNING_LEAD_S = 300;

function resolveCardPath(scenario: PackScenario, ref: string): string {
  const candidates = [
    scenario.sourceFile ? path.resolve(path.dirname(scenario.sourceFile), ref) : null,
    path.resolve(process.cwd(), ref),
    path.resolve(repoRoot(), ref),
    // A shipped scenario's text submitted without its file (API): its paths are relative to scenarios/.
    path.resolve(repoRoot(), 'scenarios', ref),
  ].filter((p): p is string => p !== null);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`pack design card '${ref}' not found (looked in: ${candidates.join(', ')})`);
  return found;
}

function loadControl(step: NonNullable<PackScenarioInput['load']>[number]): PackControl {
  if (step.current !== undefined && step.voltage !== undefined) return { mode: 'cccv', current: step.current, voltage: step.voltage };
  if (step.current !== undefined) return { mode: 'current', current: step.current };
  if (step.power !== undefined) return { mode: 'power', power: step.power };
  if (step.voltage !== undefined) return { mode: 'voltage', voltage: step.voltage };
  if (step.resistance !== undefined) return { mode: 'resistance', resistance: step.resistance };
  return { mode: 'rest' };
}

/** Builds the engine input of one design under one scenario (SI throughout). Exported for tests and the benchmark. */
export function buildPackSimulationInput(design: PackDesign, s: PackScenarioInput): PackSimulationInput {
  const c = design.card;
  const n = c.layout.series * c.layout.parallel;
  const cellOutOfRange = (cell: number, where: string): void => {
    if (cell < 1 || cell > n) throw new Error(`scenario ${where}: cell ${cell} does not exist in design '${c.id}' (cells 1..${n})`);
  };
  let netlist = buildLayoutNetlist({ kind: c.layout.kind, series: c.layout.series, parallel: c.layout.parallel, resistances: c.resistances, terminals: c.layout.terminals });
  let trigger: PackTrigger | undefined;
  const t = s.trigger;
  if (t.method === 'heater') {
    cellOutOfRange(t.cell, 'trigger.cell');
    trigger = { kind: 'heater', cell: t.cell - 1, power: t.power, start: t.start };
  } else if (t.method === 'nail' || t.method === 'internal-short') {
    cellOutOfRange(t.cell, 'trigger.cell');
    trigger = { kind: t.method, cell: t.cell - 1, resistance: t.resistance, time: t.time };
  } else if (t.method === 'external-short') {
    let from: number;
    let to: number;
    if (t.cell === 'pack') {
      from = -1;
      to = netlist.positiveTerminal;
    } else {
      cellOutOfRange(t.cell, 'trigger.cell');
      const b = netlist.cellBranch[t.cell - 1];
      from = netlist.branchFrom[b];
      to = netlist.branchTo[b];
    }
    const extra = withExtraResistors(netlist, [{ from, to, resistance: Infinity, name: `external short ${t.cell === 'pack' ? 'pack' : `cell ${t.cell}`}` }]);
    netlist = extra.netlist;
    trigger = { kind: 'external-short', branch: extra.branches[0], resistance: t.resistance, time: t.time };
  }
  const ambient = c.cooling.ambientTemperature;
  const initialTemperature = s.initialTemperature ?? ambient;
  const busbarLinks: Array<{ a: number; b: number; conductance: number }> = [];
  if (c.thermalPaths.busbarConductance > 0) {
    // Cells of one parallel group share a busbar: link neighbours in the group.
    for (let sIdx = 0; sIdx < c.layout.series; sIdx++)
      for (let p = 0; p + 1 < c.layout.parallel; p++) busbarLinks.push({ a: sIdx * c.layout.parallel + p, b: sIdx * c.layout.parallel + p + 1, conductance: c.thermalPaths.busbarConductance });
  }
  const { spec } = buildGridThermalNetwork({
    cellCount: n,
    columns: c.arrangement.columns,
    pitchX: c.arrangement.pitchX,
    pitchY: c.arrangement.pitchY,
    cellHeatCapacity: design.cellHeatCapacity,
    neighbourConductanceX: design.neighbourConductanceX,
    neighbourConductanceY: design.neighbourConductanceY,
    busbarLinks,
    ambientConductance: design.ambientConductancePerCell,
    coolantConductance: design.coolantConductancePerCell,
    ambientTemperature: ambient,
    coolantTemperature: design.coolantTemperature,
    housing: c.cooling.housing ?? null,
  });
  const model = design.cellModel;
  const cells = Array.from({ length: n }, () => ({ model, state: model.initialState(s.stateOfCharge, initialTemperature) }));
  const det = s.detection;
  const bms = c.bms;
  return {
    netlist,
    cells,
    electrical: { coupling: s.coupling ?? 'implicit', fuseMeltI2t: c.fuses ? new Float64Array(n).fill(c.fuses.meltI2t) : undefined },
    thermal: spec,
    initialTemperature,
    stateOfCharge: s.stateOfCharge,
    kinetics: design.kinetics,
    cellVolume: c.cell.volume,
    anodeLithiumScalesWithSoc: c.cell.anodeLithiumScalesWithSoc,
    load: (s.load ?? []).map((step) => ({ until: step.until, control: loadControl(step) })),
    trigger,
    separatorCollapse: c.cell.separatorCollapse,
    disconnectTemperature: c.cell.disconnectTemperature,
    detection: {
      voltageDropFraction: det?.voltageDropFraction ?? 0.25,
      maxOperatingTemperature: det?.maxOperatingTemperature ?? 333.15,
      rateThreshold: det?.temperatureRate ?? 1,
      rateDuration: det?.rateDuration ?? 3,
    },
    bms: {
      voltageSensorCells: bms.voltageSensorCells === 'all' ? Array.from({ length: n }, (_, i) => i) : bms.voltageSensorCells.map((i) => i - 1),
      temperatureSensorCells: bms.temperatureSensorCells.map((i) => i - 1),
      deltaVoltage: bms.deltaVoltage,
      temperatureRate: bms.temperatureRate,
      temperature: bms.temperature,
    },
    duration: s.duration,
    timeStep: s.timeStep,
    quietTimeStep: s.quietTimeStep,
    outputInterval: s.outputInterval ?? Math.max(s.timeStep, s.duration / 500),
  };
}

function timeseries(result: PackSimulationResult): { columns: string[]; data: Record<string, ArrayLike<number>> } {
  const n = result.runawayTime.length;
  const k = result.time.length;
  const data: Record<string, ArrayLike<number>> = {
    'Time [s]': result.time,
    'Voltage [V]': result.packVoltage,
    'Current [A]': result.packCurrent,
    'Maximum temperature [K]': result.maxTemperature,
  };
  const columns = Object.keys(data);
  for (let c = 0; c < n; c++) {
    const T = new Float64Array(k);
    const I = new Float64Array(k);
    const V = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      T[j] = result.cellTemperature[j][c];
      I[j] = result.cellCurrent[j][c];
      V[j] = result.cellVoltage[j][c];
    }
    for (const [name, arr] of [[`Cell ${c + 1} temperature [K]`, T], [`Cell ${c + 1} current [A]`, I], [`Cell ${c + 1} voltage [V]`, V]] as const) {
      columns.push(name);
      data[name] = arr;
    }
  }
  return { columns, data };
}

function verdicts(s: PackScenarioInput, r: PackSimulationResult): ClauseVerdict[] {
  const m = r.metrics;
  const out: ClauseVerdict[] = [];
  if (s.test === 'thermal-propagation' && (s.standard === 'GB38031-2020/thermal-propagation' || !s.standard)) {
    let verdict: ClauseVerdict['verdict'];
    let result: string;
    if (r.status !== 'completed') {
      verdict = 'N/E';
      result = `run ${r.status}`;
    } else if (!m.propagated) {
      verdict = 'P';
      result = `no propagation beyond the trigger cell within ${s.duration} s${m.firstWarningTime !== null ? `; warning at ${m.firstWarningTime.toFixed(0)} s` : ''}`;
    } else if (m.warningLeadTime !== null && m.warningLeadTime >= GB38031_WARNING_LEAD_S) {
      verdict = 'P';
      result = `warning ${m.warningLeadTime.toFixed(0)} s before the first propagation`;
    } else {
      verdict = 'F';
      result = m.firstWarningTime === null ? 'propagation without any BMS warning' : `warning only ${m.warningLeadTime!.toFixed(0)} s before the first propagation`;
    }
    out.push({
      clause: 'GB 38031-2020 §5.2.7 / Annex C',
      requirement: 'Thermal-event warning at least 5 min before a hazard in the passenger compartment',
      simulatedCondition: `hazard proxy: first runaway of a cell other than the trigger cell; warning from BMS ΔV and dT/dt signals (predicted, simulation only)`,
      result,
      verdict,
      sourceStatus: 'secondary',
    });
  }
  if (s.test === 'thermal-propagation' || s.standard === 'UL9540A/module') {
    out.push({
      clause: 'UL 9540A module level',
      requirement: 'Does thermal runaway propagate beyond the initiating cell, and to how many cells',
      simulatedCondition: 'lumped cell thermal network with decomposition kinetics in every cell (predicted, simulation only)',
      result: m.propagated ? `propagated: ${m.cellsInRunaway} of ${r.runawayTime.length} cells in runaway` : `no propagation (${m.cellsInRunaway} cell(s) in runaway)`,
      verdict: r.status !== 'completed' ? 'N/E' : m.propagated ? 'F' : 'P',
      sourceStatus: 'secondary',
    });
  }
  return out;
}

function writeDesignRun(
  outDir: string,
  s: PackScenario,
  design: PackDesign,
  r: PackSimulationResult,
  wallSeconds: number,
  extraResults: Record<string, number | boolean | string | null>,
  extraFiles: string[],
): RunSummary {
  fs.mkdirSync(outDir, { recursive: true });
  const files = ['summary.json'];
  if (r.time.length > 0) {
    const ts = timeseries(r);
    writeFileAtomic(path.join(outDir, 'timeseries.csv'), formatTimeseriesCsv(ts.columns, ts.data));
    files.push('timeseries.csv');
  }
  const c = design.card;
  const m = r.metrics;
  const n = r.runawayTime.length;
  const runawayOrder = Array.from(r.runawayTime)
    .map((t, i) => ({ t, i }))
    .filter((x) => !Number.isNaN(x.t))
    .sort((a, b) => a.t - b.t)
    .map((x) => x.i + 1);
  const events: RunEvent[] = r.events.map((e) => ({ kind: e.kind, time: e.time, message: e.message, ...(e.data ? { data: e.data } : {}) }));
  const cards: CardCitation[] = [...design.citations];
  const summary: RunSummary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    status: r.status,
    ...(r.failure ? { failure: { ...r.failure, phase: 'pack' } } : {}),
    scenario: {
      name: s.name,
      ...(s.sourceFile ? { file: s.sourceFile } : {}),
      hash: s.sourceHash ?? '',
      ...(s.standard ? { standard: s.standard } : {}),
      ...(s.description ? { description: s.description } : {}),
    },
    specimen: {
      kind: n > 100 ? 'pack' : 'module',
      description: `${c.name} (${c.layout.series}s${c.layout.parallel}p ${c.layout.kind}; ${c.cell.description})`,
      ...(c.cell.chemistry ? { chemistry: c.cell.chemistry } : {}),
      capacityAh: c.cell.ecm.capacityAh * c.layout.parallel,
      massKg: c.cell.mass * n,
      stateOfCharge: s.stateOfCharge,
      initialTemperatureK: s.initialTemperature ?? c.cooling.ambientTemperature,
    },
    models: {
      electrical: `nodal analysis of the ${c.layout.kind} netlist, ${s.coupling ?? 'implicit'} cell coupling, ${design.cellModel.kind} ECM per cell`,
      thermal: 'lumped cell thermal network (spacers, barriers, busbars, convection, cooling plate), backward Euler',
      runaway: design.kinetics ? `${design.kinetics.name} four-reaction kinetics in every cell` : 'none',
      design: c.id,
    },
    events,
    verdicts: verdicts(s, r),
    margins:
      m.warningLeadTime !== null
        ? [{ name: 'Warning lead time before first propagation', value: m.warningLeadTime, limit: GB38031_WARNING_LEAD_S, unit: 's', margin: m.warningLeadTime - GB38031_WARNING_LEAD_S }]
        : [],
    results: {
      'Cell count': n,
      'Cells in runaway': m.cellsInRunaway,
      'Runaway propagated': m.propagated,
      'Runaway order (cell numbers)': runawayOrder.join(' '),
      'Trigger cell': m.triggerCell >= 0 ? m.triggerCell + 1 : null,
      'Trigger runaway time [s]': m.triggerRunawayTime,
      'Time to propagation [s]': m.timeToPropagation,
      'First warning time [s]': m.firstWarningTime,
      'Warning signal': m.warningSignal,
      'First hazard time [s]': m.firstHazardTime,
      'Warning lead time [s]': m.warningLeadTime,
      'Maximum temperature [K]': m.peakTemperature,
      'Energy released [J]': m.energyReleased,
      'Peak current fed into a shorted cell [A]': m.peakFedCurrent,
      'Cell fed the peak current': m.peakFedCell >= 0 ? m.peakFedCell + 1 : null,
      'Reaction heat [J]': r.diagnostics.energy['Reaction heat [J]'] ?? 0,
      ...extraResults,
    },
    diagnostics: {
      energyBalanceError: r.diagnostics.energyBalanceError,
      steps: { electrical: r.diagnostics.electricalSteps, kineticsSubsteps: r.diagnostics.kineticsSubsteps, maxNetworkIterations: r.diagnostics.maxNetworkIterations },
      warnings: [
        ...r.diagnostics.warnings,
        'Verdicts are predictions of a lumped simulation, not test results; the GB 38031 hazard is proxied by the first propagation.',
        `Reaction-energy cross-check error ${r.diagnostics.reactionEnergyCheckError.toExponential(2)}; energy terms [J]: ${Object.entries(r.diagnostics.energy).map(([k, v]) => `${k} ${v.toExponential(3)}`).join('; ')}`,
      ],
      wallTimeSeconds: wallSeconds,
    },
    provenance: { tool: 'batsafe', version: packageVersion(), gitCommit: gitCommit(), createdAt: new Date().toISOString(), cards },
    files: [...files, ...extraFiles],
  };
  writeFileAtomic(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

export async function runPackScenarioToDirectory(scenario: Scenario, outDir: string, options: RunOptions = {}): Promise<RunSummary> {
  const s = scenario as unknown as PackScenario;
  const designs = [s.design, ...(s.compareWith ?? [])].map((ref) => loadPackCard(resolveCardPath(s, ref)));
  fs.mkdirSync(outDir, { recursive: true });
  const runs: Array<{ design: string; result: PackSimulationResult; wall: number; crush: (CrushOutcome & Partial<FeCrushOutcome>) | null }> = [];
  for (let k = 0; k < designs.length; k++) {
    const design = designs[k];
    const wallStart = Date.now();
    const input = buildPackSimulationInput(design, s);
    let crush: (CrushOutcome & Partial<FeCrushOutcome>) | null = null;
    if (s.test === 'module-crush' && s.crush) {
      crush = s.crush.model === 'fe' ? feCrush(design, input.netlist.cellCount, s.crush) : crushModule({
        cellCount: input.netlist.cellCount,
        columns: design.card.arrangement.columns,
        pitchX: design.card.arrangement.pitchX,
        cellDiameter: s.crush.cellDiameter,
        indenter: s.crush.indenter,
        radius: s.crush.radius ?? 0.075,
        speed: s.crush.speed,
        maxDeformation: s.crush.maxDeformation,
        onsetStrain: s.crush.onsetStrain,
      });
      input.shortSchedule = crush.shorts.map((x) => ({ cell: x.cell, time: x.time, resistance: s.crush!.shortResistance }));
      input.trigger = undefined;
    }
    let lastProgress = 0;
    input.onProgress = (time, fraction, maxTemperature, voltage) => {
      const now = Date.now();
      if (options.onProgress && (now - lastProgress >= 100 || fraction >= 1)) {
        lastProgress = now;
        options.onProgress({ phase: designs.length > 1 ? `design ${k + 1}/${designs.length}` : 'pack', time, fraction: (k + fraction) / designs.length, maxTemperature, voltage });
      }
    };
    input.isCancelled = () => options.signal?.aborted === true;
    let result: PackSimulationResult;
    try {
      result = simulatePack(input);
    } catch (e) {
      throw new Error(`pack run of design '${design.card.id}' could not start: ${(e as Error).message}`);
    }
    for (const e of result.events) options.onEvent?.({ kind: e.kind, time: e.time, message: `${designs.length > 1 ? `[${design.card.id}] ` : ''}${e.message}`, ...(e.data ? { data: e.data } : {}) });
    runs.push({ design: design.card.id, result, wall: (Date.now() - wallStart) / 1000, crush });
  }
  let comparison: DesignComparison | null = null;
  const extraFiles: string[] = [];
  if (designs.length > 1) {
    comparison = compareDesigns(runs.map((r) => ({ design: r.design, result: r.result })));
    for (let k = 1; k < designs.length; k++) {
      const dir = path.join(outDir, 'designs', designs[k].card.id);
      writeDesignRun(dir, s, designs[k], runs[k].result, runs[k].wall, crushResults(runs[k].crush), []);
      extraFiles.push(path.join('designs', designs[k].card.id));
    }
    writeFileAtomic(path.join(outDir, 'comparison.json'), JSON.stringify({ scenario: s.name, designs: designs.map((d) => d.card.id), runDirectories: ['.', ...extraFiles], ...comparison }, null, 2) + '\n');
    extraFiles.push('comparison.json');
  }
  const primary = runs[0];
  const headline = { ...crushResults(primary.crush), ...(comparison ? { 'Best design (fewest cells in runaway)': comparison.best } : {}) };
  let summary = writeDesignRun(outDir, s, designs[0], primary.result, primary.wall, headline, extraFiles);
  if (options.report !== false) {
    // The report (src/report, when present): report.html of the primary design, and with
    // compareWith a design-comparison report over every design's run directory.
    const report = loadOptional<{ writeReport?: (dirs: string[], o?: { outFile?: string }) => Promise<string> }>('../report');
    if (report?.writeReport) {
      const written: string[] = [];
      const warnings: string[] = [];
      try {
        await report.writeReport([outDir]);
        written.push('report.html');
      } catch (e) {
        warnings.push(`report not written: ${(e as Error).message}`);
      }
      if (designs.length > 1) {
        try {
          const dirs = [outDir, ...designs.slice(1).map((d) => path.join(outDir, 'designs', d.card.id))];
          await report.writeReport(dirs, { outFile: path.join(outDir, 'comparison-report.html') });
          written.push('comparison-report.html');
        } catch (e) {
          warnings.push(`comparison report not written: ${(e as Error).message}`);
        }
      }
      summary = { ...summary, files: [...summary.files, ...written], diagnostics: { ...summary.diagnostics, warnings: [...summary.diagnostics.warnings, ...warnings] } };
      writeFileAtomic(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    }
  }
  return summary;
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

/** Generic jellyroll law of the cell presets, sigma = 120 MPa gamma^2 to densification at 0.7 [assumed]. */
const DEFAULT_JELLYROLL = {
  density: 2700,
  youngsModulus: 5e8,
  crushCurve: [[0, 1e5], [0.1, 1.2e6], [0.2, 4.8e6], [0.3, 1.08e7], [0.4, 1.92e7], [0.5, 3.0e7], [0.6, 4.32e7], [0.7, 5.88e7], [0.8, 5e8]] as Array<[number, number]>,
};

/** FE crush of one row (the first `columns` cells); every cell of a column shorts with its row cell. */
function feCrush(design: PackDesign, cellCount: number, c: NonNullable<PackScenarioInput['crush']>): CrushOutcome & Partial<FeCrushOutcome> {
  const columns = Math.min(design.card.arrangement.columns, cellCount);
  const row = crushModuleFe({
    cellCount: columns,
    cellThickness: design.card.arrangement.pitchX,
    cellHeight: c.cellDiameter,
    cellDepth: c.cellLength!,
    indenter: c.indenter,
    radius: c.radius ?? 0.075,
    speed: c.speed,
    maxDeformation: c.maxDeformation,
    onsetStrain: c.onsetStrain,
    material: c.jellyroll ?? DEFAULT_JELLYROLL,
    elementsPerCell: c.elementsPerCell,
  });
  const shorts: CrushOutcome['shorts'] = [];
  for (const sh of row.shorts) for (let cell = sh.cell; cell < cellCount; cell += columns) shorts.push({ ...sh, cell });
  shorts.sort((a, b) => a.time - b.time || a.cell - b.cell);
  return { ...row, shorts };
}

function crushResults(c: (CrushOutcome & Partial<FeCrushOutcome>) | null): Record<string, number | boolean | string | null> {
  if (!c) return {};
  return {
    'Crush end time [s]': c.endTime,
    'Indenter displacement at end [m]': c.finalDisplacement,
    'Cells shorted by the crush': c.shorts.length,
    'First crush short time [s]': c.shorts.length ? c.shorts[0].time : null,
    'Crush model': c.model,
    ...(c.peakForce !== undefined
      ? {
          'Peak indenter force [N]': c.peakForce,
          'FE maximum kinetic/internal energy ratio': c.maxKineticToInternalRatio ?? null,
          'FE energy balance error (fraction of peak internal energy)': c.energyBalanceError ?? null,
          'FE steps': c.feSteps ?? null,
          'FE status': c.status ?? null,
        }
      : {}),
  };
}



