/**
 * Server and worker settings: command-line options first, then BATSAFE_* environment variables,
 * then defaults. Every limit the API enforces is here, with the variable that changes it.
 */
import * as path from 'path';
import { defaultPoolSize } from '../jobs/solve-pool';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Set: scale-out mode through BullMQ on this Redis; unset: embedded mode. */
  redisUrl?: string;
  /** Set: required as `Authorization: Bearer <token>` on mutating endpoints. */
  apiToken?: string;
  /** Largest request body accepted, bytes (BATSAFE_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Largest mesh accepted, elements (BATSAFE_MAX_ELEMENTS). */
  maxElements: number;
  /** Longest simulated time accepted, s (BATSAFE_MAX_SIMULATED_TIME_S). */
  maxSimulatedTimeS: number;
  /** Jobs queued or running at once; beyond it POST /jobs answers 429 (BATSAFE_MAX_ACTIVE_JOBS). */
  maxActiveJobs: number;
  /** Embedded solve threads (BATSAFE_SOLVE_THREADS; default: the number of cores). */
  solveThreads: number;
  /** Solve attempts per job, counting one lost to a restart or a dead worker (BATSAFE_MAX_ATTEMPTS). */
  maxAttempts: number;
  logLevel: string;
}

export interface WorkerConfig {
  redisUrl: string;
  dataDir: string;
  /** Jobs this worker process solves at once (BATSAFE_WORKER_CONCURRENCY; default: the number of cores). */
  concurrency: number;
  /** BullMQ lock duration, ms: a worker that dies loses its job to another after about this long. */
  lockDurationMs: number;
  logLevel: string;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}='${raw}' is not a positive number`);
  return value;
}

/** Reads `--name value` pairs; unknown options are an error naming the option. */
export function parseOptions(args: string[], known: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq > 0 ? arg.slice(2, eq) : arg.slice(2)) : '';
    if (!name || !known.includes(name)) throw new Error(`unknown option '${arg}'; known: ${known.map((k) => `--${k}`).join(', ')}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new Error(`option --${name} needs a value`);
    out[name] = value;
  }
  return out;
}

export function serverConfig(args: string[], env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const o = parseOptions(args, ['port', 'host', 'data-dir', 'redis-url']);
  const port = Number(o.port ?? env.BATSAFE_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port '${o.port ?? env.BATSAFE_PORT}' is not a TCP port`);
  return {
    host: o.host ?? env.BATSAFE_HOST ?? '127.0.0.1',
    port,
    dataDir: path.resolve(o['data-dir'] ?? env.BATSAFE_DATA_DIR ?? 'batsafe-data'),
    ...((o['redis-url'] ?? env.BATSAFE_REDIS_URL) ? { redisUrl: o['redis-url'] ?? env.BATSAFE_REDIS_URL } : {}),
    ...(env.BATSAFE_API_TOKEN ? { apiToken: env.BATSAFE_API_TOKEN } : {}),
    maxBodyBytes: envNumber(env, 'BATSAFE_MAX_BODY_BYTES', 1024 * 1024),
    maxElements: envNumber(env, 'BATSAFE_MAX_ELEMENTS', 500_000),
    maxSimulatedTimeS: envNumber(env, 'BATSAFE_MAX_SIMULATED_TIME_S', 7 * 24 * 3600),
    maxActiveJobs: envNumber(env, 'BATSAFE_MAX_ACTIVE_JOBS', 64),
    solveThreads: envNumber(env, 'BATSAFE_SOLVE_THREADS', defaultPoolSize()),
    maxAttempts: envNumber(env, 'BATSAFE_MAX_ATTEMPTS', 2),
    logLevel: env.BATSAFE_LOG_LEVEL ?? 'info',
  };
}

export function workerConfig(args: string[], env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const o = parseOptions(args, ['data-dir', 'redis-url', 'concurrency']);
  const redisUrl = o['redis-url'] ?? env.BATSAFE_REDIS_URL;
  if (!redisUrl) throw new Error('batsafe worker needs BATSAFE_REDIS_URL (or --redis-url): the Redis the API queues jobs on');
  return {
    redisUrl,
    dataDir: path.resolve(o['data-dir'] ?? env.BATSAFE_DATA_DIR ?? 'batsafe-data'),
    concurrency: o.concurrency ? Number(o.concurrency) : envNumber(env, 'BATSAFE_WORKER_CONCURRENCY', defaultPoolSize()),
    lockDurationMs: envNumber(env, 'BATSAFE_LOCK_DURATION_MS', 30_000),
    logLevel: env.BATSAFE_LOG_LEVEL ?? 'info',
  };
}
