/**
 * Cylindrical cell mesh (18650, 21700, 4680, custom): can wall, homogenized jellyroll, open
 * mandrel hole, end caps; full, half (y >= 0) or quarter (x >= 0, y >= 0) models; angular and
 * axial refinement under the indenter. The cell axis is z, the base at z = 0; the indenter is
 * assumed to come down along -y onto the top of the cell (theta = 90 deg), which is where the
 * angular refinement is centred by default.
 *
 * Parts: 1 jellyroll, 2 can (wall, full height), 3 end-cap-bottom, 4 end-cap-top (the caps span
 * the jellyroll radii over their thickness). Node sets: 'bottom' (z = 0), 'top' (z = H),
 * 'outer-surface' (r = R), 'mandrel-surface', 'symmetry-x' (nodes on x = 0, constrain ux),
 * 'symmetry-y' (on y = 0, constrain uy), 'all'.
 * Format dimensions: 18650 = 18 mm x 65 mm, 21700 = 21 mm x 70 mm, 4680 = 46 mm x 80 mm (the
 * names state them); can wall and mandrel sizes are typical values, status assumed.
 */
import { HexMesh } from './hex-mesh';
import { gradedNodes, joinSegments, Refinement } from './grading';
import { buildStructured } from './structured';

export type Symmetry = 'full' | 'half' | 'quarter';

export interface CylindricalCellSpec {
  outerRadius: number;
  height: number;
  canThickness: number;
  mandrelRadius: number;
  endCapThickness: number;
  /** Elements around the modelled arc (full: 360 deg). */
  elementsAround: number;
  elementsRadialJellyroll: number;
  elementsRadialCan?: number;
  elementsAxial: number;
  symmetry?: Symmetry;
  /** Angular refinement (radians) and axial refinement (m). */
  angularRefinement?: Refinement;
  axialRefinement?: Refinement;
}

export const CYLINDRICAL_FORMATS: Record<string, Pick<CylindricalCellSpec, 'outerRadius' | 'height' | 'canThickness' | 'mandrelRadius' | 'endCapThickness'>> = {
  '18650': { outerRadius: 9e-3, height: 65e-3, canThickness: 0.25e-3, mandrelRadius: 1e-3, endCapThickness: 1e-3 },
  '21700': { outerRadius: 10.5e-3, height: 70e-3, canThickness: 0.3e-3, mandrelRadius: 1.2e-3, endCapThickness: 1.2e-3 },
  '4680': { outerRadius: 23e-3, height: 80e-3, canThickness: 0.5e-3, mandrelRadius: 2.5e-3, endCapThickness: 2e-3 },
};

export function cylindricalCellMesh(spec: CylindricalCellSpec): HexMesh {
  const { outerRadius: R, height: H, canThickness: tc, mandrelRadius: rm, endCapThickness: te } = spec;
  if (!(rm > 0 && rm < R - tc && tc > 0 && te >= 0 && 2 * te < H)) {
    throw new RangeError('cylindrical cell mesh: need 0 < mandrelRadius < outerRadius - canThickness, canThickness > 0, 0 <= 2 endCapThickness < height');
  }
  const symmetry = spec.symmetry ?? 'full';
  const arc = symmetry === 'full' ? 2 * Math.PI : symmetry === 'half' ? Math.PI : Math.PI / 2;
  const nCan = spec.elementsRadialCan ?? 1;
  const radii = joinSegments([gradedNodes(rm, R - tc, spec.elementsRadialJellyroll), gradedNodes(R - tc, R, nCan)]);
  const nt = spec.elementsAround;
  const thetas = gradedNodes(0, arc, nt, spec.angularRefinement);
  const capElems = te > 0 ? 1 : 0;
  const zs = te > 0
    ? joinSegments([gradedNodes(0, te, 1), gradedNodes(te, H - te, spec.elementsAxial, spec.axialRefinement), gradedNodes(H - te, H, 1)])
    : gradedNodes(0, H, spec.elementsAxial, spec.axialRefinement);
  const ni = radii.length - 1, nk = zs.length - 1;
  const nJelly = spec.elementsRadialJellyroll;
  const periodic = symmetry === 'full';
  return buildStructured({
    ni, nj: nt, nk, periodicJ: periodic,
    coordinates(i, j, k, out) {
      const th = thetas[j];
      out[0] = radii[i] * Math.cos(th);
      out[1] = radii[i] * Math.sin(th);
      out[2] = zs[k];
    },
    part(i, _j, k) {
      if (i >= nJelly) return 2;
      if (capElems && k < capElems) return 3;
      if (capElems && k >= nk - capElems) return 4;
      return 1;
    },
    parts: [{ id: 1, name: 'jellyroll' }, { id: 2, name: 'can' }, { id: 3, name: 'end-cap-bottom' }, { id: 4, name: 'end-cap-top' }],
    nodeSets: {
      bottom: (_i, _j, k) => k === 0,
      top: (_i, _j, k) => k === nk,
      'outer-surface': (i) => i === ni,
      'mandrel-surface': (i) => i === 0,
      // half: theta in [0, pi] -> the cut is the plane y = 0 (j = 0 and j = nt);
      // quarter: theta in [0, pi/2] -> y = 0 at j = 0 and x = 0 at j = nt.
      'symmetry-x': (_i, j) => symmetry === 'quarter' && j === nt,
      'symmetry-y': (_i, j) => (symmetry === 'half' && (j === 0 || j === nt)) || (symmetry === 'quarter' && j === 0),
      all: () => true,
    },
  });
}

/** A named format with mesh density options, e.g. cylindricalFormatMesh('18650', {...}). */
export function cylindricalFormatMesh(
  format: keyof typeof CYLINDRICAL_FORMATS | string,
  density: Omit<CylindricalCellSpec, 'outerRadius' | 'height' | 'canThickness' | 'mandrelRadius' | 'endCapThickness'>,
): HexMesh {
  const f = CYLINDRICAL_FORMATS[format];
  if (!f) throw new RangeError(`unknown cylindrical format '${format}' (known: ${Object.keys(CYLINDRICAL_FORMATS).join(', ')}; use cylindricalCellMesh for custom sizes)`);
  return cylindricalCellMesh({ ...f, ...density });
}
