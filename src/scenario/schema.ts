/**
 * The cell-scenario schema: one strict zod object per block, `.describe` on every field, so that the
 * same schema validates files, generates the JSON Schema for editors (`batsafe schema`) and documents
 * itself. Quantities are converted to SI here (see quantity.ts); everything after this file is SI.
 */
import { z } from 'zod';
import { quantity } from './quantity';
import { CELL_PRESETS } from './presets';
import { STANDARD_PROFILE_IDS } from '../standards/profiles';

/** Key lists of every strict object, used to suggest the closest known name for an unknown key. */
export const KNOWN_KEY_SETS: string[][] = [];

export function strict<T extends z.ZodRawShape>(shape: T) {
  KNOWN_KEY_SETS.push(Object.keys(shape));
  return z.strictObject(shape);
}

const presetIds = Object.keys(CELL_PRESETS) as [string, ...string[]];

export const cellSpecimenSchema = strict({
  preset: z.enum(presetIds).describe(`Built-in cell parameter set (geometry, OCV, resistance, jellyroll law, runaway kinetics) with provenance: ${presetIds.join(', ')}`),
  diameter: quantity('length', 'Override of the cylindrical cell diameter').optional(),
  length: quantity('length', 'Override of the cell length (cylinder axis, or pouch long side)').optional(),
  width: quantity('length', 'Override of the pouch width').optional(),
  thickness: quantity('length', 'Override of the pouch thickness').optional(),
  mass: quantity('mass', 'Override of the cell mass (sets the 1000 x mass force stop)').optional(),
  capacity: quantity('charge', 'Override of the nominal capacity').optional(),
  cards: strict({
    runaway: z.string().min(1).optional().describe('Runaway-kinetics card id in materials/runaway (e.g. kim2007-lco-graphite) or a path to a card file; replaces the preset kinetics'),
    jellyroll: z.string().min(1).optional().describe('Mechanics card of the jellyroll in materials/mechanics (explicit-fe; default jellyroll-18650-mat063-soc-rate)'),
    can: z.string().min(1).optional().describe('Mechanics card of the can and end caps in materials/mechanics (explicit-fe; default can-18650-steel)'),
    separator: z.string().min(1).optional().describe('Separator card id in materials/separators (e.g. pe-wet) or a path; sets shutdown and melt temperatures and the melt area growth'),
    thermal: z.string().min(1).optional().describe('Cell-thermal card id in materials/thermal (e.g. kim2007-18650) or a path; replaces the preset rho c_p and conductivity (3d: radial/hoop/axial anisotropic; two-node: the geometric-mean conductivity) and gives the default surface h and emissivity'),
  }).optional().describe('Material cards that replace parts of the preset (loaded with the card loaders of src/io/cards)'),
  electrochemistry: z.string().min(1).optional().describe("Cell card (kind: cell-electrochemistry) for models.electrochem ecm/spm/spme/dfn: an id in materials/cells (e.g. chen2020-18650-scaled) or a path to a card file; its capacity replaces the preset's and its citations go to the provenance"),
  stateOfCharge: z.number().min(0).max(1).describe('State of charge at the start of the test [0..1]'),
  initialTemperature: quantity('temperature', 'Cell temperature at the start of the test').optional(),
});

export const indenterSchema = strict({
  shape: z.enum(['flat-plate', 'semicylinder', 'rod', 'hemisphere', 'nail']).describe('Indenter geometry: flat plate, semicylinder (e.g. R75 of GB 38031), rod/bar (15.8 mm of UN 38.3 T.6), hemispherical punch, conical nail'),
  radius: quantity('length', 'Indenter radius (semicylinder, rod, hemisphere, nail shank)').optional(),
  tipAngle: quantity('angle', 'Nail tip included angle').optional(),
  axis: z.enum(['across', 'along']).optional().describe('For cylindrical cells: indenter axis across (perpendicular to) or along the cell axis; default across'),
  offset: quantity('length', 'Offset of the indenter line/point from the cell centre along the cell length').optional(),
  startGap: quantity('length', 'Gap between indenter and cell surface at t = 0 (negative = inside the cell, refused)').optional(),
});

