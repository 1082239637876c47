/**
 * `batsafe run --fields` (issue 7: "VTU snapshots that ParaView opens"): with explicit-FE mechanics
 * and 3-D thermal, the runner writes one VTU per key event for each mesh plus a ParaView collection
 * (.pvd) per mesh. Checks, on a coarse GB 38031 18650 run driven past short onset:
 *  - every VTU is well formed for the VTK UnstructuredGrid reader: point/cell counts match the
 *    arrays (vectors with NumberOfComponents 3), VTK hexahedron type 12;
 *  - the node order is VTK's: every deformed hexahedron has a positive volume (a wrong order
 *    gives negative Jacobians), reference: the hex8 volume by the centroid Jacobian;
 *  - the mechanics snapshots are the events of sections.json (short onset when it happens, peak
 *    force, end of loading) and the displacement field is the current minus the initial
 *    coordinates: at the end of loading the top line of the can (initial y = R) has moved down by
 *    the indenter travel (0.6 mm, kinematic contact: within 2 %) and the bottom line (y = -R, on
 *    the fixed support) has not moved down;
 *  - the short-onset indicator is zero outside the jellyroll (part 1) and non-negative in it;
 *  - the thermal .pvd lists its files in time order and the temperatures lie between the initial
 *    temperature and the run's maximum temperature (summary).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseScenarioText, CellScenario } from '../../../src/scenario';
import { runScenarioToDirectory } from '../../../src/run/run-scenario';

const SCENARIO = `
kind: cell
name: fields-gb38031-coarse
cell: { preset: generic-18650-lco, stateOfCharge: 1 }
loading: { type: indentation, indenter: { shape: rod, radius: 5 mm, axis: across }, speed: 2 mm/s }
steps: { stop: { displacement: 0.6 mm }, observe: 2 min }
models: { mechanics: explicit-fe, thermal: 3d }
mesh: { resolution: coarse }
`;

interface Vtu { points: number[]; connectivity: number[]; types: number[]; arrays: Record<string, { components: number; values: number[] }>; nPoints: number; nCells: number }

function parseVtu(text: string): Vtu {
  const piece = /<Piece NumberOfPoints="(\d+)" NumberOfCells="(\d+)">/.exec(text);
  if (!piece) throw new Error('no Piece');
  const nums = (s: string) => (s.trim() === '' ? [] : s.trim().split(/\s+/).map(Number));
  const arrays: Vtu['arrays'] = {};
  let points: number[] = [];
  let connectivity: number[] = [];
  let types: number[] = [];
  const re = /<DataArray type="(\w+)"(?: Name="([^"]*)")?(?: NumberOfComponents="(\d+)")? format="ascii">([^<]*)<\/DataArray>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [, , name, comps, body] = m;
    if (name === undefined) points = nums(body);
    else if (name === 'connectivity') connectivity = nums(body);
    else if (name === 'types') types = nums(body);
    else if (name !== 'offsets') arrays[name] = { components: comps ? Number(comps) : 1, values: nums(body) };
  }
  return { points, connectivity, types, arrays, nPoints: Number(piece[1]), nCells: Number(piece[2]) };
}

function hexVolume(p: number[], conn: number[], e: number): number {
  const xi = [-1, 1, 1, -1, -1, 1, 1, -1];
  const eta = [-1, -1, 1, 1, -1, -1, 1, 1];
  const zeta = [-1, -1, -1, -1, 1, 1, 1, 1];
  const J = new Array(9).fill(0);
  for (let k = 0; k < 8; k++) {
    const n = conn[8 * e + k];
    for (let d = 0; d < 3; d++) {
      J[d] += (xi[k] * p[3 * n + d]) / 8;
      J[3 + d] += (eta[k] * p[3 * n + d]) / 8;
      J[6 + d] += (zeta[k] * p[3 * n + d]) / 8;
    }
  }
  return 8 * (J[0] * (J[4] * J[8] - J[5] * J[7]) - J[1] * (J[3] * J[8] - J[5] * J[6]) + J[2] * (J[3] * J[7] - J[4] * J[6]));
}

it('writes ParaView-readable VTU snapshots of the deformed FE mesh and the 3-D temperature at key events', async () => {
  const parsed = parseScenarioText(SCENARIO, 'fields.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-fields-'));
  const summary = await runScenarioToDirectory(parsed.scenario as CellScenario, out, { report: false, fields: true });
  expect(summary.status).toBe('completed');
  const files = fs.readdirSync(out);
  const sections = JSON.parse(fs.readFileSync(path.join(out, 'sections.json'), 'utf8')) as { snapshots: { event: string; time: number }[] };

  // Mechanics: one VTU per section event, in the same order, listed by the .pvd with their times.
  const pvd = fs.readFileSync(path.join(out, 'fields-mechanics.pvd'), 'utf8');
  const entries = [...pvd.matchAll(/timestep="([^"]+)" group="" part="0" file="([^"]+)"/g)].map((m) => ({ time: Number(m[1]), file: m[2] }));
  expect(entries.map((e) => e.time)).toEqual(sections.snapshots.map((s) => s.time));
  expect(entries.map((e) => e.file.replace(/^fields-mechanics-\d\d-/, '').replace(/\.vtu$/, ''))).toEqual(sections.snapshots.map((s) => s.event));
  expect(sections.snapshots.map((s) => s.event)).toContain('end-of-loading');
  for (const e of entries) expect(files).toContain(e.file);

  const vtus = entries.map((e) => parseVtu(fs.readFileSync(path.join(out, e.file), 'utf8')));
  for (const v of vtus) {
    expect(v.points.length).toBe(3 * v.nPoints);
    expect(v.connectivity.length).toBe(8 * v.nCells);
    expect(new Set(v.types)).toEqual(new Set([12]));
    for (const [name, a] of Object.entries(v.arrays)) {
      const count = name === 'Displacement [m]' ? v.nPoints : v.nCells;
      expect([name, a.values.length]).toEqual([name, a.components * count]);
      expect(a.values.every(Number.isFinite)).toBe(true);
    }
    expect(v.arrays['Displacement [m]'].components).toBe(3);
    // VTK node order: positive volume of every (deformed) hexahedron.
    let minVolume = Infinity;
    for (let e = 0; e < v.nCells; e++) minVolume = Math.min(minVolume, hexVolume(v.points, v.connectivity, e));
    expect(minVolume).toBeGreaterThan(0);
  }
  for (const v of vtus) {
    const part = v.arrays['Part id'].values;
    const ind = v.arrays['Short-onset indicator'].values;
    for (let e = 0; e < v.nCells; e++) expect(part[e] === 1 ? ind[e] >= 0 : ind[e] === 0).toBe(true);
  }
  const last = vtus[vtus.length - 1];
  const u = last.arrays['Displacement [m]'].values;
  let yTop = -Infinity;
  let yBottom = Infinity;
  for (let n = 0; n < last.nPoints; n++) { const y0 = last.points[3 * n + 1] - u[3 * n + 1]; yTop = Math.max(yTop, y0); yBottom = Math.min(yBottom, y0); }
  let topDrop = 0;
  let bottomDrop = 0;
  for (let n = 0; n < last.nPoints; n++) {
    const y0 = last.points[3 * n + 1] - u[3 * n + 1];
    if (y0 > yTop - 1e-9) topDrop = Math.max(topDrop, -u[3 * n + 1]);
    if (y0 < yBottom + 1e-9) bottomDrop = Math.max(bottomDrop, -u[3 * n + 1]);
  }
  expect(Math.abs(topDrop - 0.6e-3)).toBeLessThan(0.02 * 0.6e-3);
  expect(bottomDrop).toBeLessThan(1e-6);

  // Thermal: the 3-D temperature at the thermal events, within [initial, run maximum].
  const tpvd = fs.readFileSync(path.join(out, 'fields-thermal.pvd'), 'utf8');
  const tEntries = [...tpvd.matchAll(/timestep="([^"]+)" group="" part="0" file="([^"]+)"/g)].map((m) => ({ time: Number(m[1]), file: m[2] }));
  expect(tEntries.length).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < tEntries.length; i++) expect(tEntries[i].time).toBeGreaterThanOrEqual(tEntries[i - 1].time);
  const tMax = summary.results['Maximum temperature [K]'] as number;
  for (const e of tEntries) {
    const v = parseVtu(fs.readFileSync(path.join(out, e.file), 'utf8'));
    const T = v.arrays['Temperature [K]'].values;
    expect(T.length).toBe(v.nPoints);
    expect(Math.min(...T)).toBeGreaterThanOrEqual(298.15 - 1e-6);
    expect(Math.max(...T)).toBeLessThanOrEqual(tMax + 1e-6);
  }
  fs.rmSync(out, { recursive: true, force: true });
});
