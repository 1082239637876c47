/**
 * Mechanical material cards (materials/mechanics/*.yaml, SI) -> MaterialModel (issue 4).
 *
 * A card names its law (the registry name in src/engine/mechanics/materials/registry.ts), carries
 * `citations`, `source`, `status` and valid ranges, and the law's parameters in SI. Everything is
 * checked here, before any computation, and every problem is reported with the card file, the
 * field path and the reason: non-monotone curves where monotone is required, k outside (0, 3),
 * negative moduli, porosity at or above 1, curves with too few points, and values whose
 * magnitude betrays a unit mistake (MPa or GPa given for Pa, g/cm^3 for kg/m^3, percent for
 * fractions).
 */
import { z } from 'zod';
import type { CardProvenance, MaterialModel } from '../../engine/mechanics/material';
import { createMaterial } from '../../engine/mechanics/materials/registry';
import type { CardCitation } from '../run-result';
import { cardProvenanceFields, type CardIssue, CardValidationError, citationOf, readYamlCard, zodIssues } from './card-common';

const point = z.tuple([z.number(), z.number()]);
const curve = z.array(point);
const rateScale = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('johnson-cook'), c: z.number(), referenceRate: z.number() }).strict(),
  z.object({ kind: z.literal('table'), lnRateScale: curve }).strict(),
]);
const scaling = z.object({
  soc: z.object({ socScale: curve }).strict().optional(),
  rate: rateScale.optional(),
  rateFilterCycles: z.number().optional(),
}).strict();
const elasticPart = { youngsModulus: z.number(), poissonsRatio: z.number() };

const lawParameters = z.discriminatedUnion('law', [
  z.object({
    law: z.literal('crushable-foam-mat063'),
    parameters: z.object({ ...elasticPart, crushCurve: curve, tensionCutoff: z.number(), damping: z.number().optional(), scaling: scaling.optional() }).strict(),
  }),
  z.object({
    law: z.literal('crushable-foam-volumetric'),
    parameters: z.object({
      ...elasticPart, compressionYieldRatio: z.number(), hydrostaticTensionRatio: z.number(), compressionCurve: curve, scaling: scaling.optional(),
    }).strict(),
  }),
  z.object({
    law: z.literal('deshpande-fleck'),
    parameters: z.object({
      ...elasticPart, alpha: z.number(),
      hardening: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('mat154'), sigmaP: z.number(), gamma: z.number(), epsD: z.number(), alpha2: z.number(), beta: z.number() }).strict(),
        z.object({ kind: z.literal('table'), curve }).strict(),
      ]),
      scaling: scaling.optional(),
    }).strict(),
  }),
  z.object({
    law: z.literal('honeycomb-mat126'),
    parameters: z.object({
      ...elasticPart, compactedYieldStress: z.number(), compactedRelativeVolume: z.number(),
      uncompactedModuli: z.object({ aa: z.number(), bb: z.number(), cc: z.number(), ab: z.number(), bc: z.number(), ca: z.number() }).strict(),
      curves: z.object({ aa: curve, bb: curve, cc: curve, ab: curve, bc: curve, ca: curve }).strict(),
      curveAbscissa: z.enum(['volumetric', 'component']).optional(),
      axes: z.tuple([z.array(z.number()).length(3), z.array(z.number()).length(3), z.array(z.number()).length(3)]).optional(),
      tensileFailure: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('strain'), strain: z.number() }).strict(),
        z.object({ kind: z.literal('sahraei'), ratioCurve: curve }).strict(),
      ]).optional(),
      shearFailureStrain: z.number().optional(),
      rate: rateScale.optional(),
    }).strict(),
  }),
  z.object({
    law: z.literal('j2-tabulated'),
    parameters: z.object({
      ...elasticPart, hardening: curve,
      rateScaling: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('cowper-symonds'), c: z.number(), p: z.number() }).strict(),
        z.object({ kind: z.literal('johnson-cook'), c: z.number(), referenceRate: z.number() }).strict(),
      ]).optional(),
    }).strict(),
  }),
  z.object({
    law: z.literal('gtn'),
    parameters: z.object({
      ...elasticPart, hardening: curve, q1: z.number().optional(), q2: z.number().optional(), q3: z.number().optional(),
      initialPorosity: z.number(),
      nucleation: z.object({ fN: z.number(), epsN: z.number(), sN: z.number() }).strict().optional(),
      coalescence: z.object({ fc: z.number(), fF: z.number() }).strict().optional(),
    }).strict(),
  }),
]);

