/**
 * The coupled abuse run (issue 7): loading → hold → observe.
 *
 * Loading: the reduced-order mechanics (winkler-indentation.ts) advances the indenter in explicit
 * increments (displacement control, or the drop mass integrated explicitly for an impact); after
 * each increment the short-onset criterion is evaluated on the column strains, the electro-thermal
 * system is advanced to the same time by the implicit NDF/BDF integrator of src/engine/numerics,
 * and the first-of stop predicates are checked. At short onset the short enters the cell model
 * (R_s = R''/A); its Joule heat goes into the short-location node; temperature feeds back through
 * the Arrhenius cell resistance, separator melt (the contact area widens, R_s falls) and the
 * runaway kinetics. SOC sets the jellyroll hardening (1 + socHardening * SOC).
 * Hold / observe: the mechanics is frozen and the electro-thermal system is integrated implicitly.
 *
 * Never throws for numerical trouble: returns status 'failed' with time, phase and reason, and all
 * samples up to that point.
 */
import { BdfIntegrator } from '../numerics';
import { CoupledCallbacks, CoupledRunInput, CoupledRunResult, Indenter, RunEventOut } from './types';
import { ColumnCriterionAdapter, createWinklerBed, evaluateBed, maxColumnStrain, WinklerBed } from './winkler-indentation';
import { VolumetricStrainCriterion } from '../mechanics/failure/volumetric-strain';
import { FeIndentation, SectionSnapshot } from './fe-indentation';
import type { FeLoading, FieldSeries, FieldSnapshot } from './fe-loading';
import { FePouch } from './fe-pouch';
import { MechanicsInputError } from '../mechanics/solver';
import { ElectroThermalSystem, IX, storedEnergyBetween, emf } from './electro-thermal';
import { CardCellDriver } from './cell-model-adapter';
import { Thermal3dModel, electricalOnlyRhs, shortPointUnderIndenter } from './thermal-3d';

/** Factor by which the short contact area grows when the separator melts at the short (assumed). */
export const MELT_WIDENING_FACTOR = 10;
/** Runaway onset: self-heating rate of a node at or above 1 K/s (Feng et al. T2 definition, runaway-and-shorts.md §1.5). */
export const RUNAWAY_RATE_KPS = 1;
/**
 * Melting point of aluminium [K] (660.3 °C, a physical constant): a short through the Al current
 * collector burns open when the short location reaches it (not for a nail, which keeps the contact).
 */
export const ALUMINIUM_MELT_K = 933.47;
/** Effective bending modulus of a pouch cell in three-point bending [Pa] (assumed). */
export const POUCH_BENDING_MODULUS = 1e9;
const GRAVITY = 9.80665;
/** Events at which the 3-D temperature field is kept with --fields (plus the end of loading via 'phase:observe'/'phase:hold'). */
const THERMAL_SNAPSHOT_EVENTS = new Set(['short-onset', 'separator-melt', 'local-runaway', 'runaway-onset', 'vent', 'phase:hold', 'phase:observe', 'failure', 'end']);

type Column = { name: string; values: number[] };

