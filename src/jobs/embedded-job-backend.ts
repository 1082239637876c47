/**
 * Embedded mode (no outside service): job records in SQLite under the data directory, solves in
 * a pool of worker_threads, results published atomically under results/<id>/. On start, jobs
 * that were running when the previous process died are finished from their published result if
 * one exists, re-queued if they have attempts left, or failed with the reason.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { RunSummary } from '../io/run-result';
import type { JobLogger } from './job-logger';
import {
  JobBackend,
  JobLimitError,
  JobRecord,
  JobStreamEntry,
  JobSubmission,
  JOB_ID_PATTERN,
  summaryHeadline,
} from './job-types';
import { ResultStore } from './result-store';
import { SolveHandle, SolvePool } from './solve-pool';
import { SqliteJobRepository } from './sqlite-job-repository';

export interface EmbeddedOptions {
  dataDir: string;
  poolSize: number;
  /** Most jobs queued or running at once; more submissions get 429. */
  maxActiveJobs: number;
  /** Solve attempts per job (an attempt lost to a restart counts). */
  maxAttempts: number;
  logger: JobLogger;
}

export class EmbeddedJobBackend implements JobBackend {
  readonly mode = 'embedded' as const;
  private readonly repo: SqliteJobRepository;
  private readonly store: ResultStore;
  private readonly pool: SolvePool;
  private readonly running = new Map<string, SolveHandle>();
  private readonly listeners = new Map<string, Set<(e: JobStreamEntry) => void>>();
  private closed = false;

  constructor(private readonly options: EmbeddedOptions) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    this.store = new ResultStore(options.dataDir);
    this.repo = new SqliteJobRepository(path.join(options.dataDir, 'jobs.sqlite'));
    this.pool = new SolvePool(options.poolSize);
    this.recoverInterruptedJobs();
    this.dispatch();
  }

  private now(): string {
    return new Date().toISOString();
  }

  private recoverInterruptedJobs(): void {
    for (const job of this.repo.runningJobs()) {
      const log = this.options.logger.child({ jobId: job.id });
      this.store.discardWork(job.id);
      const summary = this.store.readSummary(job.id) as RunSummary | undefined;
      if (summary) {
        // Published before the crash but not yet recorded: the result on disk is the truth.
        this.finishFromSummary(job.id, summary);
        log.info({ attempt: job.attempts }, 'job result found after restart; recorded');
      } else if (job.attempts < this.options.maxAttempts) {
        this.repo.requeue(job.id);
        log.warn({ attempt: job.attempts }, 'job was interrupted by a server restart; re-queued');
      } else {
        const reason = `interrupted by a server restart during attempt ${job.attempts} of ${this.options.maxAttempts}; not retried`;
        this.repo.finish(job.id, 'failed', reason, undefined, this.now());
        log.error({ attempt: job.attempts }, reason);
      }
    }
  }

  private emit(id: string, entry: JobStreamEntry): void {
    for (const listener of this.listeners.get(id) ?? []) listener(entry);
  }

  async submit(submission: JobSubmission): Promise<JobRecord> {
    const id = randomUUID();
    if (!this.repo.insertIfBelowLimit(id, submission, this.options.maxActiveJobs, this.now())) {
      throw new JobLimitError(`too many jobs: ${this.options.maxActiveJobs} are already queued or running (limit BATSAFE_MAX_ACTIVE_JOBS); retry later`, 429);
    }
    this.options.logger.child({ jobId: id }).info({ scenario: submission.scenarioName }, 'job queued');
    setImmediate(() => this.dispatch());
    return this.repo.get(id)!;
  }

  private dispatch(): void {
    while (!this.closed && this.pool.idle > 0) {
      const job = this.repo.claimNextQueued(this.now());
      if (!job) return;
      this.start(job.id, job.attempts, job.submission);
    }
  }

  private start(id: string, attempt: number, submission: JobSubmission): void {
    const log = this.options.logger.child({ jobId: id });
    const workDir = this.store.createWorkDirectory(id, attempt);
    log.info({ attempt, scenario: submission.scenarioName }, 'solve started');
    const handle = this.pool.run(submission, workDir, {
      onProgress: (snapshot) => {
        if (this.closed) return;
        this.emit(id, this.repo.recordProgress(id, snapshot));
      },
      onEvent: (event) => {
        if (this.closed) return;
        log.info({ event: event.kind, time: event.time }, event.message);
        this.emit(id, this.repo.recordEvent(id, attempt, event));
      },
    });
    this.running.set(id, handle);
    void handle.outcome.then((outcome) => {
      this.running.delete(id);
      if (this.closed) return;
      try {
        if (outcome.kind === 'done') {
          this.publishWork(id, workDir);
          this.finishFromSummary(id, outcome.summary);
          log.info({ status: outcome.summary.status }, 'solve finished');
        } else {
          const cancelled = this.cancelRequested.has(id);
          this.publishWork(id, workDir);
          const entry = cancelled
            ? this.repo.finish(id, 'cancelled', 'cancelled by request', undefined, this.now())
            : this.repo.finish(id, 'failed', outcome.kind === 'error' ? `solve error: ${outcome.message}` : outcome.reason, undefined, this.now());
          this.emit(id, entry);
          (cancelled ? log.info.bind(log) : log.error.bind(log))({ outcome }, cancelled ? 'solve cancelled' : 'solve failed');
        }
      } catch (err) {
        log.error({ err }, 'could not record the end of the job');
      } finally {
        this.cancelRequested.delete(id);
        this.dispatch();
      }
    });
  }

  private readonly cancelRequested = new Set<string>();

  /** Publishes what a solve wrote (partial results of a failed or cancelled run are kept). */
  private publishWork(id: string, workDir: string): void {
    if (fs.existsSync(workDir) && fs.readdirSync(workDir).length > 0) this.store.publish(id, workDir);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }

  private finishFromSummary(id: string, summary: RunSummary): void {
    const headline = summaryHeadline(summary);
    const entry =
      summary.status === 'completed'
        ? this.repo.finish(id, 'completed', undefined, headline, this.now())
        : summary.status === 'cancelled'
          ? this.repo.finish(id, 'cancelled', 'cancelled by request', headline, this.now())
          : this.repo.finish(id, 'failed', summary.failure ? `run failed at t = ${summary.failure.time} s: ${summary.failure.reason}` : 'run failed', headline, this.now());
    this.emit(id, entry);
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return JOB_ID_PATTERN.test(id) ? this.repo.get(id) : undefined;
  }

  async list(limit: number): Promise<JobRecord[]> {
    return this.repo.list(limit);
  }

  async cancel(id: string): Promise<JobRecord | undefined> {
    const job = await this.get(id);
    if (!job) return undefined;
    const log = this.options.logger.child({ jobId: id });
    if (job.state === 'queued') {
      this.emit(id, this.repo.finish(id, 'cancelled', 'cancelled by request before it started', undefined, this.now()));
      log.info({}, 'queued job cancelled');
    } else if (job.state === 'running') {
      this.cancelRequested.add(id);
      this.running.get(id)?.cancel();
      log.info({}, 'cancel requested for running job');
    }
    return this.repo.get(id);
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
    return {
      ok: !this.closed,
      details: { mode: this.mode, solveThreads: this.pool.size, busyThreads: this.pool.busy, activeJobs: this.repo.countActive() },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
    this.repo.close();
  }
}
