/**
 * The pack branch of the scenario schema (kind: pack), imported by src/scenario/index.ts. Strict
 * zod objects with `.describe` on every field; quantities are converted to SI here. The pack design
 * itself lives in a pack card (materials/packs/*.yaml, src/io/cards/pack-card.ts), referenced by
 * path relative to the scenario file; `compareWith` runs further designs on the same scenario.
 */
import { z } from 'zod';
import { Dimension, quantity, toSI } from './quantity';

const CURRENT: Dimension = { si: 'A', example: '5 A', name: 'current' };
const POWER: Dimension = { si: 'W', example: '30 W', name: 'power' };
const TEMPERATURE_RATE: Dimension = { si: 'K/s', example: '1 K/s', name: 'temperature rate' };

function extraQuantity(dim: Dimension, description: string) {
  return z
    .union([z.string().describe(`${dim.name} with unit, e.g. "${dim.example}"`), z.strictObject({ value: z.number(), unit: z.string() }), z.number()])
    .transform((v, ctx) => {
      if (typeof v === 'number') {
        ctx.addIssue({ code: 'custom', message: `missing unit: ${v} has no unit; write the ${dim.name} like "${dim.example}"` });
        return z.NEVER;
      }
      const r = toSI(v, dim);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.value;
    })
    .describe(`${description} [${dim.name}; "${dim.example}" or {value, unit}; stored in ${dim.si}]`);
}

const cellNumber = z.number().int().min(1).describe('Cell number, 1-based (cell = s * Mp + p + 1 for series position s, parallel position p)');

export const packTriggerSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('heater').describe('GB 38031 Annex C external heating: constant power into one cell until its runaway is detected'),
    cell: cellNumber,
    power: extraQuantity(POWER, 'Heater power'),
    start: quantity('time', 'Heater switch-on time').optional(),
  }),
  z.strictObject({
    method: z.literal('nail').describe('GB 38031 Annex C needle penetration, modelled as an internal short of the given resistance'),
    cell: cellNumber,
    resistance: quantity('resistance', 'Short resistance through the nail (10-100 mOhm at full penetration, runaway-and-shorts.md §2.3 [unverified])'),
    time: quantity('time', 'Time of penetration'),
  }),
  z.strictObject({
    method: z.literal('internal-short').describe('Internal short (e.g. a heating-plate or particle-induced short) in one cell'),
    cell: cellNumber,
    resistance: quantity('resistance', 'Internal short resistance'),
    time: quantity('time', 'Onset time'),
  }),
  z.strictObject({
    method: z.literal('external-short').describe('External short across one cell or across the pack terminals'),
    cell: z.union([cellNumber, z.literal('pack')]).describe("Cell number, or 'pack' for the pack terminals"),
    resistance: quantity('resistance', 'External short resistance'),
    time: quantity('time', 'Onset time'),
  }),
  z.strictObject({ method: z.literal('none').describe('No trigger (electrical/thermal duty only)') }),
]);

export const packLoadStepSchema = z
  .strictObject({
    until: quantity('time', 'This load applies until this time'),
    current: extraQuantity(CURRENT, 'Pack current (positive = discharge)').optional(),
    power: extraQuantity(POWER, 'Pack power (positive = discharge)').optional(),
    voltage: quantity('voltage', 'Pack terminal voltage held (or the CV limit with current)').optional(),
    resistance: quantity('resistance', 'Load resistance across the pack').optional(),
  })
  .describe('One load step; give exactly one of current, power, voltage, resistance, or current + voltage for CC-CV; none = rest');

export const packDetectionSchema = z.strictObject({
  voltageDropFraction: z.number().min(0).max(1).default(0.25).describe('GB 38031 Annex C (a): voltage drop of the trigger cell, fraction of its initial value (25 %, [unverified])'),
  maxOperatingTemperature: quantity('temperature', 'GB 38031 Annex C (b): maximum operating temperature declared by the manufacturer'),
  temperatureRate: extraQuantity(TEMPERATURE_RATE, 'GB 38031 Annex C (c): dT/dt threshold (1 degC/s, [unverified])').optional(),
  rateDuration: quantity('time', 'GB 38031 Annex C (c): the dT/dt threshold must hold this long (3 s, [unverified])').optional(),
});

