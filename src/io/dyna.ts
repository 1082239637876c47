/**
 * LS-DYNA keyword export/import of mechanics material cards (issue 4), so a calibration can move
 * between batsafe and a crash code:
 *   crushable-foam-mat063            <-> *MAT_CRUSHABLE_FOAM (MODEL 0) + *DEFINE_CURVE (LCID)
 *   deshpande-fleck (MAT_154 law)    <-> *MAT_DESHPANDE_FLECK_FOAM
 *   honeycomb-mat126, component axes <-> *MAT_MODIFIED_HONEYCOMB (+ TSEF < 0 Sahraei curve)
 *   honeycomb-mat126, volumetric     <-> *MAT_HONEYCOMB (MAT_026)
 *   j2-tabulated                     <-> *MAT_PIECEWISE_LINEAR_PLASTICITY + *DEFINE_CURVE (LCSS)
 * Field layouts follow the LS-DYNA card definitions as transcribed in ansys/pydyna
 * (mechanics.md §1.1, §1.4, §1.5). Fixed format: 10-character fields, curve points in
 * 20-character pairs; import also accepts comma-separated free format and the _TITLE option.
 * Provenance travels in a `$ batsafe-card:` comment line (JSON) and the unit system in
 * `$ batsafe-units:`; cards imported without them are marked `status: unverified`.
 * Quantities batsafe has and LS-DYNA's keyword does not (SOC and rate scaling of the foam laws,
 * valid ranges) are reported as warnings on export and dropped.
 */
import type { MechanicsCard } from './cards/mechanics-card';

export type DynaUnits = 'SI' | 'mm-s-t' | 'mm-ms-kg';

/** Factors from SI to the unit system: stress (and moduli), density, rate (1/time). */
export const DYNA_UNIT_FACTORS: Record<DynaUnits, { stress: number; density: number; rate: number; label: string }> = {
  SI: { stress: 1, density: 1, rate: 1, label: 'kg, m, s, N, Pa' },
  'mm-s-t': { stress: 1e-6, density: 1e-12, rate: 1, label: 'tonne, mm, s, N, MPa' },
  'mm-ms-kg': { stress: 1e-9, density: 1e-9, rate: 1e-3, label: 'kg, mm, ms, kN, GPa' },
};

export interface DynaExport {
  text: string;
  warnings: string[];
}

export class DynaFormatError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: cannot convert\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'DynaFormatError';
  }
}

// ---- formatting -------------------------------------------------------------------------------

/** Shortest representation of v in at most `width` characters (precision lost only if needed). */
export function formatField(v: number, width = 10): string {
  if (Number.isInteger(v) && String(v).length <= width) return String(v).padStart(width);
  for (let p = 15; p >= 1; p--) {
    let s = v.toPrecision(p);
    if (s.includes('e')) s = s.replace(/\.?0+e/, 'e').replace('e+', 'e');
    else if (s.includes('.')) s = s.replace(/\.?0+$/, '');
    if (s.length <= width) return s.padStart(width);
  }
  throw new RangeError(`cannot format ${v} in ${width} characters`);
}

function card(values: Array<number | string | undefined>): string {
  return values.map((v) => (v === undefined ? ' '.repeat(10) : typeof v === 'string' ? v.padStart(10).slice(-10) : formatField(v))).join('');
}

function curveBlock(id: number, pts: ReadonlyArray<readonly [number, number]>, yFactor: number, title: string): string[] {
  const lines = ['*DEFINE_CURVE_TITLE', title.slice(0, 80), '$     LCID      SIDR       SFA       SFO      OFFA      OFFO    DATTYP', card([id, 0, 1, 1, 0, 0, 0])];
  lines.push('$                 A1                  O1');
  for (const [x, y] of pts) lines.push(formatField(x, 20) + formatField(y * yFactor, 20));
  return lines;
}

function header(c: MechanicsCard, units: DynaUnits): string[] {
  const meta = { id: c.id, name: c.name, law: c.law, status: c.status, source: c.source, citations: c.citations, validRange: c.validRange };
  return [
    `$ batsafe material card '${c.id}' (${c.law}), status: ${c.status}`,
    `$ batsafe-units: ${units} (${DYNA_UNIT_FACTORS[units].label})`,
    `$ batsafe-card: ${JSON.stringify(meta)}`,
  ];
}

