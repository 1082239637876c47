/**
 * Pack design cards (materials/packs/*.yaml → PackDesign, SI): the cell (inline ECM, thermal mass,
 * runaway-kinetics card, separator collapse), the NsMp layout, busbar/interconnect/terminal
 * resistances, optional fuses, the grid arrangement with spacers and barriers, busbar thermal
 * links, convection, an optional cooling plate and the BMS measurement points.
 *
 * Every problem is reported with the card file, the field path and the reason, before anything is
 * computed (CardValidationError lists them all).
 */
import * as path from 'path';
import { z } from 'zod';
import type { EcmParameterSpec } from '../../engine/electrochem/ecm/parameter';
import { theveninModel, rintModel, EquivalentCircuitModel } from '../../engine/electrochem/ecm/ecm-model';
import type { RunawayKinetics } from '../../engine/runaway/kinetics';
import type { CardCitation } from '../run-result';
import { cardProvenanceFields, CardIssue, CardValidationError, checkRange, checkTemperatureK, citationOf, readYamlCard, zodIssues } from './card-common';
import { loadRunawayCard } from './runaway-card';

const tableSpec = z
  .object({
    axes: z.array(z.enum(['soc', 'temperature', 'current', 'ocv'])).min(1).describe('Table axes, last fastest'),
    breakpoints: z.array(z.array(z.number()).min(2)).describe('Breakpoints per axis (SI: K, A, V)'),
    values: z.array(z.number()).describe('Values, row-major'),
  })
  .strict();
const ecmParameter = z.union([z.number(), tableSpec]);

const cellSchema = z
  .object({
    description: z.string().min(1).describe('What the cell is (format, chemistry, capacity)'),
    chemistry: z.string().optional().describe('e.g. LCO/graphite'),
    ecm: z
      .object({
        kind: z.enum(['rint', 'thevenin']).describe('ECM kind (electrochemistry.md §3)'),
        capacityAh: z.number().describe('Nominal capacity [A h]'),
        ocv: ecmParameter.describe('Open-circuit voltage [V], table over soc'),
        r0: ecmParameter.describe('Series resistance [Ohm]'),
        rc: z.array(z.object({ r: ecmParameter, c: ecmParameter }).strict()).optional().describe('RC pairs (thevenin): resistance [Ohm], capacitance [F]'),
        entropicCoefficient: ecmParameter.optional().describe('dU/dT [V/K]'),
      })
      .strict(),
    mass: z.number().describe('Cell mass [kg]'),
    specificHeat: z.number().describe('Specific heat capacity [J/(kg K)]'),
    volume: z.number().describe('Reacting (jellyroll) volume for the runaway kinetics [m^3]'),
    surfaceArea: z.number().describe('Outer surface area exposed to convection [m^2]'),
    runawayCard: z.string().nullable().describe('Runaway-kinetics card, path relative to this card; null = no decomposition chemistry'),
    anodeLithiumScalesWithSoc: z.boolean().default(true).describe('Scale c_neg,0 with SOC (assumed)'),
    separatorCollapse: z
      .object({ temperature: z.number().describe('[K]'), resistance: z.number().describe('Internal short resistance after collapse [Ohm]') })
      .strict()
      .nullable()
      .describe('Separator collapse: hot cells become internal shorts; null = never'),
    disconnectTemperature: z.number().describe('Cell loses its electrical connection above this temperature (tab melt / CID) [K]'),
  })
  .strict();

const layerSchema = z.object({ thickness: z.number().describe('[m]'), conductivity: z.number().describe('[W/(m K)]') }).strict();
const pathSchema = z
  .object({
    contactArea: z.number().describe('Heat-path cross-section between neighbouring cells [m^2]'),
    spacer: layerSchema.nullable().describe('Spacer or gap filler between neighbours'),
    barrier: layerSchema.nullable().optional().describe('Thermal barrier in series with the spacer (mica, aerogel)'),
    contactConductance: z.number().optional().describe('Extra contact conductance per area in series [W/(m^2 K)]'),
  })
  .strict();