export const packScenarioSchema = z
  .strictObject({
    kind: z.literal('pack').describe('Scenario kind: a module or pack'),
    name: z.string().min(1).describe('Scenario name (used in reports)'),
    description: z.string().optional().describe('What this scenario emulates'),
    test: z.enum(['thermal-propagation', 'electrical', 'module-crush']).describe('thermal-propagation: GB 38031 / UL 9540A style trigger and propagation; electrical: duty cycle only; module-crush: mechanical crush of the module with shorts feeding the pack network'),
    standard: z.enum(['GB38031-2020/thermal-propagation', 'UL9540A/module']).optional().describe('Standard the verdicts refer to'),
    design: z.string().min(1).describe('Pack design card (materials/packs/*.yaml), path relative to this scenario file'),
    compareWith: z.array(z.string().min(1)).optional().describe('Further pack design cards run on the same scenario for a side-by-side comparison'),
    stateOfCharge: z.number().min(0).max(1).describe('Initial state of charge of every cell [0..1] (GB 38031: >= 0.95 for externally chargeable packs)'),
    initialTemperature: quantity('temperature', 'Initial temperature of every cell (default: the design card ambient)').optional(),
    trigger: packTriggerSchema.describe('Runaway trigger'),
    load: z.array(packLoadStepSchema).optional().describe('Pack load schedule; rest after the last step'),
    detection: packDetectionSchema.optional().describe('Runaway detection rule (GB 38031-2020 Annex C): (a or b) and c'),
    crush: z
      .strictObject({
        indenter: z.enum(['semicylinder', 'plate']).describe('R75 semicylinder or flat plate (GB 38031 pack compression)'),
        radius: quantity('length', 'Semicylinder radius').optional(),
        speed: quantity('speed', 'Indenter speed'),
        maxDeformation: z.number().min(0).max(1).describe('Stop at this fraction of the module dimension in the crush direction (GB 38031 pack: 0.30)'),
        onsetStrain: z.number().min(0).max(1).describe('Cell short onset at this diametral compression of the cell (runaway-and-shorts.md §2.3: 25-40 % [unverified])'),
        shortResistance: quantity('resistance', 'Internal short resistance at onset'),
        cellDiameter: quantity('length', 'Cell dimension in the crush direction'),
        model: z.enum(['rigid-intrusion', 'fe']).optional().describe('rigid-intrusion (default): geometric intrusion of a rigid indenter into each cell; fe: explicit FE crush of one row of the module (cells as bonded blocks of the pitch width, MAT_063 jellyroll), each column of cells shorting when its row cell does'),
        cellLength: quantity('length', 'FE: cell length along the indenter axis').optional(),
        jellyroll: z
          .strictObject({
            density: z.number().positive().describe('[kg/m^3]'),
            youngsModulus: z.number().positive().describe('[Pa]'),
            crushCurve: z.array(z.tuple([z.number().min(0).max(1), z.number().positive()])).min(2).describe('MAT_063 crush curve: [volumetric strain gamma, stress Pa] pairs, non-decreasing'),
          })
          .optional()
          .describe('FE: homogenized jellyroll (MAT_063) parameters, SI; default: the generic preset law 120 MPa gamma^2 [assumed]'),
        elementsPerCell: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]).optional().describe('FE: elements per cell along x (stack), y (indenter axis), z (crush)'),
      })
      .optional()
      .describe('Module crush (test: module-crush)'),
    duration: quantity('time', 'Simulated duration (GB 38031-2025 observes at least 2 h)'),
    timeStep: quantity('time', 'Coupling time step'),
    quietTimeStep: quantity('time', 'Longer coupling step used while the pack is quiet (no heater, all cells 10 K below the detection temperature and changing by < 0.02 K/s); default: timeStep').optional(),
    outputInterval: quantity('time', 'Sampling interval of timeseries.csv').optional(),
    coupling: z.enum(['implicit', 'explicit']).optional().describe('Cell-network coupling: implicit (default) or the liionpack explicit one-pass step'),
    expectations: z
      .strictObject({
        status: z.enum(['completed', 'failed']).optional(),
        propagates: z.boolean().optional().describe('Whether runaway is expected to spread beyond the trigger cell'),
        cellsInRunaway: z.strictObject({ min: z.number().int().optional(), max: z.number().int().optional() }).optional(),
      })
      .optional()
      .describe('Stated expectations of the outcome, checked by the test suite'),
  })
  .superRefine((s, ctx) => {
    if (s.test === 'module-crush' && !s.crush) ctx.addIssue({ code: 'custom', path: ['crush'], message: "test 'module-crush' needs a crush block" });
    if (s.crush?.model === 'fe' && s.crush.cellLength === undefined) ctx.addIssue({ code: 'custom', path: ['crush', 'cellLength'], message: 'the FE crush needs the cell length along the indenter axis' });
    if (s.test !== 'module-crush' && s.crush) ctx.addIssue({ code: 'custom', path: ['crush'], message: `a crush block only applies to test 'module-crush' (test is '${s.test}')` });
    (s.load ?? []).forEach((step, i) => {
      const given = ['current', 'power', 'voltage', 'resistance'].filter((k) => (step as Record<string, unknown>)[k] !== undefined);
      const ok = given.length <= 1 || (given.length === 2 && given.includes('current') && given.includes('voltage'));
      if (!ok) ctx.addIssue({ code: 'custom', path: ['load', i], message: `give one of current, power, voltage, resistance (or current + voltage for CC-CV); got ${given.join(', ')}` });
      if (i > 0 && !(step.until > s.load![i - 1].until)) ctx.addIssue({ code: 'custom', path: ['load', i, 'until'], message: 'must be later than the previous step' });
    });
    if (s.quietTimeStep !== undefined && s.quietTimeStep < s.timeStep) ctx.addIssue({ code: 'custom', path: ['quietTimeStep'], message: 'must not be shorter than timeStep' });
    if (s.timeStep <= 0 || s.timeStep > s.duration) ctx.addIssue({ code: 'custom', path: ['timeStep'], message: 'must be positive and not longer than the duration' });
    if (s.duration / s.timeStep > 2e6) ctx.addIssue({ code: 'custom', path: ['timeStep'], message: `duration / timeStep = ${(s.duration / s.timeStep).toExponential(2)} steps is above the 2e6 limit` });
  })
  .transform((s) => ({ ...s, estimatedCost: { elements: 0, simulatedTimeS: s.duration } }));