export const loadingSchema = z.discriminatedUnion('type', [
  strict({
    type: z.literal('indentation').describe('Displacement-controlled crush or indentation at constant speed'),
    indenter: indenterSchema.describe('Indenter geometry'),
    speed: quantity('speed', 'Indenter speed'),
  }),
  strict({
    type: z.literal('impact').describe('Drop-mass impact: a mass falls from a height onto the indenter (energy m g h)'),
    indenter: indenterSchema.describe('Impactor geometry (UN 38.3 T.6: rod of 15.8 mm diameter)'),
    dropMass: quantity('mass', 'Falling mass'),
    dropHeight: quantity('length', 'Drop height'),
  }),
  strict({
    type: z.literal('nail').describe('Nail penetration at constant speed; the nail stays in'),
    indenter: indenterSchema.describe('Nail geometry (shape: nail)'),
    speed: quantity('speed', 'Nail speed'),
  }),
  strict({
    type: z.literal('three-point-bend').describe('Three-point bending of a pouch cell on two supports'),
    indenter: indenterSchema.describe('Central punch'),
    supportSpan: quantity('length', 'Distance between the two supports'),
    speed: quantity('speed', 'Punch speed'),
  }),
  strict({
    type: z.literal('external-short').describe('External short through a resistance across the terminals'),
    resistance: quantity('resistance', 'External short resistance'),
  }),
  strict({
    type: z.literal('oven').describe('Oven exposure: the ambient jumps to the oven temperature'),
    ovenTemperature: quantity('temperature', 'Oven temperature'),
  }),
]);

export const stopSchema = strict({
  force: quantity('force', 'Stop when the indenter force reaches this value').optional(),
  forceMassMultiple: z.number().positive().optional().describe('Stop when the force reaches this multiple of the cell weight (GB 38031: 1000 x cell mass x g)'),
  deformation: z.number().positive().optional().describe('Stop at this deformation, fraction of the initial dimension in the loading direction (0.15 = 15 %)'),
  displacement: quantity('length', 'Stop at this indenter displacement from first contact').optional(),
  voltage: quantity('voltage', 'Stop when the terminal voltage falls to this value or below').optional(),
  voltageDrop: quantity('voltage', 'Stop when the voltage has dropped by this much from its initial value').optional(),
});

export const stepsSchema = strict({
  stop: stopSchema.optional().describe('First-of stop predicates of the loading phase'),
  release: z.boolean().optional().describe('Release (unload) after the stop instead of holding the indenter in place'),
  hold: quantity('time', 'Hold duration after the stop, indenter in place (mechanics frozen)').optional(),
  observe: quantity('time', 'Observation window after the hold'),
});

/** A failure-engine criterion (src/engine/mechanics/failure) as the short-onset criterion of explicit-fe loading. */
export const shortCriterionSchema = z.discriminatedUnion('name', [
  strict({
    name: z.literal('volumetric-strain').describe('Volumetric (compaction) strain 1 - V/V0 (mechanics.md §1.7)'),
    failureVolumetricStrain: z.number().positive().max(1).describe('Compaction at onset [-]'),
  }),
  strict({
    name: z.literal('max-principal-strain').describe('Largest principal (tensile) strain'),
    failureStrain: z.number().positive().describe('Principal strain at onset [-]'),
  }),
  strict({
    name: z.literal('min-principal-stress').describe('Most compressive principal stress'),
    failureStress: quantity('stress', 'Magnitude of the compressive principal stress at onset').describe('Magnitude of the compressive principal stress at onset'),
  }),
  strict({
    name: z.literal('mohr-coulomb').describe('Mohr-Coulomb shear failure'),
    friction: z.number().min(0).describe('Friction coefficient tan(phi) [-]'),
    cohesion: quantity('stress', 'Cohesion c'),
  }),
  strict({
    name: z.literal('sahraei-strain-ratio').describe('Sahraei strain-ratio criterion (OpenRadioss /FAIL/SAHRAEI form)'),
    ratioCurve: z.array(z.tuple([z.number(), z.number()])).min(2).describe('[r = |eps3/eps1|, failure strain eps1] pairs'),
    volumetricStrainLimit: z.number().positive().optional().describe('Optional compaction limit [-]'),
    compressiveFailureStrain: z.number().positive().optional().describe('Optional compressive failure strain [-]'),
  }),
]);