export const packCardSchema = z
  .object({
    kind: z.literal('pack-design'),
    ...cardProvenanceFields,
    cell: cellSchema,
    layout: z
      .object({
        kind: z.enum(['series-groups', 'parallel-strings']).describe('series-groups: Mp cells in parallel per group, groups in series; parallel-strings: Mp strings of Ns cells'),
        series: z.number().int().describe('Ns'),
        parallel: z.number().int().describe('Mp'),
        terminals: z.enum(['left', 'right']).default('left'),
      })
      .strict(),
    resistances: z
      .object({
        busbar: z.number().describe('Busbar segment between neighbouring cells [Ohm]'),
        interconnect: z.number().describe('Tab/weld resistance in series with each cell [Ohm]'),
        terminal: z.number().describe('Each pack terminal lead [Ohm]'),
      })
      .strict(),
    fuses: z.object({ meltI2t: z.number().describe('Per-cell fuse melt integral [A^2 s]') }).strict().nullable().optional(),
    arrangement: z
      .object({
        columns: z.number().int().describe('Cells per row; cell c (0-based) at column c % columns, row floor(c / columns)'),
        pitchX: z.number().describe('Centre distance along a row [m]'),
        pitchY: z.number().describe('Centre distance between rows [m]'),
      })
      .strict(),
    thermalPaths: z
      .object({
        alongRow: pathSchema.nullable().describe('Heat path between neighbours in a row'),
        betweenRows: pathSchema.nullable().describe('Heat path between neighbours in adjacent rows'),
        busbarConductance: z.number().default(0).describe('Conductance through the busbar between cells of one parallel group [W/K]'),
      })
      .strict(),
    cooling: z
      .object({
        ambientTemperature: z.number().describe('[K]'),
        convectionCoefficient: z.number().describe('h at the exposed cell surface [W/(m^2 K)]'),
        exposedFraction: z.number().default(1).describe('Fraction of the cell surface exposed to the housing air'),
        plate: z
          .object({
            heatTransferCoefficient: z.number().describe('h between cell and coolant through the plate [W/(m^2 K)]'),
            contactAreaPerCell: z.number().describe('[m^2]'),
            coolantTemperature: z.number().describe('[K]'),
          })
          .strict()
          .nullable()
          .optional(),
        housing: z
          .object({
            heatCapacity: z.number().describe('Heat capacity of the housing air and structure [J/K]'),
            ambientConductance: z.number().describe('Housing to ambient [W/K]'),
          })
          .strict()
          .nullable()
          .optional()
          .describe('Housing node: the cells convect to it (h x exposed area) and it loses heat to ambient; null = cells convect straight to ambient'),
      })
      .strict(),
    bms: z
      .object({
        voltageSensorCells: z.union([z.literal('all'), z.array(z.number().int())]).describe("Cells (1-based) whose voltage is measured, or 'all'"),
        temperatureSensorCells: z.array(z.number().int()).describe('Cells (1-based) carrying a temperature sensor'),
        deltaVoltage: z.number().describe('Warning threshold on the measured voltage spread [V]'),
        temperatureRate: z.number().describe('Warning threshold on a sensor dT/dt [K/s]'),
        temperature: z.number().describe('Warning threshold on a sensor temperature [K]'),
      })
      .strict(),
  })
  .strict();

export type PackCard = z.infer<typeof packCardSchema>;

/** A validated pack design in SI, ready for src/engine/pack. */
export interface PackDesign {
  card: PackCard;
  file: string;
  cellModel: EquivalentCircuitModel;
  cellHeatCapacity: number;
  kinetics: RunawayKinetics | null;
  /** Conductance between row neighbours / adjacent rows [W/K]. */
  neighbourConductanceX: number;
  neighbourConductanceY: number;
  ambientConductancePerCell: number;
  coolantConductancePerCell: number;
  coolantTemperature: number;
  citations: CardCitation[];
}

