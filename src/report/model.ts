/**
 * The report model: pure functions from a run (summary + time series) to the tables of a safety
 * assessment report (/work/shared/reference/standards-and-reports.md §3): cover, clause table with
 * predicted verdict codes, margins, predicted EUCAR level with its proxy rules, FMEA-style rows,
 * warnings on validity, provenance. No I/O here; the HTML writer renders what this returns.
 */
import { CardCitation, ClauseVerdict, Margin, RunEvent, RunSummary, VerdictCode } from '../io/run-result';
import { TimeSeries } from './run-data';

/** UN 38.3 T.6: external temperature must not exceed 170 °C [checked], standards-and-reports.md §1.3. */
export const UN383_MAX_TEMPERATURE_K = 273.15 + 170;
/** GB 38031 thermal propagation: 5 min warning [checked], standards-and-reports.md §1.3. */
export const GB38031_WARNING_TIME_S = 300;
/** Thermal-runaway confirmation rate dT/dt ≥ 1 °C/s (GB 38031 Annex C (c)); the "for ≥ 3 s" part is [unverified], so only the rate is used. */
export const RUNAWAY_RATE_K_PER_S = 1;
/** Duration the rate must hold (GB 38031 Annex C (c) "for ≥ 3 s"); the duration is [unverified], the report says so. */
export const RUNAWAY_RATE_DURATION_S = 3;
/** Porosity guard for Gurson-type jellyroll laws: warn above 10 % (seed-review.md §7, analyst note). */
export const POROSITY_WARNING_FRACTION = 0.1;
/** Kinetic/internal energy ratio above which an explicit run is not quasi-static (5 %: common explicit-FE practice; assumed). */
export const QUASI_STATIC_KINETIC_RATIO = 0.05;
/** Relative energy-balance error above which results are flagged (1 %; assumed threshold). */
export const ENERGY_BALANCE_WARNING = 0.01;

export const WATERMARK = 'Simulation, not a test report';

/** Predicted verdict from a signed margin (positive is safe): P, F, or N/E when nothing was evaluated. */
export function verdictFromMargin(margin: number | undefined | null): VerdictCode {
  if (margin === undefined || margin === null || !Number.isFinite(margin)) return 'N/E';
  return margin >= 0 ? 'P' : 'F';
}

/**
 * Overall predicted verdict of a clause list, in the logic of a test report form: any F fails;
 * any not-evaluated clause leaves the whole N/E; all N/A is N/A; otherwise P.
 */
export function overallVerdict(codes: VerdictCode[]): VerdictCode {
  if (codes.includes('F')) return 'F';
  const applicable = codes.filter((c) => c !== 'N/A');
  if (codes.length > 0 && applicable.length === 0) return 'N/A';
  if (applicable.length === 0 || applicable.includes('N/E')) return 'N/E';
  return 'P';
}

/** Signed margin, positive is safe: an upper limit gives limit - value, a lower limit value - limit. */
export function signedMargin(value: number, limit: number, sense: 'upper' | 'lower'): number {
  return sense === 'upper' ? limit - value : value - limit;
}

// ---------- units for display (SI inside, units at the boundary) ----------

export interface DisplayQuantity {
  value: number;
  unit: string;
}

/** Converts an SI quantity to the unit engineers read in reports (K → °C, N → kN, m → mm, J → kJ). */
export function toDisplay(value: number, unit: string, isDifference = false): DisplayQuantity {
  switch (unit) {
    case 'K':
      // A temperature difference (a margin) stays in kelvin; a temperature reads in °C.
      return isDifference ? { value, unit: 'K' } : { value: value - 273.15, unit: '°C' };
    case 'N':
      return { value: value / 1000, unit: 'kN' };
    case 'm':
      return { value: value * 1000, unit: 'mm' };
    case 'J':
      return { value: value / 1000, unit: 'kJ' };
    case 'K/s':
      return { value, unit: '°C/s' };
    case '-':
    case '1':
    case '':
      // Dimensionless fractions (deformation, strain, vented fraction) read as percentages.
      return { value: value * 100, unit: '%' };
    default:
      return { value, unit };
  }
}

