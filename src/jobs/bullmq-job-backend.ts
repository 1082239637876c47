/**
 * Scale-out mode (BATSAFE_REDIS_URL set): jobs are BullMQ jobs on Redis, taken by any number of
 * `batsafe worker` processes; live progress comes through QueueEvents; results are read from the
 * shared data directory the workers publish into. The concurrent-job limit is checked against the
 * queue counts (a soft limit when several API instances share one queue).
 */
import { randomUUID } from 'crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import type { JobLogger } from './job-logger';
import {
  ATTEMPT_SEQ_STRIDE,
  BullJobData,
  BullProgressPayload,
  BullReturnValue,
  CANCEL_CHANNEL,
  CANCELLED_TTL_S,
  cancelledKey,
} from './bullmq-shared';
import { JobBackend, JobLimitError, JobRecord, JobState, JobStreamEntry, JobSubmission, JOB_ID_PATTERN, terminalEntryOf } from './job-types';
import { ResultStore } from './result-store';

export interface BullmqOptions {
  queue: Queue<BullJobData, BullReturnValue>;
  redisUrl: string;
  dataDir: string;
  maxActiveJobs: number;
  /** Attempts per job when a solve throws (a worker lost mid-job is retried through stall detection). */
  maxAttempts: number;
  logger: JobLogger;
}

function parseJson<T>(value: unknown): T | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return undefined;
    }
  }
  return value as T;
}

export class BullmqJobBackend implements JobBackend {
  readonly mode = 'redis' as const;
  private readonly store: ResultStore;
  private readonly redis: IORedis;
  private readonly events: QueueEvents;
  private readonly listeners = new Map<string, Set<(e: JobStreamEntry) => void>>();

  constructor(private readonly options: BullmqOptions) {
    this.store = new ResultStore(options.dataDir);
    this.redis = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
    this.events = new QueueEvents(options.queue.name, { connection: { url: options.redisUrl } });
    this.events.on('progress', ({ jobId, data }) => {
      if (!this.listeners.has(jobId)) return;
      const payload = parseJson<BullProgressPayload>(data);
      if (!payload || typeof payload !== 'object') return;
      const entries: JobStreamEntry[] = [
        ...payload.events.map((e) => ({ seq: e.seq, type: 'event' as const, data: e.event })),
        ...(payload.snapshot ? [{ seq: payload.snapshot.seq, type: 'progress' as const, data: payload.snapshot }] : []),
      ].sort((a, b) => a.seq - b.seq);
      for (const entry of entries) this.emit(jobId, entry);
    });
    const onEnd = ({ jobId }: { jobId: string }): void => {
      if (!this.listeners.has(jobId)) return;
      void this.get(jobId).then((record) => {
        const entry = record && terminalEntryOf(record);
        if (entry) this.emit(jobId, entry);
      });
    };
    this.events.on('completed', onEnd);
    this.events.on('failed', onEnd);
    this.events.on('removed', onEnd);
  }

  private emit(id: string, entry: JobStreamEntry): void {
    for (const listener of this.listeners.get(id) ?? []) listener(entry);
  }

  async submit(submission: JobSubmission): Promise<JobRecord> {
    const counts = await this.options.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    const active = Object.values(counts).reduce((a, b) => a + b, 0);
    if (active >= this.options.maxActiveJobs) {
      throw new JobLimitError(`too many jobs: ${active} are already queued or running (limit BATSAFE_MAX_ACTIVE_JOBS = ${this.options.maxActiveJobs}); retry later`, 429);
    }
    const id = randomUUID();
    const job = await this.options.queue.add('solve', submission, {
      jobId: id,
      attempts: this.options.maxAttempts,
      backoff: { type: 'fixed', delay: 1000 },
      removeOnComplete: false,
      removeOnFail: false,
    });
    this.options.logger.child({ jobId: id }).info({ scenario: submission.scenarioName }, 'job queued');
    return this.toRecord(job, 'waiting', false);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    if (!JOB_ID_PATTERN.test(id)) return undefined;
    const job = await this.options.queue.getJob(id);
    if (!job) {
      const tomb = await this.redis.get(cancelledKey(id));
      const parsed = parseJson<JobRecord>(tomb);
      return parsed && typeof parsed === 'object' ? parsed : undefined;
    }
    const [state, cancelled] = await Promise.all([job.getState(), this.redis.exists(cancelledKey(id))]);
    return this.toRecord(job, state, cancelled === 1);
  }

