/**
 * Load, embedded mode (issue 9): 50 concurrent submissions of a tiny scenario against a stated
 * limit of BATSAFE_MAX_ACTIVE_JOBS = 20; /health latency while two solves run.
 */
import * as fs from 'fs';
import { http, quantile, readSse, Server, slowScenario, startServer, tempDir, tinyScenario, waitForState } from './support';

// Real processes on a shared 2-core machine: generous per-test time (speed is measured in bench, not here).
jest.setTimeout(300_000);

const LIMIT = 20;
let dataDir: string;
let server: Server;

beforeAll(async () => {
  dataDir = tempDir('api-load');
  server = await startServer(dataDir, { BATSAFE_SOLVE_THREADS: '2', BATSAFE_MAX_ACTIVE_JOBS: String(LIMIT), BATSAFE_LOG_LEVEL: 'warn' });
}, 240_000);

afterAll(async () => {
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test(`50 concurrent submissions, limit ${LIMIT} active jobs → each 202 or 429; every accepted job completes; none lost or duplicated`, async () => {
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => http(`${server.url}/jobs`, { method: 'POST', json: tinyScenario(`load-${i}`) })));
  const statuses = answers.map((a) => a.status);
  expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
  const accepted = answers.filter((a) => a.status === 202).map((a) => a.body.id as string);
  const refused = answers.filter((a) => a.status === 429);
  // A refusal means LIMIT jobs were active at that moment, so at least LIMIT were accepted before it.
  if (refused.length > 0) expect(accepted.length).toBeGreaterThanOrEqual(LIMIT);
  for (const r of refused) {
    expect(r.body.message).toContain('BATSAFE_MAX_ACTIVE_JOBS');
    expect(r.headers.get('retry-after')).toBe('5');
  }
  process.stdout.write(`load: ${accepted.length} accepted, ${refused.length} refused with 429 (limit ${LIMIT} active)\n`);
  expect(new Set(accepted).size).toBe(accepted.length);

  for (const id of accepted) expect((await waitForState(server.url, id, ['completed', 'failed', 'cancelled'])).state).toBe('completed');
  const listed = await http(`${server.url}/jobs?limit=1000`);
  const listedIds = (listed.body as { id: string }[]).map((j) => j.id);
  expect(new Set(listedIds).size).toBe(listedIds.length);
  expect([...listedIds].sort()).toEqual([...accepted].sort());
  // Each accepted job solved exactly once.
  for (const id of accepted) expect((await http(`${server.url}/jobs/${id}`)).body.attempts).toBe(1);
});

test('/health answers within a generous bound at p99 while two solves run (target 100 ms; printed)', async () => {
  const ids: string[] = [];
  for (const name of ['busy-1', 'busy-2']) {
    const r = await http(`${server.url}/jobs`, { method: 'POST', json: slowScenario(name, '0.004 mm/s') });
    expect(r.status).toBe(202);
    ids.push(r.body.id);
  }
  await Promise.all(ids.map((id) => readSse(`${server.url}/jobs/${id}/events`, {}, (m) => m.event === 'progress')));
  const latencies: number[] = [];
  let busyDuringAll = true;
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const r = await http(`${server.url}/health`);
    latencies.push(performance.now() - t0);
    expect(r.status).toBe(200);
    if (i === 199) busyDuringAll = r.body.info.jobs.busyThreads === 2;
  }
  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  process.stdout.write(`/health while two solves run: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over ${latencies.length} requests; both solve threads busy at the end: ${busyDuringAll}\n`);
  // Generous bound: the machine is shared (2 cores, other suites running); the target is 100 ms.
  expect(p99).toBeLessThan(1000);
  for (const id of ids) await http(`${server.url}/jobs/${id}`, { method: 'DELETE' });
});