/** Formats a number with 4 significant figures (no exponent for everyday magnitudes). */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3).replace('-', '−');
  const s = Number(v.toPrecision(4)).toString();
  return s.startsWith('-') ? '−' + s.slice(1) : s;
}

export function formatQuantity(value: number, unit: string, isDifference = false): string {
  const d = toDisplay(value, unit, isDifference);
  return d.unit ? `${formatNumber(d.value)} ${d.unit}` : formatNumber(d.value);
}

// ---------- time-series helpers ----------

export function column(series: TimeSeries, name: string): Float64Array | undefined {
  return series.values[name];
}

/** Maximum over finite values, with its row index; undefined when the column has no finite value. */
export function finiteMax(values: Float64Array): { value: number; index: number } | undefined {
  let best = -Infinity;
  let index = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v > best) {
      best = v;
      index = i;
    }
  }
  return index < 0 ? undefined : { value: best, index };
}

/** Linear interpolation of y at x = xq over a monotonically increasing x (e.g. time). */
export function interpolateAt(x: Float64Array, y: Float64Array, xq: number): number {
  const n = x.length;
  if (n === 0) return NaN;
  if (xq <= x[0]) return y[0];
  if (xq >= x[n - 1]) return y[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= xq) lo = mid;
    else hi = mid;
  }
  const span = x[hi] - x[lo];
  const w = span > 0 ? (xq - x[lo]) / span : 0;
  return y[lo] + w * (y[hi] - y[lo]);
}

/**
 * Time derivative by central differences on a non-uniform grid (one-sided at the ends):
 * dy/dt_i ≈ (y_{i+1} − y_{i−1}) / (t_{i+1} − t_{i−1}). Exact for linear y.
 */
export function timeDerivative(t: Float64Array, y: Float64Array): Float64Array {
  const n = t.length;
  const d = new Float64Array(n);
  if (n < 2) return d;
  for (let i = 0; i < n; i++) {
    const a = i === 0 ? 0 : i - 1;
    const b = i === n - 1 ? n - 1 : i + 1;
    const dt = t[b] - t[a];
    d[i] = dt > 0 ? (y[b] - y[a]) / dt : NaN;
  }
  return d;
}

/**
 * Longest stretch of consecutive sample intervals whose slope ΔT/Δt is at least `rate`; its start
 * time and duration. Interval slopes (not point derivatives) so that a coarse CSV is not
 * over-read.
 */
export function sustainedRate(t: Float64Array, y: Float64Array, rate: number): { start: number; duration: number } | undefined {
  let best: { start: number; duration: number } | undefined;
  let start = -1;
  for (let i = 0; i + 1 < t.length; i++) {
    const dt = t[i + 1] - t[i];
    const fast = dt > 0 && (y[i + 1] - y[i]) / dt >= rate;
    if (fast && start < 0) start = i;
    if (start >= 0 && (!fast || i + 2 === t.length)) {
      const end = fast ? i + 1 : i;
      const duration = t[end] - t[start];
      if (!best || duration > best.duration) best = { start: t[start], duration };
      start = -1;
    }
  }
  return best;
}

/** Cumulative trapezoidal integral ∫ y dt from t[0]; exact for piecewise-linear y. */
export function cumulativeTrapezoid(t: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(t.length);
  for (let i = 1; i < t.length; i++) {
    const ya = Number.isFinite(y[i - 1]) ? y[i - 1] : 0;
    const yb = Number.isFinite(y[i]) ? y[i] : 0;
    out[i] = out[i - 1] + 0.5 * (ya + yb) * (t[i] - t[i - 1]);
  }
  return out;
}

// ---------- clause table ----------

export interface ClauseRow extends ClauseVerdict {
  /** The standard's number comes from an unverified or recalled source: the verdict cannot be called normative. */
  sourceCaution: boolean;
}