export function runCoupledCell(input: CoupledRunInput, cb: CoupledCallbacks = {}): CoupledRunResult {
  const cell = input.cell;
  const L = input.loading;
  const mechanical = L.type === 'indentation' || L.type === 'nail' || L.type === 'three-point-bend' || L.type === 'impact';
  const indenter: Indenter | undefined = 'indenter' in L ? L.indenter : undefined;
  const bed: WinklerBed | undefined = mechanical ? createWinklerBed(cell, indenter, input.grid.nx, input.grid.ny) : undefined;
  const socFactor = 1 + cell.jellyroll.socHardening * input.stateOfCharge;
  const ambientK = L.type === 'oven' ? L.ovenTemperature : input.environment.ambientK;
  // models.thermal '3d': the cell's conduction model (thermal-3d.ts) in an operator split; the BDF
  // below then integrates the electrical part only, its temperatures pinned to the 3-D model's.
  if (input.models.thermal === '3d' && !input.thermal3d) throw new Error("models.thermal '3d' needs input.thermal3d (thermal-3d.ts buildThermal3dSetup)");
  const t3 = input.models.thermal === '3d' ? new Thermal3dModel(input.thermal3d!, input.initialTemperatureK) : undefined;
  // 3-D temperature fields at the thermal events (--fields).
  const thermalSnapshots: FieldSnapshot[] | null = input.captureFields && t3 ? [] : null;
  const runawayOn = input.models.runaway === 'kim2007';

  const system = new ElectroThermalSystem(cell, {
    shortResistance: Infinity,
    shortHeatInCell: true,
    ambientK,
    runaway: runawayOn && !t3,
    lumped: input.models.thermal === 'lumped',
  });
  system.hTransfer = input.environment.h;
  system.emissivity = input.environment.emissivity;
  const y0 = system.initialState(input.stateOfCharge, input.initialTemperatureK);
  // Card-based cell model (ECM / SPM / SPMe / DFN) in an operator split with the thermal nodes.
  const driver = input.cellModel ? new CardCellDriver(input.cellModel, input.stateOfCharge, input.initialTemperatureK) : undefined;
  if (driver) system.externalCell = driver.last;
  const atol = new Float64Array(IX.size).fill(1e-8);
  atol[IX.tSpot] = atol[IX.tBulk] = 1e-6;
  atol[IX.eShort] = atol[IX.eInternal] = atol[IX.eDecomposition] = atol[IX.eToAmbient] = 1e-6;
  const integ = new BdfIntegrator({ size: IX.size, rhs: t3 ? electricalOnlyRhs(system) : system.rhs }, 0, y0, { rtol: 1e-7, atol, maxStep: 30 });

  // ---- bookkeeping -------------------------------------------------------------------------
  const events: RunEventOut[] = [];
  // Every event at the current state also gets a time-series row (fast local events, e.g. the
  // short-location temperature peak, are otherwise never sampled).
  const emit = (e: RunEventOut) => {
    events.push(e);
    cb.onEvent?.(e);
    if (thermalSnapshots && t3 && THERMAL_SNAPSHOT_EVENTS.has(e.kind)) thermalSnapshots.push({ event: e.kind, time: e.time, points: t3.setup.mesh.coordinates, pointData: { 'Temperature [K]': Float64Array.from(t3.model.temperature) }, cellData: {} });
    if (eventSampler && e.time === integ.t && !e.kind.startsWith('phase:') && e.kind !== 'end') eventSampler(e.time, currentPhase, currentPhase === 'loading');
  };
  let eventSampler: ((time: number, phase: string, withMechanics: boolean) => void) | null = null;
  let currentPhase = 'loading';
  let lastSampledTime = -Infinity;
  const warnings: string[] = [];
  const cols: Record<string, Column> = {};
  const col = (name: string) => (cols[name] ??= { name, values: [] });
  const initialVoltage = driver ? driver.initialOcv : emf(cell, input.stateOfCharge);
  let shortArea = input.models.shortArea;
  let shorted = false;
  let meltWidened = false;
  let fused = false;
  let localRunaway = false;
  let shutdownSeen = false;
  let ventSeen = false;
  let runawayOnset: number | null = null;
  let shortOnsetTime: number | null = null;
  let deformationAtShort: number | null = null;
  let peakForce = 0;
  let dispAtPeak = 0;
  let peakRecorded = false;
  let maxT = input.initialTemperatureK;
  let maxSurfaceT = input.initialTemperatureK;
  let maxRate = 0;
  let minVoltage = initialVoltage;
  let stopReason: string | null = null;
  let displacement = 0;
  let force = 0;
  let mechSteps = 0;
  let sampleCount = 0;
  let lastT = [y0[IX.tSpot], y0[IX.tBulk]];
  let lastTime = 0;
  const startGap = indenter?.startGap ?? 0;
  const loadedDimension = bed?.loadedDimension ?? 0;
  const totalEstimate = estimateDuration(input, loadedDimension);
  // 3-D: the short location is the cell surface under the indenter until the onset says where (nail tip, FE onset element).
  if (t3 && indenter && input.models.shortCriterion !== 'none') t3.placeShortAt(shortPointUnderIndenter(t3.setup, indenter, 0));

  const applyShort = (time: number, resistance: number, heatInCell: boolean) => {
    system.settings.shortResistance = resistance;
    system.settings.shortHeatInCell = heatInCell;
    if (t3 && heatInCell && indenter) t3.placeShortAt(shortPointUnderIndenter(t3.setup, indenter, L.type === 'nail' ? displacement - startGap : 0));
    integ.restart(undefined, 1e-6);
    shorted = true;
    shortOnsetTime = time;
  };
  const shortResistanceFor = (area: number) => cell.shortAreaResistance[input.models.shortType] / area;

  if (L.type === 'external-short') {
    applyShort(0, L.resistance, false);
    emit({ kind: 'short-onset', time: 0, message: `external short through ${L.resistance} Ohm`, data: { 'Short-circuit resistance [Ohm]': L.resistance } });
  }

  const canShort = L.type === 'external-short' || (mechanical && input.models.shortCriterion !== 'none');
  const sample = (time: number, phase: string, withMechanics: boolean, yAt?: Float64Array) => {
    // One row per time (an event row and a regular row may fall on the same instant).
    if (time <= lastSampledTime) return;
    lastSampledTime = time;
    const y = yAt ?? integ.y;
    const inst = system.instant(y);
    const tb = y[IX.tBulk];
    const ts = input.models.thermal === 'lumped' ? tb : y[IX.tSpot];
    const vSpot = system.geometry.spotVolume;
    const vol = system.geometry.volume;
    col('Time [s]').values.push(time);
    if (mechanical) {
      col('Indenter displacement [m]').values.push(withMechanics ? Math.max(displacement - startGap, 0) : Math.max(displacement - startGap, 0));
      col('Deformation [-]').values.push(Math.max(displacement - startGap, 0) / loadedDimension);
      col('Indenter force [N]').values.push(withMechanics ? force : phase === 'hold' ? force : 0);
    }
    col('Voltage [V]').values.push(inst.voltage);
    col('Open-circuit voltage [V]').values.push(inst.emf);
    col('Current [A]').values.push(inst.current);
    col('State of charge').values.push(driver ? driver.last.stateOfCharge : y[IX.soc]);
    // Quantities a run cannot compute are left out, not zero-filled (design.md).
    if (canShort) {
      col('Short-circuit current [A]').values.push(inst.shortCurrent);
      col('Short-circuit resistance [Ohm]').values.push(system.settings.shortResistance);
    }
    const tMax = t3 ? t3.maxTemperature() : Math.max(tb, ts);
    const tSurface = t3 ? t3.surfaceTemperature() : tb;
    col('Maximum temperature [K]').values.push(tMax);
    col('Mean temperature [K]').values.push(t3 ? t3.meanTemperature() : (ts * vSpot + tb * (vol - vSpot)) / vol);
    col('Surface temperature [K]').values.push(tSurface);
    if (input.models.thermal === 'two-node') col('Short-location temperature [K]').values.push(ts);
    else if (t3?.shortPoint) col('Short-location temperature [K]').values.push(t3.shortTemperature());
    col('Ambient temperature [K]').values.push(ambientK);
    if (canShort) col('Short-circuit heating [W]').values.push(inst.shortHeat);
    col('Ohmic heating [W]').values.push(inst.internalHeat);
    if (runawayOn) col('Decomposition heating [W]').values.push(t3 ? t3.decomposition().power : inst.decompositionHeat);
    sampleCount++;
    maxT = Math.max(maxT, tMax);
    maxSurfaceT = Math.max(maxSurfaceT, tSurface);
    minVoltage = Math.min(minVoltage, inst.voltage);
    cb.onProgress?.({ phase, time, fraction: Math.min(1, time / totalEstimate), ...(mechanical ? { force: withMechanics || phase === 'hold' ? force : 0 } : {}), voltage: inst.voltage, maxTemperature: tMax });
  };

  eventSampler = sample;

  /** Thermal events after each accepted electro-thermal step. */
  const thermalEvents = (time: number) => {
    const y = integ.y;
    // 3-D: 'bulk' = the volume mean, 'spot' = the hottest short element, plus the hottest node and surface point.
    const tb = t3 ? t3.meanTemperature() : y[IX.tBulk];
    const ts = t3 ? t3.shortTemperature() : input.models.thermal === 'lumped' ? tb : y[IX.tSpot];
    const tHot = t3 ? t3.maxTemperature() : Math.max(tb, ts);
    const dt = time - lastTime;
    maxT = Math.max(maxT, tHot);
    maxSurfaceT = Math.max(maxSurfaceT, t3 ? t3.surfaceTemperature() : tb);
    if (dt > 0) {
      const spotRate = ((t3 ? tHot : ts) - lastT[0]) / dt;
      const bulkRate = (tb - lastT[1]) / dt;
      if (Math.max(spotRate, bulkRate) > maxRate) maxRate = Math.max(spotRate, bulkRate);
      if (runawayOn) {
        // Runaway = decomposition self-heating rate Q_dec / (rho cp V) >= 1 K/s (Feng T2 definition),
        // so that a short's Joule heat or conduction from the short location is never mistaken for it.
        let bulkSelf: number;
        let spotSelf: number;
        if (t3) {
          // 3-D: the cell's volume mean, and locally the largest element rate.
          const d = t3.decomposition();
          bulkSelf = d.meanRate;
          spotSelf = d.maxElementRate;
        } else {
          const inst = system.instant(y);
          const g = system.geometry;
          const cv = cell.volumetricHeatCapacity;
          bulkSelf = inst.bulkDecompositionHeat / (cv * (g.volume - g.spotVolume));
          spotSelf = inst.spotDecompositionHeat / (cv * g.spotVolume);
        }
        if (runawayOnset === null && bulkSelf >= RUNAWAY_RATE_KPS) {
          runawayOnset = time;
          emit({ kind: 'runaway-onset', time, message: `thermal runaway of the cell: decomposition self-heating ${bulkSelf.toFixed(2)} K/s >= ${RUNAWAY_RATE_KPS} K/s`, data: { 'Maximum temperature [K]': tHot, 'Heating rate [K/s]': bulkRate } });
        }
        if (!localRunaway && (input.models.thermal === 'two-node' || t3) && spotSelf >= RUNAWAY_RATE_KPS) {
          localRunaway = true;
          if (t3) emit({ kind: 'local-runaway', time, message: `local decomposition self-heats at ${spotSelf.toFixed(1)} K/s in the hottest element`, data: { 'Maximum temperature [K]': tHot } });
          else emit({ kind: 'local-runaway', time, message: `local decomposition at the short location self-heats at ${spotSelf.toFixed(1)} K/s`, data: { 'Short-location temperature [K]': ts } });
        }
      }
    }
    lastT = [t3 ? tHot : ts, tb];
    lastTime = time;
    if (!shutdownSeen && tHot >= cell.separatorShutdownK) {
      shutdownSeen = true;
      emit({ kind: 'separator-shutdown', time, message: 'separator shutdown temperature reached (recorded; pore closure not modelled as a resistance change)', data: { 'Temperature [K]': tHot } });
    }
    if (shorted && !meltWidened && L.type !== 'external-short' && ts >= cell.separatorMeltK) {
      meltWidened = true;
      shortArea *= cell.separatorMeltAreaGrowth ?? MELT_WIDENING_FACTOR;
      system.settings.shortResistance = shortResistanceFor(shortArea);
      integ.restart(undefined, 1e-6);
      emit({ kind: 'separator-melt', time, message: `separator melt at the short: contact area x${cell.separatorMeltAreaGrowth ?? MELT_WIDENING_FACTOR}`, data: { 'Short-circuit resistance [Ohm]': system.settings.shortResistance } });
    }
    if (shorted && !fused && L.type !== 'external-short' && L.type !== 'nail' && (input.models.shortType === 'al-anode' || input.models.shortType === 'al-cu') && ts >= ALUMINIUM_MELT_K) {
      fused = true;
      system.settings.shortResistance = Infinity;
      integ.restart(undefined, 1e-6);
      emit({ kind: 'short-fused', time, message: 'the Al current collector at the short melted: the short burns open', data: { 'Temperature [K]': ts } });
    }
    if (!ventSeen && tb >= cell.ventTemperatureK) {
      ventSeen = true;
      emit({ kind: 'vent', time, message: 'vent proxy: bulk temperature reached the vent temperature', data: { 'Temperature [K]': tb } });
    }
  };

  /**
   * Card-based cell: the split interval [t, tSplit] over which the cell's last step holds; the cell
   * is stepped at the start of each interval at the volume-mean temperature (cell-model-adapter.ts).
   */
  let tSplit = 0;
  let cellLimitSeen = false;
  const stepCell = (tEnd: number): number => {
    if (!driver) return tEnd;
    if (integ.t < tSplit - 1e-12 * Math.max(1, tSplit)) return Math.min(tSplit, tEnd);
    if (driver.idle(system.settings.shortResistance)) {
      const l = driver.last;
      if (l.current !== 0 || l.shortHeat !== 0 || l.irreversibleHeat !== 0 || l.reversibleHeat !== 0) {
        // Relaxed after a model limit: its sources end here.
        driver.step(1, system.settings.shortResistance, !system.settings.shortHeatInCell, y0[IX.tBulk]);
        integ.restart(undefined, 1e-6);
      }
      return tEnd;
    }
    if (integ.t < tSplit - 1e-12 * Math.max(1, tSplit)) return Math.min(tSplit, tEnd);
    const y = integ.y;
    const g = system.geometry;
    const ts = input.models.thermal === 'lumped' ? y[IX.tBulk] : y[IX.tSpot];
    const tMean = t3 ? t3.meanTemperature() : (ts * g.spotVolume + y[IX.tBulk] * (g.volume - g.spotVolume)) / g.volume;
    // Heating rate of the hotter node from the last accepted step (resolves the thermal response).
    const h = driver.nextInterval(tEnd - integ.t, maxRateRecent);
    driver.step(h, system.settings.shortResistance, !system.settings.shortHeatInCell, tMean);
    if (driver.limit !== null && !cellLimitSeen) {
      cellLimitSeen = true;
      emit({ kind: 'cell-limit', time: integ.t + h, message: `cell model limit: ${driver.limit}; the cell is open-circuit from here on`, data: { 'State of charge': driver.last.stateOfCharge } });
    }
    // The sources jump at each interval start: restart the multistep history there.
    integ.restart(undefined, Math.min(h, 1e-3));
    tSplit = integ.t + h;
    return Math.min(tSplit, tEnd);
  };
  let maxRateRecent = 0;

  // Previous accepted step, for the temperature-extremum rows of the time series.
  const prevY = Float64Array.from(y0);
  let prevTime = 0;
  let prevMax = input.initialTemperatureK;
  let trendMax = 0;
  let trendBulk = 0;

  /**
   * 3-D thermal (thermal-3d.ts): split intervals up to `tEnd`. Each: the electrical part over
   * [t, t + h] at the held temperatures (card model: stepCell; Rint: the BDF with pinned
   * temperatures), then the conduction over h with the interval's heat (the exact quadrature
   * increments) held; the pinned temperatures are then refreshed from the 3-D field.
   */
  const advance3d = (m: Thermal3dModel, tEnd: number, phase: string, recordEachStep: boolean, minSampleGap: number): string | null => {
    let lastSample = integ.t;
    while (integ.t < tEnd - 1e-12 * Math.max(1, tEnd)) {
      if (cb.isCancelled?.()) return 'cancelled';
      const t0 = integ.t;
      const limit = m.nextIntervalEnd(t0, tEnd, system.settings.shortResistance);
      const tNext = driver ? stepCell(limit) : limit;
      const y = integ.y;
      const eShort0 = y[IX.eShort];
      const eInternal0 = y[IX.eInternal];
      const mean0 = m.meanTemperature();
      while (integ.t < tNext - 1e-12 * Math.max(1, tNext)) {
        const err = integ.step(tNext);
        if (err) return err;
      }
      const h = integ.t - t0;
      if (!(h > 0)) continue;
      const shortW = system.settings.shortHeatInCell ? (y[IX.eShort] - eShort0) / h : 0;
      const r = m.advance(h, (y[IX.eInternal] - eInternal0) / h, shortW);
      if (r.status === 'failed') return `3-D conduction: ${r.reason}`;
      y[IX.tBulk] = m.meanTemperature();
      y[IX.tSpot] = m.shortTemperature();
      for (let i = 0; i < IX.size; i++) if (!Number.isFinite(y[i])) return `non-finite state (component ${i}) at t = ${integ.t} s`;
      integ.restart(undefined, Math.min(h, 1e-2));
      maxRateRecent = Math.abs(y[IX.tBulk] - mean0) / h;
      currentPhase = phase;
      thermalEvents(integ.t);
      if (recordEachStep && integ.t - lastSample >= minSampleGap) {
        sample(integ.t, phase, false);
        lastSample = integ.t;
      }
    }
    return null;
  };

  /** Advances the electro-thermal system to `tEnd`; returns a failure reason or null. */
  const advanceTo = (tEnd: number, phase: string, recordEachStep: boolean, minSampleGap: number): string | null => {
    if (t3) return advance3d(t3, tEnd, phase, recordEachStep, minSampleGap);
    let lastSample = integ.t;
    while (integ.t < tEnd - 1e-12 * Math.max(1, tEnd)) {
      if (cb.isCancelled?.()) return 'cancelled';
      const tPrev = integ.t;
      const yPrevMax = Math.max(integ.y[IX.tSpot], integ.y[IX.tBulk]);
      const err = integ.step(stepCell(tEnd));
      if (driver && integ.t > tPrev) maxRateRecent = Math.abs(Math.max(integ.y[IX.tSpot], integ.y[IX.tBulk]) - yPrevMax) / (integ.t - tPrev);
      if (err) return err;
      const y = integ.y;
      for (let i = 0; i < IX.size; i++) if (!Number.isFinite(y[i])) return `non-finite state (component ${i}) at t = ${integ.t} s`;
      currentPhase = phase;
      // Local extrema of the recorded temperatures (maximum and surface): the previous accepted step
      // was a turning point; give it a row (its electrical columns are those of the current split interval).
      const tMax = Math.max(input.models.thermal === 'lumped' ? y[IX.tBulk] : y[IX.tSpot], y[IX.tBulk]);
      const turnMax = (tMax - prevMax) * trendMax < 0;
      const turnBulk = (y[IX.tBulk] - prevY[IX.tBulk]) * trendBulk < 0;
      if ((turnMax || turnBulk) && prevTime > lastSampledTime) sample(prevTime, phase, phase === 'loading', prevY);
      if (tMax !== prevMax) trendMax = tMax > prevMax ? 1 : -1;
      if (y[IX.tBulk] !== prevY[IX.tBulk]) trendBulk = y[IX.tBulk] > prevY[IX.tBulk] ? 1 : -1;
      prevMax = tMax;
      prevY.set(y);
      prevTime = integ.t;
      thermalEvents(integ.t);
      if (recordEachStep && integ.t - lastSample >= minSampleGap) {
        sample(integ.t, phase, false);
        lastSample = integ.t;
      }
    }
    return null;
  };

  let feKineticRatio: number | null = null;
  let feUsed = false;
  let feFacts: CoupledRunResult['feMechanics'];
  let feImpactEnergy: NonNullable<CoupledRunResult['feMechanics']>['impact'];
  let feSections: CoupledRunResult['sections'];
  let feFieldSeries: FieldSeries | undefined;
  let status: CoupledRunResult['status'] = 'completed';
  let failure: CoupledRunResult['failure'];
  const fail = (phase: string, reason: string) => {
    if (reason === 'cancelled') { status = 'cancelled'; failure = { time: integ.t, reason: 'cancelled by the caller', phase }; return; }
    status = 'failed';
    failure = { time: integ.t, reason, phase };
    emit({ kind: 'failure', time: integ.t, message: `run failed in phase '${phase}': ${reason}` });
  };

  sample(0, mechanical ? 'loading' : 'observe', true);

  // ---- loading -----------------------------------------------------------------------------
  let time = 0;
  if (bed && indenter) {
    emit({ kind: 'phase:loading', time: 0, message: `loading (${L.type}, ${indenter.shape})` });
    const erode = L.type === 'nail';
    // Short onset: the failure engine's volumetric (compaction) strain criterion (mechanics.md §1.7)
    // with gamma_f = the separator failure strain, evaluated on the column point states.
    // Explicit-FE loading through the FeLoading interface (cylinder indentation and impact:
    // fe-indentation.ts; other formats plug in their own FeLoading).
    let fe: FeLoading | undefined;
    if (input.fe && (L.type === 'indentation' || L.type === 'impact')) {
      try {
        fe = createFeLoading(input.fe, L, cell.separatorFailureStrain);
        if (input.captureFields) fe.enableFieldCapture?.();
      } catch (e) {
        fail('setup', `explicit mechanics refused the model: ${(e as Error).message}`);
      }
    }
    // Explicit dynamics has contact-force oscillations: no 'drop after peak' event from them.
    if (fe) peakRecorded = true;
    // Cross-sections of the deformed mesh (report): short onset, peak force, end of loading.
    const sections: NonNullable<CoupledRunResult['sections']>['snapshots'] = [];
    let peakSection: SectionSnapshot | null = null;
    let peakSectionForce = 0;
    let feOnset: NonNullable<CoupledRunResult['feMechanics']>['shortOnset'] = null;
    let maxDamagedArea = 0;
    const spotAndBulk = (failed: boolean) => (failed && input.models.thermal !== 'lumped' ? integ.y[IX.tSpot] : integ.y[IX.tBulk]);
    const criterion = new ColumnCriterionAdapter(bed, new VolumetricStrainCriterion({ failureVolumetricStrain: cell.separatorFailureStrain }));
    const checkShort = (t: number) => {
      if (shorted || input.models.shortCriterion === 'none') return;
      if ((fe ? fe.maxIndicator() : criterion.maxIndicator()) >= 1) {
        const eps = fe ? fe.maxCompaction : maxColumnStrain(bed);
        const def = Math.max(displacement - startGap, 0) / loadedDimension;
        deformationAtShort = def;
        const r = shortResistanceFor(shortArea);
        applyShort(t, r, true);
        const data: Record<string, number | string> = { 'Indenter force [N]': force, 'Deformation [-]': def, 'Short-circuit resistance [Ohm]': r };
        if (fe) {
          const o = fe.onsetElement();
          feOnset = { ...o, time: t, indenterDisplacement: Math.max(displacement - startGap, 0), force };
          t3?.placeShortAt(o.location);
          data['Element'] = o.element;
          data['Short-onset criterion'] = fe.criterionName ?? 'volumetric-strain';
          data['Indenter displacement [m]'] = feOnset.indenterDisplacement;
          data['Location x [m]'] = o.location[0];
          data['Location y [m]'] = o.location[1];
          data['Location z [m]'] = o.location[2];
          sections.push(fe.section('short-onset', t, spotAndBulk));
        }
        emit({ kind: 'short-onset', time: t, message: fe?.criterionName && fe.criterionName !== 'volumetric-strain'
          ? `internal short (${input.models.shortType}): ${fe.criterionName} criterion met in jellyroll element ${feOnset!.element} (compaction ${eps.toFixed(3)})`
          : `internal short (${input.models.shortType}): separator strain ${eps.toFixed(3)} >= ${cell.separatorFailureStrain}${fe ? ` in jellyroll element ${feOnset!.element}` : ''}`, data });
      }
    };
    const trackPeak = (t: number) => {
      if (force > peakForce) { peakForce = force; dispAtPeak = displacement - startGap; }
      else if (!peakRecorded && peakForce > 0 && force < 0.9 * peakForce) {
        peakRecorded = true;
        emit({ kind: 'peak-force', time: t, message: `force peak ${(peakForce / 1000).toFixed(3)} kN, then a drop`, data: { 'Indenter force [N]': peakForce, 'Indenter displacement [m]': dispAtPeak } });
      }
    };
    const checkStop = (): string | null => {
      const s = input.stop;
      const def = Math.max(displacement - startGap, 0) / loadedDimension;
      const v = system.instant(integ.y).voltage;
      if (s.force !== undefined && force >= s.force) return 'force';
      if (s.deformation !== undefined && def >= s.deformation) return 'deformation';
      if (s.displacement !== undefined && displacement - startGap >= s.displacement) return 'displacement';
      if (s.voltage !== undefined && v <= s.voltage) return 'voltage';
      if (s.voltageDrop !== undefined && initialVoltage - v >= s.voltageDrop) return 'voltage-drop';
      if (s.voltageDropFraction !== undefined && initialVoltage - v >= s.voltageDropFraction * initialVoltage) return 'voltage-drop';
      return null;
    };

    /** Shared per-increment bookkeeping of the explicit-FE loops; returns true when the loading ends. */
    const feIncrement = (f: FeLoading, r: { displacement: number; force: number; error?: string }): boolean => {
      force = r.force;
      displacement = r.displacement;
      mechSteps++;
      if (r.error) { fail('loading', r.error); return true; }
      // Peak-force cross-section: re-taken when the force passes the last snapshot's by 2 % (bounded
      // number of snapshots on a rising curve, each within 2 % of the peak force it stands for).
      const newPeakSection = force > peakForce && force > 1.02 * peakSectionForce;
      trackPeak(time);
      checkShort(time); // evaluates the short indicator while not yet shorted
      if (shorted && !fused && input.models.shortCriterion !== 'none') {
        // The damaged separator area (jellyroll elements past the criterion) feeds the short: R = R''/A.
        f.maxIndicator();
        const damaged = f.damagedArea();
        maxDamagedArea = Math.max(maxDamagedArea, damaged);
        const base = Math.max(input.models.shortArea, maxDamagedArea);
        const area = base * (meltWidened ? cell.separatorMeltAreaGrowth ?? MELT_WIDENING_FACTOR : 1);
        if (area > shortArea * 1.02) {
          shortArea = area;
          system.settings.shortResistance = shortResistanceFor(shortArea);
          integ.restart(undefined, 1e-6);
        }
      }
      if (newPeakSection) { peakSection = f.section('peak-force', time, spotAndBulk); peakSectionForce = force; }
      const err = advanceTo(time, 'loading', false, 0);
      if (err) { fail('loading', err); return true; }
      if (mechSteps % 5 === 0) sample(time, 'loading', true);
      return false;
    };

    /**
     * Displacement-controlled loading through the explicit solver. Increments of nominal length
     * dtNominal; as a stop predicate is approached they shrink so that it is met without a large
     * overshoot: displacement/deformation targets are landed on (the indenter travel is known in
     * advance), and for the force predicate the next increment is cut to a quarter of the time the
     * current force rate needs to reach it (down to dtNominal / 20), so the force change across
     * the stopping increment is a small fraction of the predicate.
     */
    const feIndentationLoop = (speed: number) => {
      const f = fe!;
      const dtNominal = Math.min(loadedDimension / 1500, speed * 0.05) / speed;
      const dtMin = dtNominal / 20;
      const s = input.stop;
      const travelTargets: number[] = [];
      if (s.displacement !== undefined) travelTargets.push(startGap + s.displacement);
      if (s.deformation !== undefined) travelTargets.push(startGap + s.deformation * loadedDimension);
      const travelStop = travelTargets.length ? Math.min(...travelTargets) : Infinity;
      const maxTravel = startGap + loadedDimension * 0.99;
      let prevForce = 0;
      let prevDt = dtNominal;
      while (true) {
        let dt = dtNominal;
        // Travel after the ramp: v (t - t_r / 2); land on the displacement/deformation target.
        const remaining = travelStop - displacement;
        if (time >= f.rampTime && remaining < speed * dt * 1.5) dt = Math.max(remaining / speed, dtMin * 0.05);
        if (s.force !== undefined && force < s.force) {
          const rate = (force - prevForce) / prevDt;
          if (rate > 0 && force + 1.5 * rate * dtNominal >= s.force) dt = Math.min(dt, Math.max(dtMin, (0.25 * (s.force - force)) / rate));
        }
        prevForce = force;
        prevDt = dt;
        time += dt;
        if (feIncrement(f, f.advanceToTime(time))) break;
        const reason = checkStop();
        if (reason) {
          stopReason = reason;
          emit({ kind: `stop:${reason}`, time, message: `loading stopped: ${reason}`, data: { 'Indenter force [N]': force, 'Indenter displacement [m]': displacement - startGap, 'Deformation [-]': (displacement - startGap) / loadedDimension } });
          break;
        }
        if (displacement >= maxTravel) {
          fail('loading', `no stop predicate triggered before the indenter crossed the cell (${((displacement - startGap) * 1000).toFixed(2)} mm)`);
          break;
        }
      }
      feKineticRatio = f.kineticToInternalRatio();
      // Stopped inside the start-up ramp: no sample after it, so the ratio (0) would claim a check that was not made.
      if (time < f.rampTime) {
        feKineticRatio = null;
        warnings.push(`mechanics: the loading stopped during the start-up velocity ramp (${time.toPrecision(3)} s < ${f.rampTime.toPrecision(3)} s): the kinetic/internal energy ratio after the ramp is not measured`);
      }
    };

    /**
     * Drop-weight impact through the explicit solver as a real dynamic event (no time scaling): the
     * impactor is a free rigid body with the drop mass, touching at t = 0 with sqrt(2 g h), under
     * gravity. Ends at rebound (the impactor moves up and has left the cell) or when it comes to
     * rest (its velocity has reversed and stays below 1 % of the impact velocity for 1 ms).
     */
    const feImpactLoop = (Li: Extract<CoupledRunInput['loading'], { type: 'impact' }>) => {
      const f = fe!;
      const v0 = Math.sqrt(2 * GRAVITY * Li.dropHeight);
      const dt = Math.min(2e-5, loadedDimension / v0 / 200);
      const maxTime = 0.2;
      let touched = false;
      let reversed = false;
      let restSince = -1;
      let v = v0;
      while (time < maxTime) {
        time += dt;
        const r = f.advanceToTime(time);
        v = r.velocity ?? 0;
        if (feIncrement(f, r)) break;
        if (force > 0) touched = true;
        if (v < 0) reversed = true;
        if (touched && reversed && v < 0 && force <= 0) {
          stopReason = 'rebound';
          emit({ kind: 'stop:rebound', time, message: `impact over: the mass rebounds at ${(-v).toFixed(3)} m/s`, data: { 'Indenter displacement [m]': displacement - startGap, 'Indenter velocity [m/s]': v } });
          break;
        }
        if (reversed && Math.abs(v) < 0.01 * v0) {
          if (restSince < 0) restSince = time;
          if (time - restSince >= 1e-3) {
            stopReason = 'rest';
            emit({ kind: 'stop:rest', time, message: 'impact over: the mass has come to rest on the cell', data: { 'Indenter displacement [m]': displacement - startGap, 'Indenter force [N]': force } });
            break;
          }
        } else restSince = -1;
      }
      if (status === 'completed' && stopReason === null) {
        stopReason = 'impact-time-limit';
        warnings.push(`impact did not end within ${maxTime} s; loading ended there`);
      }
      // Conservation of energy over the impact: drop energy m g h + work of gravity during the
      // crush = kinetic (impactor + cell) + internal + hourglass + contact/friction at the end.
      const h = f.model.histories;
      const e = h.energies;
      const k = e.internal.length - 1;
      const mgh = Li.dropMass * GRAVITY * Li.dropHeight;
      feImpactEnergy = {
        dropEnergy: mgh,
        gravityWork: e.external[k],
        kinetic: e.kinetic[k],
        internal: e.internal[k],
        hourglass: e.hourglass[k],
        contact: e.contact[k] + e.friction[k],
        relativeError: Math.abs(e.internal[k] + e.kinetic[k] + e.hourglass[k] + e.contact[k] + e.friction[k] + e.eroded[k] - (mgh + e.external[k])) / mgh,
        reboundVelocity: -v,
        impactVelocity: v0,
      };
    };

    if (status !== 'completed') {
      // set-up failed: nothing to load
    } else if (fe && L.type === 'impact') {
      feImpactLoop(L);
    } else if (fe) {
      feIndentationLoop((L as { speed: number }).speed);
    } else if (L.type === 'impact') {
      // Drop mass: m x'' = m g - F(x, x'), explicit central differences; starts at contact with v0 = sqrt(2 g h).
      const m = L.dropMass;
      let v = Math.sqrt(2 * GRAVITY * L.dropHeight);
      displacement = startGap;
      // Stable step from the tangent stiffness of the fully engaged bed, refined as it stiffens.
      let dt = 1e-6;
      let touched = false;
      const maxT = 0.2;
      while (time < maxT) {
        const a = GRAVITY - force / m;
        v += a * dt;
        displacement += v * dt;
        time += dt;
        const fPrev = force;
        force = evaluateBed(bed, cell, socFactor, displacement, v, false, true);
        mechSteps++;
        if (force > 0) touched = true;
        // Keep the step well inside the contact oscillation period 2 pi sqrt(m/k).
        const k = Math.abs(force - fPrev) / Math.max(Math.abs(v * dt), 1e-12);
        if (k > 0) dt = Math.min(1e-5, Math.max(1e-8, 0.05 * Math.sqrt(m / k)));
        trackPeak(time);
        checkShort(time);
        const err = advanceTo(time, 'loading', false, 0);
        if (err) { fail('loading', err); break; }
        if (mechSteps % 20 === 0) sample(time, 'loading', true);
        if (touched && v < 0 && force <= 0) {
          stopReason = 'rebound';
          emit({ kind: 'stop:rebound', time, message: `impact over: the mass rebounds at ${(-v).toFixed(3)} m/s`, data: { 'Indenter displacement [m]': displacement - startGap } });
          break;
        }
      }
      if (status === 'completed' && stopReason === null) {
        stopReason = 'impact-time-limit';
        warnings.push('impact did not rebound within 0.2 s; loading ended there');
      }
    } else {
      const speed = (L as { speed: number }).speed;
      const step = Math.min(loadedDimension / 1500, speed * 0.05);
      const dt = step / speed;
      const span = L.type === 'three-point-bend' ? L.supportSpan : 0;
      const g = cell.geometry;
      const bendStiffness = L.type === 'three-point-bend' ? (48 * POUCH_BENDING_MODULUS * (g.width! * g.thickness! ** 3 / 12)) / span ** 3 : 0;
      const maxDisp = startGap + loadedDimension * 0.99 + (L.type === 'three-point-bend' ? loadedDimension * 10 : 0);
      let localDisp = displacement;
      const t0 = time;
      const d0 = displacement;
      let increments = 0;
      while (true) {
        increments++;
        time = t0 + increments * dt;
        displacement = d0 + increments * step;
        mechSteps++;
        if (L.type === 'three-point-bend') {
          // Local indentation in series with beam bending: F_local(dl) = k_b (d - dl), by bisection.
          let lo = 0;
          let hi = displacement;
          for (let it = 0; it < 40; it++) {
            const mid = 0.5 * (lo + hi);
            const fl = evaluateBed(bed, cell, socFactor, mid, speed, false, false);
            if (fl > bendStiffness * (displacement - mid)) hi = mid; else lo = mid;
          }
          localDisp = 0.5 * (lo + hi);
          force = evaluateBed(bed, cell, socFactor, localDisp, speed, false, true);
        } else {
          force = evaluateBed(bed, cell, socFactor, displacement, speed, erode, true);
        }
        trackPeak(time);
        checkShort(time);
        const err = advanceTo(time, 'loading', false, 0);
        if (err) { fail('loading', err); break; }
        if (mechSteps % 5 === 0) sample(time, 'loading', true);
        const reason = checkStop();
        if (reason) {
          stopReason = reason;
          emit({ kind: `stop:${reason}`, time, message: `loading stopped: ${reason}`, data: { 'Indenter force [N]': force, 'Indenter displacement [m]': displacement - startGap, 'Deformation [-]': (displacement - startGap) / loadedDimension } });
          break;
        }
        if (displacement >= maxDisp) {
          fail('loading', `no stop predicate triggered before the indenter crossed the cell (${((displacement - startGap) * 1000).toFixed(2)} mm)`);
          break;
        }
      }
      if (L.type === 'three-point-bend') warnings.push('three-point bend: beam bending (assumed modulus) in series with local indentation; bending strains do not enter the short criterion');
    }
    if (fe) {
      feUsed = true;
      const d = fe.model.diagnostics;
      // The solver's own kinetic-ratio warning counts the start-up ramp; ours is after it.
      // (and resolve.ts scales the jellyroll rate reference by the same factor, so the rate law sees the physical rate).
      warnings.push(...d.warnings.filter((w) => !w.startsWith('not quasi-static')).map((w) => `mechanics: ${w.replace('rate-dependent materials see the scaled rate', 'the jellyroll rate law is referred to the physical rate')}`));
      if (feKineticRatio !== null && feKineticRatio > 0.05) warnings.push(`mechanics: not quasi-static: kinetic/internal energy ratio after the start-up ramp reached ${(100 * feKineticRatio).toFixed(1)} % (limit 5 %)`);
      if (peakSection) sections.push(peakSection);
      if (status === 'completed') sections.push(fe.section('end-of-loading', time, spotAndBulk));
      sections.sort((a, b) => a.time - b.time);
      if (input.captureFields && fe.fieldSeries) feFieldSeries = fe.fieldSeries(sections);
      const plane = fe.sectionPlane ?? 'x-y section at mid-length of the cell (axis z), deformed; y towards the indenter';
      feSections = { schemaVersion: 1, plane: `${plane}; temperature from the two-node model (short-spot node on elements past the short criterion, bulk node elsewhere)`, cells: fe.sectionConnectivity, snapshots: sections };
      if (L.type === 'impact') feKineticRatio = null;
      feFacts = {
        elements: input.fe!.mesh.connectivity.length / 8,
        timeScaleFactor: d.timeScaleFactor,
        addedMassFraction: d.addedMassFraction,
        rampTime: fe.rampTime,
        solverSteps: d.steps,
        energyBalanceError: d.maxRelativeEnergyError,
        shortOnset: feOnset,
        maxDamagedArea,
        ...(feImpactEnergy ? { impact: feImpactEnergy } : {}),
      };
    }
    sample(time, 'loading', true);
    if (status === 'completed' && input.release) {
      emit({ kind: 'phase:release', time, message: 'indenter released' });
    }
  }

  // ---- hold and observation (mechanics frozen) ------------------------------------------------
  const phases: [string, number][] = [];
  if (status === 'completed' && mechanical && !input.release && input.holdS > 0) phases.push(['hold', input.holdS]);
  if (status === 'completed' && input.observeS > 0) phases.push(['observe', input.observeS]);
  for (const [phase, duration] of phases) {
    emit({ kind: `phase:${phase}`, time, message: `${phase} for ${duration} s, mechanics frozen` });
    if (phase === 'observe') force = 0;
    const err = advanceTo(time + duration, phase, true, Math.min(input.sampleIntervalS * 10, duration / 200));
    if (err) { fail(phase, err); break; }
    time = integ.t;
    sample(time, phase, false);
  }

  // ---- results -----------------------------------------------------------------------------
  const y = integ.y;
  if (status === 'completed') emit({ kind: 'end', time: integ.t, message: 'end of the observation window' });
  // Card-based cell: the energies the cell adapter accumulated (drawn = ∫ U·I, short heat, irreversible heat).
  const drawn = driver ? driver.drawnJ : storedEnergyBetween(cell, y[IX.soc], input.stateOfCharge);
  const shortHeat = driver ? driver.shortHeatJ : y[IX.eShort];
  const internalHeat = driver ? driver.irreversibleHeatJ : y[IX.eInternal];
  // DFN: its irreversible heat does not refer to one OCV the adapter can evaluate (the electrical energy
  // here is ∫ U(average stoichiometries)·I), so the closure is not a check for it: not reported.
  const closureChecked = driver?.kind !== 'dfn';
  if (!closureChecked && drawn > 1e-9) warnings.push(`energy closure not checked for the DFN (drawn ∫ U_avg·I = ${drawn.toPrecision(6)} J vs short + irreversible heat ${(shortHeat + internalHeat).toPrecision(6)} J: the difference includes energy the DFN heat does not count against U_avg)`);
  const energyBalanceError = drawn > 1e-9 && closureChecked ? Math.abs(drawn - shortHeat - internalHeat) / drawn : null;
  if (!peakRecorded && peakForce > 0) {
    emit({ kind: 'peak-force', time: lastForceTime(cols, peakForce), message: `peak force ${(peakForce / 1000).toFixed(3)} kN`, data: { 'Indenter force [N]': peakForce, 'Indenter displacement [m]': dispAtPeak } });
  }
  events.sort((a, b) => a.time - b.time);
  const spotNote = shorted && system.settings.shortHeatInCell ? t3?.shortSpotNote() : null;
  if (spotNote) warnings.push(spotNote);
  if (mechanical && !feUsed) warnings.push('mechanics: reduced-order Winkler bed of homogenized jellyroll columns (no shear transfer, no casing membrane); models.mechanics: explicit-fe runs the hex8 solver instead');
  const series: Record<string, number[]> = {};
  for (const c of Object.values(cols)) series[c.name] = c.values;
  return {
    status,
    ...(failure ? { failure } : {}),
    series,
    events,
    results: {
      peakForce: mechanical ? peakForce : null,
      displacementAtPeakForce: mechanical ? dispAtPeak : null,
      maxDeformation: mechanical ? Math.max(...series['Deformation [-]']) : null,
      shortOnsetTime,
      deformationAtShortOnset: deformationAtShort,
      runawayOnsetTime: runawayOnset,
      maxTemperatureK: maxT,
      maxSurfaceTemperatureK: maxSurfaceT,
      maxHeatingRateKps: maxRate,
      ventReached: ventSeen,
      minVoltage,
      finalStateOfCharge: driver ? driver.last.stateOfCharge : y[IX.soc],
      electricalEnergyDrawnJ: drawn,
      shortHeatJ: shortHeat,
      internalHeatJ: internalHeat,
      decompositionHeatJ: t3 ? t3.decompositionEnergy() : y[IX.eDecomposition],
      ...(driver ? { reversibleHeatJ: driver.reversibleHeatJ } : {}),
      stopReason,
    },
    diagnostics: {
      energyBalanceError,
      ...(t3 ? { conductionBalanceError: t3.ledgerClosure().relativeError } : {}),
      maxKineticToInternalEnergyRatio: feKineticRatio,
      steps: {
        mechanics: mechSteps, electroThermal: integ.stats.steps, rejected: integ.stats.rejectedSteps, samples: sampleCount,
        ...(t3 ? { splitIntervals: t3.splitIntervals, conduction: t3.model.diagnostics.steps, conductionRejected: t3.model.diagnostics.rejectedSteps } : {}),
      },
      warnings,
    },
    ...(feFacts ? { feMechanics: feFacts } : {}),
    ...(feSections ? { sections: feSections } : {}),
    ...(input.captureFields && (feFieldSeries || thermalSnapshots)
      ? { fieldSeries: [...(feFieldSeries ? [feFieldSeries] : []), ...(thermalSnapshots && t3 ? [{ kind: 'thermal', connectivity: t3.setup.mesh.connectivity, elementPart: t3.setup.mesh.elementPart, snapshots: thermalSnapshots }] : [])] }
      : {}),
    ...(bed ? { fields: { x: bed.x, y: bed.y, topZ: bed.top, strain: bed.maxStrain, nx: bed.nx, ny: bed.ny, thickness: loadedDimension } } : {}),
  };
}