const header = z.object({
  kind: z.literal('mechanics-material'),
  ...cardProvenanceFields,
  /** Ranges the card was calibrated for (documentation and run-time checks by the caller). */
  validRange: z.object({
    strainRate: z.tuple([z.number(), z.number()]).optional(),
    soc: z.tuple([z.number(), z.number()]).optional(),
    temperature: z.tuple([z.number(), z.number()]).optional(),
    notes: z.string().optional(),
  }).strict().optional(),
  /** Reference mass density [kg/m^3]. */
  density: z.number(),
});

export const mechanicsCardSchema = z.intersection(header, lawParameters);
export type MechanicsCard = z.infer<typeof mechanicsCardSchema>;
export const MECHANICS_LAWS = ['crushable-foam-mat063', 'crushable-foam-volumetric', 'deshpande-fleck', 'honeycomb-mat126', 'j2-tabulated', 'gtn'] as const;

export interface MechanicsCardOptions {
  /** State of charge 0..1 for cards with a SOC scale (required then). */
  soc?: number;
}

// ---- checks --------------------------------------------------------------------------------------

function checkModulus(issues: CardIssue[], path: string, v: number, allowZero = false): void {
  if (!Number.isFinite(v)) issues.push({ path, message: `must be a finite number in Pa, got ${v}` });
  else if (v < 0 || (!allowZero && v === 0)) issues.push({ path, message: `must be ${allowZero ? '>= 0' : '> 0'} Pa (a modulus cannot be negative), got ${v}` });
  else if (v > 0 && v < 1e4) issues.push({ path, message: `${v} Pa is implausibly small for a modulus; it looks like MPa or GPa were given (SI: Pa, e.g. 200 GPa = 2e11)` });
  else if (v > 1e13) issues.push({ path, message: `${v} Pa is above any solid's modulus (SI: Pa)` });
}

function checkStressCurve(issues: CardIssue[], path: string, pts: [number, number][], opts: { xName: string; xMax?: number; xMin?: number; monotone: boolean; startAtZero?: boolean }): void {
  if (pts.length < 2) { issues.push({ path, message: `needs at least 2 points, got ${pts.length}` }); return; }
  for (let i = 0; i < pts.length; i++) {
    const [x, y] = pts[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) issues.push({ path: `${path}.${i}`, message: 'points must be finite numbers' });
    if (i > 0 && !(x > pts[i - 1][0])) issues.push({ path: `${path}.${i}`, message: `${opts.xName} must increase strictly (${pts[i - 1][0]} then ${x})` });
    if (opts.monotone && i > 0 && y < pts[i - 1][1]) issues.push({ path: `${path}.${i}`, message: `stress must not decrease along the curve (${pts[i - 1][1]} then ${y} Pa): the law needs a monotone hardening curve` });
    if (y < 0) issues.push({ path: `${path}.${i}`, message: `stress magnitudes must be >= 0 Pa, got ${y}` });
    if (opts.xMax !== undefined && x > opts.xMax) issues.push({ path: `${path}.${i}`, message: `${opts.xName} ${x} exceeds ${opts.xMax}; strains are fractions, not percent` });
    if (opts.xMin !== undefined && x < opts.xMin) issues.push({ path: `${path}.${i}`, message: `${opts.xName} ${x} is below ${opts.xMin}` });
  }
  if (opts.startAtZero && pts[0][0] !== 0) issues.push({ path: `${path}.0`, message: `the curve must start at ${opts.xName} 0, got ${pts[0][0]}` });
  const yMax = Math.max(...pts.map((p) => p[1]));
  if (yMax > 0 && yMax < 1e3) issues.push({ path, message: `largest stress ${yMax} Pa is implausibly small; it looks like MPa were given (SI: Pa, 1 MPa = 1e6)` });
}

function checkPoisson(issues: CardIssue[], path: string, v: number): void {
  if (!(v >= 0 && v < 0.5)) issues.push({ path, message: `must be in [0, 0.5), got ${v}` });
}

