/**
 * Tool provenance written into every run summary (design.md: version, git commit): shared by the
 * cell runner (run-scenario.ts) and the pack runner (run-pack.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { repoRoot } from '../scenario/cards';

export function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

let cachedCommit: string | null | undefined;
/** The checkout's HEAD, or null outside a git checkout (an installed package). Asked once per process. */
export function gitCommit(): string | null {
  if (cachedCommit !== undefined) return cachedCommit;
  try {
    cachedCommit =
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim() || null;
  } catch {
    cachedCommit = null;
  }
  return cachedCommit;
}
