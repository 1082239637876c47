/**
 * Pouch and prismatic cell meshes and a module of N cells. A box cell is a core block (pouch
 * 'stack' / prismatic 'jellyroll') wrapped on all six sides by a shell layer (pouch 'pouch' skin /
 * prismatic 'can'), one element through the shell thickness. Axes: x length, y width, z
 * thickness (the stacking direction; an indenter comes down along -z onto the top face).
 * Symmetry: half keeps x >= L/2 (cut plane x = L/2, node set 'symmetry-x'), quarter also
 * y >= W/2 ('symmetry-y'). Refinement under the indenter: graded in-plane spacing around (xc, yc).
 * Node sets: 'bottom' (z = 0), 'top' (z = T), 'xmin', 'xmax', 'ymin', 'ymax', 'symmetry-x',
 * 'symmetry-y', 'all'. Tabs are not meshed.
 */
import { HexMesh } from './hex-mesh';
import { gradedNodes, joinSegments, Refinement } from './grading';
import { buildStructured } from './structured';
import { Symmetry } from './cylindrical-cell';

export interface BoxCellSpec {
  length: number;
  width: number;
  thickness: number;
  shellThickness: number;
  elements: readonly [number, number, number];
  symmetry?: Exclude<Symmetry, 'full'> | 'full';
  /** In-plane refinement centre (x, y) [m], width [m] and factor. */
  refinement?: { x: number; y: number; width: number; factor: number };
}

function axis(lo: number, hi: number, shell: number, n: number, keepFrom: number | undefined, refine?: Refinement): Float64Array {
  // [lo, lo+shell] [lo+shell, hi-shell] [hi-shell, hi], possibly cut at keepFrom (symmetry plane).
  if (keepFrom === undefined) {
    return joinSegments([gradedNodes(lo, lo + shell, 1), gradedNodes(lo + shell, hi - shell, n, refine), gradedNodes(hi - shell, hi, 1)]);
  }
  return joinSegments([gradedNodes(keepFrom, hi - shell, n, refine), gradedNodes(hi - shell, hi, 1)]);
}

function boxCell(spec: BoxCellSpec, coreName: string, shellName: string): HexMesh {
  const { length: L, width: W, thickness: T, shellThickness: s } = spec;
  if (!(s > 0 && 2 * s < Math.min(L, W, T))) throw new RangeError(`${coreName} cell mesh: need 0 < shellThickness < half of the smallest dimension`);
  const sym = spec.symmetry ?? 'full';
  const r = spec.refinement;
  const xs = axis(0, L, s, spec.elements[0], sym === 'full' ? undefined : L / 2, r && { center: r.x, width: r.width, factor: r.factor });
  const ys = axis(0, W, s, spec.elements[1], sym === 'quarter' ? W / 2 : undefined, r && { center: r.y, width: r.width, factor: r.factor });
  const zs = axis(0, T, s, spec.elements[2], undefined);
  const ni = xs.length - 1, nj = ys.length - 1, nk = zs.length - 1;
  const xShellLo = sym === 'full' ? 1 : 0, yShellLo = sym === 'quarter' ? 0 : 1;
  const eps = 1e-9 * Math.max(L, W, T);
  return buildStructured({
    ni, nj, nk,
    coordinates(i, j, k, out) { out[0] = xs[i]; out[1] = ys[j]; out[2] = zs[k]; },
    part(i, j, k) {
      const shell = i < xShellLo || i >= ni - 1 || j < yShellLo || j >= nj - 1 || k < 1 || k >= nk - 1;
      return shell ? 2 : 1;
    },
    parts: [{ id: 1, name: coreName }, { id: 2, name: shellName }],
    nodeSets: {
      bottom: (_i, _j, k) => k === 0,
      top: (_i, _j, k) => k === nk,
      xmin: (i) => i === 0 && sym === 'full',
      xmax: (i) => i === ni,
      ymin: (_i, j) => j === 0 && sym !== 'quarter',
      ymax: (_i, j) => j === nj,
      'symmetry-x': (i, _j, _k, x) => sym !== 'full' && i === 0 && Math.abs(x[0] - L / 2) < eps,
      'symmetry-y': (_i, j, _k, x) => sym === 'quarter' && j === 0 && Math.abs(x[1] - W / 2) < eps,
      all: () => true,
    },
  });
}