function pathConductance(p: z.infer<typeof pathSchema> | null): number {
  if (!p) return 0;
  let resistance = 0;
  if (p.spacer) resistance += p.spacer.thickness / (p.spacer.conductivity * p.contactArea);
  if (p.barrier) resistance += p.barrier.thickness / (p.barrier.conductivity * p.contactArea);
  if (p.contactConductance) resistance += 1 / (p.contactConductance * p.contactArea);
  return resistance > 0 ? 1 / resistance : 0;
}

function checkEcmParameter(issues: CardIssue[], where: string, spec: z.infer<typeof ecmParameter>, positive: boolean, min: number, max: number, unit: string): void {
  if (typeof spec === 'number') {
    if (positive && !(spec > 0)) issues.push({ path: where, message: `must be positive (${unit}), got ${spec}` });
    else checkRange(issues, where, spec, min, max, unit);
    return;
  }
  if (spec.axes.length !== spec.breakpoints.length) issues.push({ path: where, message: `${spec.axes.length} axes but ${spec.breakpoints.length} breakpoint lists` });
  const expected = spec.breakpoints.reduce((m, b) => m * b.length, 1);
  if (spec.values.length !== expected) issues.push({ path: `${where}.values`, message: `has ${spec.values.length} values; the breakpoints need ${expected}` });
  spec.breakpoints.forEach((b, k) => {
    for (let i = 1; i < b.length; i++) if (!(b[i] > b[i - 1])) issues.push({ path: `${where}.breakpoints.${k}`, message: 'must be strictly increasing' });
  });
  spec.values.forEach((v, i) => {
    if (positive && !(v > 0)) issues.push({ path: `${where}.values.${i}`, message: `must be positive (${unit}), got ${v}` });
    else if (!(v >= min && v <= max)) issues.push({ path: `${where}.values.${i}`, message: `${v} ${unit} is outside [${min}, ${max}] ${unit}` });
  });
}

