/** Unit tests of the explicit solver's input checks, failure handling, erosion hook and scaling options. */
import { createMechanicsModel, MechanicsInputError } from '../../../../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../../../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../../../../src/engine/mechanics/materials/elastic';
import { MaterialModel, StressUpdateBlock } from '../../../../../src/engine/mechanics/material';
import { FailureCriterion } from '../../../../../src/engine/mechanics/failure/criterion';

const steel = (): ElasticMaterial => new ElasticMaterial({ density: 7800, youngsModulus: 200e9, poissonsRatio: 0.3 });
const box = (n = 2) => createBoxMesh({ size: [1e-3, 1e-3, 1e-3], divisions: [n, n, n] });

function inputError(fn: () => unknown): MechanicsInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MechanicsInputError) return err;
    throw err;
  }
  throw new Error('expected a MechanicsInputError');
}

describe('input checks before any computation', () => {
  it('rejects an inverted element, naming it', () => {
    const mesh = box(2);
    // Swap the bottom and top faces of element 3 (mirror: negative Jacobian).
    const c = mesh.connectivity, o = 8 * 3;
    const bottom = Array.from(c.subarray(o, o + 4));
    c.set(c.subarray(o + 4, o + 8), o);
    c.set(bottom, o + 4);
    const err = inputError(() => createMechanicsModel({ mesh, parts: [{ id: 1, material: steel() }] }));
    expect(err.problem).toBe('inverted-element');
    expect(err.element).toBe(3);
    expect(err.message).toMatch(/element 3/);
  });

  it('rejects a degenerate (collapsed) element', () => {
    const mesh = box(1);
    // Collapse the top face onto the bottom face.
    for (let n = 4; n < 8; n++) mesh.coordinates[3 * mesh.connectivity[n] + 2] = 0;
    const err = inputError(() => createMechanicsModel({ mesh, parts: [{ id: 1, material: steel() }] }));
    expect(['degenerate-element', 'inverted-element']).toContain(err.problem);
    expect(err.element).toBe(0);
  });

  it('names an unknown node set and a missing part', () => {
    const err = inputError(() => createMechanicsModel({ mesh: box(), parts: [{ id: 1, material: steel() }], boundaryConditions: [{ kind: 'fixed', nodeSet: 'bottom' }] }));
    expect(err.field).toBe('boundaryConditions[0].nodeSet');
    expect(err.message).toMatch(/unknown node set 'bottom'/);
    const err2 = inputError(() => createMechanicsModel({ mesh: box(), parts: [{ id: 2, material: steel() }] }));
    expect(err2.field).toBe('mesh.elementPart');
  });

  it('refuses a model above the memory limit and shows the estimate', () => {
    const err = inputError(() => createMechanicsModel({ mesh: box(4), parts: [{ id: 1, material: steel() }], memoryLimitBytes: 1000 }));
    expect(err.problem).toBe('memory-limit');
    expect(err.message).toMatch(/estimated memory [0-9.]+ MB .* exceeds the limit/);
  });

  it('refuses mass scaling above the added-mass limit and reports it below', () => {
    const probe = createMechanicsModel({ mesh: box(), parts: [{ id: 1, material: steel() }] });
    const dt0 = probe.diagnostics.initialTimeStep;
    const err = inputError(() => createMechanicsModel({
      mesh: box(), parts: [{ id: 1, material: steel() }], timeStep: { massScaling: { targetTimeStep: 2 * dt0, maxAddedMassFraction: 0.5 } },
    }));
    expect(err.problem).toBe('mass-scaling-limit');
    // Doubling the step needs 4x the density: 300 % added mass.
    expect(err.message).toMatch(/300\.00 % added mass/);
    const ok = createMechanicsModel({
      mesh: box(), parts: [{ id: 1, material: steel() }], timeStep: { massScaling: { targetTimeStep: 2 * dt0, maxAddedMassFraction: 4 } },
    });
    expect(ok.diagnostics.addedMassFraction).toBeCloseTo(3, 10);
    expect(ok.diagnostics.initialTimeStep).toBeCloseTo(2 * dt0, 15);
  });

  it('refuses a time-scale factor above its limit', () => {
    const err = inputError(() => createMechanicsModel({ mesh: box(), parts: [{ id: 1, material: steel() }], quasiStatic: { timeScaleFactor: 5000 } }));
    expect(err.problem).toBe('time-scale-limit');
  });
});

/** A law that returns NaN after a given number of updates (to test run failure handling). */
class NaNAfter implements MaterialModel {
  readonly law = 'nan-after';
  readonly density = 7800;
  readonly historySize = 0;
  readonly bulkModulus = 1.6e11;
  readonly shearModulus = 7.7e10;
  private calls = 0;
  constructor(private readonly after: number, private readonly inner = steel()) {}
  initHistory(): void {}
  initialWaveSpeed(): number { return this.inner.initialWaveSpeed(); }
  equivalentPlasticStrain(): number { return 0; }
  update(block: StressUpdateBlock): void {
    this.inner.update(block);
    if (++this.calls > this.after) block.stress[6 * (block.first + 1)] = NaN;
  }
}