export type PackScenarioInput = z.output<typeof packScenarioSchema>;

/**
 * Loads and checks every pack design card a validated pack scenario refers to, and the cell
 * numbers the scenario uses against each design, without computing anything. Returns every
 * problem with the card file, the field path and the reason (empty = fine). `scenarioFile` is the
 * scenario's own path (card paths are relative to it). The CLI/API can call this after parsing so
 * that a bad card is an input error (exit 2) rather than a failed run.
 */
export function validatePackScenarioCards(scenario: PackScenarioInput, scenarioFile: string): Array<{ file: string; path: string; message: string }> {
  // Loaded lazily: the schema module stays free of file I/O for the API's JSON-schema generation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path') as typeof import('path');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadPackCard } = require('../io/cards/pack-card') as typeof import('../io/cards/pack-card');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CardValidationError } = require('../io/cards/card-common') as typeof import('../io/cards/card-common');
  const problems: Array<{ file: string; path: string; message: string }> = [];
  const refs = [{ ref: scenario.design, where: 'design' }, ...(scenario.compareWith ?? []).map((ref, i) => ({ ref, where: `compareWith.${i}` }))];
  for (const { ref, where } of refs) {
    const file = path.resolve(path.dirname(scenarioFile), ref);
    if (!fs.existsSync(file)) {
      problems.push({ file: scenarioFile, path: where, message: `pack design card '${ref}' not found (${file})` });
      continue;
    }
    try {
      const d = loadPackCard(file);
      const n = d.card.layout.series * d.card.layout.parallel;
      const t = scenario.trigger;
      if ('cell' in t && typeof t.cell === 'number' && t.cell > n) problems.push({ file: scenarioFile, path: 'trigger.cell', message: `cell ${t.cell} does not exist in design '${d.card.id}' (cells 1..${n})` });
    } catch (e) {
      if (e instanceof CardValidationError) for (const i of e.issues) problems.push({ file, path: i.path, message: i.message });
      else problems.push({ file, path: '(card)', message: (e as Error).message });
    }
  }
  return problems;
}
