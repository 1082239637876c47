/** Cell-thermal card loader (materials/thermal/*.yaml → CellThermalProperties, SI). */
import { z } from 'zod';
import type { CellThermalProperties } from '../../engine/thermal/cell-thermal';
import type { CardCitation } from '../run-result';
import { cardProvenanceFields, type CardIssue, CardValidationError, checkRange, citationOf, readYamlCard, zodIssues } from './card-common';

const thermalCardSchema = z
  .object({
    kind: z.literal('cell-thermal'),
    ...cardProvenanceFields,
    geometry: z.discriminatedUnion('shape', [
      z.object({ shape: z.literal('cylinder'), radius: z.number(), height: z.number() }).strict(),
      z.object({ shape: z.literal('prism'), length: z.number(), width: z.number(), thickness: z.number() }).strict(),
    ]),
    volumetricHeatCapacity: z.number(),
    conductivity: z.object({ radial: z.number(), hoop: z.number(), axial: z.number() }).strict(),
    surface: z.object({ convectionCoefficient: z.number(), emissivity: z.number() }).strict(),
  })
  .strict();

export type CellThermalCard = z.infer<typeof thermalCardSchema>;

export function parseThermalCard(data: unknown, file: string): { card: CellThermalCard; thermal: CellThermalProperties; citation: CardCitation } {
  const parsed = thermalCardSchema.safeParse(data);
  if (!parsed.success) throw new CardValidationError(file, zodIssues(parsed.error));
  const c = parsed.data;
  const issues: CardIssue[] = [];
  const g = c.geometry;
  const lengthHint = 'cell dimensions are given in m (a value in mm was likely given)';
  if (g.shape === 'cylinder') {
    checkRange(issues, 'geometry.radius', g.radius, 1e-3, 0.1, 'm', lengthHint);
    checkRange(issues, 'geometry.height', g.height, 5e-3, 1, 'm', lengthHint);
  } else {
    checkRange(issues, 'geometry.length', g.length, 1e-3, 3, 'm', lengthHint);
    checkRange(issues, 'geometry.width', g.width, 1e-3, 3, 'm', lengthHint);
    checkRange(issues, 'geometry.thickness', g.thickness, 1e-4, 1, 'm', lengthHint);
  }
  const rc = c.volumetricHeatCapacity;
  if (rc > 0 && rc < 1e4)
    issues.push({ path: 'volumetricHeatCapacity', message: `${rc} J/(m^3 K) is far too small; it looks like a specific heat c_p in J/(kg K) — expected rho*c_p in J/(m^3 K) (typically 1.5e6-3e6)` });
  else checkRange(issues, 'volumetricHeatCapacity', rc, 2e5, 1e7, 'J/(m^3 K)');
  for (const k of ['radial', 'hoop', 'axial'] as const) checkRange(issues, `conductivity.${k}`, c.conductivity[k], 0.01, 500, 'W/(m K)');
  checkRange(issues, 'surface.convectionCoefficient', c.surface.convectionCoefficient, 0, 1e5, 'W/(m^2 K)');
  checkRange(issues, 'surface.emissivity', c.surface.emissivity, 0, 1, '-');
  if (issues.length) throw new CardValidationError(file, issues);
  return {
    card: c,
    thermal: {
      id: c.id,
      geometry: { ...g },
      volumetricHeatCapacity: rc,
      conductivity: { ...c.conductivity },
      convectionCoefficient: c.surface.convectionCoefficient,
      emissivity: c.surface.emissivity,
    },
    citation: citationOf(c),
  };
}

export function loadThermalCard(path: string) {
  return parseThermalCard(readYamlCard(path), path);
}