export function clauseRows(summary: RunSummary): ClauseRow[] {
  return summary.verdicts.map((v) => ({
    ...v,
    // Not-evaluated clauses of a run that stopped early stay N/E; the run's own verdict is kept otherwise.
    verdict: summary.status !== 'completed' && v.verdict === 'P' ? 'N/E' : v.verdict,
    result: summary.status !== 'completed' && v.verdict === 'P' ? `${v.result} (run ${summary.status} before the end of the test: not evaluated)` : v.result,
    sourceCaution: !/^(verified|checked)$/i.test(v.sourceStatus ?? ''),
  }));
}

// ---------- margins ----------

export interface MarginRow extends Margin {
  /**
   * 'criterion': a pass/fail limit (verdict P/F); 'stop': a test stop condition (e.g. the
   * 1000 × mass force stop), where reaching the limit ends the loading and is not a failure.
   */
  role: 'criterion' | 'stop';
  verdict: VerdictCode;
  /** 'summary' (reported by the run) or 'timeseries' (computed here from timeseries.csv). */
  source: 'summary' | 'timeseries';
  /** Cross-check of a summary margin against the time series, when the report can recompute it. */
  check?: string;
}

function findEvent(summary: RunSummary, kind: string | RegExp): RunEvent | undefined {
  return summary.events.find((e) => (typeof kind === 'string' ? e.kind === kind : kind.test(e.kind)));
}

/**
 * A margin of the quantity that ends the loading against its stop condition (e.g. peak force vs
 * the 1000 × mass force stop) is not a pass/fail criterion. A margin comparing an event with a stop
 * (deformation at short onset vs the deformation stop) is one.
 */
export function marginRole(name: string): 'criterion' | 'stop' {
  return /\bstop\b/i.test(name) && !/onset|runaway|at short/i.test(name) ? 'stop' : 'criterion';
}

/**
 * Margins of the report: those the run reported, each cross-checked against timeseries.csv where
 * the report can recompute the value (peak force, maximum temperature), plus margins the report
 * computes itself when the run did not report them: T_max vs 170 °C (UN 38.3) and the warning delay
 * after runaway onset vs 5 min (GB 38031-2025) when both events exist.
 */
export function marginRows(summary: RunSummary, series: TimeSeries): MarginRow[] {
  const rows: MarginRow[] = summary.margins.map((m) => ({ ...m, role: marginRole(m.name), verdict: verdictFromMargin(m.margin), source: 'summary' as const }));
  const force = column(series, 'Indenter force [N]');
  const tmax = column(series, 'Maximum temperature [K]');
  const peakForce = force ? finiteMax(force) : undefined;
  const peakT = tmax ? finiteMax(tmax) : undefined;
  for (const row of rows) {
    // 1 % relative (force) and 0.5 K (temperature): the CSV is written with fewer digits than the summary.
    if (peakForce && row.unit === 'N' && /peak.*force|force.*peak/i.test(row.name)) {
      const rel = Math.abs(row.value - peakForce.value) / Math.max(Math.abs(peakForce.value), 1e-12);
      row.check = rel <= 0.01 ? `agrees with timeseries.csv (${formatQuantity(peakForce.value, 'N')})` : `DISAGREES with timeseries.csv peak ${formatQuantity(peakForce.value, 'N')}`;
    }
    if (peakT && row.unit === 'K' && /max.*temperature|temperature.*max|peak.*temperature/i.test(row.name)) {
      row.check = Math.abs(row.value - peakT.value) <= 0.5 ? `agrees with timeseries.csv (${formatQuantity(peakT.value, 'K')})` : `DISAGREES with timeseries.csv maximum ${formatQuantity(peakT.value, 'K')}`;
    }
  }
  const hasTemperatureMargin = rows.some((r) => r.unit === 'K' && /temperature/i.test(r.name));
  // UN 38.3 T.6 limits the EXTERNAL temperature: the surface column when the run has one, else the
  // maximum temperature (conservative).
  const surface = column(series, 'Surface temperature [K]');
  const peakSurface = surface ? finiteMax(surface) : undefined;
  const external = peakSurface ?? peakT;
  if (external && !hasTemperatureMargin) {
    const margin = signedMargin(external.value, UN383_MAX_TEMPERATURE_K, 'upper');
    const eventPeak = maxEventTemperature(summary);
    rows.push({
      name: `${peakSurface ? 'Surface' : 'Maximum'} temperature vs 170 °C (UN 38.3 T.6)`,
      value: external.value,
      limit: UN383_MAX_TEMPERATURE_K,
      unit: 'K',
      margin,
      role: 'criterion',
      verdict: verdictFromMargin(margin),
      source: 'timeseries',
      ...(eventPeak && eventPeak.value > external.value + 0.5
        ? { check: `events report up to ${formatQuantity(eventPeak.value, 'K')} ('${eventPeak.kind}', ${eventPeak.key}), above every CSV sample of this column` }
        : {}),
    });
  }
  const runaway = findEvent(summary, 'runaway-onset');
  const warning = findEvent(summary, /(^|-)warning/);
  if (runaway && warning && !rows.some((r) => /warning/i.test(r.name))) {
    const delay = warning.time - runaway.time;
    const margin = signedMargin(delay, GB38031_WARNING_TIME_S, 'upper');
    rows.push({
      name: 'Warning delay after runaway onset vs 5 min (GB 38031-2025)',
      value: delay,
      limit: GB38031_WARNING_TIME_S,
      unit: 's',
      margin,
      role: 'criterion',
      verdict: verdictFromMargin(margin),
      source: 'timeseries',
    });
  }
  return rows;
}

