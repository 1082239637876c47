/**
 * FIXTURE run directories for the report tests: a small, physically plausible stand-in for what
 * `batsafe run` writes (summary.json, timeseries.csv, sections.json), generated here by a toy
 * lumped model. These are NOT batsafe results and are labelled "fixture" everywhere they appear.
 *
 * Toy model (only so that the curves have the right shape and consistent magnitudes):
 * - 18650 cell, D = 18 mm, crushed by an R75 semicylinder at 1 mm/s; F = k·d^1.6 up to the
 *   short, a 35 % load drop after it, stop at 15 % deformation (2.7 mm), hold.
 * - Short: I = OCV/(R_int + R_sc), V = OCV − I·R_int, OCV = 3.4 + 0.75·SOC V.
 * - Lumped energy balance m·c_p·dT/dt = I²R_sc + I²R_int + Q_SEI + Q_cathode − hA(T − T0) with
 *   Hatchard-type Arrhenius heat terms Q = H·m·A·exp(−Ea/RT)·x, dx/dt = −A·exp(−Ea/RT)·x.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { RunSummary, RunEvent } from '../../src/io/run-result';

export type FixtureVariant = 'cell-runaway' | 'cell-safe' | 'pack' | 'failed';

interface Row {
  [column: string]: number;
}

const R_GAS = 8.314;

interface CellDesign {
  shortResistanceOhm: number;
  endTime: number;
  stateOfCharge: number;
  /** Displacement at which the separator fails [m] and the force there [N]. */
  dShort: number;
  forceAtShort: number;
}

