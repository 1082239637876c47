/**
 * Import of BPX (Battery Parameter eXchange, Faraday Institution; schema in FaradayInstitution/BPX
 * bpx/schema.py) into a batsafe cell card (kind cell-electrochemistry, model physics), which then
 * goes through the same validation as a YAML card (src/io/cards/cell-card.ts).
 *
 * Mapping (BPX → batsafe):
 *   Cell: "Electrode area [m2]" × "Number of electrode pairs connected in parallel to make a cell" → electrodeArea;
 *         "Nominal cell capacity [A.h]", "Lower/Upper voltage cut-off [V]", "Reference temperature [K]" (default 298.15).
 *   Electrode "Surface area per unit volume [m-1]" a → active fraction ε_s = a R / 3 (a = 3 ε_s / R);
 *   "Transport efficiency" τ = ε^b → Bruggeman b = ln τ / ln ε (b = 1.5 when ε = 1, where τ must be 1);
 *   "Conductivity [S.m-1]" is already effective → σ with Bruggeman 0;
 *   "Reaction rate constant [mol.m-2.s-1]" K (BPX normalised form i0 = F K √(c_e/c_e0 · θ (1 − θ)))
 *        → coefficient m = F K / (c_max √c_e0) of i0 = m √(c_e c_s (c_max − c_s)) (the conversion PyBaMM's BPX import uses);
 *   "Minimum/Maximum stoichiometry" → SOC window (negative: min at 0 %, positive: max at 0 %);
 *   values may be numbers, expression strings in x (mathjs) or tables {x, y}; activation energies map directly.
 * Only single-material electrodes are imported; blended electrodes, hysteresis and tabulated entropic
 * coefficients are refused with a message naming the field.
 */