function checkScaling(issues: CardIssue[], path: string, s: z.infer<typeof scaling> | undefined, opts: MechanicsCardOptions): void {
  if (!s) return;
  if (s.soc) {
    if (s.soc.socScale.length < 2) issues.push({ path: `${path}.soc.socScale`, message: 'needs at least 2 points' });
    s.soc.socScale.forEach(([x, y], i) => {
      if (x < 0 || x > 1) issues.push({ path: `${path}.soc.socScale.${i}`, message: `SOC ${x} must be in [0, 1] (a fraction, not percent)` });
      if (!(y > 0)) issues.push({ path: `${path}.soc.socScale.${i}`, message: `scale must be > 0, got ${y}` });
      if (i > 0 && !(x > s.soc!.socScale[i - 1][0])) issues.push({ path: `${path}.soc.socScale.${i}`, message: 'SOC must increase strictly' });
    });
    if (opts.soc === undefined) issues.push({ path: `${path}.soc`, message: 'the card scales with SOC: the state of charge must be given when loading it' });
    else if (!(opts.soc >= 0 && opts.soc <= 1)) issues.push({ path: `${path}.soc`, message: `state of charge ${opts.soc} must be in [0, 1]` });
  }
  if (s.rate?.kind === 'johnson-cook') {
    if (!(s.rate.c >= 0)) issues.push({ path: `${path}.rate.c`, message: `must be >= 0, got ${s.rate.c}` });
    if (!(s.rate.referenceRate > 0)) issues.push({ path: `${path}.rate.referenceRate`, message: `must be > 0 1/s, got ${s.rate.referenceRate}` });
  }
  if (s.rate?.kind === 'table') {
    const table = s.rate.lnRateScale;
    if (table.length < 2) issues.push({ path: `${path}.rate.lnRateScale`, message: 'needs at least 2 points' });
    table.forEach(([x, y], i) => {
      if (!(y > 0)) issues.push({ path: `${path}.rate.lnRateScale.${i}`, message: `scale must be > 0, got ${y}` });
      if (i > 0 && !(x > table[i - 1][0])) issues.push({ path: `${path}.rate.lnRateScale.${i}`, message: 'ln(rate) must increase strictly' });
    });
  }
}