/** Validates parsed card data; throws CardValidationError naming the file, every field and reason. */
export function parsePackCard(data: unknown, file: string): PackDesign {
  const parsed = packCardSchema.safeParse(data);
  if (!parsed.success) throw new CardValidationError(file, zodIssues(parsed.error));
  const c = parsed.data;
  const issues: CardIssue[] = [];
  const cell = c.cell;
  checkRange(issues, 'cell.ecm.capacityAh', cell.ecm.capacityAh, 0.01, 2000, 'A h');
  checkEcmParameter(issues, 'cell.ecm.ocv', cell.ecm.ocv, true, 1, 5, 'V');
  checkEcmParameter(issues, 'cell.ecm.r0', cell.ecm.r0, true, 1e-6, 10, 'Ohm');
  (cell.ecm.rc ?? []).forEach((rc, k) => {
    checkEcmParameter(issues, `cell.ecm.rc.${k}.r`, rc.r, true, 1e-7, 10, 'Ohm');
    checkEcmParameter(issues, `cell.ecm.rc.${k}.c`, rc.c, true, 1e-3, 1e8, 'F');
  });
  if (cell.ecm.kind === 'rint' && cell.ecm.rc?.length) issues.push({ path: 'cell.ecm.rc', message: 'an rint cell has no RC pairs (use kind: thevenin)' });
  if (cell.ecm.entropicCoefficient !== undefined) checkEcmParameter(issues, 'cell.ecm.entropicCoefficient', cell.ecm.entropicCoefficient, false, -0.01, 0.01, 'V/K');
  checkRange(issues, 'cell.mass', cell.mass, 1e-3, 50, 'kg', 'mass in kg (45 g = 0.045)');
  checkRange(issues, 'cell.specificHeat', cell.specificHeat, 100, 5000, 'J/(kg K)');
  checkRange(issues, 'cell.volume', cell.volume, 1e-7, 0.05, 'm^3');
  checkRange(issues, 'cell.surfaceArea', cell.surfaceArea, 1e-5, 5, 'm^2');
  if (cell.separatorCollapse) {
    checkTemperatureK(issues, 'cell.separatorCollapse.temperature', cell.separatorCollapse.temperature, 300, 800);
    checkRange(issues, 'cell.separatorCollapse.resistance', cell.separatorCollapse.resistance, 1e-5, 1e4, 'Ohm');
  }
  checkTemperatureK(issues, 'cell.disconnectTemperature', cell.disconnectTemperature, 300, 2000);
  const L = c.layout;
  checkRange(issues, 'layout.series', L.series, 1, 10000, 'cells');
  checkRange(issues, 'layout.parallel', L.parallel, 1, 1000, 'cells');
  const count = L.series * L.parallel;
  checkRange(issues, 'layout (series x parallel)', count, 1, 100000, 'cells');
  for (const k of ['busbar', 'interconnect', 'terminal'] as const) checkRange(issues, `resistances.${k}`, c.resistances[k], 1e-8, 10, 'Ohm', 'must be > 0 (a zero resistance makes the nodal matrix singular)');
  if (c.fuses) checkRange(issues, 'fuses.meltI2t', c.fuses.meltI2t, 1e-3, 1e9, 'A^2 s');
  checkRange(issues, 'arrangement.columns', c.arrangement.columns, 1, count, 'cells');
  checkRange(issues, 'arrangement.pitchX', c.arrangement.pitchX, 1e-3, 2, 'm');
  checkRange(issues, 'arrangement.pitchY', c.arrangement.pitchY, 1e-3, 2, 'm');
  for (const k of ['alongRow', 'betweenRows'] as const) {
    const p = c.thermalPaths[k];
    if (!p) continue;
    checkRange(issues, `thermalPaths.${k}.contactArea`, p.contactArea, 1e-7, 1, 'm^2');
    for (const layer of ['spacer', 'barrier'] as const) {
      const l = p[layer];
      if (!l) continue;
      checkRange(issues, `thermalPaths.${k}.${layer}.thickness`, l.thickness, 1e-6, 0.1, 'm', 'thickness in m (1 mm = 0.001)');
      checkRange(issues, `thermalPaths.${k}.${layer}.conductivity`, l.conductivity, 1e-3, 500, 'W/(m K)');
    }
    if (p.contactConductance !== undefined) checkRange(issues, `thermalPaths.${k}.contactConductance`, p.contactConductance, 1, 1e7, 'W/(m^2 K)');
    if (!p.spacer && !p.barrier && p.contactConductance === undefined) issues.push({ path: `thermalPaths.${k}`, message: 'needs a spacer, a barrier or a contactConductance (or set the path to null)' });
  }
  checkRange(issues, 'thermalPaths.busbarConductance', c.thermalPaths.busbarConductance, 0, 100, 'W/K');
  checkTemperatureK(issues, 'cooling.ambientTemperature', c.cooling.ambientTemperature, 200, 400);
  checkRange(issues, 'cooling.convectionCoefficient', c.cooling.convectionCoefficient, 0, 1e4, 'W/(m^2 K)');
  checkRange(issues, 'cooling.exposedFraction', c.cooling.exposedFraction, 0, 1, '-');
  if (c.cooling.plate) {
    checkRange(issues, 'cooling.plate.heatTransferCoefficient', c.cooling.plate.heatTransferCoefficient, 0, 1e5, 'W/(m^2 K)');
    checkRange(issues, 'cooling.plate.contactAreaPerCell', c.cooling.plate.contactAreaPerCell, 0, 1, 'm^2');
    checkTemperatureK(issues, 'cooling.plate.coolantTemperature', c.cooling.plate.coolantTemperature, 200, 400);
  }
  if (c.cooling.housing) {
    checkRange(issues, 'cooling.housing.heatCapacity', c.cooling.housing.heatCapacity, 1e-3, 1e9, 'J/K');
    checkRange(issues, 'cooling.housing.ambientConductance', c.cooling.housing.ambientConductance, 0, 1e6, 'W/K');
  }
  const sensors = c.bms.voltageSensorCells === 'all' ? [] : c.bms.voltageSensorCells;
  sensors.forEach((s, i) => {
    if (s < 1 || s > count) issues.push({ path: `bms.voltageSensorCells.${i}`, message: `cell ${s} does not exist (cells are numbered 1..${count})` });
  });
  c.bms.temperatureSensorCells.forEach((s, i) => {
    if (s < 1 || s > count) issues.push({ path: `bms.temperatureSensorCells.${i}`, message: `cell ${s} does not exist (cells are numbered 1..${count})` });
  });
  checkRange(issues, 'bms.deltaVoltage', c.bms.deltaVoltage, 1e-4, 10, 'V');
  checkRange(issues, 'bms.temperatureRate', c.bms.temperatureRate, 1e-4, 100, 'K/s');
  checkTemperatureK(issues, 'bms.temperature', c.bms.temperature, 250, 500);
  let kinetics: RunawayKinetics | null = null;
  const citations: CardCitation[] = [citationOf(c)];
  if (cell.runawayCard) {
    const kineticsFile = path.resolve(path.dirname(file), cell.runawayCard);
    try {
      const loaded = loadRunawayCard(kineticsFile);
      kinetics = loaded.kinetics;
      citations.push(loaded.citation);
    } catch (e) {
      if (e instanceof CardValidationError) issues.push(...e.issues.map((i) => ({ path: `cell.runawayCard (${cell.runawayCard}) ${i.path}`, message: i.message })));
      else issues.push({ path: 'cell.runawayCard', message: `cannot read ${kineticsFile}: ${(e as Error).message}` });
    }
  }
  if (issues.length) throw new CardValidationError(file, issues);
  const ecm = cell.ecm;
  let cellModel: EquivalentCircuitModel;
  try {
    cellModel =
      ecm.kind === 'rint'
        ? rintModel({ capacityAh: ecm.capacityAh, ocv: ecm.ocv as EcmParameterSpec, r0: ecm.r0 as EcmParameterSpec, entropicCoefficient: ecm.entropicCoefficient as EcmParameterSpec | undefined })
        : theveninModel({
            capacityAh: ecm.capacityAh,
            ocv: ecm.ocv as EcmParameterSpec,
            r0: ecm.r0 as EcmParameterSpec,
            rc: (ecm.rc ?? []).map((p) => ({ r: p.r as EcmParameterSpec, c: p.c as EcmParameterSpec })),
            entropicCoefficient: ecm.entropicCoefficient as EcmParameterSpec | undefined,
          });
  } catch (e) {
    throw new CardValidationError(file, [{ path: 'cell.ecm', message: (e as Error).message }]);
  }
  const plate = c.cooling.plate;
  return {
    card: c,
    file,
    cellModel,
    cellHeatCapacity: cell.mass * cell.specificHeat,
    kinetics,
    neighbourConductanceX: pathConductance(c.thermalPaths.alongRow),
    neighbourConductanceY: pathConductance(c.thermalPaths.betweenRows),
    ambientConductancePerCell: c.cooling.convectionCoefficient * cell.surfaceArea * c.cooling.exposedFraction,
    coolantConductancePerCell: plate ? plate.heatTransferCoefficient * plate.contactAreaPerCell : 0,
    coolantTemperature: plate ? plate.coolantTemperature : c.cooling.ambientTemperature,
    citations,
  };
}

export function loadPackCard(file: string): PackDesign {
  return parsePackCard(readYamlCard(file), file);
}
