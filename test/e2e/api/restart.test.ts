/**
 * Durability, embedded mode: the server is killed with SIGKILL while a job runs and started again
 * on the same data directory. Reference (issue 9): the interrupted job ends re-run (or failed with
 * a reason), and a result completed before the crash is unchanged byte for byte (sha256).
 */
import * as fs from 'fs';
import * as path from 'path';
import { http, readSse, Server, sha256File, slowScenario, startServer, tempDir, tinyScenario, waitForState } from './support';

// Real processes on a shared 2-core machine: generous per-test time (speed is measured in bench, not here).
jest.setTimeout(300_000);

let dataDir: string;
let server: Server | undefined;

beforeAll(() => {
  dataDir = tempDir('api-restart');
});

afterAll(async () => {
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function checksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = sha256File(path.join(dir, f));
  return out;
}

test('SIGKILL during a running job → after restart it is re-run to completion (attempt 2); completed results unchanged (sha256)', async () => {
  server = await startServer(dataDir, { BATSAFE_SOLVE_THREADS: '1', BATSAFE_MAX_ATTEMPTS: '2' });
  const first = await http(`${server.url}/jobs`, { method: 'POST', json: tinyScenario('before-crash') });
  expect(first.status).toBe(202);
  const done = await waitForState(server.url, first.body.id, ['completed']);
  const resultDir = path.join(dataDir, 'results', done.id);
  const before = checksums(resultDir);
  expect(Object.keys(before)).toEqual(expect.arrayContaining(['summary.json', 'timeseries.csv']));

  const slow = await http(`${server.url}/jobs`, { method: 'POST', json: slowScenario('interrupted', '0.004 mm/s') });
  expect(slow.status).toBe(202);
  const slowId = slow.body.id as string;
  await readSse(`${server.url}/jobs/${slowId}/events`, {}, (m) => m.event === 'progress');
  expect((await http(`${server.url}/jobs/${slowId}`)).body.state).toBe('running');
  await server.kill('SIGKILL');

  server = await startServer(dataDir, { BATSAFE_SOLVE_THREADS: '1', BATSAFE_MAX_ATTEMPTS: '2' });
  await server.waitForLog((l) => l.jobId === slowId && l.msg === 'job was interrupted by a server restart; re-queued', 5_000);
  const after = await waitForState(server.url, slowId, ['completed', 'failed'], 120_000);
  expect(after.state).toBe('completed');
  expect(after.attempts).toBe(2);
  const summary = await http(`${server.url}/jobs/${slowId}/summary`);
  expect(summary.body.status).toBe('completed');
  // No leftover work directory of the lost attempt.
  expect(fs.readdirSync(path.join(dataDir, 'work'))).toEqual([]);

  const firstAfter = await http(`${server.url}/jobs/${done.id}`);
  expect(firstAfter.body.state).toBe('completed');
  expect(checksums(resultDir)).toEqual(before);
}, 300_000);

test('SIGKILL when the job has no attempt left → failed with the reason; the server stays usable', async () => {
  await server?.kill();
  server = await startServer(dataDir, { BATSAFE_SOLVE_THREADS: '1', BATSAFE_MAX_ATTEMPTS: '1' });
  const slow = await http(`${server.url}/jobs`, { method: 'POST', json: slowScenario('interrupted-last-attempt', '0.004 mm/s') });
  const slowId = slow.body.id as string;
  await readSse(`${server.url}/jobs/${slowId}/events`, {}, (m) => m.event === 'progress');
  await server.kill('SIGKILL');

  server = await startServer(dataDir, { BATSAFE_SOLVE_THREADS: '1', BATSAFE_MAX_ATTEMPTS: '1' });
  const after = await http(`${server.url}/jobs/${slowId}`);
  expect(after.body.state).toBe('failed');
  expect(after.body.reason).toMatch(/interrupted by a server restart during attempt 1 of 1/);
  const events = await readSse(`${server.url}/jobs/${slowId}/events`);
  expect(events[events.length - 1]).toMatchObject({ event: 'failed', data: { reason: expect.stringMatching(/restart/) } });
  const next = await http(`${server.url}/jobs`, { method: 'POST', json: tinyScenario('after-restart') });
  expect((await waitForState(server.url, next.body.id, ['completed', 'failed'])).state).toBe('completed');
}, 300_000);
