/**
 * Job records of the embedded mode in SQLite (better-sqlite3, synchronous and in-process).
 * WAL journal with synchronous=FULL: a state change is on disk before the API answers, so a
 * finished job stays finished across a crash.
 */
import Database from 'better-sqlite3';
import type { ProgressSnapshot, RunEvent } from '../io/run-result';
import type { JobRecord, JobState, JobStreamEntry, JobSubmission, SummaryHeadline } from './job-types';

interface JobRow {
  id: string;
  state: JobState;
  scenario_name: string;
  source_text: string;
  source_name: string;
  fields: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  attempts: number;
  progress_json: string | null;
  last_seq: number;
  reason: string | null;
  summary_json: string | null;
}

export interface QueuedJob {
  id: string;
  attempts: number;
  submission: JobSubmission;
}

export class SqliteJobRepository {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        scenario_name TEXT NOT NULL,
        source_text TEXT NOT NULL,
        source_name TEXT NOT NULL,
        fields INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        progress_json TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        summary_json TEXT,
        queue_order INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, queue_order);
      CREATE TABLE IF NOT EXISTS job_events (
        job_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        event_json TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      );
    `);
  }

  close(): void {
    this.db.close();
  }

  /** Inserts a queued job unless `maxActive` jobs are already queued or running; false when refused. */
  insertIfBelowLimit(id: string, submission: JobSubmission, maxActive: number, now: string): boolean {
    const tx = this.db.transaction((): boolean => {
      const active = this.countActive();
      if (active >= maxActive) return false;
      const order = (this.db.prepare('SELECT COALESCE(MAX(queue_order), 0) + 1 AS n FROM jobs').get() as { n: number }).n;
      this.db
        .prepare(
          `INSERT INTO jobs (id, state, scenario_name, source_text, source_name, fields, created_at, queue_order)
           VALUES (?, 'queued', ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, submission.scenarioName, submission.sourceText, submission.sourceName, submission.fields ? 1 : 0, now, order);
      return true;
    });
    return tx.immediate();
  }

  countActive(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'running')").get() as { n: number }).n;
  }

  /** Takes the oldest queued job and marks it running (one more attempt). */
  claimNextQueued(now: string): QueuedJob | undefined {
    const tx = this.db.transaction((): QueuedJob | undefined => {
      const row = this.db
        .prepare("SELECT * FROM jobs WHERE state = 'queued' ORDER BY queue_order LIMIT 1")
        .get() as JobRow | undefined;
      if (!row) return undefined;
      this.db
        .prepare("UPDATE jobs SET state = 'running', started_at = ?, attempts = attempts + 1, progress_json = NULL WHERE id = ?")
        .run(now, row.id);
      return {
        id: row.id,
        attempts: row.attempts + 1,
        submission: {
          sourceText: row.source_text,
          sourceName: row.source_name,
          scenarioName: row.scenario_name,
          fields: row.fields === 1,
        },
      };
    });
    return tx.immediate();
  }

  private nextSeq(id: string): number {
    this.db.prepare('UPDATE jobs SET last_seq = last_seq + 1 WHERE id = ?').run(id);
    return (this.db.prepare('SELECT last_seq FROM jobs WHERE id = ?').get(id) as { last_seq: number }).last_seq;
  }

  recordProgress(id: string, snapshot: ProgressSnapshot): JobStreamEntry {
    return this.db.transaction(() => {
      const seq = this.nextSeq(id);
      this.db.prepare('UPDATE jobs SET progress_json = ? WHERE id = ?').run(JSON.stringify({ ...snapshot, seq }), id);
      return { seq, type: 'progress', data: snapshot } as JobStreamEntry;
    })();
  }

  recordEvent(id: string, attempt: number, event: RunEvent): JobStreamEntry {
    return this.db.transaction(() => {
      const seq = this.nextSeq(id);
      this.db.prepare('INSERT INTO job_events (job_id, seq, attempt, event_json) VALUES (?, ?, ?, ?)').run(id, seq, attempt, JSON.stringify(event));
      return { seq, type: 'event', data: event } as JobStreamEntry;
    })();
  }

  /** Moves a job to a terminal state; returns the final stream entry. */
  finish(id: string, state: 'completed' | 'failed' | 'cancelled', reason: string | undefined, summary: SummaryHeadline | undefined, now: string): JobStreamEntry {
    return this.db.transaction(() => {
      const seq = this.nextSeq(id);
      this.db
        .prepare('UPDATE jobs SET state = ?, reason = ?, summary_json = ?, finished_at = ? WHERE id = ?')
        .run(state, reason ?? null, summary ? JSON.stringify(summary) : null, now, id);
      if (state === 'completed') return { seq, type: 'completed', data: { status: 'completed', summary: summary! } } as JobStreamEntry;
      if (state === 'failed') return { seq, type: 'failed', data: { reason: reason ?? 'failed', ...(summary ? { summary } : {}) } } as JobStreamEntry;
      return { seq, type: 'cancelled', data: { reason: reason ?? 'cancelled' } } as JobStreamEntry;
    })();
  }

  /** Puts a running job back in the queue (its events of the lost attempt are dropped). */
  requeue(id: string): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE jobs SET state = 'queued', progress_json = NULL, started_at = NULL WHERE id = ?").run(id);
      this.db.prepare('DELETE FROM job_events WHERE job_id = ?').run(id);
    })();
  }

  runningJobs(): { id: string; attempts: number }[] {
    return this.db.prepare("SELECT id, attempts FROM jobs WHERE state = 'running'").all() as { id: string; attempts: number }[];
  }

  get(id: string): JobRecord | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? this.toRecord(row) : undefined;
  }

  list(limit: number): JobRecord[] {
    const rows = this.db.prepare('SELECT * FROM jobs ORDER BY queue_order DESC LIMIT ?').all(limit) as JobRow[];
    return rows.map((r) => this.toRecord(r));
  }

  private toRecord(row: JobRow): JobRecord {
    const events = (
      this.db.prepare('SELECT seq, event_json FROM job_events WHERE job_id = ? ORDER BY seq').all(row.id) as { seq: number; event_json: string }[]
    ).map((e) => ({ seq: e.seq, event: JSON.parse(e.event_json) as RunEvent }));
    return {
      id: row.id,
      state: row.state,
      scenarioName: row.scenario_name,
      createdAt: row.created_at,
      ...(row.started_at ? { startedAt: row.started_at } : {}),
      ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
      attempts: row.attempts,
      ...(row.progress_json ? { progress: JSON.parse(row.progress_json) } : {}),
      events,
      ...(row.reason ? { reason: row.reason } : {}),
      ...(row.summary_json ? { summary: JSON.parse(row.summary_json) } : {}),
      lastSeq: row.last_seq,
    };
  }
}
