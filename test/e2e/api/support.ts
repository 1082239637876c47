/**
 * Helpers of the API end-to-end tests: real processes started from dist/ (`npm test` builds
 * first), listening on 127.0.0.1 only, ports chosen by the OS.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'batsafe.js');

export function requireBuild(): void {
  for (const f of ['dist/src/cli/main.js', 'dist/src/jobs/solve-thread.js', 'dist/src/jobs/bullmq-processor.js', 'dist/src/run/run-scenario.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first (npm test does)`);
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `batsafe-${prefix}-`));
}

export interface LogLine {
  msg?: string;
  jobId?: string;
  pid?: number;
  [key: string]: unknown;
}

export interface Proc {
  child: ChildProcess;
  logs: LogLine[];
  stderr: string[];
  /** Resolves with the first log line matching, or rejects after timeoutMs. */
  waitForLog(match: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess): Proc {
  const logs: LogLine[] = [];
  const stderr: string[] = [];
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        parsed = { msg: line };
      }
      logs.push(parsed);
      for (const w of [...waiters]) {
        if (w.match(parsed)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(parsed);
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    logs,
    stderr,
    waitForLog(match, timeoutMs = 60_000) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr.join('').slice(-2000)}`)), timeoutMs);
        waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`process exited (${code}) before the expected log line; stderr: ${stderr.join('').slice(-2000)}`));
        });
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export interface Server extends Proc {
  url: string;
}

export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  requireBuild();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, BATSAFE_REDIS_URL: '', BATSAFE_API_TOKEN: '', BATSAFE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(child);
  const line = await proc.waitForLog((l) => l.msg === 'listening', 180_000);
  return Object.assign(proc, { url: String(line.url) });
}

export async function startWorker(redisUrl: string, dataDir: string, env: Record<string, string> = {}): Promise<Proc> {
  requireBuild();
  const child = spawn(process.execPath, [BIN, 'worker', '--redis-url', redisUrl, '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, BATSAFE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(child);
  await proc.waitForLog((l) => l.msg === 'worker ready', 180_000);
  return proc;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server on a free loopback port, no persistence. */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 20_000);
    child.on('error', (e) => reject(new Error(`cannot start redis-server (install it: scripts/install-system-deps.sh): ${e.message}`)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A valid tiny scenario (coarse mesh, 1 mm at 10 mm/s, 1 s observation): solves in well under a second. */
export function tinyScenario(name = 'api-tiny'): Record<string, unknown> {
  return {
    kind: 'cell',
    name,
    cell: { preset: 'generic-18650-lco', stateOfCharge: 0.5 },
    loading: { type: 'indentation', indenter: { shape: 'flat-plate' }, speed: '10 mm/s' },
    steps: { stop: { displacement: '1 mm' }, observe: '1 s' },
    mesh: { resolution: 'coarse' },
    models: { mechanics: 'winkler-foam' },
  };
}

/**
 * A slower scenario (fine mesh, 3 mm at `speed`): at 0.002 mm/s it takes 30 000 mechanics steps,
 * several seconds of solving, long enough to be killed or cancelled mid-run.
 */
export function slowScenario(name = 'api-slow', speed = '0.002 mm/s'): Record<string, unknown> {
  return {
    ...tinyScenario(name),
    loading: { type: 'indentation', indenter: { shape: 'flat-plate' }, speed },
    steps: { stop: { displacement: '3 mm' }, observe: '1 s' },
    mesh: { resolution: 'fine' },
    // Pinned mechanics: its step count (and so its duration) scales as displacement / speed.
    models: { mechanics: 'winkler-foam' },
  };
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function http<T = any>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<HttpResult<T>> {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...(rest.headers ?? {}) } } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export interface SseMessage {
  id?: number;
  event: string;
  data: any;
}

/** Reads an SSE stream until it ends (the server ends it after the final event) or `until` returns true. */
export async function readSse(url: string, headers: Record<string, string> = {}, until?: (m: SseMessage, all: SseMessage[]) => boolean, timeoutMs = 90_000): Promise<SseMessage[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const messages: SseMessage[] = [];
  try {
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    if (res.status !== 200) throw new Error(`SSE ${url} answered ${res.status}: ${await res.text()}`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let sep: number;
      while ((sep = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        let id: number | undefined;
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) id = Number(line.slice(4));
          else if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length === 0) continue;
        const message = { ...(id !== undefined ? { id } : {}), event, data: JSON.parse(data.join('\n')) };
        messages.push(message);
        if (until?.(message, messages)) {
          controller.abort();
          return messages;
        }
      }
    }
    return messages;
  } catch (err) {
    if (controller.signal.aborted && messages.length > 0) return messages;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

export async function waitForState(url: string, id: string, states: string[], timeoutMs = 120_000): Promise<any> {
  const start = Date.now();
  for (;;) {
    const r = await http(`${url}/jobs/${id}`);
    if (states.includes(r.body.state)) return r.body;
    if (Date.now() - start > timeoutMs) throw new Error(`job ${id} still ${r.body.state} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

export function sha256File(file: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('crypto').createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** GET with the path sent byte for byte (fetch would normalise dot segments before sending). */
export function rawGet(baseUrl: string, rawPath: string): Promise<{ status: number; body: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const httpModule = require('http') as typeof import('http');
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpModule.request({ host: u.hostname, port: u.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
