/**
 * API overhead (issue 9): a real `batsafe serve` process in embedded mode on 127.0.0.1.
 * Measures /health latency idle and while two solves run, the submit → completed latency of a
 * tiny job next to the solve's own wall time (the difference is the job machinery's overhead),
 * and the throughput of 20 tiny jobs submitted together.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BenchContext, BenchSuite } from '../suite';

const tiny = (name: string) => ({
  kind: 'cell',
  name,
  cell: { preset: 'generic-18650-lco', stateOfCharge: 0.5 },
  loading: { type: 'indentation', indenter: { shape: 'flat-plate' }, speed: '10 mm/s' },
  steps: { stop: { displacement: '1 mm' }, observe: '1 s' },
  mesh: { resolution: 'coarse' },
});
const slow = (name: string) => ({ ...tiny(name), loading: { type: 'indentation', indenter: { shape: 'flat-plate' }, speed: '0.004 mm/s' }, steps: { stop: { displacement: '3 mm' }, observe: '1 s' }, mesh: { resolution: 'fine' } });

async function json(url: string, init?: RequestInit): Promise<any> {
  const r = await fetch(url, init);
  return r.json();
}
const post = (url: string, body: unknown) => json(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

async function waitDone(url: string, id: string): Promise<any> {
  for (;;) {
    const job = await json(`${url}/jobs/${id}`);
    if (['completed', 'failed', 'cancelled'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function quantiles(values: number[]): { p50: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { p50: +q(0.5).toFixed(2), p99: +q(0.99).toFixed(2), max: +s[s.length - 1].toFixed(2) };
}

async function healthLatencies(url: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await json(`${url}/health`);
    out.push(performance.now() - t0);
  }
  return out;
}

const suite: BenchSuite = {
  name: 'api',
  description: 'HTTP API in embedded mode: /health latency idle and under two solves, job overhead, tiny-job throughput',
  async run(ctx: BenchContext) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-bench-api-'));
    const child = spawn(process.execPath, [path.join(ctx.repoRoot, 'bin', 'batsafe.js'), 'serve', '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, BATSAFE_LOG_LEVEL: 'warn', BATSAFE_REDIS_URL: '', BATSAFE_API_TOKEN: '', BATSAFE_SOLVE_THREADS: '2' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const startT0 = performance.now();
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout!.on('data', (c: Buffer) => {
        buf += c.toString();
        const m = /"url":"([^"]+)".*"msg":"listening"/.exec(buf);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const startupMs = performance.now() - startT0;
    try {
      ctx.log(`server at ${url} after ${startupMs.toFixed(0)} ms`);
      await healthLatencies(url, 20);
      const idle = quantiles(await healthLatencies(url, 300));
      ctx.log(`/health idle ${JSON.stringify(idle)}`);

      const overheads: number[] = [];
      const solveWall: number[] = [];
      const endToEnd: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        const { id } = await post(`${url}/jobs`, tiny(`bench-${i}`));
        await waitDone(url, id);
        const e2e = performance.now() - t0;
        const summary = await json(`${url}/jobs/${id}/summary`);
        const wall = 1000 * (summary.diagnostics.wallTimeSeconds ?? 0);
        endToEnd.push(e2e);
        solveWall.push(wall);
        overheads.push(e2e - wall);
      }
      ctx.log(`tiny job end to end ${JSON.stringify(quantiles(endToEnd))} ms, solve ${JSON.stringify(quantiles(solveWall))} ms`);

      const t0 = performance.now();
      const ids = (await Promise.all(Array.from({ length: 20 }, (_, i) => post(`${url}/jobs`, tiny(`burst-${i}`))))).map((r) => r.id as string);
      await Promise.all(ids.map((id) => waitDone(url, id)));
      const burstS = (performance.now() - t0) / 1000;

      const busy = await Promise.all([post(`${url}/jobs`, slow('busy-1')), post(`${url}/jobs`, slow('busy-2'))]);
      await new Promise((r) => setTimeout(r, 1500));
      const underLoad = quantiles(await healthLatencies(url, 200));
      ctx.log(`/health with two solves running ${JSON.stringify(underLoad)}`);
      for (const b of busy) await fetch(`${url}/jobs/${b.id}`, { method: 'DELETE' });

      return {
        cpus: os.cpus().length,
        loadAverage1m: os.loadavg()[0],
        serverStartupMs: Math.round(startupMs),
        healthIdleMs: idle,
        healthUnderTwoSolvesMs: underLoad,
        tinyJobEndToEndMs: quantiles(endToEnd),
        tinyJobSolveWallMs: quantiles(solveWall),
        tinyJobOverheadMs: quantiles(overheads),
        burst20TinyJobsSeconds: +burstS.toFixed(2),
        burstJobsPerSecond: +(20 / burstS).toFixed(2),
        note: 'Shared 2-core machine: absolute times include contention from other work (see loadAverage1m).',
      };
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default suite;