/**
 * Writes the card as LS-DYNA keyword text with material id `mid` and curve ids from
 * `firstCurveId`. Throws DynaFormatError when the law has no keyword counterpart.
 */
export function exportDyna(c: MechanicsCard, options: { units?: DynaUnits; mid?: number; firstCurveId?: number; file?: string } = {}): DynaExport {
  const units = options.units ?? 'SI';
  const f = DYNA_UNIT_FACTORS[units];
  const mid = options.mid ?? 1;
  let lc = options.firstCurveId ?? 100;
  const warnings: string[] = [];
  const lines = ['*KEYWORD', ...header(c, units)];
  const title = c.id;
  if (c.validRange) warnings.push('validRange is not representable in keyword text; kept only in the batsafe-card comment');
  switch (c.law) {
    case 'crushable-foam-mat063': {
      const p = c.parameters;
      if (p.scaling) warnings.push('SOC/rate scaling of the crush curve has no *MAT_CRUSHABLE_FOAM (MODEL 0) field; dropped');
      const lcid = lc++;
      lines.push('*MAT_CRUSHABLE_FOAM_TITLE', title, '$      MID        RO         E        PR      LCID       TSC      DAMP     MODEL');
      lines.push(card([mid, c.density * f.density, p.youngsModulus * f.stress, p.poissonsRatio, lcid, p.tensionCutoff * f.stress, p.damping ?? 0.1, 0]));
      lines.push(...curveBlock(lcid, p.crushCurve, f.stress, `${c.id} crush curve: yield stress vs volumetric strain 1 - V`));
      break;
    }
    case 'deshpande-fleck': {
      const p = c.parameters;
      if (p.hardening.kind !== 'mat154') throw new DynaFormatError(options.file ?? c.id, ['parameters.hardening: only the MAT_154 parametric hardening (kind: mat154) maps to *MAT_DESHPANDE_FLECK_FOAM']);
      if (p.scaling) warnings.push('SOC/rate scaling has no *MAT_DESHPANDE_FLECK_FOAM field; dropped');
      const h = p.hardening;
      lines.push('*MAT_DESHPANDE_FLECK_FOAM_TITLE', title, '$      MID        RO         E        PR     ALPHA     GAMMA      EPSD    ALPHA2');
      lines.push(card([mid, c.density * f.density, p.youngsModulus * f.stress, p.poissonsRatio, p.alpha, h.gamma * f.stress, h.epsD, h.alpha2 * f.stress]));
      lines.push('$     BETA      SIGP     DERFI     CFAIL     PFAIL       NUM');
      lines.push(card([h.beta, h.sigmaP * f.stress, 0, 0, 0, 0]));
      break;
    }
    case 'honeycomb-mat126': {
      const p = c.parameters;
      const modified = p.curveAbscissa === 'component';
      if (p.rate) warnings.push('the rate scale (LCSR) is not exported; dropped');
      const ids = { aa: lc++, bb: lc++, cc: lc++, ab: lc++, bc: lc++, ca: lc++ };
      let tsef: number | undefined;
      let sahraeiId: number | undefined;
      if (p.tensileFailure?.kind === 'strain') tsef = p.tensileFailure.strain;
      if (p.tensileFailure?.kind === 'sahraei') {
        if (modified) { sahraeiId = lc++; tsef = -sahraeiId; } else warnings.push('Sahraei tensile failure (MAT_126 TSEF < 0) has no *MAT_HONEYCOMB counterpart; dropped');
      }
      const ax = p.axes ?? [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
      const cross = [ax[0][1] * ax[1][2] - ax[0][2] * ax[1][1], ax[0][2] * ax[1][0] - ax[0][0] * ax[1][2], ax[0][0] * ax[1][1] - ax[0][1] * ax[1][0]];
      if (Math.abs(cross[0] - ax[2][0]) + Math.abs(cross[1] - ax[2][1]) + Math.abs(cross[2] - ax[2][2]) > 1e-9) {
        throw new DynaFormatError(options.file ?? c.id, ['parameters.axes: must be right-handed (c = a x b) for AOPT = 2']);
      }
      const u = p.uncompactedModuli;
      lines.push(modified ? '*MAT_MODIFIED_HONEYCOMB_TITLE' : '*MAT_HONEYCOMB_TITLE', title);
      lines.push('$      MID        RO         E        PR      SIGY        VF        MU      BULK');
      lines.push(card([mid, c.density * f.density, p.youngsModulus * f.stress, p.poissonsRatio, p.compactedYieldStress * f.stress, p.compactedRelativeVolume, 0, 0]));
      lines.push('$      LCA       LCB       LCC       LCS      LCAB      LCBC      LCCA      LCSR');
      lines.push(card([ids.aa, ids.bb, ids.cc, ids.ab, ids.ab, ids.bc, ids.ca, 0]));
      lines.push('$     EAAU      EBBU      ECCU      GABU      GBCU      GCAU      AOPT      MACF');
      lines.push(card([u.aa * f.stress, u.bb * f.stress, u.cc * f.stress, u.ab * f.stress, u.bc * f.stress, u.ca * f.stress, 2, 1]));
      lines.push('$       XP        YP        ZP        A1        A2        A3');
      lines.push(card([0, 0, 0, ax[0][0], ax[0][1], ax[0][2]]));
      lines.push('$       D1        D2        D3      TSEF      SSEF');
      lines.push(card([ax[1][0], ax[1][1], ax[1][2], tsef ?? 0, p.shearFailureStrain ?? 0]));
      for (const k of ['aa', 'bb', 'cc', 'ab', 'bc', 'ca'] as const) {
        lines.push(...curveBlock(ids[k], p.curves[k], f.stress, `${c.id} ${k} stress vs ${modified ? 'compressive strain component' : 'volumetric strain'}`));
      }
      if (sahraeiId !== undefined && p.tensileFailure?.kind === 'sahraei') {
        lines.push(...curveBlock(sahraeiId, p.tensileFailure.ratioCurve, 1, `${c.id} tensile failure strain vs compressive/tensile strain ratio (Sahraei)`));
      }
      break;
    }
    case 'j2-tabulated': {
      const p = c.parameters;
      const lcss = lc++;
      let C = 0, P = 0;
      if (p.rateScaling?.kind === 'cowper-symonds') { C = p.rateScaling.c * f.rate; P = p.rateScaling.p; }
      else if (p.rateScaling) warnings.push('Johnson-Cook rate scaling has no *MAT_PIECEWISE_LINEAR_PLASTICITY field (C, P are Cowper-Symonds); dropped');
      lines.push('*MAT_PIECEWISE_LINEAR_PLASTICITY_TITLE', title);
      lines.push('$      MID        RO         E        PR      SIGY      ETAN      FAIL      TDEL');
      lines.push(card([mid, c.density * f.density, p.youngsModulus * f.stress, p.poissonsRatio, p.hardening[0][1] * f.stress, 0, 0, 0]));
      lines.push('$        C         P      LCSS      LCSR        VP');
      lines.push(card([C, P, lcss, 0, 0]));
      lines.push(card([]), card([]));
      lines.push(...curveBlock(lcss, p.hardening, f.stress, `${c.id} yield stress vs effective plastic strain`));
      break;
    }
    default:
      throw new DynaFormatError(options.file ?? c.id, [`law '${c.law}' has no LS-DYNA keyword mapping in batsafe (exported laws: crushable-foam-mat063, deshpande-fleck, honeycomb-mat126, j2-tabulated)`]);
  }
  lines.push('*END');
  return { text: lines.join('\n') + '\n', warnings };
}

// ---- import -----------------------------------------------------------------------------------

interface Block {
  keyword: string;
  line: number;
  cards: string[];
  comments: string[];
}

function splitBlocks(text: string): { blocks: Block[]; comments: string[] } {
  const blocks: Block[] = [];
  const comments: string[] = [];
  let current: Block | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (line.startsWith('$')) { (current ? current.comments : comments).push(line); if (current) comments.push(line); return; }
    if (line.startsWith('*')) {
      current = { keyword: line.slice(1).trim().toUpperCase(), line: i + 1, cards: [], comments: [] };
      blocks.push(current);
      return;
    }
    if (current && line.trim() !== '') current.cards.push(line);
  });
  return { blocks, comments };
}

