/**
 * `batsafe run <scenario.yaml> --out <dir> [--fields] [--no-report]` (../shared/design.md):
 * validates (exit 2 with every problem), runs the coupled simulation with a progress bar on a
 * terminal or plain log lines otherwise, writes summary.json, timeseries.csv, report.html and, with
 * --fields, VTU snapshots. Exit 0 when completed, 1 when the run failed (partial outputs kept).
 */
import * as path from 'path';
import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK, EXIT_RUN_FAILED } from '../command';
import { loadScenarioFile } from '../../scenario';
import { runScenarioToDirectory } from '../../run/run-scenario';
import { ProgressSnapshot, RunSummary } from '../../io/run-result';
import { CellScenario, Scenario } from '../../scenario';
import { checkExpectations } from '../../run/expectations';
import { readRunDirectory } from '../../io/run-directory';

const usage = `Usage: batsafe run <scenario.yaml|json> --out <dir> [--fields] [--no-report]

Runs a scenario end to end and writes into <dir>:
  summary.json     status, events with times, predicted verdicts, predicted EUCAR level, margins,
                   diagnostics (energy balance, steps, warnings) and provenance
  timeseries.csv   time series with unit-bearing headers (Time [s], Voltage [V], ...)
  report.html      the safety assessment report (unless --no-report)
  fields-*.vtu     with --fields: VTU snapshots for ParaView, opened as time series through
   fields-*.pvd    fields-mechanics.pvd (deformed FE mesh at short onset, peak force, end of
                   loading) and fields-thermal.pvd (3-D temperature at the thermal events); the
                   reduced-order Winkler mechanics writes fields-final.vtu (its final columns)

Options:
  --out <dir>   output folder (required)
  --fields      write VTU field snapshots
  --no-report   do not write report.html

A cell scenario's stated expectations are checked and printed; a verification case (expectations
with a reference curve) that misses them is a failed run (exit 1), other scenarios keep exit 0.

Exit codes: 0 completed, 1 run failed (partial outputs and reason kept), 2 invalid input.`;

export const command: CliCommand = {
  summary: 'run a scenario (summary.json, timeseries.csv, report.html)',
  usage,
  async run(args: string[]): Promise<number> {
    let file: string | undefined;
    let out: string | undefined;
    let fields = false;
    let report = true;
    const problems: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--out') {
        out = args[++i];
        if (!out) problems.push('--out needs a directory');
      } else if (a.startsWith('--out=')) out = a.slice(6);
      else if (a === '--fields') fields = true;
      else if (a === '--no-report') report = false;
      else if (a.startsWith('-')) problems.push(`unknown option '${a}'`);
      else if (!file) file = a;
      else problems.push(`unexpected argument '${a}' (one scenario file per run)`);
    }
    if (!file) problems.push('missing the scenario file');
    if (!out && file) out = undefined;
    if (!out) problems.push('missing --out <dir>');
    if (problems.length > 0) {
      process.stderr.write(problems.map((p) => `batsafe run: ${p}`).join('\n') + `\n\n${usage}\n`);
      return EXIT_INVALID_INPUT;
    }
    const parsed = loadScenarioFile(file!);
    if (!parsed.ok) {
      process.stderr.write(`batsafe run: ${parsed.problems.length} problem(s) in ${file}; nothing was computed\n`);
      for (const p of parsed.problems) process.stderr.write(`  ${p.file}: ${p.path || '(root)'}: ${p.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    const tty = process.stderr.isTTY === true;
    const progress = tty ? progressBar() : logLines();
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    try {
      const summary = await runScenarioToDirectory(parsed.scenario, out!, {
        fields,
        report,
        signal: ac.signal,
        onProgress: progress.update,
        onEvent: (e) => progress.event(`${e.time.toFixed(3)} s  ${e.kind}: ${e.message}`),
      });
      progress.done();
      const outDir = path.resolve(out!);
      process.stdout.write(`${summary.status}: ${summary.scenario.name} -> ${outDir} (${summary.files.join(', ')})\n`);
      if (summary.eucar) process.stdout.write(`${summary.eucar.description} (EUCAR ${summary.eucar.level})\n`);
      for (const v of summary.verdicts) process.stdout.write(`  predicted ${v.verdict}  ${v.clause} — ${v.requirement}: ${v.result}\n`);
      reportExpectations(parsed.scenario, summary, outDir);
      if (summary.status !== 'completed') {
        process.stderr.write(`batsafe run: ${summary.status} at t = ${summary.failure?.time ?? '?'} s in ${summary.failure?.phase ?? '?'}: ${summary.failure?.reason ?? ''}\n`);
        return EXIT_RUN_FAILED;
      }
      return EXIT_OK;
    } catch (e) {
      progress.done();
      process.stderr.write(`batsafe run: ${(e as Error).message}\n`);
      return EXIT_RUN_FAILED;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};

function describe(p: ProgressSnapshot): string {
  const parts = [`${p.phase.padEnd(8)}`, `t=${formatTime(p.time)}`];
  if (p.force !== undefined) parts.push(`F=${(p.force / 1000).toFixed(2)} kN`);
  if (p.voltage !== undefined) parts.push(`V=${p.voltage.toFixed(3)} V`);
  if (p.maxTemperature !== undefined) parts.push(`Tmax=${(p.maxTemperature - 273.15).toFixed(1)} °C`);
  return parts.join('  ');
}

function formatTime(s: number): string {
  if (s < 60) return `${s.toFixed(2)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

function progressBar() {
  const width = 24;
  let last = '';
  return {
    update(p: ProgressSnapshot) {
      const filled = Math.round(p.fraction * width);
      last = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(p.fraction * 100).toFixed(0).padStart(3)}%  ${describe(p)}`;
      process.stderr.write(`\r\x1b[2K${last}`);
    },
    event(line: string) {
      process.stderr.write(`\r\x1b[2K${line}\n${last}`);
    },
    done() {
      process.stderr.write('\n');
    },
  };
}

function logLines() {
  let lastLogged = -1;
  return {
    update(p: ProgressSnapshot) {
      const decile = Math.floor(p.fraction * 10);
      if (decile > lastLogged) {
        lastLogged = decile;
        process.stderr.write(`progress ${(p.fraction * 100).toFixed(0)}%  ${describe(p)}\n`);
      }
    },
    event(line: string) {
      process.stderr.write(`event ${line}\n`);
    },
    done() {},
  };
}

/**
 * Prints the check of a cell scenario's stated expectations (src/run/expectations.ts). Information
 * only: the exit code follows the run status (a verification case that misses its reference is
 * already 'failed' by the runner, as for electrochem-verification).
 */
function reportExpectations(scenario: Scenario, summary: RunSummary, outDir: string): void {
  if (scenario.kind !== 'cell') return;
  const expect = (scenario as CellScenario).expectations;
  if (!expect) return;
  let timeseries: Record<string, ArrayLike<number>> | undefined;
  try {
    timeseries = summary.files.includes('timeseries.csv') ? readRunDirectory(outDir).timeseries.data : undefined;
  } catch {
    timeseries = undefined;
  }
  // A verification case the runner failed for its comparison: list the misses, not the status it set.
  const judged: RunSummary = summary.failure?.phase === 'comparison' ? { ...summary, status: 'completed', failure: undefined } : summary;
  const misses = checkExpectations(expect, judged, { timeseries, sourceFile: scenario.sourceFile });
  if (misses.length === 0) process.stdout.write('expectations: met\n');
  else process.stdout.write(`expectations: ${misses.length} not met\n${misses.map((m) => `  - ${m}\n`).join('')}`);
}
