/**
 * Result directories on disk. A solve writes into a private work directory; when it ends (done,
 * failed with partial results, or cancelled) the whole directory is renamed into
 * results/<job id>/ in one step, so a reader sees either no result or a complete one, and a
 * crash mid-solve never leaves a half-written result in place. In scale-out mode the data
 * directory is a directory shared by the API and every worker machine (NFS or similar): work/
 * and results/ must be on the same file system for the rename to be atomic.
 */
import * as fs from 'fs';
import * as path from 'path';
import { JOB_ID_PATTERN } from './job-types';

export class ResultStore {
  readonly resultsRoot: string;
  readonly workRoot: string;

  constructor(readonly dataDir: string) {
    this.resultsRoot = path.join(dataDir, 'results');
    this.workRoot = path.join(dataDir, 'work');
    fs.mkdirSync(this.resultsRoot, { recursive: true });
    fs.mkdirSync(this.workRoot, { recursive: true });
  }

  resultDirectory(jobId: string): string {
    if (!JOB_ID_PATTERN.test(jobId)) throw new Error(`invalid job id '${jobId}'`);
    return path.join(this.resultsRoot, jobId);
  }

  /** A fresh, empty work directory for one attempt of a job. */
  createWorkDirectory(jobId: string, attempt: number, worker = 'local'): string {
    if (!JOB_ID_PATTERN.test(jobId)) throw new Error(`invalid job id '${jobId}'`);
    const safeWorker = worker.replace(/[^A-Za-z0-9_.-]/g, '_');
    const dir = path.join(this.workRoot, `${jobId}.${attempt}.${safeWorker}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /**
   * Scale-out cancel marker: a solve that never yields to its event loop cannot receive the
   * cancel message, so the processor also polls this file in the shared data directory.
   */
  requestCancel(jobId: string): void {
    const dir = path.join(this.dataDir, 'cancel');
    fs.mkdirSync(dir, { recursive: true });
    if (!JOB_ID_PATTERN.test(jobId)) throw new Error(`invalid job id '${jobId}'`);
    ResultStore.writeFileAtomic(path.join(dir, jobId), new Date().toISOString());
  }

  isCancelRequested(jobId: string): boolean {
    return JOB_ID_PATTERN.test(jobId) && fs.existsSync(path.join(this.dataDir, 'cancel', jobId));
  }

  hasResult(jobId: string): boolean {
    return fs.existsSync(path.join(this.resultDirectory(jobId), 'summary.json'));
  }

  /**
   * Moves a finished work directory into results/<id>. A result that is already published is
   * never replaced (a finished result is never lost); the late copy is removed instead.
   */
  publish(jobId: string, workDir: string): 'published' | 'already-published' {
    const target = this.resultDirectory(jobId);
    if (fs.existsSync(target)) {
      fs.rmSync(workDir, { recursive: true, force: true });
      return 'already-published';
    }
    fs.renameSync(workDir, target);
    return 'published';
  }

  /** Writes a small file atomically (temporary file in the same directory, then rename). */
  static writeFileAtomic(file: string, content: string): void {
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }

  /** Removes abandoned work directories of a job (after a restart or a lost worker). */
  discardWork(jobId: string): void {
    if (!JOB_ID_PATTERN.test(jobId)) return;
    for (const name of fs.existsSync(this.workRoot) ? fs.readdirSync(this.workRoot) : []) {
      if (name.startsWith(`${jobId}.`)) fs.rmSync(path.join(this.workRoot, name), { recursive: true, force: true });
    }
  }

  readSummary(jobId: string): unknown | undefined {
    const file = path.join(this.resultDirectory(jobId), 'summary.json');
    if (!fs.existsSync(file)) return undefined;
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  }
}

/** Names a client may ask for under /jobs/:id/fields/:name: plain file names, no separators. */
export const FIELD_FILE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Resolves a file inside a job's result directory, refusing anything that would leave it
 * (.., absolute paths, symbolic links pointing elsewhere). Returns undefined when refused or absent.
 */
export function resolveInside(resultDir: string, relative: string): string | undefined {
  if (relative.includes('\0') || path.isAbsolute(relative)) return undefined;
  const root = path.resolve(resultDir);
  const candidate = path.resolve(root, relative);
  if (!candidate.startsWith(root + path.sep)) return undefined;
  if (!fs.existsSync(candidate)) return undefined;
  const realRoot = fs.realpathSync(root);
  const real = fs.realpathSync(candidate);
  if (!real.startsWith(realRoot + path.sep)) return undefined;
  if (!fs.statSync(real).isFile()) return undefined;
  return real;
}