  async list(limit: number): Promise<JobRecord[]> {
    const jobs = await this.options.queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'], 0, limit - 1, false);
    const records = await Promise.all(jobs.filter((j): j is Job<BullJobData, BullReturnValue> => !!j).map((j) => this.get(String(j.id))));
    return records
      .filter((r): r is JobRecord => !!r)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }

  private toRecord(job: Job<BullJobData, BullReturnValue>, bullState: string, cancelled: boolean): JobRecord {
    const payload = parseJson<BullProgressPayload>(job.progress);
    const result = parseJson<BullReturnValue>(job.returnvalue);
    let state: JobState;
    let reason: string | undefined;
    if (bullState === 'active') state = 'running';
    else if (bullState === 'completed') {
      state = result?.status ?? 'completed';
      reason = result?.reason;
    } else if (bullState === 'failed') {
      state = cancelled ? 'cancelled' : 'failed';
      reason = cancelled ? 'cancelled by request' : `solve error after ${job.attemptsMade} attempt(s): ${job.failedReason}`;
    } else state = 'queued';
    const progressSeq = payload && typeof payload === 'object' ? payload.seq : (job.attemptsStarted ?? 0) * ATTEMPT_SEQ_STRIDE;
    const terminal = state === 'completed' || state === 'failed' || state === 'cancelled';
    return {
      id: String(job.id),
      state,
      scenarioName: job.data.scenarioName,
      createdAt: new Date(job.timestamp).toISOString(),
      ...(job.processedOn ? { startedAt: new Date(job.processedOn).toISOString() } : {}),
      ...(job.finishedOn && terminal ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
      attempts: job.attemptsStarted ?? job.attemptsMade,
      ...(payload?.snapshot ? { progress: payload.snapshot } : {}),
      events: payload?.events ?? [],
      ...(reason ? { reason } : {}),
      ...(result?.summary ? { summary: result.summary } : {}),
      lastSeq: progressSeq + (terminal ? 1 : 0),
    };
  }

  async cancel(id: string): Promise<JobRecord | undefined> {
    const record = await this.get(id);
    if (!record) return undefined;
    const log = this.options.logger.child({ jobId: id });
    if (record.state === 'queued') {
      const job = await this.options.queue.getJob(id);
      try {
        await job?.remove();
        const tomb: JobRecord = { ...record, state: 'cancelled', reason: 'cancelled by request before it started', finishedAt: new Date().toISOString(), lastSeq: record.lastSeq + 1 };
        await this.redis.set(cancelledKey(id), JSON.stringify(tomb), 'EX', CANCELLED_TTL_S);
        log.info({}, 'queued job cancelled');
        this.emit(id, terminalEntryOf(tomb)!);
        return tomb;
      } catch {
        // Taken by a worker in the meantime (locked): cancel it as a running job below.
      }
    }
    if (record.state === 'queued' || record.state === 'running') {
      await this.redis.set(cancelledKey(id), '1', 'EX', CANCELLED_TTL_S);
      this.store.requestCancel(id);
      await this.redis.publish(CANCEL_CHANNEL, id);
      log.info({}, 'cancel requested for running job');
    }
    return this.get(id);
  }

  subscribe(id: string, listener: (entry: JobStreamEntry) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(id);
    };
  }

  resultDirectory(id: string): string {
    return this.store.resultDirectory(id);
  }

  async readiness(): Promise<{ ok: boolean; details: Record<string, unknown> }> {
    try {
      const pong = await Promise.race([
        this.redis.ping(),
        new Promise<string>((_, reject) => setTimeout(() => reject(new Error('redis ping timed out after 1 s')), 1000)),
      ]);
      const counts = await this.options.queue.getJobCounts('waiting', 'active');
      const workers = await this.options.queue.getWorkersCount();
      return { ok: pong === 'PONG', details: { mode: this.mode, redis: 'up', ...counts, workers } };
    } catch (err) {
      return { ok: false, details: { mode: this.mode, redis: 'down', error: err instanceof Error ? err.message : String(err) } };
    }
  }

  async close(): Promise<void> {
    await this.events.close();
    this.redis.disconnect();
  }
}
