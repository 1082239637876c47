/**
 * worker_threads bootstrap for the mechanics element pass (loaded from dist/ as compiled JS):
 * forwards the init message to the engine's worker loop (src/engine/mechanics/solver/parallel.ts).
 * Not a bench suite (the runner only loads *.bench.js).
 */
import { parentPort } from 'worker_threads';
import { runMechanicsWorker, WorkerInit } from '../../src/engine/mechanics/solver/parallel';

parentPort?.on('message', (message: WorkerInit) => runMechanicsWorker(message));
