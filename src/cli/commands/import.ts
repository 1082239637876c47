/** `batsafe import dyna <file.k>`: LS-DYNA material keywords -> batsafe mechanics cards (YAML). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK } from '../command';
import { parseMechanicsCard } from '../../io/cards/mechanics-card';
import { CardValidationError } from '../../io/cards/card-common';
import { DYNA_UNIT_FACTORS, DynaFormatError, DynaUnits, importDyna } from '../../io/dyna';

const USAGE = `Usage: batsafe import dyna <file.k> [--units SI|mm-s-t|mm-ms-kg] [--out dir]

Reads *MAT_CRUSHABLE_FOAM (MODEL 0), *MAT_DESHPANDE_FLECK_FOAM, *MAT_MODIFIED_HONEYCOMB,
*MAT_HONEYCOMB and *MAT_PIECEWISE_LINEAR_PLASTICITY keywords with their *DEFINE_CURVE load curves
and writes one batsafe mechanics card (YAML, SI) per material, validated like any card. Without
batsafe provenance comments the cards are marked 'status: unverified'. The unit system comes from
--units, else from a '$ batsafe-units:' comment, else SI is assumed (with a warning).
Cards go to <dir>/<id>.yaml with --out, else to stdout separated by '---'.`;

export const command: CliCommand = {
  summary: 'import LS-DYNA material keywords as batsafe mechanics cards (batsafe import dyna <file>)',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const [format, file] = args;
    if (format !== 'dyna' || !file || file.startsWith('-')) {
      process.stderr.write(`batsafe import: expected 'dyna <file.k>'\n${USAGE}\n`);
      return EXIT_INVALID_INPUT;
    }
    const ui = args.indexOf('--units');
    const units = ui >= 0 ? (args[ui + 1] as DynaUnits) : undefined;
    if (units !== undefined && !DYNA_UNIT_FACTORS[units]) {
      process.stderr.write(`batsafe import: --units must be one of ${Object.keys(DYNA_UNIT_FACTORS).join(', ')}, got '${units}'\n`);
      return EXIT_INVALID_INPUT;
    }
    const oi = args.indexOf('--out');
    const outDir = oi >= 0 ? args[oi + 1] : undefined;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      process.stderr.write(`batsafe import: ${file}: cannot read the file\n`);
      return EXIT_INVALID_INPUT;
    }
    try {
      const result = importDyna(text, file, { units });
      for (const w of result.warnings) process.stderr.write(`batsafe import: warning: ${w}\n`);
      const docs: string[] = [];
      for (const card of result.cards) {
        // Validate exactly as a card file would be (SOC-scaled cards cannot come from LS-DYNA).
        parseMechanicsCard(card, `${file} (${card.id})`);
        const yamlText = `# Imported by batsafe from ${file}; check status and citations before use.\n${stringify(card)}`;
        if (outDir) {
          mkdirSync(outDir, { recursive: true });
          writeFileSync(join(outDir, `${card.id}.yaml`), yamlText);
          process.stdout.write(`${join(outDir, `${card.id}.yaml`)}\n`);
        } else docs.push(yamlText);
      }
      if (!outDir) process.stdout.write(docs.join('---\n'));
      return EXIT_OK;
    } catch (err) {
      if (err instanceof CardValidationError || err instanceof DynaFormatError) {
        process.stderr.write(`${err.message}\n`);
        return EXIT_INVALID_INPUT;
      }
      throw err;
    }
  },
};