describe('numerical failure during the run keeps the results so far', () => {
  it('NaN stress: status failed, element, time and cause named; histories kept', () => {
    const model = createMechanicsModel({ mesh: box(), parts: [{ id: 1, material: new NaNAfter(10) }], initialVelocities: [{ velocity: [0, 0, 1] }] });
    const r = model.advance({ steps: 100 });
    expect(r.status).toBe('failed');
    expect(r.failure?.cause).toBe('nan-stress');
    expect(r.failure?.element).toBe(1);
    expect(r.failure?.message).toMatch(/nan-stress at t = .* element 1/);
    expect(model.histories.time.length).toBeGreaterThanOrEqual(10);
    // Further advance calls do nothing and repeat the failure.
    expect(model.advance({ steps: 5 }).status).toBe('failed');
  });

  it('time-step collapse below the floor stops the run', () => {
    const model = createMechanicsModel({
      mesh: box(), parts: [{ id: 1, material: steel() }], timeStep: { floor: 1 }, initialVelocities: [{ velocity: [0, 0, 1] }],
    });
    const r = model.advance({ steps: 10 });
    expect(r.status).toBe('failed');
    expect(r.failure?.cause).toBe('time-step-collapse');
    expect(r.failure?.element).toBeGreaterThanOrEqual(0);
  });

  it('negative Jacobian during the run (element crushed through) stops the run', () => {
    const mesh = box(1);
    const top = mesh.nodeSets.zmax;
    const model = createMechanicsModel({
      mesh, parts: [{ id: 1, material: new ElasticMaterial({ density: 7800, youngsModulus: 1e3, poissonsRatio: 0 }) }],
      boundaryConditions: [{ kind: 'fixed', nodeSet: 'zmin' }, { kind: 'velocity', nodeSet: 'zmax', velocity: [0, 0, -1e3] }],
      timeStep: { floor: 0 },
    });
    void top;
    const r = model.advance({ steps: 100000 });
    expect(r.status).toBe('failed');
    expect(r.failure?.cause).toBe('negative-jacobian');
    expect(r.failure?.element).toBe(0);
  });
});

/** Criterion: met when the relative volume drops below a threshold. */
class VolumeCriterion implements FailureCriterion {
  readonly name = 'volume';
  readonly historySize = 0;
  constructor(private readonly limit: number) {}
  initHistory(): void {}
  evaluate(state: { relativeVolume: Float64Array }, _h: Float64Array, first: number, count: number, indicator: Float64Array): void {
    for (let p = first; p < first + count; p++) indicator[p] = (1 - state.relativeVolume[p]) / (1 - this.limit);
  }
}

describe('erosion hook', () => {
  it('erodes the first element meeting the criterion, reports it, and removes its forces and mass', () => {
    const mesh = createBoxMesh({ size: [4e-3, 4e-3, 4e-3], divisions: [4, 4, 4] });
    const model = createMechanicsModel({
      mesh,
      parts: [{ id: 1, material: steel(), failure: new VolumeCriterion(0.99) }],
      boundaryConditions: [{ kind: 'fixed', nodeSet: 'zmin' }],
      indenters: [{
        name: 'ball', shape: { kind: 'sphere', radius: 2e-3 }, position: [2e-3, 2e-3, 6e-3], direction: [0, 0, -1],
        motion: { kind: 'velocity', velocity: 20 },
      }],
    });
    const massBefore = model.nodalMass.reduce((a, b) => a + b, 0);
    const r = model.advance({ untilTime: 3e-5 });
    expect(r.status).toBe('completed');
    const first = model.diagnostics.firstFailure;
    expect(first).not.toBeNull();
    expect(first!.time).toBeGreaterThan(0);
    expect(first!.indenters[0].name).toBe('ball');
    expect(first!.indenters[0].displacement).toBeGreaterThan(0);
    // The first failure is under the ball: a top-layer element near the centre.
    expect(first!.centroid[2]).toBeGreaterThan(3e-3);
    expect(Math.hypot(first!.centroid[0] - 2e-3, first!.centroid[1] - 2e-3)).toBeLessThan(1.5e-3);
    const state = model.readElementState();
    expect(state.alive[first!.element]).toBe(0);
    expect(model.diagnostics.erodedElements).toBeGreaterThan(0);
    const massAfter = model.nodalMass.reduce((a, b) => a + b, 0);
    const elementMass = 7800 * 1e-9;
    expect(massBefore - massAfter).toBeCloseTo(model.diagnostics.erodedElements * elementMass, 12);
  });
});