function checkCard(c: MechanicsCard, opts: MechanicsCardOptions): CardIssue[] {
  const issues: CardIssue[] = [];
  if (!Number.isFinite(c.density) || c.density <= 0) issues.push({ path: 'density', message: `must be > 0 kg/m^3, got ${c.density}` });
  else if (c.density < 50) issues.push({ path: 'density', message: `${c.density} kg/m^3 is implausibly low; it looks like g/cm^3 was given (SI: kg/m^3, 2.5 g/cm^3 = 2500)` });
  else if (c.density > 25000) issues.push({ path: 'density', message: `${c.density} kg/m^3 is above any solid's density` });
  const p = c.parameters;
  checkModulus(issues, 'parameters.youngsModulus', p.youngsModulus);
  checkPoisson(issues, 'parameters.poissonsRatio', p.poissonsRatio);
  switch (c.law) {
    case 'crushable-foam-mat063': {
      const q = c.parameters;
      checkStressCurve(issues, 'parameters.crushCurve', q.crushCurve, { xName: 'volumetric strain 1 - V', xMin: 0, xMax: 1, monotone: true });
      if (!(q.tensionCutoff >= 0)) issues.push({ path: 'parameters.tensionCutoff', message: `must be >= 0 Pa, got ${q.tensionCutoff}` });
      if (q.damping !== undefined && !(q.damping >= 0 && q.damping <= 1)) issues.push({ path: 'parameters.damping', message: `DAMP must be in [0, 1] (LS-DYNA recommends 0.05-0.5), got ${q.damping}` });
      checkScaling(issues, 'parameters.scaling', q.scaling, opts);
      break;
    }
    case 'crushable-foam-volumetric': {
      const q = c.parameters;
      if (!(q.compressionYieldRatio > 0 && q.compressionYieldRatio < 3)) issues.push({ path: 'parameters.compressionYieldRatio', message: `k = sigma_c0/pc0 must be in (0, 3) (Abaqus), got ${q.compressionYieldRatio}` });
      if (!(q.hydrostaticTensionRatio >= 0)) issues.push({ path: 'parameters.hydrostaticTensionRatio', message: `kt = pt/pc0 must be >= 0, got ${q.hydrostaticTensionRatio}` });
      checkStressCurve(issues, 'parameters.compressionCurve', q.compressionCurve, { xName: 'plastic strain', xMin: 0, xMax: 5, monotone: true, startAtZero: true });
      if (q.compressionCurve.length >= 1 && !(q.compressionCurve[0][1] > 0)) issues.push({ path: 'parameters.compressionCurve.0', message: 'initial yield stress must be > 0 Pa' });
      checkScaling(issues, 'parameters.scaling', q.scaling, opts);
      break;
    }
    case 'deshpande-fleck': {
      const q = c.parameters;
      if (!(q.alpha >= 0 && q.alpha <= Math.sqrt(4.5))) issues.push({ path: 'parameters.alpha', message: `must be in [0, sqrt(4.5)] (MAT_154), got ${q.alpha}` });
      const h = q.hardening;
      if (h.kind === 'table') checkStressCurve(issues, 'parameters.hardening.curve', h.curve, { xName: 'plastic strain', xMin: 0, monotone: true, startAtZero: true });
      else {
        if (!(h.sigmaP > 0)) issues.push({ path: 'parameters.hardening.sigmaP', message: `must be > 0 Pa, got ${h.sigmaP}` });
        else if (h.sigmaP < 1e3) issues.push({ path: 'parameters.hardening.sigmaP', message: `${h.sigmaP} Pa is implausibly small; it looks like MPa were given` });
        if (!(h.epsD > 0)) issues.push({ path: 'parameters.hardening.epsD', message: `densification strain must be > 0, got ${h.epsD}` });
        if (!(h.gamma >= 0 && h.alpha2 >= 0)) issues.push({ path: 'parameters.hardening', message: 'gamma and alpha2 must be >= 0 Pa (monotone hardening)' });
        if (!(h.beta > 0)) issues.push({ path: 'parameters.hardening.beta', message: `must be > 0, got ${h.beta}` });
      }
      checkScaling(issues, 'parameters.scaling', q.scaling, opts);
      break;
    }
    case 'honeycomb-mat126': {
      const q = c.parameters;
      checkModulus(issues, 'parameters.compactedYieldStress', q.compactedYieldStress);
      if (!(q.compactedRelativeVolume > 0 && q.compactedRelativeVolume < 1)) issues.push({ path: 'parameters.compactedRelativeVolume', message: `VF must be in (0, 1), got ${q.compactedRelativeVolume}` });
      for (const [k, v] of Object.entries(q.uncompactedModuli)) checkModulus(issues, `parameters.uncompactedModuli.${k}`, v);
      for (const [k, v] of Object.entries(q.curves)) {
        checkStressCurve(issues, `parameters.curves.${k}`, v, { xName: q.curveAbscissa === 'component' ? 'strain' : 'volumetric strain 1 - V', xMax: q.curveAbscissa === 'component' ? 10 : 1, monotone: true });
      }
      if (q.tensileFailure?.kind === 'strain' && !(q.tensileFailure.strain > 0)) issues.push({ path: 'parameters.tensileFailure.strain', message: 'must be > 0' });
      if (q.tensileFailure?.kind === 'sahraei') {
        const rc = q.tensileFailure.ratioCurve;
        if (rc.length < 2) issues.push({ path: 'parameters.tensileFailure.ratioCurve', message: `needs at least 2 points, got ${rc.length}` });
        rc.forEach(([x, y], i) => {
          if (x < 0 || (i > 0 && !(x > rc[i - 1][0]))) issues.push({ path: `parameters.tensileFailure.ratioCurve.${i}`, message: 'strain ratio must be >= 0 and increase strictly' });
          if (!(y > 0 && y < 10)) issues.push({ path: `parameters.tensileFailure.ratioCurve.${i}`, message: `failure strain must be in (0, 10) (a fraction, not percent), got ${y}` });
        });
      }
      if (q.axes) {
        const dot = (a: number[], b: number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        q.axes.forEach((a, i) => { if (Math.abs(dot(a, a) - 1) > 1e-9) issues.push({ path: `parameters.axes.${i}`, message: 'must be a unit vector' }); });
        if (Math.abs(dot(q.axes[0], q.axes[1])) + Math.abs(dot(q.axes[1], q.axes[2])) + Math.abs(dot(q.axes[0], q.axes[2])) > 1e-9) issues.push({ path: 'parameters.axes', message: 'axes must be mutually orthogonal' });
      }
      break;
    }
    case 'j2-tabulated': {
      checkStressCurve(issues, 'parameters.hardening', c.parameters.hardening, { xName: 'plastic strain', xMin: 0, xMax: 10, monotone: true, startAtZero: true });
      if (c.parameters.hardening.length >= 1 && !(c.parameters.hardening[0][1] > 0)) issues.push({ path: 'parameters.hardening.0', message: 'initial yield stress must be > 0 Pa' });
      break;
    }
    case 'gtn': {
      const q = c.parameters;
      checkStressCurve(issues, 'parameters.hardening', q.hardening, { xName: 'plastic strain', xMin: 0, xMax: 10, monotone: true, startAtZero: true });
      if (!(q.initialPorosity >= 0 && q.initialPorosity < 1)) issues.push({ path: 'parameters.initialPorosity', message: `porosity must be in [0, 1), got ${q.initialPorosity}${q.initialPorosity >= 1 ? ' (percent given for a fraction?)' : ''}` });
      for (const k of ['q1', 'q2', 'q3'] as const) if (q[k] !== undefined && !(q[k]! > 0)) issues.push({ path: `parameters.${k}`, message: `must be > 0, got ${q[k]}` });
      if (q.coalescence) {
        const { fc, fF } = q.coalescence;
        if (!(fc > 0 && fc < fF && fF < 1)) issues.push({ path: 'parameters.coalescence', message: `need 0 < fc < fF < 1 (porosities are fractions), got fc = ${fc}, fF = ${fF}` });
      }
      if (q.nucleation) {
        const n = q.nucleation;
        if (!(n.fN >= 0 && n.fN < 1)) issues.push({ path: 'parameters.nucleation.fN', message: `must be in [0, 1), got ${n.fN}` });
        if (!(n.sN > 0)) issues.push({ path: 'parameters.nucleation.sN', message: `must be > 0, got ${n.sN}` });
      }
      break;
    }
  }
  return issues;
}

/** Law parameters as the engine's constructors take them (adds density, resolves SOC). */
export function materialParameters(card: MechanicsCard, opts: MechanicsCardOptions = {}): Record<string, unknown> {
  const params: Record<string, unknown> = { ...(card.parameters as Record<string, unknown>), density: card.density };
  const sc = (card.parameters as { scaling?: z.infer<typeof scaling> }).scaling;
  if (sc?.soc) params.scaling = { ...sc, soc: { socScale: sc.soc.socScale, soc: opts.soc } };
  return params;
}

export interface LoadedMechanicsCard {
  card: MechanicsCard;
  material: MaterialModel;
  provenance: CardProvenance;
  citation: CardCitation;
}

/** Validates parsed YAML data and builds the material; throws CardValidationError listing every problem. */
export function parseMechanicsCard(data: unknown, file: string, opts: MechanicsCardOptions = {}): LoadedMechanicsCard {
  const parsed = mechanicsCardSchema.safeParse(data);
  if (!parsed.success) throw new CardValidationError(file, zodIssues(parsed.error));
  const card = parsed.data;
  const issues = checkCard(card, opts);
  if (issues.length) throw new CardValidationError(file, issues);
  let material: MaterialModel;
  try {
    material = createMaterial(card.law, materialParameters(card, opts));
  } catch (err) {
    throw new CardValidationError(file, [{ path: 'parameters', message: (err as Error).message }]);
  }
  return {
    card, material,
    provenance: { id: card.id, citations: card.citations, source: card.source, status: card.status },
    citation: citationOf(card),
  };
}

export function loadMechanicsCard(path: string, opts: MechanicsCardOptions = {}): LoadedMechanicsCard {
  return parseMechanicsCard(readYamlCard(path), path, opts);
}
