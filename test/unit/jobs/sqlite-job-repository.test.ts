/** SQLite job records: the active-job limit, FIFO claiming, increasing stream ids, restart recovery data. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SqliteJobRepository } from '../../../src/jobs/sqlite-job-repository';
import { terminalEntryOf } from '../../../src/jobs/job-types';

const submission = (name: string) => ({ sourceText: 'kind: cell', sourceName: `${name}.yaml`, scenarioName: name, fields: false });
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
let dir: string;
let repo: SqliteJobRepository;
const now = '2026-11-26T00:00:00.000Z';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-jobs-db-'));
  repo = new SqliteJobRepository(path.join(dir, 'jobs.sqlite'));
});
afterEach(() => {
  repo.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('insertIfBelowLimit refuses once `limit` jobs are queued or running, and accepts again when one ends', () => {
  expect(repo.insertIfBelowLimit(id(1), submission('a'), 2, now)).toBe(true);
  expect(repo.insertIfBelowLimit(id(2), submission('b'), 2, now)).toBe(true);
  expect(repo.insertIfBelowLimit(id(3), submission('c'), 2, now)).toBe(false);
  expect(repo.get(id(3))).toBeUndefined();
  repo.claimNextQueued(now);
  repo.finish(id(1), 'completed', undefined, { status: 'completed', results: {}, files: [] }, now);
  expect(repo.insertIfBelowLimit(id(3), submission('c'), 2, now)).toBe(true);
});

test('jobs are claimed first in, first out, each claim counting one attempt', () => {
  for (let i = 1; i <= 3; i++) repo.insertIfBelowLimit(id(i), submission(`j${i}`), 10, now);
  expect([1, 2, 3].map(() => repo.claimNextQueued(now)!.id)).toEqual([id(1), id(2), id(3)]);
  expect(repo.claimNextQueued(now)).toBeUndefined();
  expect(repo.get(id(2))!.attempts).toBe(1);
});

test('stream seq strictly increases over progress, events and the end; the final entry carries the record lastSeq', () => {
  repo.insertIfBelowLimit(id(1), submission('a'), 10, now);
  const job = repo.claimNextQueued(now)!;
  const seqs = [
    repo.recordProgress(job.id, { phase: 'loading', time: 0, fraction: 0 }).seq,
    repo.recordEvent(job.id, 1, { kind: 'peak-force', time: 0.1, message: 'peak' }).seq,
    repo.recordProgress(job.id, { phase: 'loading', time: 0.2, fraction: 0.5 }).seq,
  ];
  const final = repo.finish(job.id, 'failed', 'run failed at t = 0.3 s: diverged', undefined, now);
  expect(seqs).toEqual([1, 2, 3]);
  expect(final).toEqual({ seq: 4, type: 'failed', data: { reason: 'run failed at t = 0.3 s: diverged' } });
  const record = repo.get(job.id)!;
  expect(terminalEntryOf(record)).toEqual(final);
  expect(record.events.map((e) => e.event.kind)).toEqual(['peak-force']);
});

test('records survive reopening the database; requeue drops the lost attempt events but keeps seq increasing', () => {
  repo.insertIfBelowLimit(id(1), submission('a'), 10, now);
  repo.claimNextQueued(now);
  repo.recordEvent(id(1), 1, { kind: 'short-onset', time: 1, message: 'short' });
  repo.close();
  repo = new SqliteJobRepository(path.join(dir, 'jobs.sqlite'));
  expect(repo.runningJobs()).toEqual([{ id: id(1), attempts: 1 }]);
  repo.requeue(id(1));
  const again = repo.claimNextQueued(now)!;
  expect(again.attempts).toBe(2);
  expect(repo.get(id(1))!.events).toEqual([]);
  expect(repo.recordProgress(id(1), { phase: 'loading', time: 0, fraction: 0 }).seq).toBe(2);
});
