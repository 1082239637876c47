/** `batsafe schema`: prints the JSON Schema of scenario files (for YAML/JSON editors). */
import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK } from '../command';
import { scenarioJsonSchema } from '../../scenario';

export const command: CliCommand = {
  summary: 'print the JSON Schema of scenario files',
  usage: `Usage: batsafe schema

Prints the JSON Schema (draft 2020-12) of batsafe scenario files on stdout, e.g.
  batsafe schema > batsafe-scenario.schema.json
and point your editor's YAML language server at it.`,
  async run(args: string[]): Promise<number> {
    if (args.length > 0) {
      process.stderr.write(`batsafe schema: takes no arguments (got ${args.join(' ')})\n`);
      return EXIT_INVALID_INPUT;
    }
    process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
    return EXIT_OK;
  },
};