export const modelsSchema = strict({
  mechanics: z.enum(['winkler-foam', 'explicit-fe']).optional().describe('Mechanics model of the loading phase. Default: explicit-fe where it is available (cylindrical cells under indentation with a plate, semicylinder, rod or hemisphere, and drop-weight impact), winkler-foam elsewhere (pouch cells, nail, three-point bend). winkler-foam = reduced-order bed of homogenized-jellyroll columns under the rigid indenter (fast; no shear transfer, no casing membrane); explicit-fe = hex8 explicit solver on a cylindrical cell mesh graded under the indenter, can and end caps selective-reduced (cylindrical cells: indentation with plate/semicylinder/rod/hemisphere, quasi-static time and mass scaling with a smooth velocity ramp; drop-weight impact as a real dynamic event, free rigid impactor with the drop mass, no time scaling, added mass at most 5 % of the drop mass)'),
  electrochem: z.enum(['rint', 'ecm', 'spm', 'spme', 'dfn']).optional().describe("Cell model: rint (default) = the preset's OCV(SOC) + Arrhenius series resistance; ecm = the equivalent circuit (Rint/Thevenin/PNGV/Randles) of an 'ecm' cell card; spm / spme / dfn = single-particle model, SPM with electrolyte, Doyle-Fuller-Newman of a 'physics' cell card. Card-based models need cell.electrochemistry and are driven through the CellModel interface in an operator split with the thermal nodes"),
  thermal: z.enum(['two-node', 'lumped', '3d']).optional().describe("Thermal model: two-node (default) = short spot + bulk cell; lumped = one node; 3d = transient conduction on a hex8 mesh of the cell at the mesh resolution (cylinder or pouch box; the preset's rho c_p and conductivity, anisotropic radial/hoop/axial from cell.cards.thermal), runaway kinetics per element, the environment's convection and radiation on the outer surface, in an operator split with the cell model; the short's heat goes to the elements around the short location"),
  shortCriterion: z.union([
    z.enum(['critical-strain', 'none']),
    shortCriterionSchema,
  ]).optional().describe('Short-onset criterion: critical-strain (default) = the failure engine volumetric (compaction) strain criterion with the separator failure strain of the preset; none = never shorts; or a failure-engine criterion with its parameters on the jellyroll elements (explicit-fe on cylindrical cells only): {name: volumetric-strain | max-principal-strain | min-principal-stress | mohr-coulomb | sahraei-strain-ratio, ...parameters}'),
  shortType: z.enum(['al-anode', 'cathode-limited', 'al-cu', 'ca-an']).optional().describe('Contact type of the internal short (Santhanagopalan 2009): sets its area-specific resistance'),
  shortArea: quantity('area', 'Initial contact area of the internal short').optional(),
  runaway: z.enum(['kim2007', 'none']).optional().describe('Decomposition kinetics (Kim 2007 four-reaction set) or none'),
});

export const environmentSchema = strict({
  ambientTemperature: quantity('temperature', 'Ambient temperature').optional(),
  heatTransferCoefficient: quantity('heatTransfer', 'Convective heat-transfer coefficient at the cell surface').optional(),
  emissivity: z.number().min(0).max(1).optional().describe('Surface emissivity for radiation to the ambient (0 = convection only)'),
});

export const meshSchema = strict({
  resolution: z.enum(['coarse', 'default', 'fine']).describe('Discretisation level: coarse for CI, default for runs, fine for convergence checks'),
});

