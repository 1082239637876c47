/**
 * Element pass split over worker threads through SharedArrayBuffer (issue 3, performance).
 *
 * The engine stays free of Node I/O: the caller creates the workers (any object with
 * postMessage, e.g. a worker_threads Worker running compiled JS from dist/, see
 * bench/suites/mechanics-worker.ts) and passes them in `spec.parallel`. Each worker receives the
 * shared arrays once, rebuilds the materials from their registry cards, and then, every step,
 * waits on an Atomics generation counter, runs the same hex8 kernel over its element chunk of each
 * part into its own shared force buffer, writes its energy and stable-step results, and signals.
 * The main thread runs its own chunk meanwhile and adds the worker force buffers.
 *
 * Used only for one-point parts without failure criteria whose material has a `card`; otherwise
 * the model runs single-threaded and says why in its warnings.
 */
import { createMaterial } from '../materials/registry';
import { MaterialModel, StressUpdateBlock } from '../material';
import { BLOCK_SIZE, Hex8Arrays, Hex8Scratch, KernelAccumulators, PartConstants, hex8Forces, hex8Kinematics } from './hex8-kernel';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { min: mathMin } = Math;
const INFINITY = Number.POSITIVE_INFINITY;

/** What the caller hands in: a started worker that will run `runMechanicsWorker` on its messages. */
export interface ParallelWorkerHandle {
  postMessage(message: unknown): void;
}

export interface WorkerPartInit {
  card: { law: string; params: unknown };
  constants: PartConstants;
  /** Model element range of the part and the chunk this worker owns. */
  start: number;
  end: number;
  chunkStart: number;
  chunkEnd: number;
  history: SharedArrayBuffer;
  plasticWork: SharedArrayBuffer;
  initialLength: SharedArrayBuffer;
}

export interface WorkerInit {
  kind: 'mechanics-init';
  index: number;
  x: SharedArrayBuffer; v: SharedArrayBuffer; force: SharedArrayBuffer;
  connectivity: SharedArrayBuffer; alive: SharedArrayBuffer; initialVolume: SharedArrayBuffer; elementMass: SharedArrayBuffer;
  waveSpeedScale: SharedArrayBuffer; stress: SharedArrayBuffer; totalStrain: SharedArrayBuffer; strainIncrement: SharedArrayBuffer;
  relativeVolume: SharedArrayBuffer; waveSpeed: SharedArrayBuffer; hourglassForce: SharedArrayBuffer;
  control: SharedArrayBuffer; results: SharedArrayBuffer; timeStep: SharedArrayBuffer;
  parts: WorkerPartInit[];
}

/** Control words (Int32Array): generation, done count, ready count, stop flag. */
export const CTL_GENERATION = 0;
export const CTL_DONE = 1;
export const CTL_READY = 2;
export const CTL_STOP = 3;
/** Result slots per worker (Float64Array): internal, hourglass, min dt, its element, failed element, failure code. */
export const RESULT_SLOTS = 6;

/** Worker-side loop. Call from a worker_threads bootstrap with each message it receives. */
export function runMechanicsWorker(message: WorkerInit): void {
  if (message.kind !== 'mechanics-init') return;
  const f64 = (b: SharedArrayBuffer): Float64Array => new Float64Array(b);
  const arrays: Hex8Arrays = {
    x: f64(message.x), v: f64(message.v), force: f64(message.force), connectivity: new Int32Array(message.connectivity),
    alive: new Uint8Array(message.alive), initialVolume: f64(message.initialVolume), elementMass: f64(message.elementMass),
    waveSpeedScale: f64(message.waveSpeedScale), stress: f64(message.stress), totalStrain: f64(message.totalStrain),
    strainIncrement: f64(message.strainIncrement), relativeVolume: f64(message.relativeVolume), waveSpeed: f64(message.waveSpeed),
    hourglassForce: f64(message.hourglassForce),
  };
  const control = new Int32Array(message.control);
  const results = new Float64Array(message.results);
  const timeStep = new Float64Array(message.timeStep);
  const parts = message.parts.map((p) => {
    const material: MaterialModel = createMaterial(p.card.law, p.card.params);
    const view = (a: Float64Array, k: number): Float64Array => a.subarray(k * p.start, k * p.end);
    const block: StressUpdateBlock = {
      first: 0, count: 0, dt: 0,
      strainIncrement: view(arrays.strainIncrement, 6), totalStrain: view(arrays.totalStrain, 6), stress: view(arrays.stress, 6),
      history: new Float64Array(p.history), relativeVolume: view(arrays.relativeVolume, 1),
      initialLength: new Float64Array(p.initialLength).subarray(p.start, p.end), waveSpeed: view(arrays.waveSpeed, 1),
      plasticWorkIncrement: new Float64Array(p.plasticWork).subarray(p.start, p.end),
    };
    return { ...p, material, block };
  });
  const scratch = new Hex8Scratch();
  const acc: KernelAccumulators = { internalEnergy: 0, hourglassEnergy: 0, minTimeStep: INFINITY, minTimeStepElement: -1, failedElement: -1, failure: 0 };
  const slot = RESULT_SLOTS * message.index;
  // Read the generation BEFORE signalling ready: once the main thread sees READY it may start the
  // first step at once (generation + 1); read after, that step is missed and both sides wait forever
  // (the main thread then times out after WORKER_STEP_TIMEOUT_MS: seen in ~1 run in 5 of the test).
  let generation = Atomics.load(control, CTL_GENERATION);
  Atomics.add(control, CTL_READY, 1);
  Atomics.notify(control, CTL_READY);
  for (;;) {
    Atomics.wait(control, CTL_GENERATION, generation);
    generation = Atomics.load(control, CTL_GENERATION);
    if (Atomics.load(control, CTL_STOP) === 1) return;
    const dt = timeStep[0];
    arrays.force.fill(0);
    acc.internalEnergy = 0; acc.hourglassEnergy = 0; acc.minTimeStep = INFINITY; acc.minTimeStepElement = -1; acc.failedElement = -1; acc.failure = 0;
    for (const p of parts) {
      p.block.dt = dt;
      for (let first = p.chunkStart; first < p.chunkEnd && acc.failedElement < 0; first += BLOCK_SIZE) {
        const count = mathMin(BLOCK_SIZE, p.chunkEnd - first);
        hex8Kinematics(arrays, p.constants, first, count, dt, scratch, acc);
        if (acc.failedElement >= 0) break;
        p.block.first = first - p.start;
        p.block.count = count;
        p.material.update(p.block);
        hex8Forces(arrays, p.constants, first, count, dt, scratch, acc);
      }
    }
    results[slot] = acc.internalEnergy;
    results[slot + 1] = acc.hourglassEnergy;
    results[slot + 2] = acc.minTimeStep;
    results[slot + 3] = acc.minTimeStepElement;
    results[slot + 4] = acc.failedElement;
    results[slot + 5] = acc.failure;
    Atomics.add(control, CTL_DONE, 1);
    Atomics.notify(control, CTL_DONE);
  }
}