/** Highest temperature carried in the data of any event (e.g. the local short temperature), with where it came from. */
export function maxEventTemperature(summary: RunSummary): { value: number; kind: string; key: string } | undefined {
  let best: { value: number; kind: string; key: string } | undefined;
  for (const e of summary.events) {
    for (const [key, v] of Object.entries(e.data ?? {})) {
      if (/temperature \[K\]$/i.test(key) && typeof v === 'number' && Number.isFinite(v) && (!best || v > best.value)) best = { value: v, kind: e.kind, key };
    }
  }
  return best;
}

// ---------- EUCAR hazard level ----------

/** EUCAR hazard levels 0–7 [checked], standards-and-reports.md §1.2. */
export const EUCAR_LEVEL_NAMES: readonly string[] = [
  'No effect',
  'Passive protection activated',
  'Defect / damage',
  'Leakage, Δm < 50 %',
  'Venting, Δm ≥ 50 %',
  'Fire or flame',
  'Rupture',
  'Explosion',
];

/** The proxy rules the report applies, highest level first (shown in the report next to the result). */
export const EUCAR_PROXY_RULES: readonly { level: number; proxy: string }[] = [
  { level: 7, proxy: "an 'explosion' event (disintegration of the cell)" },
  { level: 6, proxy: "a 'rupture' event (can failure with flying parts)" },
  { level: 5, proxy: "a 'fire' or 'ignition' event (vent gas above its LFL and auto-ignition temperature)" },
  { level: 4, proxy: "a 'vent' event with vented electrolyte fraction ≥ 50 % or not reported, or a 'runaway-onset' event, or dT/dt ≥ 1 °C/s for ≥ 3 s in the mean cell temperature (GB 38031 Annex C (c); the 3 s is unverified); runaway is assumed to vent" },
  { level: 3, proxy: "a 'vent' or 'leak' event with vented electrolyte fraction < 50 %" },
  { level: 2, proxy: "a 'short-onset' or separator-failure event (irreversible damage)" },
  { level: 1, proxy: "a 'separator-shutdown' or protection-device event (CID, PTC, fuse)" },
  { level: 0, proxy: 'none of the above' },
];

export interface EucarPrediction {
  level: number;
  name: string;
  rule: string;
  evidence: string;
}

function ventedFraction(e: RunEvent): number | undefined {
  if (!e.data) return undefined;
  for (const [k, v] of Object.entries(e.data)) {
    if (/vent.*fraction|fraction.*vent/i.test(k) && typeof v === 'number') return v;
  }
  return undefined;
}

