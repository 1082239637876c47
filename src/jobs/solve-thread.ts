/**
 * Entry point of an embedded solve worker thread (loaded from dist/ by SolvePool). Solves run
 * here, never on the HTTP event loop. Cancellation arrives two ways: a message (when the solver
 * yields to the event loop) and a shared flag polled from the solver's own progress callbacks
 * (when it does not).
 */
import { parentPort } from 'worker_threads';
import type { JobSubmission } from './job-types';
import { solveSubmission } from './solve';

export interface SolveTaskMessage {
  type: 'run';
  submission: JobSubmission;
  outDir: string;
  /** Int32Array over a SharedArrayBuffer: element 0 becomes 1 when the job is cancelled. */
  cancelFlag: SharedArrayBuffer;
}

export type SolveThreadMessage =
  | { type: 'progress'; data: unknown }
  | { type: 'event'; data: unknown }
  | { type: 'done'; summary: unknown }
  | { type: 'error'; message: string };

let controller: AbortController | undefined;

function post(message: SolveThreadMessage): void {
  parentPort!.postMessage(message);
}

parentPort?.on('message', (message: SolveTaskMessage | { type: 'cancel' }) => {
  if (message.type === 'cancel') {
    controller?.abort(new Error('cancelled by request'));
    return;
  }
  const flag = new Int32Array(message.cancelFlag);
  const abort = new AbortController();
  controller = abort;
  solveSubmission(message.submission, message.outDir, {
    signal: abort.signal,
    pollCancel: () => {
      if (!abort.signal.aborted && Atomics.load(flag, 0) === 1) abort.abort(new Error('cancelled by request'));
    },
    onProgress: (data) => post({ type: 'progress', data }),
    onEvent: (data) => post({ type: 'event', data }),
  })
    .then((summary) => post({ type: 'done', summary }))
    .catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
    .finally(() => {
      controller = undefined;
    });
});
