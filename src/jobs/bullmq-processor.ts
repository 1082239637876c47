/**
 * The BullMQ sandboxed processor (`batsafe worker` starts it with useWorkerThreads): the solve
 * runs in its own thread, so the worker's main thread keeps renewing the job lock however long
 * the solve takes. Results go to the shared data directory (BATSAFE_DATA_DIR), published
 * atomically under results/<job id>/.
 */
import * as os from 'os';
import type { SandboxedJob } from 'bullmq';
import type { RunEvent } from '../io/run-result';
import { ATTEMPT_SEQ_STRIDE, BullJobData, BullProgressPayload, BullReturnValue } from './bullmq-shared';
import { summaryHeadline } from './job-types';
import { ResultStore } from './result-store';
import { solveSubmission } from './solve';

export default async function processSolveJob(job: SandboxedJob<BullJobData, BullReturnValue>, _token?: string, signal?: AbortSignal): Promise<BullReturnValue> {
  const dataDir = process.env.BATSAFE_DATA_DIR;
  if (!dataDir) throw new Error('BATSAFE_DATA_DIR is not set in the worker');
  const store = new ResultStore(dataDir);
  const jobId = String(job.id);
  const attempt = (job.attemptsStarted ?? job.attemptsMade + 1) as number;
  // A previous attempt of this job (a worker that died) may have left a work directory.
  store.discardWork(jobId);
  const workDir = store.createWorkDirectory(jobId, attempt, `${os.hostname()}-${process.pid}`);
  const abort = new AbortController();
  const onAbort = (): void => abort.abort(signal?.reason ?? new Error('cancelled'));
  if (signal) {
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }

  const events: { seq: number; event: RunEvent }[] = [];
  let seq = attempt * ATTEMPT_SEQ_STRIDE;
  let snapshot: BullProgressPayload['snapshot'];
  const report = (): void => {
    const payload: BullProgressPayload = { seq, attempt, ...(snapshot ? { snapshot } : {}), events };
    void job.updateProgress(payload as unknown as object);
  };

  let lastCancelCheck = 0;
  try {
    const summary = await solveSubmission(job.data, workDir, {
      signal: abort.signal,
      pollCancel: () => {
        const now = Date.now();
        if (abort.signal.aborted || now - lastCancelCheck < 250) return;
        lastCancelCheck = now;
        if (store.isCancelRequested(jobId)) abort.abort(new Error('cancelled by request'));
      },
      onProgress: (s) => {
        seq += 1;
        snapshot = { ...s, seq };
        report();
      },
      onEvent: (event) => {
        seq += 1;
        events.push({ seq, event });
        report();
      },
    });
    store.publish(jobId, workDir);
    const headline = summaryHeadline(summary);
    if (summary.status === 'completed') return { status: 'completed', summary: headline };
    if (summary.status === 'cancelled') return { status: 'cancelled', reason: 'cancelled by request', summary: headline };
    return {
      status: 'failed',
      reason: summary.failure ? `run failed at t = ${summary.failure.time} s: ${summary.failure.reason}` : 'run failed',
      summary: headline,
    };
  } catch (err) {
    if (abort.signal.aborted) {
      // A cancelled solve is an answer, not an error to retry.
      store.publish(jobId, workDir);
      return { status: 'cancelled', reason: 'cancelled by request' };
    }
    throw err;
  }
}