/** Predicts the EUCAR level from the proxies in EUCAR_PROXY_RULES (events and the maximum-temperature rate). */
export function predictEucarLevel(summary: RunSummary, series: TimeSeries): EucarPrediction {
  const make = (level: number, evidence: string): EucarPrediction => ({
    level,
    name: EUCAR_LEVEL_NAMES[level],
    rule: EUCAR_PROXY_RULES.find((r) => r.level === level)!.proxy,
    evidence,
  });
  const at = (e: RunEvent) => `'${e.kind}' at t = ${formatNumber(e.time)} s`;
  const ev = (re: RegExp) => summary.events.find((e) => re.test(e.kind));
  let e = ev(/^explosion/);
  if (e) return make(7, at(e));
  e = ev(/^rupture|^can-rupture/);
  if (e) return make(6, at(e));
  e = ev(/^(fire|ignition)/);
  if (e) return make(5, at(e));
  const vent = ev(/^(vent|leak)/);
  const fraction = vent ? ventedFraction(vent) : undefined;
  if (vent && vent.kind.startsWith('vent') && (fraction === undefined || fraction >= 0.5)) {
    return make(4, fraction === undefined ? `${at(vent)} (vented fraction not reported)` : `${at(vent)}, vented fraction ${formatNumber(fraction * 100)} %`);
  }
  e = ev(/^runaway-onset/);
  if (e) return make(4, at(e));
  const t = column(series, 'Time [s]');
  const cellTemperatureName = series.values['Mean temperature [K]'] ? 'Mean temperature [K]' : 'Maximum temperature [K]';
  const cellTemperature = column(series, cellTemperatureName);
  if (t && cellTemperature && t.length > 1) {
    const sustained = sustainedRate(t, cellTemperature, RUNAWAY_RATE_K_PER_S);
    if (sustained && sustained.duration >= RUNAWAY_RATE_DURATION_S) {
      return make(4, `dT/dt of the ${cellTemperatureName.replace(' [K]', '').toLowerCase()} stays ≥ 1 °C/s for ${formatNumber(sustained.duration)} s from t = ${formatNumber(sustained.start)} s`);
    }
  }
  if (vent) return make(3, fraction === undefined ? at(vent) : `${at(vent)}, vented fraction ${formatNumber(fraction * 100)} %`);
  e = ev(/^short-onset|^separator-(failure|fracture|rupture)/);
  if (e) return make(2, at(e));
  e = ev(/^separator-shutdown|^(cid|ptc|fuse|protection)/);
  if (e) return make(1, at(e));
  return make(0, 'no event of the rules above in the simulated window');
}

export interface EucarSection {
  declared?: { level: number; rule: string; description: string };
  predicted: EucarPrediction;
  /** Statement on whether the run's declared level and the report's proxy prediction agree. */
  agreement: string;
  agrees: boolean;
}

export function eucarSection(summary: RunSummary, series: TimeSeries): EucarSection {
  const predicted = predictEucarLevel(summary, series);
  const declared = summary.eucar;
  if (!declared) {
    return { predicted, agrees: true, agreement: 'The run did not declare a EUCAR level; the level shown is the report\'s proxy prediction.' };
  }
  const agrees = declared.level === predicted.level;
  return {
    declared,
    predicted,
    agrees,
    agreement: agrees
      ? `The run's declared level ${declared.level} agrees with the report's proxy rules.`
      : `The run declared level ${declared.level}; the report's proxy rules give ${predicted.level} (${predicted.evidence}). The two rule sets differ: see the run's rule above and the table below.`,
  };
}

// ---------- FMEA ----------

export interface FmeaRow {
  failureMode: string;
  cause: string;
  localEffect: string;
  systemEffect: string;
  /** EUCAR level of the effect (severity scale of SAE J2464-2021 reporting). */
  severity: number;
  detection: string;
  mitigation: string;
  /** The event that produced the row, e.g. "'short-onset' at t = 12.1 s". */
  evidence: string;
}

type FmeaTemplate = Omit<FmeaRow, 'evidence'>;