function simulateCell(design: CellDesign) {
  const { shortResistanceOhm, endTime } = design;
  const D = 0.018;
  const speed = 1e-3;
  const dShort = design.dShort;
  const dStop = 0.15 * D;
  const k = design.forceAtShort / Math.pow(dShort, 1.6);
  const capacityC = 3.0 * 3600;
  const rInt = 0.03;
  const mcp = 0.045 * 1100;
  const hA = 0.042;
  const T0 = 298.15;
  let T = T0;
  let soc = design.stateOfCharge;
  let xSei = 0.15;
  let xCat = 0.95;
  let shortOpen = false;
  let tShort = NaN;
  let rSc = shortResistanceOhm;
  const rows: Row[] = [];
  const events: RunEvent[] = [];
  let runaway = false;
  let vented = false;
  let fire = false;
  let peakF = 0;
  let tPeak = 0;
  const dtSub = 0.005;
  let t = 0;
  let nextSample = 0;
  let prevT = T;
  const sampleStep = (time: number) => (time < 3.5 ? 0.05 : time < 60 ? 0.5 : 2);
  while (t <= endTime + 1e-9) {
    const d = Math.min(speed * t, dStop);
    const onLoad = speed * t < dStop;
    if (!shortOpen && d >= dShort) {
      shortOpen = true;
      tShort = t;
      events.push({ kind: 'short-onset', time: t, message: 'Separator failure criterion met: internal short opens', data: { 'Indenter displacement [m]': d, 'Indenter force [N]': k * Math.pow(d, 1.6) } });
    }
    const fLoad = k * Math.pow(Math.min(d, dShort), 1.6) * (shortOpen ? 0.65 + 0.5 * Math.max(0, d - dShort) / dShort : 1);
    const F = onLoad ? fLoad : fLoad * Math.exp(-(t - dStop / speed) / 30) * 0.9 + fLoad * 0.1;
    if (F > peakF) {
      peakF = F;
      tPeak = t;
    }
    if (T > 440 && rSc > 0.05) rSc = 0.05; // separator melt-down: large-area short
    const ocv = 3.4 + 0.75 * Math.max(soc, 0);
    const I = shortOpen && soc > 0 ? ocv / (rInt + rSc) : 0;
    const V = soc > 0 ? ocv - I * rInt : 0; // fully discharged through the short
    const qShort = I * I * rSc;
    const qJoule = I * I * rInt;
    const kSei = 1.667e15 * Math.exp(-1.3508e5 / (R_GAS * T));
    const kCat = 6.667e13 * Math.exp(-1.396e5 / (R_GAS * T));
    const qSei = 2.57e5 * 0.015 * kSei * xSei;
    const qCat = 3.14e5 * 0.02 * kCat * xCat;
    const qLoss = hA * (T - T0);
    const dTdt = (qShort + qJoule + qSei + qCat - qLoss) / mcp;
    if (t >= nextSample - 1e-9) {
      const row: Row = {
        'Time [s]': t,
        'Voltage [V]': V,
        'Current [A]': 0,
        'Indenter displacement [m]': d,
        'Indenter force [N]': F,
        // Hot spot at the short: grows over ~20 s after the short opens; the decomposition terms add a little.
        'Maximum temperature [K]': T + (shortOpen ? 0.5 * qShort * (1 - Math.exp(-(t - tShort) / 20)) : 0) + 0.002 * (qSei + qCat),
        'Mean temperature [K]': T,
        'Surface temperature [K]': T - 0.002 * (qShort + qSei + qCat),
        'Short-circuit current [A]': shortOpen ? I : NaN,
        'Short-circuit resistance [Ohm]': shortOpen ? rSc : NaN,
        'Short-circuit heating [W]': qShort,
        'Ohmic heating [W]': qJoule,
        'SEI decomposition heating [W]': qSei,
        'Cathode decomposition heating [W]': qCat,
        'State of charge': Math.max(soc, 0),
      };
      rows.push(row);
      nextSample = t + sampleStep(t);
    }
    if (!runaway && dTdt >= 1) {
      runaway = true;
      events.push({ kind: 'runaway-onset', time: t, message: 'dT/dt of the mean temperature reached 1 °C/s', data: { 'Mean temperature [K]': T } });
    }
    if (!vented && T >= 453) {
      vented = true;
      events.push({ kind: 'vent', time: t, message: 'Can pressure above the vent burst threshold', data: { 'Vented electrolyte fraction': 0.72 } });
    }
    if (!fire && T >= 700) {
      fire = true;
      events.push({ kind: 'fire', time: t, message: 'Vent gas above LFL and auto-ignition temperature', data: { 'Mean temperature [K]': T } });
    }
    prevT = T;
    T += dTdt * dtSub;
    soc -= (I * dtSub) / capacityC;
    xSei = Math.max(0, xSei - kSei * xSei * dtSub);
    xCat = Math.max(0, xCat - kCat * xCat * dtSub);
    t += dtSub;
  }
  void prevT;
  events.push({ kind: 'peak-force', time: tPeak, message: 'Peak indenter force', data: { 'Indenter force [N]': peakF } });
  events.push({ kind: 'stop:deformation', time: dStop / speed, message: 'Stop: 15 % deformation reached; hold', data: { 'Indenter displacement [m]': dStop } });
  events.sort((a, b) => a.time - b.time);
  return { rows, events, peakF, dShort, dStop, tShort, runaway, fire, vented };
}

function sectionsFor(dStop: number, events: RunEvent[], tmaxAt: (t: number) => number) {
  const R = 0.009;
  const nr = 8;
  const nt = 36;
  const nodesRef: number[][] = [[0, 0]];
  for (let i = 1; i <= nr; i++) for (let j = 0; j < nt; j++) {
    const a = (2 * Math.PI * j) / nt;
    nodesRef.push([(R * i * Math.cos(a)) / nr, (R * i * Math.sin(a)) / nr]);
  }
  const id = (i: number, j: number) => (i === 0 ? 0 : 1 + (i - 1) * nt + (j % nt));
  const cells: number[][] = [];
  for (let i = 0; i < nr; i++) for (let j = 0; j < nt; j++) {
    cells.push(i === 0 ? [0, id(1, j), id(1, j + 1)] : [id(i, j), id(i + 1, j), id(i + 1, j + 1), id(i, j + 1)]);
  }
  const snapshot = (event: string, time: number, delta: number) => {
    // Indenter from the top (+v): squash vertically, bulge sideways (volume roughly kept).
    const s = 1 - delta / (2 * R);
    const nodes = nodesRef.map(([u, v]) => [u * (1 + 0.45 * (1 - s)), (v + R) * s - R]);
    const centroids = cells.map((c) => c.reduce((acc, n) => [acc[0] + nodesRef[n][0] / c.length, acc[1] + nodesRef[n][1] / c.length], [0, 0]));
    const strain = centroids.map(([u, v]) => (delta / (2 * R)) * 1.8 * Math.exp(-((u * u) / (0.35 * R * R))) * Math.pow((v + R) / (2 * R), 2));
    const tPeak = tmaxAt(time);
    const temperature = centroids.map(([u, v]) => 298.15 + (tPeak - 298.15) * Math.exp(-((u * u + (v - 0.4 * R) * (v - 0.4 * R)) / (0.5 * R * R))));
    return { event, time, nodes, fields: { 'Equivalent plastic strain': strain, 'Temperature [K]': temperature } };
  };
  const shortEv = events.find((e) => e.kind === 'short-onset');
  const snaps = [];
  if (shortEv) snaps.push(snapshot('short-onset', shortEv.time, Number(shortEv.data?.['Indenter displacement [m]'] ?? dStop)));
  const runaway = events.find((e) => e.kind === 'runaway-onset');
  snaps.push(snapshot(runaway ? 'runaway-onset' : 'end of hold', runaway ? runaway.time : 600, dStop));
  return { schemaVersion: 1, plane: 'x-y mid-length section (FIXTURE)', cells, snapshots: snaps };
}

