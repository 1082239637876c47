import { moduleMesh, pouchCellMesh, prismaticCellMesh } from '../../../../../src/engine/mechanics/mesh/box-cells';
import { cylindricalCellMesh, cylindricalFormatMesh } from '../../../../../src/engine/mechanics/mesh/cylindrical-cell';
import { HexMesh } from '../../../../../src/engine/mechanics/mesh/hex-mesh';
import { elementVolume } from '../../../../../src/engine/mechanics/mesh/structured';

function partVolumes(mesh: HexMesh): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of mesh.parts) out[p.name] = 0;
  const n = mesh.connectivity.length / 8;
  for (let e = 0; e < n; e++) {
    const v = elementVolume(mesh, e);
    expect(v).toBeGreaterThan(0);
    out[mesh.parts.find((p) => p.id === mesh.elementPart[e])!.name] += v;
  }
  return out;
}
/** Area of the annulus between two regular N-gons inscribed in radii r1 < r2, over `fraction` of the circle (exact for straight-edged hexes). */
const polygonAnnulus = (N: number, r1: number, r2: number): number => (N / 2) * Math.sin((2 * Math.PI) / N) * (r2 * r2 - r1 * r1);

describe('cell and module mesh generators', () => {
  const density = { elementsAround: 24, elementsRadialJellyroll: 4, elementsAxial: 6 };

  it('18650 full model: part volumes equal the inscribed-polygon prisms (exact geometry, rel 1e-10); all element volumes positive', () => {
    const m = cylindricalFormatMesh('18650', density);
    const v = partVolumes(m);
    const N = 24, R = 9e-3, tc = 0.25e-3, rm = 1e-3, H = 65e-3, te = 1e-3;
    expect(v.can / (polygonAnnulus(N, R - tc, R) * H)).toBeCloseTo(1, 10);
    expect(v.jellyroll / (polygonAnnulus(N, rm, R - tc) * (H - 2 * te))).toBeCloseTo(1, 10);
    expect(v['end-cap-top'] / (polygonAnnulus(N, rm, R - tc) * te)).toBeCloseTo(1, 10);
    // periodic ring: no duplicated seam nodes
    expect(m.coordinates.length / 3).toBe((4 + 1 + 1) * 24 * (6 + 2 + 1));
    expect(m.nodeSets['symmetry-x'].length).toBe(0);
  });

  it('half and quarter models: volume 1/2 and 1/4 of the full one; symmetry node sets lie on their planes', () => {
    const full = partVolumes(cylindricalFormatMesh('21700', { ...density, elementsAround: 48 }));
    const half = cylindricalFormatMesh('21700', { ...density, elementsAround: 24, symmetry: 'half' });
    const quarter = cylindricalFormatMesh('21700', { ...density, elementsAround: 12, symmetry: 'quarter' });
    const vh = partVolumes(half), vq = partVolumes(quarter);
    expect(vh.jellyroll / full.jellyroll).toBeCloseTo(0.5, 10);
    expect(vq.jellyroll / full.jellyroll).toBeCloseTo(0.25, 10);
    for (const id of half.nodeSets['symmetry-y']) expect(Math.abs(half.coordinates[3 * id + 1])).toBeLessThan(1e-12);
    expect(half.nodeSets['symmetry-y'].length).toBe(2 * (4 + 2) * (6 + 3));
    for (const id of quarter.nodeSets['symmetry-x']) expect(Math.abs(quarter.coordinates[3 * id])).toBeLessThan(1e-12);
    for (const id of quarter.nodeSets['symmetry-y']) expect(Math.abs(quarter.coordinates[3 * id + 1])).toBeLessThan(1e-12);
  });

  it('refinement under the indenter: elements at theta = 90 deg are ~factor times narrower than at 0 deg; axial refinement likewise', () => {
    const m = cylindricalCellMesh({
      outerRadius: 23e-3, height: 80e-3, canThickness: 0.5e-3, mandrelRadius: 2.5e-3, endCapThickness: 0,
      elementsAround: 60, elementsRadialJellyroll: 2, elementsAxial: 20, symmetry: 'half',
      angularRefinement: { center: Math.PI / 2, width: 0.3, factor: 4 }, axialRefinement: { center: 40e-3, width: 8e-3, factor: 3 },
    });
    // outer-surface nodes at z = 0 ordered by angle
    const outer = Array.from(m.nodeSets['outer-surface']).filter((n) => m.coordinates[3 * n + 2] === 0)
      .map((n) => Math.atan2(m.coordinates[3 * n + 1], m.coordinates[3 * n])).sort((a, b) => a - b);
    const widths = outer.slice(1).map((t, k) => t - outer[k]);
    const mid = widths[Math.floor(widths.length / 2)], edge = widths[0];
    expect(edge / mid).toBeGreaterThan(3);
    expect(edge / mid).toBeLessThan(4.5);
    expect(m.parts.map((p) => p.name)).toEqual(['jellyroll', 'can', 'end-cap-bottom', 'end-cap-top']);
  });

  it('pouch cell: stack and skin volumes exact; half model cut at x = L/2 with the symmetry node set there', () => {
    const spec = { length: 0.1, width: 0.06, thickness: 0.008, shellThickness: 0.2e-3, elements: [10, 6, 4] as const };
    const v = partVolumes(pouchCellMesh(spec));
    expect(v.stack / ((0.1 - 0.4e-3) * (0.06 - 0.4e-3) * (0.008 - 0.4e-3))).toBeCloseTo(1, 10);
    expect((v.stack + v.pouch) / (0.1 * 0.06 * 0.008)).toBeCloseTo(1, 10);
    const half = pouchCellMesh({ ...spec, symmetry: 'half', refinement: { x: 0.05, y: 0.03, width: 0.01, factor: 3 } });
    const vh = partVolumes(half);
    expect((vh.stack + vh.pouch) / (0.05 * 0.06 * 0.008)).toBeCloseTo(1, 10);
    expect(half.nodeSets['symmetry-x'].length).toBeGreaterThan(0);
    for (const id of half.nodeSets['symmetry-x']) expect(half.coordinates[3 * id]).toBeCloseTo(0.05, 12);
    const q = prismaticCellMesh({ ...spec, symmetry: 'quarter' });
    const vq = partVolumes(q);
    expect((vq.jellyroll + vq.can) / (0.05 * 0.03 * 0.008)).toBeCloseTo(1, 10);
  });

  it('module: N cells with spacers and housing plates; volumes per part exact and elementCell numbers the cells', () => {
    const spec = { cellCount: 3, cellThickness: 0.01, cellWidth: 0.1, cellHeight: 0.08, shellThickness: 0.3e-3, spacerThickness: 2e-3, housingThickness: 3e-3, elementsPerCell: 3, elementsWidth: 5, elementsHeight: 4 };
    const m = moduleMesh(spec);
    const v = partVolumes(m);
    const face = 0.1 * 0.08;
    expect(v.housing / (2 * 3e-3 * face)).toBeCloseTo(1, 10);
    expect(v.spacer / (2 * 2e-3 * face)).toBeCloseTo(1, 10);
    expect((v.jellyroll + v['cell-shell']) / (3 * 0.01 * face)).toBeCloseTo(1, 10);
    const counts = [0, 0, 0];
    let none = 0;
    m.elementCell!.forEach((c) => (c >= 0 ? counts[c]++ : none++));
    expect(counts[0]).toBe(counts[1]);
    expect(counts[1]).toBe(counts[2]);
    expect(none).toBe((2 + 2) * 7 * 6);
  });

  it('bad geometry is refused with the reason', () => {
    expect(() => cylindricalCellMesh({ outerRadius: 9e-3, height: 65e-3, canThickness: 0.25e-3, mandrelRadius: 0, endCapThickness: 1e-3, ...density })).toThrow(/mandrelRadius/);
    expect(() => cylindricalFormatMesh('99999', density)).toThrow(/unknown cylindrical format/);
  });
});
