/** Separator card loader (materials/separators/*.yaml → SeparatorBehaviour, K). */
import { z } from 'zod';
import type { SeparatorBehaviour } from '../../engine/shorts/separator';
import type { CardCitation } from '../run-result';
import { cardProvenanceFields, type CardIssue, CardValidationError, checkRange, checkTemperatureK, citationOf, readYamlCard, zodIssues } from './card-common';

const separatorCardSchema = z
  .object({
    kind: z.literal('separator'),
    ...cardProvenanceFields,
    material: z.string().min(1),
    thickness: z.number(),
    shrinkageOnsetTemperature: z.number(),
    shutdownTemperature: z.number(),
    meltTemperature: z.number(),
    shortAreaGrowth: z.object({ atMelt: z.number(), afterMelt: z.number() }).strict(),
  })
  .strict();

export type SeparatorCard = z.infer<typeof separatorCardSchema>;

export function parseSeparatorCard(data: unknown, file: string): { card: SeparatorCard; separator: SeparatorBehaviour; citation: CardCitation } {
  const parsed = separatorCardSchema.safeParse(data);
  if (!parsed.success) throw new CardValidationError(file, zodIssues(parsed.error));
  const c = parsed.data;
  const issues: CardIssue[] = [];
  checkRange(issues, 'thickness', c.thickness, 1e-6, 1e-4, 'm', 'separators are 5-50 um thick (a value in um was likely given)');
  checkTemperatureK(issues, 'shrinkageOnsetTemperature', c.shrinkageOnsetTemperature, 300, 700);
  checkTemperatureK(issues, 'shutdownTemperature', c.shutdownTemperature, 300, 700);
  checkTemperatureK(issues, 'meltTemperature', c.meltTemperature, 300, 900);
  if (c.meltTemperature <= c.shrinkageOnsetTemperature)
    issues.push({ path: 'meltTemperature', message: `must be above shrinkageOnsetTemperature (${c.shrinkageOnsetTemperature} K)` });
  if (c.shutdownTemperature > c.meltTemperature)
    issues.push({ path: 'shutdownTemperature', message: `must not exceed meltTemperature (${c.meltTemperature} K)` });
  checkRange(issues, 'shortAreaGrowth.atMelt', c.shortAreaGrowth.atMelt, 1, 1e4, '-');
  checkRange(issues, 'shortAreaGrowth.afterMelt', c.shortAreaGrowth.afterMelt, 1, 1e4, '-');
  if (c.shortAreaGrowth.afterMelt < c.shortAreaGrowth.atMelt)
    issues.push({ path: 'shortAreaGrowth.afterMelt', message: `must be >= shortAreaGrowth.atMelt (${c.shortAreaGrowth.atMelt})` });
  if (issues.length) throw new CardValidationError(file, issues);
  return {
    card: c,
    separator: {
      id: c.id,
      shrinkageOnsetTemperature: c.shrinkageOnsetTemperature,
      shutdownTemperature: c.shutdownTemperature,
      meltTemperature: c.meltTemperature,
      areaGrowthAtMelt: c.shortAreaGrowth.atMelt,
      areaGrowthAfterMelt: c.shortAreaGrowth.afterMelt,
    },
    citation: citationOf(c),
  };
}

export function loadSeparatorCard(path: string) {
  return parseSeparatorCard(readYamlCard(path), path);
}