function toCsv(rows: Row[], columns: string[]): string {
  const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(7)).toString() : '');
  return [columns.join(','), ...rows.map((r) => columns.map((c) => fmt(r[c])).join(','))].join('\n') + '\n';
}

function baseSummary(name: string): RunSummary {
  return {
    schemaVersion: 1,
    status: 'completed',
    scenario: { name, file: `scenarios/${name}.yaml`, hash: 'sha256:fixture0000000000000000000000000000', standard: 'GB 38031-2020', description: 'FIXTURE generated by test/support/report-fixtures.ts, not a batsafe run' },
    specimen: { kind: 'cell', description: '18650 cylindrical cell (FIXTURE)', chemistry: 'NMC/graphite', capacityAh: 3.0, massKg: 0.045, stateOfCharge: 1.0, initialTemperatureK: 298.15 },
    models: { mechanics: 'crushable foam jellyroll (fixture)', electrochemistry: 'Rint ECM (fixture)', thermal: 'lumped (fixture)', runaway: 'Hatchard 4-reaction (fixture)' },
    events: [],
    verdicts: [],
    margins: [],
    results: {},
    diagnostics: { energyBalanceError: 0.002, maxKineticToInternalEnergyRatio: 0.004, steps: { mechanics: 5400, thermal: 180000 }, warnings: [], wallTimeSeconds: 12.5 },
    provenance: {
      tool: 'batsafe', version: '0.1.0', gitCommit: '0123456789abcdef0123456789abcdef01234567', createdAt: '2026-11-26T20:00:00Z',
      cards: [
        { id: 'jellyroll-18650-crushable-foam', kind: 'material', citations: ['Sahraei et al., J. Power Sources 201 (2012) 307'], source: 'fixture', status: 'fitted' },
        { id: 'cell-nmc-18650-3ah', kind: 'cell', citations: ['Chen et al., J. Electrochem. Soc. 167 (2020) 080534'], source: 'fixture', status: 'measured' },
        { id: 'hatchard-2001-kinetics', kind: 'kinetics', citations: ['Hatchard et al., J. Electrochem. Soc. 148 (2001) A755'], source: 'fixture', status: 'fitted' },
        { id: 'steel-can-generic', kind: 'material', citations: [], source: 'assumed typical values (fixture)', status: 'assumed' },
      ],
    },
    files: ['summary.json', 'timeseries.csv', 'sections.json'],
  };
}

const CELL_COLUMNS = [
  'Time [s]', 'Voltage [V]', 'Indenter displacement [m]', 'Indenter force [N]', 'Maximum temperature [K]', 'Mean temperature [K]', 'Surface temperature [K]',
  'Short-circuit current [A]', 'Short-circuit resistance [Ohm]', 'Short-circuit heating [W]', 'Ohmic heating [W]', 'SEI decomposition heating [W]', 'Cathode decomposition heating [W]', 'State of charge',
];