import { readFileSync } from 'node:fs';
import { FARADAY } from '../engine/electrochem/ocp/functions';
import { CardIssue, CardValidationError } from './cards/card-common';
import { convertCellCard, LoadedCellCard } from './cards/cell-card';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a BPX JSON file and converts it; throws CardValidationError naming the file and every problem. */
export function loadBpxFile(file: string): LoadedCellCard {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CardValidationError(file, [{ path: '(file)', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return importBpx(json, file);
}

/** Converts a parsed BPX object into a loaded cell card. `file` names the source in messages. */
export function importBpx(bpx: unknown, file: string): LoadedCellCard {
  const issues: CardIssue[] = [];
  const need = (obj: Json | undefined, key: string, where: string): unknown => {
    if (!obj || !(key in obj)) {
      issues.push({ path: `${where}.${key}`, message: 'required by BPX and missing' });
      return undefined;
    }
    return obj[key];
  };
  const num = (obj: Json | undefined, key: string, where: string, optional = false): number | undefined => {
    if (optional && (!obj || !(key in obj))) return undefined;
    const v = need(obj, key, where);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push({ path: `${where}.${key}`, message: `must be a number (got ${JSON.stringify(v)})` });
      return undefined;
    }
    return v;
  };
  if (!isObj(bpx)) throw new CardValidationError(file, [{ path: '(file)', message: 'a BPX file is a JSON object' }]);
  const header = isObj(bpx.Header) ? bpx.Header : undefined;
  const par = isObj(bpx.Parameterisation) ? bpx.Parameterisation : undefined;
  if (!header) issues.push({ path: 'Header', message: 'required by BPX and missing' });
  if (!par) issues.push({ path: 'Parameterisation', message: 'required by BPX and missing' });
  if (!header || !par) throw new CardValidationError(file, issues);
  const model = header.Model;
  if (model !== 'DFN' && model !== 'SPMe' && model !== 'SPM') issues.push({ path: 'Header.Model', message: `must be DFN, SPMe or SPM (got ${JSON.stringify(model)})` });

  const cell = isObj(par.Cell) ? par.Cell : undefined;
  const elec = isObj(par.Electrolyte) ? par.Electrolyte : undefined;
  const sep = isObj(par.Separator) ? par.Separator : undefined;
  const neg = isObj(par['Negative electrode']) ? (par['Negative electrode'] as Json) : undefined;
  const pos = isObj(par['Positive electrode']) ? (par['Positive electrode'] as Json) : undefined;
  for (const [k, v] of [
    ['Cell', cell],
    ['Electrolyte', elec],
    ['Separator', sep],
    ['Negative electrode', neg],
    ['Positive electrode', pos],
  ] as const)
    if (!v) issues.push({ path: `Parameterisation.${k}`, message: 'required for a DFN/SPMe import and missing' });
  const state = isObj(bpx.State) ? (bpx.State as Json) : undefined;
  const initial = state && isObj(state.InitialConditions) ? (state.InitialConditions as Json) : undefined;
  // BPX ≥ 1.0 keeps the initial electrolyte concentration in State.InitialConditions; BPX 0.x in Electrolyte.
  let ce0 = num(initial, 'Initial electrolyte concentration [mol.m-3]', 'State.InitialConditions', true);
  if (ce0 === undefined) ce0 = num(elec, 'Initial concentration [mol.m-3]', 'Parameterisation.Electrolyte');

  const P = 'Parameterisation';
  const area = num(cell, 'Electrode area [m2]', `${P}.Cell`);
  const pairs = num(cell, 'Number of electrode pairs connected in parallel to make a cell', `${P}.Cell`);
  const Tref = num(cell, 'Reference temperature [K]', `${P}.Cell`, true) ?? 298.15;

  const valueSpec = (v: unknown, where: string, Ea: number | undefined): Json | null => {
    const arr = Ea !== undefined ? { activationEnergy: Ea, referenceTemperature: Tref } : { referenceTemperature: Tref };
    if (typeof v === 'number') return { value: v, ...arr };
    if (typeof v === 'string') return { expression: v, ...arr };
    issues.push({ path: where, message: 'must be a number or an expression string in x (tables are not supported for this property)' });
    return null;
  };
  const ocpSpec = (v: unknown, where: string): Json | null => {
    if (typeof v === 'string') return { expression: v };
    if (isObj(v) && Array.isArray(v.x) && Array.isArray(v.y)) return { x: v.x as number[], y: v.y as number[] };
    issues.push({ path: where, message: 'must be an expression string in x or a table {"x": [...], "y": [...]}' });
    return null;
  };
  const transportBruggeman = (porosity: number | undefined, te: number | undefined, where: string): number | undefined => {
    if (porosity === undefined || te === undefined) return undefined;
    if (!(te > 0 && te <= 1)) {
      issues.push({ path: `${where}.Transport efficiency`, message: `must be in (0, 1] (got ${te})` });
      return undefined;
    }
    if (porosity === 1) {
      if (Math.abs(te - 1) > 1e-12) issues.push({ path: `${where}.Transport efficiency`, message: `must be 1 when the porosity is 1 (got ${te})` });
      return 1.5;
    }
    if (!(porosity > 0 && porosity < 1)) return undefined; // the card validation names the porosity
    return Math.log(te) / Math.log(porosity);
  };
  const electrode = (e: Json | undefined, side: 'negative' | 'positive'): Json | null => {
    const where = `${P}.${side === 'negative' ? 'Negative' : 'Positive'} electrode`;
    if (!e) return null;
    if ('Particle' in e) {
      issues.push({ path: `${where}.Particle`, message: 'blended electrodes are not supported by the batsafe importer' });
      return null;
    }
    for (const k of ['OCP (delithiation) [V]', 'OCP (lithiation) [V]', 'OCP hysteresis decay constant'])
      if (k in e) issues.push({ path: `${where}.${k}`, message: 'OCP hysteresis is not supported by the batsafe importer' });
    const thickness = num(e, 'Thickness [m]', where);
    const porosity = num(e, 'Porosity', where);
    const te = num(e, 'Transport efficiency', where);
    const sigma = num(e, 'Conductivity [S.m-1]', where);
    const radius = num(e, 'Particle radius [m]', where);
    const a = num(e, 'Surface area per unit volume [m-1]', where);
    const cmax = num(e, 'Maximum concentration [mol.m-3]', where);
    const smin = num(e, 'Minimum stoichiometry', where);
    const smax = num(e, 'Maximum stoichiometry', where);
    const K = num(e, 'Reaction rate constant [mol.m-2.s-1]', where);
    const EaK = num(e, 'Reaction rate constant activation energy [J.mol-1]', where, true);
    const EaD = num(e, 'Diffusivity activation energy [J.mol-1]', where, true);
    let dUdT: number | undefined;
    if ('Entropic change coefficient [V.K-1]' in e) {
      const v = e['Entropic change coefficient [V.K-1]'];
      if (typeof v === 'number') dUdT = v;
      else issues.push({ path: `${where}.Entropic change coefficient [V.K-1]`, message: 'only a constant is supported by the batsafe importer' });
    }
    const diffusivity = valueSpec(need(e, 'Diffusivity [m2.s-1]', where), `${where}.Diffusivity [m2.s-1]`, EaD);
    const ocp = ocpSpec(need(e, 'OCP [V]', where), `${where}.OCP [V]`);
    const b = transportBruggeman(porosity, te, where);
    if ([thickness, porosity, sigma, radius, a, cmax, smin, smax, K, b].some((v) => v === undefined) || !diffusivity || !ocp || ce0 === undefined) return null;
    const coefficient = (FARADAY * K!) / (cmax! * Math.sqrt(ce0));
    return {
      thickness,
      porosity,
      activeMaterialVolumeFraction: (a! * radius!) / 3,
      particleRadius: radius,
      maxConcentration: cmax,
      diffusivity,
      ocp,
      ...(dUdT !== undefined ? { entropicCoefficient: dUdT } : {}),
      exchangeCurrent: { coefficient, ...(EaK !== undefined ? { activationEnergy: EaK } : {}), referenceTemperature: Tref },
      conductivity: { value: sigma, volumeFraction: 'active', bruggeman: 0 },
      electrolyteBruggeman: b,
      stoichiometry: side === 'negative' ? { at0Soc: smin, at100Soc: smax } : { at0Soc: smax, at100Soc: smin },
    };
  };
  const negative = electrode(neg, 'negative');
  const positive = electrode(pos, 'positive');
  const sepPorosity = num(sep, 'Porosity', `${P}.Separator`);
  const sepB = transportBruggeman(sepPorosity, num(sep, 'Transport efficiency', `${P}.Separator`), `${P}.Separator`);
  const elecWhere = `${P}.Electrolyte`;
  const De = valueSpec(need(elec, 'Diffusivity [m2.s-1]', elecWhere), `${elecWhere}.Diffusivity [m2.s-1]`, num(elec, 'Diffusivity activation energy [J.mol-1]', elecWhere, true));
  const ke = valueSpec(need(elec, 'Conductivity [S.m-1]', elecWhere), `${elecWhere}.Conductivity [S.m-1]`, num(elec, 'Conductivity activation energy [J.mol-1]', elecWhere, true));
  const tPlus = num(elec, 'Cation transference number', elecWhere);
  const capacity = num(cell, 'Nominal cell capacity [A.h]', `${P}.Cell`);
  const vLow = num(cell, 'Lower voltage cut-off [V]', `${P}.Cell`);
  const vHigh = num(cell, 'Upper voltage cut-off [V]', `${P}.Cell`);
  if (issues.length > 0 || !negative || !positive || !De || !ke) throw new CardValidationError(file, issues.length ? issues : [{ path: P, message: 'incomplete parameterisation' }]);
  const title = typeof header.Title === 'string' ? header.Title : 'BPX import';
  const refs = typeof header.References === 'string' && header.References.length > 0 ? header.References : `BPX file ${file}`;
  const card = {
    kind: 'cell-electrochemistry',
    id: `bpx-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
    name: title,
    status: 'unverified',
    source: `Imported from BPX ${String(header.BPX)} file ${file} (model ${String(model)}) by src/io/bpx.ts`,
    citations: [refs],
    model: 'physics',
    physics: {
      electrodeArea: area! * pairs!,
      nominalCapacityAh: capacity,
      voltageCutoffs: { lower: vLow, upper: vHigh },
      referenceTemperature: Tref,
      negative,
      separator: { thickness: num(sep, 'Thickness [m]', `${P}.Separator`), porosity: sepPorosity, electrolyteBruggeman: sepB },
      positive,
      electrolyte: { initialConcentration: ce0, transferenceNumber: tPlus, thermodynamicFactor: 1.0, diffusivity: De, conductivity: ke },
    },
  };
  if (issues.length > 0) throw new CardValidationError(file, issues);
  return convertCellCard(card, file);
}
