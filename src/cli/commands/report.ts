import * as path from 'path';
import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK, EXIT_RUN_FAILED } from '../command';
import { ReportInputError, writeReport } from '../../report';

const usage = `Usage: batsafe report <run-dir> [<run-dir> ...] [--out <file.html>] [--pdf]

Writes a self-contained HTML safety assessment report (plots drawn with d3, opens offline).
  one run directory    → <run-dir>/report.html
  several directories  → a design comparison (default ./comparison-report.html): side-by-side
                         verdicts and margins, plots overlaid
Options:
  --out <file.html>    where to write the HTML
  --pdf                also print a PDF next to the HTML with headless Chromium (/usr/bin/chromium)
A run directory holds summary.json and timeseries.csv (and optionally sections.json), as written by
\`batsafe run\`. Exit codes: 0 written, 1 rendering failed, 2 invalid input (every problem listed).`;

export const command: CliCommand = {
  summary: 'write the HTML/PDF safety report of one run, or compare several runs',
  usage,
  async run(args: string[]): Promise<number> {
    const dirs: string[] = [];
    let outFile: string | undefined;
    let pdf = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--pdf') pdf = true;
      else if (a === '--out' || a === '-o') {
        outFile = args[++i];
        if (!outFile) {
          process.stderr.write('batsafe report: --out needs a file name\n');
          return EXIT_INVALID_INPUT;
        }
      } else if (a.startsWith('--out=')) outFile = a.slice('--out='.length);
      else if (a.startsWith('-')) {
        process.stderr.write(`batsafe report: unknown option '${a}'\n${usage}\n`);
        return EXIT_INVALID_INPUT;
      } else dirs.push(a);
    }
    if (dirs.length === 0) {
      process.stderr.write(`batsafe report: give at least one run directory\n${usage}\n`);
      return EXIT_INVALID_INPUT;
    }
    try {
      const html = await writeReport(dirs, { outFile, pdf });
      process.stdout.write(`report: ${path.relative(process.cwd(), html) || html}\n`);
      if (pdf) process.stdout.write(`pdf:    ${path.relative(process.cwd(), html.replace(/\.html?$/i, '') + '.pdf')}\n`);
      return EXIT_OK;
    } catch (e) {
      if (e instanceof ReportInputError) {
        process.stderr.write(`batsafe report: invalid input\n${e.message}\n`);
        return EXIT_INVALID_INPUT;
      }
      process.stderr.write(`batsafe report: failed: ${(e as Error).message}\n`);
      return EXIT_RUN_FAILED;
    }
  },
};
