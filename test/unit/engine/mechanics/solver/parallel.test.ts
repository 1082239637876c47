/**
 * Parallel element pass over worker_threads (reference: the single-threaded run of the same model;
 * only the summation order of nodal forces differs, so positions agree to 1e-10 relative).
 * Needs the compiled worker in dist/ (`npm test` builds first).
 */
import * as path from 'path';
import * as fs from 'fs';
import { Worker } from 'worker_threads';
import { createMechanicsModel } from '../../../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../../../src/engine/mechanics/mesh/box';
import { createMaterial } from '../../../../../src/engine/mechanics/materials/registry';

const workerScript = path.resolve(__dirname, '../../../../../dist/bench/suites/mechanics-worker.js');
const law = 'j2-tabulated';
const params = { density: 7800, youngsModulus: 200e9, poissonsRatio: 0.3, hardening: [[0, 300e6], [1, 1.3e9]] };

function build(workers: Worker[] | null, n = 10) {
  const mesh = createBoxMesh({ size: [n * 1e-3, n * 1e-3, n * 1e-3], divisions: [n, n, n] });
  return createMechanicsModel({
    mesh, parts: [{ id: 1, material: createMaterial(law, params), card: { law, params } }],
    boundaryConditions: [{ kind: 'fixed', nodeSet: 'zmin' }], initialVelocities: [{ nodeSet: 'zmax', velocity: [0, 0, -20] }],
    parallel: workers ? { workers, minElements: 500 } : undefined,
  });
}

describe('parallel element pass (worker_threads over SharedArrayBuffer)', () => {
  it('the compiled worker exists (npm test builds it)', () => {
    expect(fs.existsSync(workerScript)).toBe(true);
  });

  it('gives the single-threaded result to 1e-10 relative with one worker', async () => {
    const worker = new Worker(workerScript);
    try {
      const serial = build(null);
      serial.advance({ steps: 40 });
      const par = build([worker]);
      expect(par.threads).toBe(2);
      par.advance({ steps: 40 });
      // Still parallel after the run (a worker that fails to start makes the model fall back and warn).
      expect(par.threads).toBe(2);
      expect(par.diagnostics.warnings.join(' ')).not.toMatch(/did not start/);
      let maxDiff = 0, scale = 0;
      for (let i = 0; i < serial.x.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(serial.x[i] - par.x[i]));
        scale = Math.max(scale, Math.abs(serial.x[i] - serial.initialCoordinates[i]));
      }
      expect(scale).toBeGreaterThan(0);
      expect(maxDiff / scale).toBeLessThan(1e-10);
      const ie = serial.histories.energies.internal.at(-1)!;
      expect(Math.abs(par.histories.energies.internal.at(-1)! - ie) / ie).toBeLessThan(1e-10);
      expect(Math.max(...par.readElementState().plasticStrain)).toBeGreaterThan(0);
      par.dispose();
    } finally {
      await worker.terminate();
    }
  });

  it('stays single-threaded below the size threshold or without material cards, and says why', () => {
    const fake = { postMessage: (): void => { throw new Error('must not be used'); } };
    const mesh = createBoxMesh({ size: [1e-3, 1e-3, 1e-3], divisions: [2, 2, 2] });
    const small = createMechanicsModel({ mesh, parts: [{ id: 1, material: createMaterial(law, params), card: { law, params } }], parallel: { workers: [fake] } });
    expect(small.threads).toBe(1);
    expect(small.diagnostics.warnings.join(' ')).toMatch(/below 20000 elements/);
    const noCard = createMechanicsModel({ mesh, parts: [{ id: 1, material: createMaterial(law, params) }], parallel: { workers: [fake], minElements: 1 } });
    expect(noCard.threads).toBe(1);
    expect(noCard.diagnostics.warnings.join(' ')).toMatch(/without a material card/);
  });
});
