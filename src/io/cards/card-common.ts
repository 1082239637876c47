/**
 * Shared helpers of every card loader (mechanics, cell, runaway, separator, thermal, pack): the
 * provenance fields every card carries, YAML reading, zod issue formatting, and physical-range checks that name the field, the value, the reason and
 * (for unit mix-ups) the unit that was expected.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CardCitation } from '../run-result';

export interface CardIssue {
  /** Dotted path inside the card, e.g. 'reactions.sei.activationEnergy'. */
  path: string;
  message: string;
}

/** Thrown when a card is refused; `issues` lists every problem (none is computed with). */
export class CardValidationError extends Error {
  constructor(
    readonly file: string,
    readonly issues: CardIssue[],
  ) {
    super(`${file}: invalid card\n` + issues.map((i) => `  ${i.path}: ${i.message}`).join('\n'));
    this.name = 'CardValidationError';
  }
}

export function readYamlCard(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return parseYaml(text);
  } catch (err) {
    throw new CardValidationError(path, [{ path: '(file)', message: `not valid YAML: ${(err as Error).message}` }]);
  }
}

export function zodIssues(error: z.ZodError): CardIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(card)', message: i.message }));
}

export const CARD_STATUSES = ['measured', 'fitted', 'assumed', 'unverified'] as const;

/** The provenance fields every card carries (design.md: citations, source and status on every card). */
export const cardProvenanceFields = {
  id: z.string().min(1),
  name: z.string().min(1),
  status: z.enum(CARD_STATUSES).describe('measured | fitted | assumed | unverified'),
  source: z.string().min(1),
  citations: z.array(z.string().min(1)).min(1),
  notes: z.array(z.string()).optional(),
};

export function citationOf(card: { id: string; kind: string; citations: string[]; source: string; status: string }): CardCitation {
  return { id: card.id, kind: card.kind, citations: card.citations, source: card.source, status: card.status };
}

/** Absolute temperature check: refuses values that look like °C, naming K as the expected unit. */
export function checkTemperatureK(issues: CardIssue[], path: string, value: number, min = 200, max = 2000): void {
  if (!Number.isFinite(value)) issues.push({ path, message: `must be a finite number in K, got ${value}` });
  else if (value < min && value > -273.15 && value + 273.15 >= min)
    issues.push({ path, message: `${value} is below ${min} K; it looks like °C (expected K: ${value} °C = ${(value + 273.15).toFixed(2)} K)` });
  else if (value < min || value > max) issues.push({ path, message: `${value} K is outside the physical range [${min}, ${max}] K` });
}

/** Generic range check with a unit. */
export function checkRange(issues: CardIssue[], path: string, value: number, min: number, max: number, unit: string, hint = ''): void {
  if (!Number.isFinite(value)) issues.push({ path, message: `must be a finite number in ${unit}, got ${value}` });
  else if (value < min || value > max)
    issues.push({ path, message: `${value} ${unit} is outside the accepted range [${min}, ${max}] ${unit}${hint ? `; ${hint}` : ''}` });
}
