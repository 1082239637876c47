/**
 * Restart recovery of the embedded backend (issue 9): a job whose result was published before the
 * crash is recorded from that result; one with attempts left is re-queued (and started again);
 * one without is failed with the reason. Needs the built solve thread (dist/), as `npm test` builds first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmbeddedJobBackend } from '../../../src/jobs/embedded-job-backend';
import type { JobLogger } from '../../../src/jobs/job-logger';
import { SqliteJobRepository } from '../../../src/jobs/sqlite-job-repository';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const now = '2026-11-26T00:00:00.000Z';
const lines: { level: string; bindings: Record<string, unknown>; msg?: string }[] = [];
function logger(bindings: Record<string, unknown> = {}): JobLogger {
  const at = (level: string) => (_obj: object, msg?: string) => void lines.push({ level, bindings, msg });
  return { info: at('info'), warn: at('warn'), error: at('error'), child: (b) => logger({ ...bindings, ...b }) };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-embedded-'));
  lines.length = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('jobs running at a crash: published → recorded from summary.json; attempts left → re-queued and restarted; none left → failed with the reason', async () => {
  const repo = new SqliteJobRepository(path.join(dir, 'jobs.sqlite'));
  // An unparsable source: if a re-queued job were solved, it could only fail, never complete.
  const submission = { sourceText: 'kind: cell', sourceName: 'x.yaml', scenarioName: 'x', fields: false };
  for (const n of [1, 2, 3]) repo.insertIfBelowLimit(id(n), submission, 10, now);
  for (let i = 0; i < 3; i++) repo.claimNextQueued(now);
  repo.requeue(id(3));
  repo.claimNextQueued(now); // job 3 is now on its second attempt
  repo.close();
  fs.mkdirSync(path.join(dir, 'results', id(1)), { recursive: true });
  fs.writeFileSync(path.join(dir, 'results', id(1), 'summary.json'), JSON.stringify({ status: 'completed', results: { 'Peak indenter force [N]': 1234.5 }, files: ['summary.json'] }));
  fs.mkdirSync(path.join(dir, 'work', `${id(2)}.1.local`), { recursive: true });

  const backend = new EmbeddedJobBackend({ dataDir: dir, poolSize: 1, maxActiveJobs: 10, maxAttempts: 2, logger: logger() });
  try {
    const [j1, j2, j3] = await Promise.all([1, 2, 3].map((n) => backend.get(id(n))));
    expect(j1).toMatchObject({ state: 'completed', summary: { results: { 'Peak indenter force [N]': 1234.5 } } });
    expect(j2).toMatchObject({ state: 'running', attempts: 2 });
    expect(j3).toMatchObject({ state: 'failed', reason: 'interrupted by a server restart during attempt 2 of 2; not retried' });
    expect(fs.existsSync(path.join(dir, 'work', `${id(2)}.1.local`))).toBe(false);
    expect(lines.filter((l) => l.bindings.jobId === id(2)).map((l) => l.msg)).toContain('job was interrupted by a server restart; re-queued');
  } finally {
    await backend.close();
  }
});
