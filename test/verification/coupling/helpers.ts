import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseScenarioText, CellScenario } from '../../../src/scenario';
import { runScenarioToDirectory } from '../../../src/run/run-scenario';
import { readRunDirectory, RunDirectory } from '../../../src/io/run-directory';

/** Parses a YAML scenario (failing loudly on problems), forces the coarse mesh, runs it, reads the folder back. */
export async function runYaml(yaml: string, name = 'test.yaml', inspect?: (outDir: string) => void): Promise<RunDirectory> {
  const parsed = parseScenarioText(yaml, name);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const scenario = { ...(parsed.scenario as CellScenario), mesh: { resolution: 'coarse' as const } };
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-coupling-'));
  try {
    await runScenarioToDirectory(scenario, out, { report: false });
    inspect?.(out);
    return readRunDirectory(out);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** Linear interpolation of column `y` of a run at time t. */
export function valueAt(run: RunDirectory, column: string, t: number): number {
  const ts = run.timeseries.data['Time [s]'];
  const ys = run.timeseries.data[column];
  let i = 1;
  while (i < ts.length - 1 && ts[i] < t) i++;
  const w = (t - ts[i - 1]) / (ts[i] - ts[i - 1]);
  return ys[i - 1] + w * (ys[i] - ys[i - 1]);
}

export function num(run: RunDirectory, key: string): number {
  const v = run.summary.results[key];
  if (typeof v !== 'number') throw new Error(`result '${key}' is ${String(v)}, not a number`);
  return v;
}
