/**
 * The hexahedral mesh the mechanics and 3-D thermal engines share. Plain typed arrays so that a
 * mesh can be moved into worker threads (SharedArrayBuffer) and written to VTU without copies.
 *
 * Node numbering of a hex8 follows the VTK / LS-DYNA convention: nodes 0-3 counter-clockwise on
 * the bottom face seen from outside the bottom (i.e. from -zeta), nodes 4-7 above them.
 */
export interface MeshPart {
  id: number;
  /** e.g. 'jellyroll', 'can', 'mandrel', 'pouch', 'spacer', 'housing'. */
  name: string;
}

export interface HexMesh {
  /** 3 per node [m], x y z. */
  coordinates: Float64Array;
  /** 8 per element, node indices. */
  connectivity: Int32Array;
  /** Part id of each element. */
  elementPart: Int32Array;
  parts: MeshPart[];
  /** Named node sets (e.g. 'symmetry-x', 'bottom'). */
  nodeSets: Record<string, Int32Array>;
  /** Optional per-element cell index for modules (which cell an element belongs to), -1 for none. */
  elementCell?: Int32Array;
}

export function nodeCount(mesh: HexMesh): number {
  return mesh.coordinates.length / 3;
}

export function elementCount(mesh: HexMesh): number {
  return mesh.connectivity.length / 8;
}