/** Pouch cell: parts 'stack' (1) and 'pouch' (2). */
export function pouchCellMesh(spec: BoxCellSpec): HexMesh {
  return boxCell(spec, 'stack', 'pouch');
}

/** Prismatic cell: parts 'jellyroll' (1) and 'can' (2). */
export function prismaticCellMesh(spec: BoxCellSpec): HexMesh {
  return boxCell(spec, 'jellyroll', 'can');
}

export interface ModuleSpec {
  cellCount: number;
  /** Each cell: thickness along x (stacking), width y, height z. */
  cellThickness: number;
  cellWidth: number;
  cellHeight: number;
  /** Cell shell (pouch foil / can) thickness. */
  shellThickness: number;
  spacerThickness: number;
  /** End plates of the housing at both x ends. */
  housingThickness: number;
  elementsPerCell: number;
  elementsWidth: number;
  elementsHeight: number;
}

/**
 * Module: N cells stacked along x with spacers between them and housing end plates.
 * Parts: 1 jellyroll/stack (all cells), 2 cell shell, 3 spacer, 4 housing. elementCell gives the
 * cell index (0..N-1) of cell elements, -1 for spacers and housing. Node sets: 'bottom' (z = 0),
 * 'top', 'housing-xmin', 'housing-xmax', 'all'.
 */
export function moduleMesh(spec: ModuleSpec): HexMesh {
  const { cellCount: N, cellThickness: tc, shellThickness: s, spacerThickness: ts, housingThickness: th } = spec;
  if (!(N >= 1 && Number.isInteger(N))) throw new RangeError('module mesh: cellCount must be an integer >= 1');
  if (!(2 * s < Math.min(tc, spec.cellWidth, spec.cellHeight) && s > 0 && ts > 0 && th > 0)) {
    throw new RangeError('module mesh: thicknesses must be > 0 and the cell shell thinner than half the cell');
  }
  const segs: Float64Array[] = [];
  const kinds: number[] = []; // per x element: 4 housing, 3 spacer, 10+c cell c (shell or core decided later)
  const shellX: boolean[] = [];
  let x = 0;
  const push = (a: number, b: number, n: number, kind: number, shellEdge: boolean): void => {
    segs.push(gradedNodes(a, b, n));
    for (let e = 0; e < n; e++) { kinds.push(kind); shellX.push(shellEdge); }
  };
  push(x, x + th, 1, 4, false); x += th;
  for (let c = 0; c < N; c++) {
    push(x, x + s, 1, 10 + c, true);
    push(x + s, x + tc - s, spec.elementsPerCell, 10 + c, false);
    push(x + tc - s, x + tc, 1, 10 + c, true);
    x += tc;
    if (c < N - 1) { push(x, x + ts, 1, 3, false); x += ts; }
  }
  push(x, x + th, 1, 4, false); x += th;
  const xs = joinSegments(segs);
  const ys = joinSegments([gradedNodes(0, s, 1), gradedNodes(s, spec.cellWidth - s, spec.elementsWidth), gradedNodes(spec.cellWidth - s, spec.cellWidth, 1)]);
  const zs = joinSegments([gradedNodes(0, s, 1), gradedNodes(s, spec.cellHeight - s, spec.elementsHeight), gradedNodes(spec.cellHeight - s, spec.cellHeight, 1)]);
  const ni = xs.length - 1, nj = ys.length - 1, nk = zs.length - 1;
  return buildStructured({
    ni, nj, nk,
    coordinates(i, j, k, out) { out[0] = xs[i]; out[1] = ys[j]; out[2] = zs[k]; },
    part(i, j, k) {
      const kind = kinds[i];
      if (kind < 10) return kind;
      const shell = shellX[i] || j === 0 || j === nj - 1 || k === 0 || k === nk - 1;
      return shell ? 2 : 1;
    },
    cell(i) { return kinds[i] >= 10 ? kinds[i] - 10 : -1; },
    parts: [{ id: 1, name: 'jellyroll' }, { id: 2, name: 'cell-shell' }, { id: 3, name: 'spacer' }, { id: 4, name: 'housing' }],
    nodeSets: {
      bottom: (_i, _j, k) => k === 0,
      top: (_i, _j, k) => k === nk,
      'housing-xmin': (i) => i === 0,
      'housing-xmax': (i) => i === ni,
      all: () => true,
    },
  });
}
