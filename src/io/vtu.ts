/**
 * VTK XML UnstructuredGrid (.vtu, ASCII) writer for field snapshots; ParaView opens these directly.
 * Hexahedra (VTK type 12) with point and cell data arrays.
 */
export interface VtuMesh {
  /** 3 per point [m]. */
  points: ArrayLike<number>;
  /** 8 per hexahedron, VTK node order. */
  hexahedra: ArrayLike<number>;
  pointData?: Record<string, ArrayLike<number>>;
  cellData?: Record<string, ArrayLike<number>>;
}

export function formatVtu(mesh: VtuMesh): string {
  const nPoints = mesh.points.length / 3;
  const nCells = mesh.hexahedra.length / 8;
  if (!Number.isInteger(nPoints) || !Number.isInteger(nCells)) throw new Error('VTU: points must have 3 and hexahedra 8 entries each');
  const join = (a: ArrayLike<number>) => Array.prototype.join.call(a, ' ');
  // A point or cell array holds one value per entry (scalar) or three (a vector, e.g. displacement).
  const arr = (name: string, a: ArrayLike<number>, count: number) => {
    const components = a.length === 3 * count && count > 0 ? 3 : 1;
    if (a.length !== count * components) throw new Error(`VTU: array '${name}' has ${a.length} values, expected ${count} (or ${3 * count} for a vector)`);
    return `        <DataArray type="Float64" Name="${escapeXml(name)}"${components === 3 ? ' NumberOfComponents="3"' : ''} format="ascii">${join(a)}</DataArray>`;
  };
  const offsets = Array.from({ length: nCells }, (_, i) => 8 * (i + 1));
  const types = new Array(nCells).fill(12);
  return [
    '<?xml version="1.0"?>',
    '<VTKFile type="UnstructuredGrid" version="1.0" byte_order="LittleEndian" header_type="UInt64">',
    '  <UnstructuredGrid>',
    `    <Piece NumberOfPoints="${nPoints}" NumberOfCells="${nCells}">`,
    '      <Points>',
    `        <DataArray type="Float64" NumberOfComponents="3" format="ascii">${join(mesh.points)}</DataArray>`,
    '      </Points>',
    '      <Cells>',
    `        <DataArray type="Int64" Name="connectivity" format="ascii">${join(mesh.hexahedra)}</DataArray>`,
    `        <DataArray type="Int64" Name="offsets" format="ascii">${offsets.join(' ')}</DataArray>`,
    `        <DataArray type="UInt8" Name="types" format="ascii">${types.join(' ')}</DataArray>`,
    '      </Cells>',
    '      <PointData>',
    ...Object.entries(mesh.pointData ?? {}).map(([k, v]) => arr(k, v, nPoints)),
    '      </PointData>',
    '      <CellData>',
    ...Object.entries(mesh.cellData ?? {}).map(([k, v]) => arr(k, v, nCells)),
    '      </CellData>',
    '    </Piece>',
    '  </UnstructuredGrid>',
    '</VTKFile>',
    '',
  ].join('\n');
}

/**
 * ParaView data collection (.pvd): the VTU files of one series with their times, so that ParaView
 * opens them as one time series (File > Open > the .pvd).
 */
export function formatPvd(entries: ReadonlyArray<{ time: number; file: string }>): string {
  return [
    '<?xml version="1.0"?>',
    '<VTKFile type="Collection" version="0.1" byte_order="LittleEndian">',
    '  <Collection>',
    ...entries.map((e) => `    <DataSet timestep="${e.time}" group="" part="0" file="${escapeXml(e.file)}"/>`),
    '  </Collection>',
    '</VTKFile>',
    '',
  ].join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