function writeCell(dir: string, variant: 'cell-runaway' | 'cell-safe' | 'failed'): void {
  // The "safe" design: lower SOC, a softer jellyroll that shorts later, a higher short resistance.
  const design: CellDesign = variant === 'cell-safe'
    ? { shortResistanceOhm: 6, endTime: 900, stateOfCharge: 0.5, dShort: 2.55e-3, forceAtShort: 8.2e3 }
    : { shortResistanceOhm: 1, endTime: variant === 'failed' ? 1.8 : 900, stateOfCharge: 1.0, dShort: 2.4e-3, forceAtShort: 9.5e3 };
  const endTime = design.endTime;
  const sim = simulateCell(design);
  const name = variant === 'cell-safe' ? 'fixture-18650-crush-safe' : variant === 'failed' ? 'fixture-18650-crush-failed' : 'fixture-18650-crush-runaway';
  const s = baseSummary(name);
  s.specimen.stateOfCharge = design.stateOfCharge;
  const maxT = Math.max(...sim.rows.map((r) => r['Maximum temperature [K]']));
  s.events = sim.events.filter((e) => e.time <= endTime);
  s.margins = [
    { name: 'Peak indenter force vs 100 kN stop', value: sim.peakF, limit: 1e5, unit: 'N', margin: 1e5 - sim.peakF },
  ];
  if (variant !== 'failed') {
    // Positive when the short would need more deformation than the test applies (safe).
    s.margins.push({ name: 'Indenter displacement at short onset vs 15 % deformation stop', value: sim.dShort, limit: sim.dStop, unit: 'm', margin: sim.dShort - sim.dStop });
  }
  s.results = {
    'Peak indenter force [N]': sim.peakF,
    'Maximum temperature [K]': maxT,
    'Short onset time [s]': Number.isFinite(sim.tShort) ? sim.tShort : null,
    'Thermal runaway': sim.runaway,
    'Jellyroll porosity': 0.32,
  };
  if (variant === 'failed') {
    s.status = 'failed';
    s.failure = { time: 1.8, reason: 'element 412 inverted (negative Jacobian) under the indenter edge (FIXTURE)', phase: 'loading' };
    s.verdicts = [{ clause: 'GB 38031-2020 §8.1.6 Cell compression', requirement: 'No fire, no explosion', simulatedCondition: 'R75 semicylinder, 1 mm/s; stop at first of V = 0, 15 % deformation, 100 kN, 1000 × mass', result: 'Run stopped during loading', verdict: 'N/E', sourceStatus: 'checked' }];
    s.eucar = { level: 0, rule: 'no event before the failure', description: 'No effect' };
  } else {
    const gbVerdict = sim.fire ? 'F' : 'P';
    s.verdicts = [
      { clause: 'GB 38031-2020 §8.1.6 Cell compression', requirement: 'No fire, no explosion', simulatedCondition: 'R75 semicylinder, 1 mm/s; stop at first of V = 0, 15 % deformation, 100 kN, 1000 × mass; hold 10 min; observe 15 min (shortened)', result: sim.fire ? 'Fire predicted (vent gas ignition proxy)' : 'No fire or explosion predicted', verdict: gbVerdict, sourceStatus: 'checked' },
      { clause: 'UN 38.3 T.6 (temperature criterion, informative)', requirement: 'External temperature ≤ 170 °C', simulatedCondition: 'Maximum temperature over the run', result: `T_max = ${(maxT - 273.15).toFixed(0)} °C`, verdict: maxT <= 443.15 ? 'P' : 'F', sourceStatus: 'checked' },
      { clause: 'GB 38031-2020 §8.1.6 observation period', requirement: 'Observe 1 h after the test', simulatedCondition: 'Simulated 15 min only', result: 'Not simulated for the full hour', verdict: 'N/E', sourceStatus: 'recalled' },
    ];
    s.eucar = sim.fire ? { level: 5, rule: "'fire' event", description: 'Fire or flame' } : sim.runaway ? { level: 4, rule: "'runaway-onset' event", description: 'Venting' } : { level: 2, rule: "'short-onset' event", description: 'Defect / damage' };
  }
  s.diagnostics.warnings = variant === 'failed' ? ['Run stopped by an inverted element (FIXTURE)'] : [];
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'timeseries.csv'), toCsv(sim.rows, CELL_COLUMNS));
  const tmaxAt = (t: number) => {
    let best = sim.rows[0];
    for (const r of sim.rows) if (Math.abs(r['Time [s]'] - t) < Math.abs(best['Time [s]'] - t)) best = r;
    return best['Maximum temperature [K]'];
  };
  if (variant !== 'failed') fs.writeFileSync(path.join(dir, 'sections.json'), JSON.stringify(sectionsFor(sim.dStop, s.events, tmaxAt)));
  else s.files = ['summary.json', 'timeseries.csv'];
  fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(s, null, 2));
}

