/**
 * Scale-out mode (issue 9) against a real Debian redis-server started by this test on a free
 * loopback port: the API queues through BullMQ, two `batsafe worker` processes share the jobs,
 * and a worker killed with SIGKILL mid-job has that job retried by the other (BullMQ stalled-job
 * recovery, lock 2 s here). Results go to the data directory shared by the API and the workers.
 */
import * as fs from 'fs';
import { http, Proc, readSse, Server, slowScenario, startRedis, startServer, startWorker, tempDir, tinyScenario, waitForState } from './support';

// Real processes on a shared 2-core machine: generous per-test time (speed is measured in bench, not here).
jest.setTimeout(300_000);

let redis: { url: string; stop(): Promise<void> };
let dataDir: string;
let server: Server;
const workers: Proc[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dataDir = tempDir('api-bullmq');
  const workerEnv = { BATSAFE_WORKER_CONCURRENCY: '1', BATSAFE_LOCK_DURATION_MS: '2000' };
  const [s, w1, w2] = await Promise.all([
    startServer(dataDir, { BATSAFE_REDIS_URL: redis.url }),
    startWorker(redis.url, dataDir, workerEnv),
    startWorker(redis.url, dataDir, workerEnv),
  ]);
  server = s;
  workers.push(w1, w2);
}, 240_000);

afterAll(async () => {
  await Promise.all([server?.kill(), ...workers.map((w) => w.kill())]);
  await redis?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function workerOf(jobId: string): number[] {
  return workers.map((w, i) => (w.logs.some((l) => l.jobId === jobId && l.msg === 'solve started') ? i : -1)).filter((i) => i >= 0);
}

test('two worker processes share ten jobs; each job solved once; SSE progress arrives through QueueEvents', async () => {
  const health = await http(`${server.url}/health`);
  expect(health.status).toBe(200);
  expect(health.body.info.jobs).toMatchObject({ mode: 'redis', redis: 'up', workers: 2 });

  // Submitted together, so both idle workers find jobs waiting.
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => http(`${server.url}/jobs`, { method: 'POST', json: tinyScenario(`shared-${i}`) })));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
  const ids = answers.map((a) => a.body.id as string);
  const stream = await readSse(`${server.url}/jobs/${ids[9]}/events`);
  expect(stream[stream.length - 1].event).toBe('completed');
  expect(stream.some((m) => m.event === 'event')).toBe(true);

  for (const id of ids) {
    const done = await waitForState(server.url, id, ['completed', 'failed', 'cancelled']);
    expect(done.state).toBe('completed');
    expect(done.attempts).toBe(1);
    const summary = await http(`${server.url}/jobs/${id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.status).toBe('completed');
  }
  const perWorker = ids.map(workerOf);
  // Each job was started by exactly one worker, and both workers took some.
  expect(perWorker.every((w) => w.length === 1)).toBe(true);
  const counts = [0, 1].map((i) => perWorker.filter((w) => w[0] === i).length);
  process.stdout.write(`bullmq: jobs per worker ${JSON.stringify(counts)}\n`);
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[1]).toBeGreaterThan(0);

  const listed = await http(`${server.url}/jobs?limit=100`);
  expect((listed.body as { id: string }[]).map((j) => j.id).sort()).toEqual([...ids].sort());
});

test('a worker killed (SIGKILL) mid-job has its job retried and completed by the other worker', async () => {
  const r = await http(`${server.url}/jobs`, { method: 'POST', json: slowScenario('killed-worker', '0.004 mm/s') });
  expect(r.status).toBe(202);
  const id = r.body.id as string;
  await readSse(`${server.url}/jobs/${id}/events`, {}, (m) => m.event === 'progress');
  const holders = workerOf(id);
  expect(holders).toHaveLength(1);
  const victim = holders[0];
  const survivor = 1 - victim;
  await workers[victim].kill('SIGKILL');

  const done = await waitForState(server.url, id, ['completed', 'failed', 'cancelled'], 120_000);
  expect(done.state).toBe('completed');
  expect(done.attempts).toBeGreaterThanOrEqual(2);
  expect(workerOf(id)).toContain(survivor);
  expect(workers[survivor].logs.some((l) => l.jobId === id && l.msg === 'solve finished')).toBe(true);
  const summary = await http(`${server.url}/jobs/${id}/summary`);
  expect(summary.body.status).toBe('completed');
});

test('cancel in scale-out mode: a queued job → cancelled at once; a running job → cancelled by its worker', async () => {
  // One worker is left (concurrency 1): the first slow job runs, the second waits in the queue.
  const running = await http(`${server.url}/jobs`, { method: 'POST', json: slowScenario('cancel-running', '0.004 mm/s') });
  const queued = await http(`${server.url}/jobs`, { method: 'POST', json: slowScenario('cancel-queued', '0.004 mm/s') });
  expect([running.status, queued.status]).toEqual([202, 202]);
  await readSse(`${server.url}/jobs/${running.body.id}/events`, {}, (m) => m.event === 'progress');
  expect((await http(`${server.url}/jobs/${queued.body.id}`)).body.state).toBe('queued');

  const q = await http(`${server.url}/jobs/${queued.body.id}`, { method: 'DELETE' });
  expect(q.status).toBe(200);
  expect(q.body.state).toBe('cancelled');
  const r = await http(`${server.url}/jobs/${running.body.id}`, { method: 'DELETE' });
  expect(r.status).toBe(200);
  const done = await waitForState(server.url, running.body.id, ['completed', 'failed', 'cancelled'], 60_000);
  expect(done.state).toBe('cancelled');
  expect(done.reason).toMatch(/cancel/);
  const events = await readSse(`${server.url}/jobs/${queued.body.id}/events`);
  expect(events[events.length - 1].event).toBe('cancelled');
});
