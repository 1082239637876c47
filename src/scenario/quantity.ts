/**
 * Physical quantities at the scenario boundary: accepted as "2 mm/s" or {value, unit}, converted to
 * SI with mathjs units, refused with a clear reason when the unit is missing or has the wrong
 * dimension. Inside batsafe every quantity is a plain SI number.
 */
import { z } from 'zod';

/** The part of mathjs's Unit this file uses (mathjs ships ESM typings that a CJS build cannot import). */
interface Unit {
  value: number | null;
  equalBase(other: Unit): boolean;
  toNumber(unit: string): number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mathUnit: (text: string) => Unit = require('mathjs').unit;

/** A dimension the scenario accepts, named by its SI unit and a human example. */
export interface Dimension {
  /** SI unit the value is converted to, e.g. 'm/s'. */
  si: string;
  /** Used in messages and in the JSON Schema, e.g. "2 mm/s". */
  example: string;
  /** Human name of the dimension, e.g. 'speed'. */
  name: string;
}

export const DIMENSIONS = {
  length: { si: 'm', example: '18 mm', name: 'length' },
  speed: { si: 'm/s', example: '2 mm/s', name: 'speed' },
  force: { si: 'N', example: '100 kN', name: 'force' },
  mass: { si: 'kg', example: '45 g', name: 'mass' },
  time: { si: 's', example: '10 min', name: 'time' },
  voltage: { si: 'V', example: '100 mV', name: 'voltage' },
  current: { si: 'A', example: '20 A', name: 'current' },
  resistance: { si: 'ohm', example: '10 mohm', name: 'resistance' },
  temperature: { si: 'K', example: '25 degC', name: 'temperature' },
  charge: { si: 'C', example: '2.6 A h', name: 'charge (capacity)' },
  heatTransfer: { si: 'W/(m^2 K)', example: '7.17 W/(m^2 K)', name: 'heat-transfer coefficient' },
  angle: { si: 'rad', example: '60 deg', name: 'angle' },
  stress: { si: 'Pa', example: '20 MPa', name: 'stress' },
  area: { si: 'm^2', example: '1 mm^2', name: 'area' },
  areaResistance: { si: 'ohm m^2', example: '4e-7 ohm m^2', name: 'area-specific resistance' },
} as const satisfies Record<string, Dimension>;

export type DimensionName = keyof typeof DIMENSIONS;

/** Converts "2 mm/s" / {value, unit} to SI; returns an error message instead of throwing. */
export function toSI(input: string | { value: number; unit: string }, dim: Dimension): { ok: true; value: number } | { ok: false; message: string } {
  const text = typeof input === 'string' ? input.trim() : `${input.value} ${input.unit}`;
  let parsed: Unit;
  try {
    parsed = mathUnit(normaliseUnitText(text));
  } catch (e) {
    return { ok: false, message: `cannot read '${text}' as a ${dim.name} (${(e as Error).message}); write it like "${dim.example}"` };
  }
  if (parsed.value === null || parsed.value === undefined) {
    return { ok: false, message: `'${text}' has a unit but no number; write it like "${dim.example}"` };
  }
  const reference = mathUnit(dim.si);
  if (!parsed.equalBase(reference)) {
    return { ok: false, message: `'${text}' is not a ${dim.name} (expected a unit convertible to ${dim.si}, e.g. "${dim.example}")` };
  }
  const value = parsed.toNumber(dim.si);
  if (!Number.isFinite(value)) return { ok: false, message: `'${text}' is not a finite ${dim.name}` };
  return { ok: true, value };
}

/** mathjs spells ohm 'ohm' and degree Celsius 'degC'; accept the usual alternatives. */
export function normaliseUnitText(text: string): string {
  return text
    .replace(/Ω/g, 'ohm')
    .replace(/Ohm/g, 'ohm')
    .replace(/°C/g, 'degC')
    .replace(/\bA\.h\b/g, 'A h')
    .replace(/\bAh\b/g, 'A h')
    .replace(/\bmAh\b/g, 'mA h');
}

/**
 * A zod schema for a quantity of dimension `dim`; outputs the SI number. A bare number is refused
 * (missing unit) so that "2" is never silently read as 2 m.
 */
export function quantity(dimName: DimensionName, description: string) {
  const dim = DIMENSIONS[dimName];
  return z
    .union([
      z.string().describe(`${dim.name} with unit, e.g. "${dim.example}"`),
      z.strictObject({ value: z.number().describe('number'), unit: z.string().describe(`unit convertible to ${dim.si}`) }),
      z.number().describe('refused: a bare number has no unit'),
    ])
    .transform((v, ctx) => {
      if (typeof v === 'number') {
        ctx.addIssue({ code: 'custom', message: `missing unit: ${v} has no unit; write the ${dim.name} like "${dim.example}"`, params: { quantityExample: dim.example } });
        return z.NEVER;
      }
      const r = toSI(v, dim);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message, params: { quantityExample: dim.example } });
        return z.NEVER;
      }
      return r.value;
    })
    .describe(`${description} [${dim.name}; "${dim.example}" or {value, unit}; stored in ${dim.si}]`);
}