const FMEA_TEMPLATES: { match: RegExp; row: FmeaTemplate }[] = [
  {
    match: /^short-onset|^separator-(failure|fracture|rupture)/,
    row: {
      failureMode: 'Internal short circuit (separator failure)',
      cause: 'Mechanical intrusion deforms the jellyroll beyond the separator failure criterion',
      localEffect: 'Current through the short path; local Joule heating at the contact',
      systemEffect: 'Cell self-discharges and heats; may trigger thermal runaway',
      severity: 2,
      detection: 'Voltage drop ΔV, rising temperature, isolation loss',
      mitigation: 'Limit intrusion (structure, crush zone), ceramic-coated separator, current interrupt',
    },
  },
  {
    match: /^separator-shutdown/,
    row: {
      failureMode: 'Separator shutdown (pore closure)',
      cause: 'Separator reaches its melting temperature',
      localEffect: 'Ionic path blocked; internal resistance rises',
      systemEffect: 'Cell loses function; current limited (passive protection)',
      severity: 1,
      detection: 'Internal-resistance rise, voltage collapse under load',
      mitigation: 'Shutdown separator (PE/PP), thermal management',
    },
  },
  {
    match: /^separator-(melt|collapse|shrink)/,
    row: {
      failureMode: 'Separator melt-down / shrinkage',
      cause: 'Temperature above the separator integrity limit',
      localEffect: 'Large-area contact of the electrodes',
      systemEffect: 'Large internal short; fast heating',
      severity: 2,
      detection: 'Voltage collapse, dT/dt',
      mitigation: 'Ceramic-coated or high-melting separator',
    },
  },
  {
    match: /^local-runaway/,
    row: {
      failureMode: 'Local decomposition at the short (hot spot)',
      cause: 'Joule heat at the short spot drives local decomposition reactions',
      localEffect: 'Hot spot self-heats above the surrounding jellyroll',
      systemEffect: 'Can grow into cell-level runaway unless the short burns open',
      severity: 2,
      detection: 'Hardly visible to surface sensors; voltage drop, rising cell temperature',
      mitigation: 'Ceramic-coated separator, lower SOC, higher short resistance (coatings)',
    },
  },
  {
    match: /^short-fused/,
    row: {
      failureMode: 'Short path burns open',
      cause: 'Short current melts the current collector at the contact',
      localEffect: 'Short current interrupted',
      systemEffect: 'Self-discharge stops; the cell stays damaged',
      severity: 2,
      detection: 'Voltage recovery after the drop',
      mitigation: 'Self-limiting outcome; not a designed protection',
    },
  },
  {
    match: /^(fuse-melt|cell-disconnect|pack-open)/,
    row: {
      failureMode: 'Cell fuse / interconnect opens',
      cause: 'Current above the fuse or interconnect rating (short in a parallel group)',
      localEffect: 'Faulty cell isolated from its parallel group',
      systemEffect: 'Capacity loss; limits energy fed into the faulty cell',
      severity: 1,
      detection: 'Current interruption, cell-group voltage (BMS)',
      mitigation: 'Fused interconnects sized for the short current (design)',
    },
  },
  {
    match: /^runaway-onset/,
    row: {
      failureMode: 'Thermal runaway',
      cause: 'Heat from the short and decomposition reactions exceeds heat loss (dT/dt ≥ 1 °C/s)',
      localEffect: 'Temperature rise of hundreds of kelvin; gas generation',
      systemEffect: 'Venting, possible fire; propagation to neighbouring cells',
      severity: 4,
      detection: 'dT/dt ≥ 1 °C/s, voltage loss, gas/pressure sensor',
      mitigation: 'Lower SOC, thermal barriers, vent path, cell spacing, BMS warning',
    },
  },
  {
    match: /^(vent|leak)/,
    row: {
      failureMode: 'Venting / electrolyte release',
      cause: 'Internal gas pressure above the vent (burst-disc) threshold',
      localEffect: 'Hot flammable gas and electrolyte released',
      systemEffect: 'Flammable atmosphere in the enclosure; smoke',
      severity: 4,
      detection: 'Pressure or gas sensor, mass loss',
      mitigation: 'Vent channel to outside, gas management, enclosure ventilation',
    },
  },
  {
    match: /^(fire|ignition)/,
    row: {
      failureMode: 'Fire',
      cause: 'Vent gas above its lower flammability limit and auto-ignition temperature',
      localEffect: 'Flame at the vent',
      systemEffect: 'Heating of neighbouring cells and structure; hazard to occupants',
      severity: 5,
      detection: 'Flame / temperature sensors',
      mitigation: 'Flame arrestor, fire-resistant barriers, suppression',
    },
  },
  {
    match: /^(rupture|can-rupture)/,
    row: {
      failureMode: 'Case rupture',
      cause: 'Pressure rate exceeds vent capacity, or mechanical perforation of the can',
      localEffect: 'Can opens; active mass ejected',
      systemEffect: 'Flying parts; fire spread',
      severity: 6,
      detection: 'Pressure rate, acoustic',
      mitigation: 'Vent sizing, can strength, enclosure containment',
    },
  },
  {
    match: /^explosion/,
    row: {
      failureMode: 'Explosion',
      cause: 'Ignition of accumulated vent gas or uncontrolled pressure build-up',
      localEffect: 'Disintegration of the cell',
      systemEffect: 'Blast and fragments; loss of the enclosure',
      severity: 7,
      detection: 'Pressure transducers',
      mitigation: 'Gas management, deflagration venting, containment',
    },
  },
];

