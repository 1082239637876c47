import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK } from '../command';

export const command: CliCommand = {
  summary: 'Start the HTTP API with durable jobs (embedded, or BullMQ on Redis with BATSAFE_REDIS_URL)',
  usage: `batsafe serve [--port 3000] [--host 127.0.0.1] [--data-dir ./batsafe-data] [--redis-url redis://...]

Starts the batsafe HTTP API. OpenAPI at /docs and /docs-json; health at /health.

Embedded mode (default): job records in <data-dir>/jobs.sqlite, results in <data-dir>/results/<job id>/,
solves in a pool of worker threads (one per core). Jobs interrupted by a restart are re-queued.
Scale-out mode (BATSAFE_REDIS_URL or --redis-url): jobs go to BullMQ; run \`batsafe worker\` processes
with the same Redis and the same (shared) data directory.

Environment:
  BATSAFE_API_TOKEN              require "Authorization: Bearer <token>" on POST/DELETE
  BATSAFE_MAX_BODY_BYTES         largest request body (default 1048576)
  BATSAFE_MAX_ELEMENTS           largest mesh (default 500000)
  BATSAFE_MAX_SIMULATED_TIME_S   longest simulated time (default 604800)
  BATSAFE_MAX_ACTIVE_JOBS        jobs queued or running at once, else 429 (default 64)
  BATSAFE_SOLVE_THREADS          embedded solve threads (default: cores)
  BATSAFE_MAX_ATTEMPTS           attempts per job (default 2)
  BATSAFE_LOG_LEVEL              pino level (default info)`,
  async run(args) {
    // Loaded here so that other commands do not pay for Nest.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { serverConfig } = require('../../api/config') as typeof import('../../api/config');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startApiServer } = require('../../api/server') as typeof import('../../api/server');
    let config;
    try {
      config = serverConfig(args);
    } catch (err) {
      process.stderr.write(`batsafe serve: ${(err as Error).message}\n`);
      return EXIT_INVALID_INPUT;
    }
    const { app } = await startApiServer(config);
    await new Promise<void>((resolve) => {
      const stop = (): void => void app.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return EXIT_OK;
  },
};
