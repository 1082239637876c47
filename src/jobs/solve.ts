/**
 * One solve of one job, shared by the embedded worker threads and the BullMQ sandboxed
 * processor: parse the stored scenario text again, run it into the work directory, report
 * progress (throttled) and events through callbacks.
 */
import type { ProgressSnapshot, RunEvent, RunSummary } from '../io/run-result';
import type { JobSubmission } from './job-types';
import { parseScenario, runScenarioToDirectory } from './runner-adapter';

/** Progress snapshots are forwarded at most this often; the last one before the end is always sent. */
export const PROGRESS_INTERVAL_MS = 200;

export interface SolveCallbacks {
  onProgress(snapshot: ProgressSnapshot): void;
  onEvent(event: RunEvent): void;
  signal: AbortSignal;
  /** Called synchronously from inside the solver's callbacks; lets a caller abort without the event loop turning. */
  pollCancel?: () => void;
}

export async function solveSubmission(submission: JobSubmission, outDir: string, callbacks: SolveCallbacks): Promise<RunSummary> {
  const parsed = parseScenario(submission.sourceText, submission.sourceName);
  if (!parsed.ok) {
    // Validated on submission; this only happens if the scenario contract changed in between.
    throw new Error(`scenario is no longer valid: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
  let lastSent = 0;
  let pending: ProgressSnapshot | undefined;
  const summary = await runScenarioToDirectory(parsed.scenario, outDir, {
    signal: callbacks.signal,
    fields: submission.fields,
    report: true,
    onProgress: (snapshot) => {
      callbacks.pollCancel?.();
      const now = Date.now();
      if (now - lastSent >= PROGRESS_INTERVAL_MS) {
        lastSent = now;
        pending = undefined;
        callbacks.onProgress(snapshot);
      } else {
        pending = snapshot;
      }
    },
    onEvent: (event) => {
      callbacks.pollCancel?.();
      callbacks.onEvent(event);
    },
  });
  if (pending) callbacks.onProgress(pending);
  return summary;
}
