/**
 * A fixed pool of worker_threads for embedded solves, sized to the cores by default. Each
 * thread runs one solve at a time. A cancelled solve that does not stop within the grace period,
 * or a thread that dies, is terminated and replaced, so one bad job never shrinks the pool.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ProgressSnapshot, RunEvent, RunSummary } from '../io/run-result';
import type { JobSubmission } from './job-types';
import { repositoryRoot } from './runner-adapter';
import type { SolveTaskMessage, SolveThreadMessage } from './solve-thread';

export type SolveOutcome =
  | { kind: 'done'; summary: RunSummary }
  | { kind: 'error'; message: string }
  /** The thread was stopped (cancel grace period exceeded) or died. */
  | { kind: 'terminated'; reason: string };

export interface SolveHandle {
  outcome: Promise<SolveOutcome>;
  cancel(): void;
}

export interface SolveHandlers {
  onProgress(snapshot: ProgressSnapshot): void;
  onEvent(event: RunEvent): void;
}

/** Compiled thread entry: next to this file when running from dist/, else the built copy in dist/. */
export function solveThreadScript(): string {
  const beside = path.join(__dirname, 'solve-thread.js');
  if (fs.existsSync(beside)) return beside;
  return path.join(repositoryRoot(), 'dist', 'src', 'jobs', 'solve-thread.js');
}

export function defaultPoolSize(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class SolvePool {
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly cancelGraceMs = 3000,
    private readonly script = solveThreadScript(),
  ) {
    if (!fs.existsSync(script)) throw new Error(`solve worker script not found: ${script} (run \`npm run build\`)`);
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn(), busy: false });
  }

  private spawn(): Worker {
    const worker = new Worker(this.script);
    worker.unref();
    return worker;
  }

  get idle(): number {
    return this.slots.filter((s) => !s.busy).length;
  }

  get busy(): number {
    return this.size - this.idle;
  }

  /** Starts a solve on an idle thread; the caller checks `idle` first. */
  run(submission: JobSubmission, outDir: string, handlers: SolveHandlers): SolveHandle {
    const slot = this.slots.find((s) => !s.busy);
    if (!slot) throw new Error('no idle solve thread');
    slot.busy = true;
    const cancelFlag = new SharedArrayBuffer(4);
    const worker = slot.worker;
    let settle!: (o: SolveOutcome) => void;
    const outcome = new Promise<SolveOutcome>((resolve) => (settle = resolve));
    let finished = false;
    let killTimer: NodeJS.Timeout | undefined;

    const cleanup = (replace: boolean): void => {
      finished = true;
      if (killTimer) clearTimeout(killTimer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (replace && !this.closed) slot.worker = this.spawn();
      slot.busy = false;
    };
    const onMessage = (message: SolveThreadMessage): void => {
      if (finished) return;
      switch (message.type) {
        case 'progress':
          handlers.onProgress(message.data as ProgressSnapshot);
          break;
        case 'event':
          handlers.onEvent(message.data as RunEvent);
          break;
        case 'done':
          cleanup(false);
          settle({ kind: 'done', summary: message.summary as RunSummary });
          break;
        case 'error':
          cleanup(false);
          settle({ kind: 'error', message: message.message });
          break;
      }
    };
    const onError = (err: Error): void => {
      if (finished) return;
      cleanup(true);
      settle({ kind: 'terminated', reason: `solve thread crashed: ${err.message}` });
    };
    const onExit = (code: number): void => {
      if (finished) return;
      cleanup(true);
      settle({ kind: 'terminated', reason: `solve thread exited with code ${code}` });
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const task: SolveTaskMessage = { type: 'run', submission, outDir, cancelFlag };
    worker.postMessage(task);

    return {
      outcome,
      cancel: () => {
        if (finished) return;
        Atomics.store(new Int32Array(cancelFlag), 0, 1);
        worker.postMessage({ type: 'cancel' });
        killTimer = setTimeout(() => {
          if (finished) return;
          cleanup(true);
          void worker.terminate();
          settle({ kind: 'terminated', reason: `cancelled; the solve did not stop within ${this.cancelGraceMs} ms and its thread was stopped` });
        }, this.cancelGraceMs);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
