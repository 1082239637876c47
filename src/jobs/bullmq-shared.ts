/**
 * Names and payloads shared by the API (BullmqJobBackend), the `batsafe worker` process and the
 * sandboxed processor in scale-out mode.
 */
import type { ProgressSnapshot, RunEvent } from '../io/run-result';
import type { JobSubmission, SummaryHeadline } from './job-types';

export const SOLVE_QUEUE = 'batsafe-solve';
/** Pub/sub channel on which the API asks every worker to abort one running job. */
export const CANCEL_CHANNEL = 'batsafe:cancel';
/** Marks a job the client cancelled (kept 30 days), so a late failure of that job reads as cancelled. */
export const cancelledKey = (jobId: string): string => `batsafe:cancelled:${jobId}`;
export const CANCELLED_TTL_S = 30 * 24 * 3600;

export type BullJobData = JobSubmission;

/** What the sandboxed processor reports through job.updateProgress (cumulative for the attempt). */
export interface BullProgressPayload {
  /** Largest seq used so far in this attempt. */
  seq: number;
  /** seq offset of this attempt, so entries of a retried job keep increasing. */
  attempt: number;
  snapshot?: ProgressSnapshot & { seq: number };
  events: { seq: number; event: RunEvent }[];
}

/** The return value of a processed job. A run that fails numerically still "completes" in BullMQ terms. */
export interface BullReturnValue {
  status: 'completed' | 'failed' | 'cancelled';
  reason?: string;
  summary?: SummaryHeadline;
}

/** Every attempt starts its seq numbers at attempt * ATTEMPT_SEQ_STRIDE, so SSE ids grow across retries. */
export const ATTEMPT_SEQ_STRIDE = 1_000_000;
