/**
 * Module crush with the explicit FE mechanics engine (src/engine/mechanics/solver): a row of
 * prismatic/pouch-like cells stacked along x, meshed as one block of hex8 elements (cells bonded
 * face to face, each element tagged with its cell through `elementCell`), homogenized jellyroll as
 * LS-DYNA MAT_063 crushable foam (src/engine/mechanics/materials/crushable-foam-mat063.ts), under
 * a rigid R75 semicylinder (axis along y, across the stack) or a flat plate moving down in -z.
 * Housing side walls hold the stack in x; the base plate supports it in z.
 *
 * Short onset per cell: the first history sample at which any element of the cell reaches a
 * volumetric compression 1 − V/V0 ≥ `onsetStrain` (a local volumetric-strain criterion; element-
 * size dependent, so `elementsPerCell` is part of the input). The mechanics runs time-scaled at
 * `mechanicsSpeed` (quasi-static check reported as the kinetic/internal energy ratio); onset
 * displacements map to test time through the real indenter speed (quasi-static: the response
 * depends on displacement, not on time), and the short times feed the pack network.
 */
import { createMechanicsModel } from '../mechanics/solver';
import { createBoxMesh } from '../mechanics/mesh/box';
import { CrushableFoamMat063 } from '../mechanics/materials/crushable-foam-mat063';
import type { CrushOutcome } from './module-crush';

export interface FeCrushInput {
  /** Cells in the row, stacked along x. */
  cellCount: number;
  /** Cell thickness along the stack (x) [m]. */
  cellThickness: number;
  /** Cell dimension in the crush direction (z) [m]. */
  cellHeight: number;
  /** Cell dimension along the indenter axis (y) [m]. */
  cellDepth: number;
  indenter: 'semicylinder' | 'plate';
  radius: number;
  /** Real indenter speed of the test [m/s]. */
  speed: number;
  /** Stop at this fraction of the cell height. */
  maxDeformation: number;
  /** Volumetric compression 1 − V/V0 at which a cell shorts. */
  onsetStrain: number;
  /** Homogenized jellyroll: density [kg/m^3], Young's modulus [Pa], crush curve [(gamma, stress Pa)]. */
  material: { density: number; youngsModulus: number; crushCurve: ReadonlyArray<readonly [number, number]> };
  /** Elements per cell along x, y, z (default 2, 4, 6). */
  elementsPerCell?: readonly [number, number, number];
  /** Indenter speed inside the time-scaled FE run [m/s] (default 1). */
  mechanicsSpeed?: number;
}

export interface FeCrushOutcome extends CrushOutcome {
  peakForce: number;
  /** Largest kinetic/internal energy ratio of the FE run (quasi-static if well below 0.05). */
  maxKineticToInternalRatio: number;
  /** Largest |energy balance error| / peak internal energy of the FE run. */
  energyBalanceError: number;
  feSteps: number;
  elements: number;
  status: string;
}

export function crushModuleFe(input: FeCrushInput): FeCrushOutcome {
  const [ex, ey, ez] = input.elementsPerCell ?? [2, 4, 6];
  const n = input.cellCount;
  const width = n * input.cellThickness;
  const mesh = createBoxMesh({ size: [width, input.cellDepth, input.cellHeight], divisions: [n * ex, ey, ez], partId: 1, partName: 'jellyroll' });
  const ne = mesh.connectivity.length / 8;
  const elementCell = new Int32Array(ne);
  for (let e = 0; e < ne; e++) {
    let x = 0;
    for (let k = 0; k < 8; k++) x += mesh.coordinates[3 * mesh.connectivity[8 * e + k]];
    elementCell[e] = Math.min(n - 1, Math.floor(x / 8 / input.cellThickness));
  }
  mesh.elementCell = elementCell;
  const material = new CrushableFoamMat063({
    density: input.material.density,
    youngsModulus: input.material.youngsModulus,
    poissonsRatio: 0,
    crushCurve: input.material.crushCurve,
    tensionCutoff: 1e6,
  });
  const vMech = input.mechanicsSpeed ?? 1;
  const ramp = 0.1 * (input.maxDeformation * input.cellHeight) / vMech;
  const r = input.radius;
  const shape = input.indenter === 'plate' ? ({ kind: 'plate', normal: [0, 0, -1] } as const) : ({ kind: 'cylinder', radius: r, axis: [0, 1, 0] } as const);
  const position: [number, number, number] = input.indenter === 'plate' ? [0, 0, input.cellHeight] : [width / 2, input.cellDepth / 2, input.cellHeight + r];
  const model = createMechanicsModel({
    mesh,
    parts: [{ id: 1, material }],
    boundaryConditions: [
      { kind: 'fixed', nodeSet: 'zmin', directions: ['z'] },
      { kind: 'fixed', nodeSet: 'xmin', directions: ['x'] },
      { kind: 'fixed', nodeSet: 'xmax', directions: ['x'] },
      { kind: 'fixed', nodeSet: 'ymin', directions: ['y'] },
    ],
    indenters: [{ name: 'indenter', shape, position, direction: [0, 0, -1], motion: { kind: 'velocity', velocity: (t) => vMech * Math.min(1, t / ramp) } }],
    historyInterval: (input.maxDeformation * input.cellHeight) / vMech / 200,
  });
  const finalDisplacement = input.maxDeformation * input.cellHeight;
  const untilTime = finalDisplacement / vMech + ramp / 2;
  const onsetDisplacement = new Float64Array(n).fill(NaN);
  const maxCompression = new Float64Array(n);
  const result = model.advance({
    untilTime,
    onSample: (m) => {
      const st = m.readElementState();
      const d = m.histories.indenters[0].displacement;
      const disp = d[d.length - 1];
      for (let e = 0; e < ne; e++) {
        const c = elementCell[e];
        const comp = 1 - st.relativeVolume[e];
        if (comp > maxCompression[c]) maxCompression[c] = comp;
        if (Number.isNaN(onsetDisplacement[c]) && comp >= input.onsetStrain) onsetDisplacement[c] = disp;
      }
    },
  });
  const shorts: CrushOutcome['shorts'] = [];
  for (let c = 0; c < n; c++) if (!Number.isNaN(onsetDisplacement[c])) shorts.push({ cell: c, time: onsetDisplacement[c] / input.speed, displacement: onsetDisplacement[c] });
  shorts.sort((a, b) => a.time - b.time || a.cell - b.cell);
  const force = model.histories.indenters[0].force;
  const diag = model.diagnostics;
  return {
    model: `FE (explicit hex8, MAT_063 crushable foam, ${ne} elements) under a rigid ${input.indenter === 'plate' ? 'plate' : `R${(r * 1000).toFixed(0)} semicylinder`}; onset at element volumetric compression ${input.onsetStrain}`,
    shorts,
    endTime: finalDisplacement / input.speed,
    finalDisplacement,
    finalCompression: maxCompression,
    peakForce: force.reduce((a, b) => Math.max(a, b), 0),
    maxKineticToInternalRatio: diag.maxKineticToInternalRatio,
    energyBalanceError: diag.maxRelativeEnergyError,
    feSteps: diag.steps,
    elements: ne,
    status: result.status,
  };
}