function fields(line: string, width = 10): string[] {
  if (line.includes(',')) return line.split(',').map((s) => s.trim());
  const out: string[] = [];
  for (let o = 0; o < line.length; o += width) out.push(line.slice(o, o + width).trim());
  return out;
}

function num(s: string | undefined, fallback = 0): number {
  if (s === undefined || s === '') return fallback;
  return Number(s.replace(/([0-9.])([+-]\d+)$/, '$1e$2'));
}

export interface DynaImport {
  cards: MechanicsCard[];
  warnings: string[];
}

/** Parses keyword text into batsafe cards (SI). Throws DynaFormatError naming keyword, field and reason. */
export function importDyna(text: string, file: string, options: { units?: DynaUnits } = {}): DynaImport {
  const { blocks, comments } = splitBlocks(text);
  const problems: string[] = [];
  const warnings: string[] = [];
  const unitComment = comments.map((c) => /^\$ batsafe-units: (\S+)/.exec(c)?.[1]).find((u) => u);
  const units = options.units ?? (unitComment as DynaUnits | undefined) ?? 'SI';
  if (!DYNA_UNIT_FACTORS[units]) throw new DynaFormatError(file, [`unknown unit system '${units}' (known: ${Object.keys(DYNA_UNIT_FACTORS).join(', ')})`]);
  if (!unitComment && !options.units) warnings.push('no unit system given; assuming SI (kg, m, s, Pa)');
  const f = DYNA_UNIT_FACTORS[units];
  const curves = new Map<number, Array<[number, number]>>();
  for (const b of blocks.filter((x) => x.keyword.startsWith('DEFINE_CURVE'))) {
    const titled = b.keyword.endsWith('_TITLE');
    const cards = titled ? b.cards.slice(1) : b.cards;
    const head = fields(cards[0] ?? '');
    const id = num(head[0]);
    const sfa = num(head[2], 1) || 1, sfo = num(head[3], 1) || 1, offa = num(head[4]), offo = num(head[5]);
    const pts = cards.slice(1).map((l) => {
      const v = fields(l, 20);
      return [sfa * (num(v[0]) + offa), sfo * (num(v[1]) + offo)] as [number, number];
    });
    if (!Number.isInteger(id) || id <= 0) problems.push(`*${b.keyword} (line ${b.line}): LCID must be a positive integer`);
    else curves.set(id, pts);
  }
  const metaFor = (b: Block): Record<string, unknown> | undefined => {
    // the batsafe-card comment precedes the material keyword in exported files
    const all = comments.filter((c) => c.startsWith('$ batsafe-card: '));
    for (const c of all) {
      try {
        const meta = JSON.parse(c.slice('$ batsafe-card: '.length));
        if (b.cards[0]?.trim() === meta.id) return meta;
      } catch { /* ignore malformed comment */ }
    }
    return undefined;
  };
  const curveOf = (b: Block, field: string, id: number, yScale: number): Array<[number, number]> => {
    const c = curves.get(Math.abs(id));
    if (!c) { problems.push(`*${b.keyword} (line ${b.line}): ${field} = ${id} refers to no *DEFINE_CURVE`); return [[0, 0], [1, 0]]; }
    return c.map(([x, y]) => [x, y / yScale]);
  };
  const out: MechanicsCard[] = [];
  for (const b of blocks.filter((x) => x.keyword.startsWith('MAT_'))) {
    const titled = b.keyword.endsWith('_TITLE');
    const base = titled ? b.keyword.slice(0, -'_TITLE'.length) : b.keyword;
    const cards = titled ? b.cards.slice(1) : b.cards;
    const title = titled ? b.cards[0].trim() : undefined;
    const meta = metaFor(b);
    const c1 = fields(cards[0] ?? '');
    const mid = num(c1[0]);
    const id = (meta?.id as string | undefined) ?? title ?? `dyna-mat-${mid}`;
    const common = {
      kind: 'mechanics-material' as const,
      id,
      name: (meta?.name as string | undefined) ?? title ?? `${base} ${mid} imported from ${file}`,
      status: ((meta?.status as MechanicsCard['status'] | undefined) ?? 'unverified'),
      source: (meta?.source as string | undefined) ?? `imported from LS-DYNA keyword file ${file} (*${b.keyword}, MID ${mid}); provenance unknown`,
      citations: (meta?.citations as string[] | undefined) ?? [`LS-DYNA keyword file ${file}`],
      ...(meta?.validRange ? { validRange: meta.validRange as MechanicsCard['validRange'] } : {}),
      density: num(c1[1]) / f.density,
    };
    switch (base) {
      case 'MAT_CRUSHABLE_FOAM':
      case 'MAT_063': {
        const model = num(c1[7]);
        if (model !== 0) { problems.push(`*${b.keyword} (line ${b.line}): MODEL = ${model} is not supported (batsafe imports MODEL 0)`); break; }
        out.push({ ...common, law: 'crushable-foam-mat063', parameters: {
          youngsModulus: num(c1[2]) / f.stress, poissonsRatio: num(c1[3]),
          crushCurve: curveOf(b, 'LCID', num(c1[4]), f.stress), tensionCutoff: num(c1[5]) / f.stress, damping: c1[6] === '' || c1[6] === undefined ? 0.1 : num(c1[6]),
        } });
        break;
      }
      case 'MAT_DESHPANDE_FLECK_FOAM':
      case 'MAT_154': {
        const c2 = fields(cards[1] ?? '');
        if (num(c2[2]) !== 0) warnings.push(`*${b.keyword}: DERFI = ${c2[2]} ignored (batsafe uses the derived hardening modulus)`);
        if (num(c2[3]) !== 0 || num(c2[4]) !== 0) warnings.push(`*${b.keyword}: CFAIL/PFAIL ignored; use a batsafe failure criterion`);
        out.push({ ...common, law: 'deshpande-fleck', parameters: {
          youngsModulus: num(c1[2]) / f.stress, poissonsRatio: num(c1[3]), alpha: num(c1[4]),
          hardening: { kind: 'mat154', gamma: num(c1[5]) / f.stress, epsD: num(c1[6]), alpha2: num(c1[7]) / f.stress, beta: num(c2[0], 1) || 1, sigmaP: num(c2[1]) / f.stress },
        } });
        break;
      }
      case 'MAT_MODIFIED_HONEYCOMB':
      case 'MAT_HONEYCOMB':
      case 'MAT_126':
      case 'MAT_026': {
        const modified = base === 'MAT_MODIFIED_HONEYCOMB' || base === 'MAT_126';
        const [lcA, lcB, lcC, lcS, lcAB, lcBC, lcCA, lcSR] = fields(cards[1] ?? '').map((s) => num(s));
        const c3 = fields(cards[2] ?? '').map((s) => num(s));
        const c4 = fields(cards[3] ?? '').map((s) => num(s));
        const c5 = fields(cards[4] ?? '').map((s) => num(s));
        if (lcA < 0) { problems.push(`*${b.keyword} (line ${b.line}): LCA < 0 (transversely isotropic form) is not supported`); break; }
        if (lcSR) warnings.push(`*${b.keyword}: LCSR rate curve ${lcSR} ignored`);
        if (c3[6] !== 2 && c3[6] !== 0) { problems.push(`*${b.keyword} (line ${b.line}): AOPT = ${c3[6]} not supported (use 0 or 2)`); break; }
        const pick = (v: number | undefined, d: number): number => (v ? v : d);
        const a = c3[6] === 2 ? [c4[3], c4[4], c4[5]] : [1, 0, 0];
        const dv = c3[6] === 2 ? [c5[0], c5[1], c5[2]] : [0, 1, 0];
        const norm = (v: number[]): number[] => { const n = Math.hypot(v[0], v[1], v[2]); return v.map((x) => x / n); };
        const an = norm(a);
        const cn = norm([an[1] * dv[2] - an[2] * dv[1], an[2] * dv[0] - an[0] * dv[2], an[0] * dv[1] - an[1] * dv[0]]);
        const bn = [cn[1] * an[2] - cn[2] * an[1], cn[2] * an[0] - cn[0] * an[2], cn[0] * an[1] - cn[1] * an[0]];
        const identity = c3[6] !== 2 || (Math.abs(an[0] - 1) < 1e-12 && Math.abs(bn[1] - 1) < 1e-12);
        const tsef = c5[3] ?? 0, ssef = c5[4] ?? 0;
        const sCurve = pick(lcS, lcA);
        out.push({ ...common, law: 'honeycomb-mat126', parameters: {
          youngsModulus: num(c1[2]) / f.stress, poissonsRatio: num(c1[3]), compactedYieldStress: num(c1[4]) / f.stress, compactedRelativeVolume: num(c1[5]),
          uncompactedModuli: { aa: c3[0] / f.stress, bb: c3[1] / f.stress, cc: c3[2] / f.stress, ab: c3[3] / f.stress, bc: c3[4] / f.stress, ca: c3[5] / f.stress },
          curves: {
            aa: curveOf(b, 'LCA', lcA, f.stress), bb: curveOf(b, 'LCB', pick(lcB, lcA), f.stress), cc: curveOf(b, 'LCC', pick(lcC, lcA), f.stress),
            ab: curveOf(b, 'LCAB', pick(lcAB, sCurve), f.stress), bc: curveOf(b, 'LCBC', pick(lcBC, sCurve), f.stress), ca: curveOf(b, 'LCCA', pick(lcCA, sCurve), f.stress),
          },
          curveAbscissa: modified ? 'component' : 'volumetric',
          ...(identity ? {} : { axes: [an, bn, cn] as [number[], number[], number[]] }),
          ...(tsef > 0 ? { tensileFailure: { kind: 'strain' as const, strain: tsef } } : {}),
          ...(tsef < 0 ? (modified ? { tensileFailure: { kind: 'sahraei' as const, ratioCurve: curveOf(b, 'TSEF', tsef, 1) } } : {}) : {}),
          ...(ssef > 0 ? { shearFailureStrain: ssef } : {}),
        } });
        if (tsef < 0 && !modified) problems.push(`*${b.keyword} (line ${b.line}): TSEF < 0 is only defined for *MAT_MODIFIED_HONEYCOMB`);
        break;
      }
      case 'MAT_PIECEWISE_LINEAR_PLASTICITY':
      case 'MAT_024': {
        const c2 = fields(cards[1] ?? '').map((s) => num(s));
        const lcss = c2[2];
        let hardening: Array<[number, number]>;
        if (lcss) hardening = curveOf(b, 'LCSS', lcss, f.stress);
        else {
          const eps = fields(cards[2] ?? '').map((s) => num(s)), es = fields(cards[3] ?? '').map((s) => num(s));
          hardening = [];
          for (let i = 0; i < 8; i++) if (es[i]) hardening.push([eps[i], es[i] / f.stress]);
          if (hardening.length === 0) hardening = [[0, num(c1[4]) / f.stress], [1, num(c1[4]) / f.stress + num(c1[5]) / f.stress]];
        }
        if (c2[3]) warnings.push(`*${b.keyword}: LCSR rate curve ignored`);
        out.push({ ...common, law: 'j2-tabulated', parameters: {
          youngsModulus: num(c1[2]) / f.stress, poissonsRatio: num(c1[3]), hardening,
          ...(c2[0] > 0 && c2[1] > 0 ? { rateScaling: { kind: 'cowper-symonds' as const, c: c2[0] / f.rate, p: c2[1] } } : {}),
        } });
        break;
      }
      default:
        problems.push(`*${b.keyword} (line ${b.line}): keyword not supported (supported: *MAT_CRUSHABLE_FOAM, *MAT_DESHPANDE_FLECK_FOAM, *MAT_MODIFIED_HONEYCOMB, *MAT_HONEYCOMB, *MAT_PIECEWISE_LINEAR_PLASTICITY)`);
    }
  }
  if (problems.length) throw new DynaFormatError(file, problems);
  if (out.length === 0) throw new DynaFormatError(file, ['no *MAT_ keyword found']);
  return { cards: out, warnings };
}
