import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execSync } from 'child_process';
import { BenchSuite } from './suite';

const repoRoot = path.resolve(__dirname, '..', '..');
const suitesDir = path.join(__dirname, 'suites');
const resultsDir = path.join(repoRoot, 'bench', 'results');

function gitCommit(): string | null {
  try {
    return execSync('git rev-parse HEAD', { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const files = fs.existsSync(suitesDir)
    ? fs.readdirSync(suitesDir).filter((f) => f.endsWith('.bench.js')).sort()
    : [];
  fs.mkdirSync(resultsDir, { recursive: true });
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  let failures = 0;
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const suite: BenchSuite = require(path.join(suitesDir, file)).default;
    if (wanted.length && !wanted.includes(suite.name)) continue;
    process.stdout.write(`bench ${suite.name}: ${suite.description}\n`);
    const started = new Date().toISOString();
    try {
      const figures = await suite.run({
        repoRoot,
        sharedRoot: path.resolve(repoRoot, '..', 'shared'),
        log: (m) => process.stdout.write(`  ${m}\n`),
      });
      const record = { suite: suite.name, description: suite.description, started, commit: gitCommit(), machine, figures };
      fs.writeFileSync(path.join(resultsDir, `${suite.name}.json`), JSON.stringify(record, null, 2) + '\n');
      process.stdout.write(`  -> bench/results/${suite.name}.json\n`);
    } catch (err) {
      failures++;
      process.stderr.write(`  bench ${suite.name} failed: ${(err as Error).stack ?? err}\n`);
    }
  }
  process.exitCode = failures ? 1 : 0;
}

void main();