function writePack(dir: string): void {
  // Four cells in a row; cell 1 is triggered, each neighbour runs away 150 s after the previous (FIXTURE).
  const cells = 4;
  const onset = (i: number) => 60 + 150 * i;
  const rows: Row[] = [];
  for (let t = 0; t <= 900; t += 2) {
    const row: Row = { 'Time [s]': t };
    let max = 0;
    let sum = 0;
    for (let i = 0; i < cells; i++) {
      const rise = 1 / (1 + Math.exp(-(t - onset(i)) / 6));
      const preheat = i > 0 ? 60 * Math.max(0, Math.min(1, (t - onset(i - 1)) / 150)) : 0;
      const cool = t > onset(i) + 40 ? Math.exp(-(t - onset(i) - 40) / 400) : 1;
      const T = 298.15 + preheat * (1 - rise) + rise * (480 * cool + 60);
      row[`Cell ${i + 1} temperature [K]`] = T;
      max = Math.max(max, T);
      sum += T;
    }
    row['Maximum temperature [K]'] = max;
    row['Mean temperature [K]'] = sum / cells;
    // Module voltage: a cell that has run away contributes 0 V.
    row['Voltage [V]'] = [0, 1, 2, 3].reduce((v, i) => v + (t > onset(i) ? 0 : 4.1), 0);
    rows.push(row);
  }
  const s = baseSummary('fixture-module-4s-propagation');
  s.specimen = { kind: 'module', description: '4-cell module, cell 1 triggered by heating (FIXTURE)', chemistry: 'NMC/graphite', capacityAh: 3.0, stateOfCharge: 1.0, massKg: 0.2 };
  s.scenario.standard = 'GB 38031-2025 Annex C';
  s.events = [
    { kind: 'runaway-onset', time: onset(0), message: 'Cell 1 runaway (trigger)' },
    { kind: 'warning', time: onset(0) + 30, message: 'BMS thermal-event warning (dT/dt and voltage rule)' },
    ...[1, 2, 3].map((i) => ({ kind: 'propagation', time: onset(i), message: `Cell ${i + 1} runaway` })),
    { kind: 'vent', time: onset(0) + 5, message: 'Cell 1 vents', data: { 'Vented electrolyte fraction': 0.8 } },
  ];
  s.verdicts = [
    { clause: 'GB 38031-2025 §8.2.x thermal propagation', requirement: 'Warning ≤ 5 min after TR; no fire, no explosion', simulatedCondition: 'Cell 1 heated to runaway; 15 min observed', result: 'Warning 30 s after TR; all four cells run away', verdict: 'F', sourceStatus: 'checked' },
  ];
  s.eucar = { level: 4, rule: "'vent' event with vented fraction ≥ 50 %", description: 'Venting' };
  s.files = ['summary.json', 'timeseries.csv'];
  const columns = ['Time [s]', 'Voltage [V]', 'Maximum temperature [K]', 'Mean temperature [K]', ...Array.from({ length: cells }, (_, i) => `Cell ${i + 1} temperature [K]`)];
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'timeseries.csv'), toCsv(rows, columns));
  fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(s, null, 2));
}

/** Writes a FIXTURE run directory of the given variant into dir (created if needed); returns dir. */
export function writeFixtureRun(dir: string, variant: FixtureVariant): string {
  if (variant === 'pack') writePack(dir);
  else writeCell(dir, variant);
  return dir;
}
