/** `batsafe validate <file>...`: lists every problem with file and path; exit 2 if any, 0 if all valid. */
import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK } from '../command';
import { loadScenarioFile, estimateScenarioCost } from '../../scenario';

export const command: CliCommand = {
  summary: 'check scenario files without running them (every problem, with its path)',
  usage: `Usage: batsafe validate <scenario.yaml|json> [more files...]

Parses and checks each file (schema, units, consistency, standard profile) without computing
anything. Prints every problem as "<file>: <path>: <reason>". Exit 0 when all are valid, 2 otherwise.`,
  async run(args: string[]): Promise<number> {
    const files = args.filter((a) => !a.startsWith('-'));
    const unknown = args.filter((a) => a.startsWith('-'));
    if (files.length === 0 || unknown.length > 0) {
      process.stderr.write(`batsafe validate: ${unknown.length ? `unknown option ${unknown.join(', ')}` : 'missing the scenario file'}\n`);
      return EXIT_INVALID_INPUT;
    }
    let bad = 0;
    for (const f of files) {
      const r = loadScenarioFile(f);
      if (r.ok) {
        const cost = estimateScenarioCost(r.scenario);
        process.stdout.write(`${f}: valid (${r.scenario.kind} scenario '${r.scenario.name}', ${cost.elements} elements, ${cost.simulatedTimeS.toFixed(1)} s simulated)\n`);
      } else {
        bad++;
        process.stderr.write(`${f}: ${r.problems.length} problem(s)\n`);
        for (const p of r.problems) process.stderr.write(`  ${p.file}: ${p.path || '(root)'}: ${p.message}\n`);
      }
    }
    return bad > 0 ? EXIT_INVALID_INPUT : EXIT_OK;
  },
};
