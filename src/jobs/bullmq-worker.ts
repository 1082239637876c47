/**
 * The `batsafe worker` side of scale-out mode: a BullMQ Worker with the sandboxed processor
 * (bullmq-processor.js, one worker thread per running job, so a long solve never blocks lock
 * renewal), listening on the cancel channel for jobs the API was asked to cancel.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { JobLogger } from './job-logger';
import { BullJobData, BullReturnValue, CANCEL_CHANNEL, SOLVE_QUEUE } from './bullmq-shared';
import { repositoryRoot } from './runner-adapter';

export interface SolveWorkerOptions {
  redisUrl: string;
  dataDir: string;
  concurrency: number;
  lockDurationMs: number;
  logger: JobLogger;
}

export function processorScript(): string {
  const beside = path.join(__dirname, 'bullmq-processor.js');
  if (fs.existsSync(beside)) return beside;
  return path.join(repositoryRoot(), 'dist', 'src', 'jobs', 'bullmq-processor.js');
}

export class SolveWorker {
  private worker?: Worker<BullJobData, BullReturnValue>;
  private subscriber?: IORedis;

  constructor(private readonly options: SolveWorkerOptions) {}

  async start(): Promise<void> {
    const { redisUrl, dataDir, concurrency, lockDurationMs, logger } = this.options;
    fs.mkdirSync(dataDir, { recursive: true });
    // The sandboxed processor threads read the shared data directory from the environment.
    process.env.BATSAFE_DATA_DIR = dataDir;
    this.worker = new Worker<BullJobData, BullReturnValue>(SOLVE_QUEUE, processorScript(), {
      connection: { url: redisUrl, maxRetriesPerRequest: null },
      concurrency,
      useWorkerThreads: true,
      lockDuration: lockDurationMs,
      stalledInterval: lockDurationMs,
      // A job whose worker died is moved back to the queue (and taken by another worker) up to twice.
      maxStalledCount: 2,
    });
    this.worker.on('active', (job) => logger.child({ jobId: job.id }).info({ attempt: job.attemptsStarted, scenario: job.data.scenarioName }, 'solve started'));
    this.worker.on('completed', (job, result) => logger.child({ jobId: job.id }).info({ status: result?.status, reason: result?.reason }, 'solve finished'));
    this.worker.on('failed', (job, err) => logger.child({ jobId: job?.id }).error({ err: err.message, attemptsMade: job?.attemptsMade }, 'solve error'));
    this.worker.on('stalled', (jobId) => logger.child({ jobId }).warn({}, 'job stalled (its worker stopped renewing the lock); moved back to the queue'));
    this.worker.on('error', (err) => logger.error({ err: err.message }, 'worker error'));

    this.subscriber = new IORedis(redisUrl, { maxRetriesPerRequest: null });
    await this.subscriber.subscribe(CANCEL_CHANNEL);
    this.subscriber.on('message', (_channel: string, jobId: string) => {
      if (this.worker?.cancelJob(jobId, 'cancelled by request')) logger.child({ jobId }).info({}, 'cancelling running job');
    });
    await this.worker.waitUntilReady();
    logger.child({}, { level: 'info' }).info({ queue: SOLVE_QUEUE, concurrency, dataDir, lockDurationMs }, 'worker ready');
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.subscriber?.disconnect();
  }
}