/** A reference curve a run is compared with (checked by src/run/expectations.ts, files by src/scenario/reference.ts). */
export const referenceExpectationSchema = strict({
  file: z.string().min(1).describe('Reference CSV (comma-separated, one header line, lines starting with # ignored), path relative to the scenario file or the repository'),
  time: z.string().min(1).describe('Time column of the reference: header then its unit in brackets, e.g. "time_s [s]" or "time_min [min]"'),
  value: z.string().min(1).describe('Value column of the reference: header then its unit in brackets, e.g. "T_C [degC]" (converted to the unit of compareWith)'),
  compareWith: z.string().min(1).describe('timeseries.csv column it is compared with, e.g. "Mean temperature [K]"; the run is interpolated linearly at the reference times'),
  window: strict({
    start: quantity('time', 'first reference time compared').optional(),
    end: quantity('time', 'last reference time compared').optional(),
  }).optional().describe('Comparison window in reference time (default: every reference time)'),
  maxAbsoluteError: z.string().min(1).optional().describe('Largest |run - reference| allowed in the window, a difference in a unit of the compared quantity, e.g. "5 K" or "10 mV"'),
  rmsError: z.string().min(1).optional().describe('Largest RMS of run - reference over the window, e.g. "2 K"'),
}).refine((r) => r.maxAbsoluteError !== undefined || r.rmsError !== undefined, { message: 'state maxAbsoluteError and/or rmsError' });

export const expectationsSchema = strict({
  status: z.enum(['completed', 'failed']).optional().describe('Expected run status'),
  shortOnset: z.boolean().optional().describe('Whether an internal/external short is expected'),
  runaway: z.boolean().optional().describe('Whether thermal runaway is expected'),
  peakForce: strict({ min: quantity('force', 'lower bound').optional(), max: quantity('force', 'upper bound').optional() }).optional().describe('Expected peak indenter force range'),
  maxTemperature: strict({ min: quantity('temperature', 'lower bound').optional(), max: quantity('temperature', 'upper bound').optional() }).optional().describe('Expected maximum temperature range'),
  eucarLevel: strict({ min: z.number().int().min(0).max(7).optional(), max: z.number().int().min(0).max(7).optional() }).optional().describe('Expected predicted EUCAR level range'),
  stopReason: z.string().optional().describe("Expected stop event kind, e.g. 'stop:deformation'"),
  energyBalanceError: strict({ max: z.number().nonnegative().describe('upper bound (relative, e.g. 1e-4)') }).optional().describe('Largest relative energy-balance error of the electro-thermal system (summary diagnostics.energyBalanceError): a conservation-law check'),
  runawayOnsetTime: strict({ min: quantity('time', 'lower bound').optional(), max: quantity('time', 'upper bound').optional() }).optional().describe("Expected time range of the runaway onset (the run's self-heating-rate criterion, summary 'Runaway onset time [s]')"),
  maxHeatingRateTime: strict({
    column: z.string().min(1).optional().describe("timeseries.csv temperature column (default 'Mean temperature [K]')"),
    min: quantity('time', 'lower bound').optional(),
    max: quantity('time', 'upper bound').optional(),
  }).optional().describe('Expected time range of the maximum heating rate dT/dt (finite differences of timeseries.csv, midpoint of the sample interval), e.g. the runaway time of an oven reference'),
  reference: referenceExpectationSchema.optional().describe('Comparison of one timeseries.csv column with a reference curve (closed form, published table, another code); a scenario with this block is a verification case: the run fails when the comparison misses'),
});

export const cellScenarioSchema = strict({
  kind: z.literal('cell').describe('Scenario kind: a single cell'),
  name: z.string().min(1).describe('Scenario name (used in reports)'),
  description: z.string().optional().describe('What this scenario emulates'),
  standard: z.enum(STANDARD_PROFILE_IDS).optional().describe('Standard profile that fills in loading, steps and verdict predicates'),
  cell: cellSpecimenSchema.describe('The cell under test'),
  loading: loadingSchema.optional().describe('Loading; optional when a standard profile provides it'),
  steps: stepsSchema.optional().describe('Stop predicates, hold and observation; optional when a standard profile provides them'),
  models: modelsSchema.optional().describe('Model choices'),
  environment: environmentSchema.optional().describe('Ambient conditions'),
  mesh: meshSchema.optional().describe('Discretisation'),
  expectations: expectationsSchema.optional().describe('Stated expectations of the outcome, checked by the test suite'),
});
