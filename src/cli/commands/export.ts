/** `batsafe export dyna <card.yaml>`: a mechanics material card as LS-DYNA keyword text. */
import { writeFileSync } from 'node:fs';
import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK } from '../command';
import { loadMechanicsCard } from '../../io/cards/mechanics-card';
import { CardValidationError, readYamlCard } from '../../io/cards/card-common';
import { DYNA_UNIT_FACTORS, DynaFormatError, DynaUnits, exportDyna } from '../../io/dyna';

const USAGE = `Usage: batsafe export dyna <card.yaml> [--units SI|mm-s-t|mm-ms-kg] [--mid N] [--out file.k]

Writes a mechanics material card (materials/mechanics/*.yaml) as LS-DYNA keyword text:
*MAT_CRUSHABLE_FOAM, *MAT_DESHPANDE_FLECK_FOAM, *MAT_MODIFIED_HONEYCOMB / *MAT_HONEYCOMB or
*MAT_PIECEWISE_LINEAR_PLASTICITY with their *DEFINE_CURVE load curves. The card is validated
first. Quantities without a keyword field (SOC/rate scaling, valid ranges) are reported on stderr
and dropped. Default units SI (kg, m, s, Pa); output to stdout unless --out is given.`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export const command: CliCommand = {
  summary: 'export a mechanics material card as LS-DYNA keyword text (batsafe export dyna <card>)',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const [format, file] = args;
    if (format !== 'dyna' || !file || file.startsWith('-')) {
      process.stderr.write(`batsafe export: expected 'dyna <card.yaml>'\n${USAGE}\n`);
      return EXIT_INVALID_INPUT;
    }
    const units = (option(args, '--units') ?? 'SI') as DynaUnits;
    if (!DYNA_UNIT_FACTORS[units]) {
      process.stderr.write(`batsafe export: --units must be one of ${Object.keys(DYNA_UNIT_FACTORS).join(', ')}, got '${units}'\n`);
      return EXIT_INVALID_INPUT;
    }
    const midText = option(args, '--mid');
    const mid = midText === undefined ? 1 : Number(midText);
    if (!Number.isInteger(mid) || mid <= 0) {
      process.stderr.write(`batsafe export: --mid must be a positive integer, got '${midText}'\n`);
      return EXIT_INVALID_INPUT;
    }
    try {
      // SOC only matters for building the material; validation needs a value when the card scales with SOC.
      const data = readYamlCard(file) as { parameters?: { scaling?: { soc?: unknown } } };
      const loaded = loadMechanicsCard(file, data?.parameters?.scaling?.soc ? { soc: 0.5 } : {});
      const out = exportDyna(loaded.card, { units, mid, file });
      for (const w of out.warnings) process.stderr.write(`batsafe export: warning: ${w}\n`);
      const target = option(args, '--out');
      if (target) writeFileSync(target, out.text);
      else process.stdout.write(out.text);
      return EXIT_OK;
    } catch (err) {
      if (err instanceof CardValidationError || err instanceof DynaFormatError) {
        process.stderr.write(`${err.message}\n`);
        return EXIT_INVALID_INPUT;
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        process.stderr.write(`batsafe export: ${file}: no such file\n`);
        return EXIT_INVALID_INPUT;
      }
      throw err;
    }
  },
};