/** FMEA-style rows, one per distinct failure-mode event of the run (first occurrence), in time order. */
export function fmeaRows(summary: RunSummary): FmeaRow[] {
  const rows: FmeaRow[] = [];
  const used = new Set<number>();
  const events = [...summary.events].sort((a, b) => a.time - b.time);
  for (const e of events) {
    const idx = FMEA_TEMPLATES.findIndex((t) => t.match.test(e.kind));
    if (idx < 0 || used.has(idx)) continue;
    used.add(idx);
    const details = e.data ? Object.entries(e.data).map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : v}`).join(', ') : '';
    rows.push({ ...FMEA_TEMPLATES[idx].row, evidence: `'${e.kind}' at t = ${formatNumber(e.time)} s${details ? ` (${details})` : ''}` });
  }
  return rows;
}

// ---------- warnings on validity ----------

export interface ReportWarning {
  /** 'run' (the run's own diagnostics), 'validity' (the report's checks), 'provenance'. */
  kind: 'run' | 'validity' | 'provenance';
  message: string;
}

/** Warnings the reviewer must see: the run's own warnings plus the report's checks. */
export function reportWarnings(summary: RunSummary): ReportWarning[] {
  const out: ReportWarning[] = summary.diagnostics.warnings.map((message) => ({ kind: 'run' as const, message }));
  if (summary.status === 'failed' && summary.failure) {
    out.push({ kind: 'validity', message: `The run failed at t = ${formatNumber(summary.failure.time)} s${summary.failure.phase ? ` (phase ${summary.failure.phase})` : ''}: ${summary.failure.reason}. Results after that time do not exist; verdicts that needed them are N/E.` });
  }
  if (summary.status === 'cancelled') out.push({ kind: 'validity', message: 'The run was cancelled before the end; verdicts that needed the rest of the run are N/E.' });
  for (const [name, value] of Object.entries(summary.results)) {
    if (/porosity/i.test(name) && typeof value === 'number' && value > POROSITY_WARNING_FRACTION) {
      out.push({ kind: 'validity', message: `${name} = ${formatNumber(value * 100)} % is above 10 %: porosity-based (Gurson-type) damage laws are outside their calibrated range.` });
    }
  }
  const ratio = summary.diagnostics.maxKineticToInternalEnergyRatio;
  if (ratio !== undefined && ratio > QUASI_STATIC_KINETIC_RATIO) {
    out.push({ kind: 'validity', message: `Kinetic/internal energy ratio reached ${formatNumber(ratio * 100)} % (> ${QUASI_STATIC_KINETIC_RATIO * 100} %): the loading is not quasi-static; inertia affects the force response.` });
  }
  const eb = summary.diagnostics.energyBalanceError;
  if (eb !== undefined && Math.abs(eb) > ENERGY_BALANCE_WARNING) {
    out.push({ kind: 'validity', message: `Energy-balance error ${formatNumber(Math.abs(eb) * 100)} % exceeds ${ENERGY_BALANCE_WARNING * 100} %: the time step or mesh may be too coarse.` });
  }
  const unsure = summary.provenance.cards.filter((c) => !/^(measured|fitted)$/i.test(c.status));
  if (unsure.length) {
    out.push({ kind: 'provenance', message: `${unsure.length} card(s) carry status ${[...new Set(unsure.map((c) => c.status))].join('/')}: ${unsure.map((c) => c.id).join(', ')}. Their numbers are not validated.` });
  }
  const clauses = summary.verdicts.filter((v) => !/^(verified|checked)$/i.test(v.sourceStatus ?? ''));
  if (clauses.length) {
    out.push({ kind: 'provenance', message: `${clauses.length} clause limit(s) come from secondary or recalled sources (${clauses.map((c) => c.clause).join('; ')}): predicted verdicts against them are not normative.` });
  }
  return out;
}

// ---------- cover ----------

export function coverRows(summary: RunSummary): [string, string][] {
  const s = summary.specimen;
  const rows: [string, string][] = [
    ['Scenario', summary.scenario.name + (summary.scenario.file ? ` (${summary.scenario.file})` : '')],
    ['Object', `${s.kind}: ${s.description}`],
  ];
  if (s.chemistry) rows.push(['Chemistry', s.chemistry]);
  if (s.capacityAh !== undefined) rows.push(['Capacity', `${formatNumber(s.capacityAh)} Ah`]);
  if (s.massKg !== undefined) rows.push(['Mass', `${formatNumber(s.massKg * 1000)} g`]);
  if (s.stateOfCharge !== undefined) rows.push(['State of charge', `${formatNumber(s.stateOfCharge * 100)} %`]);
  if (s.initialTemperatureK !== undefined) rows.push(['Initial temperature', formatQuantity(s.initialTemperatureK, 'K')]);
  rows.push(['Standard and edition', summary.scenario.standard ?? 'none (research scenario)']);
  if (summary.verdicts.length) rows.push(['Clauses', summary.verdicts.map((v) => v.clause).join('; ')]);
  const models = Object.entries(summary.models).map(([k, v]) => `${k}: ${v}`).join('; ');
  if (models) rows.push(['Models', models]);
  rows.push(['Tool', `${summary.provenance.tool} ${summary.provenance.version}${summary.provenance.gitCommit ? ` (git ${summary.provenance.gitCommit.slice(0, 12)})` : ''}`]);
  rows.push(['Scenario hash', summary.scenario.hash]);
  rows.push(['Run created', summary.provenance.createdAt]);
  rows.push(['Run status', summary.status + (summary.failure ? ` at t = ${formatNumber(summary.failure.time)} s: ${summary.failure.reason}` : '')]);
  return rows;
}

export function provenanceRows(summary: RunSummary): CardCitation[] {
  return [...summary.provenance.cards].sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

// ---------- the whole model of one run ----------

export interface RunReportModel {
  label: string;
  dir: string;
  status: RunSummary['status'];
  failure?: RunSummary['failure'];
  cover: [string, string][];
  clauses: ClauseRow[];
  overall: VerdictCode;
  margins: MarginRow[];
  eucar: EucarSection;
  events: RunEvent[];
  fmea: FmeaRow[];
  warnings: ReportWarning[];
  provenance: CardCitation[];
  results: RunSummary['results'];
}

export function buildRunReportModel(label: string, dir: string, summary: RunSummary, series: TimeSeries): RunReportModel {
  const clauses = clauseRows(summary);
  return {
    label,
    dir,
    status: summary.status,
    failure: summary.failure,
    cover: coverRows(summary),
    clauses,
    overall: overallVerdict(clauses.map((c) => c.verdict)),
    margins: marginRows(summary, series),
    eucar: eucarSection(summary, series),
    events: [...summary.events].sort((a, b) => a.time - b.time),
    fmea: fmeaRows(summary),
    warnings: reportWarnings(summary),
    provenance: provenanceRows(summary),
    results: summary.results,
  };
}