/** The explicit-FE loading for this loading (cylinder indentation or drop-weight impact; pouch indentation). */
function createFeLoading(setup: NonNullable<CoupledRunInput['fe']>, L: CoupledRunInput['loading'], failureStrain: number): FeLoading {
  if ('stackPart' in setup) {
    if (L.type !== 'indentation') throw new RangeError(`no explicit-FE pouch loading for '${L.type}'`);
    return new FePouch(setup, L, failureStrain);
  }
  if (L.type === 'impact') {
    const v0 = Math.sqrt(2 * GRAVITY * L.dropHeight);
    // Mass scaling within the stated added-mass limit: lower the target step until it holds.
    let target = setup.massScalingTimeStep;
    for (let attempt = 0; ; attempt++) {
      try {
        return new FeIndentation({ ...setup, massScalingTimeStep: target, timeScaleFactor: 1, impact: { mass: L.dropMass, velocity: v0 } }, L.indenter, v0, failureStrain);
      } catch (e) {
        if (!(e instanceof MechanicsInputError) || e.problem !== 'mass-scaling-limit' || attempt >= 20) throw e;
        target *= 0.85;
      }
    }
  }
  if (L.type !== 'indentation') throw new RangeError(`no explicit-FE loading for '${L.type}'`);
  return new FeIndentation(setup, L.indenter, L.speed, failureStrain);
}

function lastForceTime(cols: Record<string, Column>, f: number): number {
  const forces = cols['Indenter force [N]']?.values ?? [];
  const times = cols['Time [s]'].values;
  let best = 0;
  for (let i = 0; i < forces.length; i++) if (forces[i] >= f * (1 - 1e-12)) { best = times[i]; break; }
  return best;
}

function estimateDuration(input: CoupledRunInput, loadedDimension: number): number {
  const L = input.loading;
  let loading = 0;
  if (L.type === 'indentation' || L.type === 'nail' || L.type === 'three-point-bend') {
    loading = (Math.min(input.stop.deformation ?? 0.7, 0.7) * loadedDimension) / L.speed;
  } else if (L.type === 'impact') loading = 0.01;
  return Math.max(loading + input.holdS + input.observeS, 1e-9);
}
