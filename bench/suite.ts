/**
 * A benchmark suite lives in bench/suites/<name>.bench.ts and default-exports a BenchSuite.
 * `npm run bench` runs every suite (or those named: `npm run bench -- mechanics thermal`) and writes
 * bench/results/<name>.json with the machine's CPU next to the figures. Absolute times on shared
 * machines are noise: where a reference exists (the C hex8 kernel), record a ratio measured in the same run.
 */
export interface BenchContext {
  /** Absolute path of the repository root. */
  repoRoot: string;
  /** Absolute path of ../shared (the design and reference folder), which may be absent. */
  sharedRoot: string;
  /** Progress lines for the person watching. */
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Record<string, unknown>>;
}

/** Median wall time in nanoseconds of `fn` over `repeats` runs after `warmup` runs. */
export function medianTimeNs(fn: () => void, repeats = 5, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
