/**
 * The job model shared by both job backends (embedded SQLite + worker_threads, and BullMQ on
 * Redis) and by the HTTP API. A job runs one validated scenario into its own result directory.
 */
import type { ProgressSnapshot, RunEvent, RunSummary } from '../io/run-result';

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export const TERMINAL_JOB_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export function isTerminal(state: JobState): boolean {
  return TERMINAL_JOB_STATES.includes(state);
}

/**
 * One entry of a job's stream (the SSE stream and the "events so far" of GET /jobs/:id).
 * `seq` increases strictly within a job and is the SSE event id used for Last-Event-ID resume.
 */
export type JobStreamEntry =
  | { seq: number; type: 'progress'; data: ProgressSnapshot }
  | { seq: number; type: 'event'; data: RunEvent }
  | { seq: number; type: 'completed'; data: { status: 'completed'; summary: SummaryHeadline } }
  | { seq: number; type: 'failed'; data: { reason: string; summary?: SummaryHeadline } }
  | { seq: number; type: 'cancelled'; data: { reason: string } };

/** What the job record keeps of summary.json (the whole file is at /jobs/:id/summary). */
export interface SummaryHeadline {
  status: RunSummary['status'];
  failure?: RunSummary['failure'];
  results: RunSummary['results'];
  eucar?: RunSummary['eucar'];
  files: string[];
}

export function summaryHeadline(summary: RunSummary): SummaryHeadline {
  return {
    status: summary.status,
    ...(summary.failure ? { failure: summary.failure } : {}),
    results: summary.results,
    ...(summary.eucar ? { eucar: summary.eucar } : {}),
    files: summary.files,
  };
}

export interface JobRecord {
  id: string;
  state: JobState;
  scenarioName: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** How many times a solve was started (re-queued after a restart or a lost worker: > 1). */
  attempts: number;
  /** Latest progress snapshot, if any. */
  progress?: ProgressSnapshot & { seq: number };
  /** Run events (short onset, peak force, ...) of the current attempt, in order. */
  events: { seq: number; event: RunEvent }[];
  /** Why the job failed or was cancelled. */
  reason?: string;
  summary?: SummaryHeadline;
  /** Largest seq emitted so far (SSE resume point of the final entry). */
  lastSeq: number;
}

/**
 * A validated scenario ready to run, kept as its source text: the solve (in a worker thread, a
 * restarted server or another machine) parses it again, so nothing depends on the parsed object
 * surviving serialization.
 */
export interface JobSubmission {
  sourceText: string;
  /** File name given to the parser (a shipped scenario's own path, so relative references resolve). */
  sourceName: string;
  scenarioName: string;
  /** Write VTU field snapshots (GET /jobs/:id/fields/:name). */
  fields: boolean;
}

export class JobLimitError extends Error {
  constructor(
    message: string,
    readonly httpStatus: 429 | 422,
  ) {
    super(message);
  }
}

/** The operations the API needs; implemented by EmbeddedJobBackend and BullmqJobBackend. */
export interface JobBackend {
  readonly mode: 'embedded' | 'redis';
  /** Queues the job; throws JobLimitError when the concurrent-job limit is reached. */
  submit(submission: JobSubmission): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | undefined>;
  list(limit: number): Promise<JobRecord[]>;
  /** Cancels a queued or running job; returns the record after the request (may still be running briefly). */
  cancel(id: string): Promise<JobRecord | undefined>;
  /** Live stream entries of one job; returns an unsubscribe function. */
  subscribe(id: string, listener: (entry: JobStreamEntry) => void): () => void;
  /** Absolute path of the job's published result directory (exists once the job has finished). */
  resultDirectory(id: string): string;
  /** Readiness details for /health. */
  readiness(): Promise<{ ok: boolean; details: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Job ids are UUIDs; anything else is refused before touching storage or the file system. */
export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The final stream entry of a finished job, derived from its record (seq = lastSeq); undefined while it runs. */
export function terminalEntryOf(record: JobRecord): JobStreamEntry | undefined {
  const seq = record.lastSeq;
  switch (record.state) {
    case 'completed':
      return { seq, type: 'completed', data: { status: 'completed', summary: record.summary! } };
    case 'failed':
      return { seq, type: 'failed', data: { reason: record.reason ?? 'failed', ...(record.summary ? { summary: record.summary } : {}) } };
    case 'cancelled':
      return { seq, type: 'cancelled', data: { reason: record.reason ?? 'cancelled' } };
    default:
      return undefined;
  }
}
