import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK } from '../command';

export const command: CliCommand = {
  summary: 'Run a scale-out solve worker taking jobs from BullMQ on Redis (BATSAFE_REDIS_URL)',
  usage: `batsafe worker [--redis-url redis://host:6379] [--data-dir /shared/batsafe-data] [--concurrency N]

Takes solve jobs queued by \`batsafe serve\` in scale-out mode. Each job runs in a sandboxed worker
thread; results are published into <data-dir>/results/<job id>/, which must be the same directory
(a shared mount) that the API reads.

Environment:
  BATSAFE_REDIS_URL             Redis with the queue (required unless --redis-url)
  BATSAFE_DATA_DIR              shared data directory (default ./batsafe-data)
  BATSAFE_WORKER_CONCURRENCY    jobs at once (default: cores)
  BATSAFE_LOCK_DURATION_MS      job lock; a dead worker's job moves to another after about this long (default 30000)
  BATSAFE_LOG_LEVEL             pino level (default info)`,
  async run(args) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { workerConfig } = require('../../api/config') as typeof import('../../api/config');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startSolveWorker } = require('../../api/server') as typeof import('../../api/server');
    let config;
    try {
      config = workerConfig(args);
    } catch (err) {
      process.stderr.write(`batsafe worker: ${(err as Error).message}\n`);
      return EXIT_INVALID_INPUT;
    }
    const app = await startSolveWorker(config);
    await new Promise<void>((resolve) => {
      const stop = (): void => void app.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return EXIT_OK;
  },
};
