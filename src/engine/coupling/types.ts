/**
 * Plain-data input and output of the coupled run (issue 7). The scenario layer (src/scenario)
 * resolves a validated scenario and its standard profile into a CoupledRunInput; the engine turns it
 * into a CoupledRunResult. SI units throughout; no I/O here.
 */

/** Kim 2007 / Hatchard 2001 four-reaction kinetics (../shared/reference/runaway-and-shorts.md §1.1-1.2). */
export interface RunawayKinetics {
  /** Frequency factors [1/s]: SEI, negative-solvent, positive-solvent, electrolyte. */
  A: [number, number, number, number];
  /** Activation energies [J/mol]. */
  E: [number, number, number, number];
  /** Reaction enthalpies [J/kg]. */
  H: [number, number, number, number];
  /** Specific contents [kg/m^3]: W_c (SEI), W_c (negative), W_p (positive), W_e (electrolyte). */
  W: [number, number, number, number];
  initial: { cSei: number; cNeg: number; tSei: number; alpha: number; cE: number };
  tSeiRef: number;
}

export type ShortType = 'al-anode' | 'cathode-limited' | 'al-cu' | 'ca-an';

export interface CellParameters {
  format: 'cylindrical' | 'pouch';
  chemistry: string;
  /** Geometry [m]: cylindrical uses diameter and length; pouch uses width (x), length (y), thickness (z). */
  geometry: { diameter?: number; length: number; width?: number; thickness?: number };
  massKg: number;
  capacityAh: number;
  /** Open-circuit voltage vs SOC, piecewise linear [V]; soc strictly increasing from 0 to 1. */
  ocv: { soc: number[]; voltage: number[] };
  /** Series resistance at 25 °C [Ohm] and its Arrhenius activation energy [J/mol]. */
  resistance25C: number;
  resistanceActivationEnergy: number;
  /** Volumetric heat capacity [J/(m^3 K)] and effective conductivity [W/(m K)]. */
  volumetricHeatCapacity: number;
  conductivity: number;
  /**
   * Homogenized jellyroll through-thickness compressive law (reduced order):
   * sigma = stiffness * (1 + socHardening * SOC) * eps^exponent / (1 - eps/densificationStrain)
   *         * (1 + rateSensitivity * ln(max(1, strainRate / referenceStrainRate))) [Pa].
   */
  jellyroll: { stiffness: number; exponent: number; densificationStrain: number; socHardening: number; rateSensitivity: number; referenceStrainRate: number };
  casingThickness: number;
  /** Compressive through-thickness strain at which the separator fails [-]. */
  separatorFailureStrain: number;
  separatorShutdownK: number;
  separatorMeltK: number;
  /** Area-specific resistance of each short type [Ohm m^2]. */
  shortAreaResistance: Record<ShortType, number>;
  kinetics: RunawayKinetics;
  /** Kinetics from a runaway card (runaway engine form); overrides `kinetics` when present. */
  cardKinetics?: import('../runaway/kinetics').RunawayKinetics;
  /** Contact-area multiplier when the separator melts at the short (separator card); default 10 (assumed). */
  separatorMeltAreaGrowth?: number;
  electrolyteMassFraction: number;
  ventTemperatureK: number;
}

export type IndenterShape = 'flat-plate' | 'semicylinder' | 'rod' | 'hemisphere' | 'nail';

export interface Indenter {
  shape: IndenterShape;
  /** [m]; for a flat plate unused. */
  radius: number;
  /** Nail tip included angle [rad]. */
  tipAngle: number;
  /** 'across' = indenter axis perpendicular to the cylinder axis. */
  axis: 'across' | 'along';
  /** Offset of the indenter from the cell centre along the cell length [m]. */
  offset: number;
  /** Initial gap [m] (>= 0). */
  startGap: number;
}

export type Loading =
  | { type: 'indentation'; indenter: Indenter; speed: number }
  | { type: 'impact'; indenter: Indenter; dropMass: number; dropHeight: number }
  | { type: 'nail'; indenter: Indenter; speed: number }
  | { type: 'three-point-bend'; indenter: Indenter; supportSpan: number; speed: number }
  | { type: 'external-short'; resistance: number }
  | { type: 'oven'; ovenTemperature: number };

/** First-of stop predicates of the loading phase (SI; absent = not used). */
export interface StopPredicates {
  force?: number;
  deformation?: number;
  displacement?: number;
  voltage?: number;
  voltageDrop?: number;
  /** Drop as a fraction of the initial voltage (IEC 62660-3: 1/3). */
  voltageDropFraction?: number;
}

export interface CoupledRunInput {
  cell: CellParameters;
  stateOfCharge: number;
  initialTemperatureK: number;
  loading: Loading;
  stop: StopPredicates;
  release: boolean;
  holdS: number;
  observeS: number;
  models: {
    /** two-node = short spot + bulk; lumped = one node; 3d = hex8 conduction of the cell (`thermal3d`, thermal-3d.ts). */
    thermal: 'two-node' | 'lumped' | '3d';
    shortCriterion: 'critical-strain' | 'none';
    shortType: ShortType;
    /** Initial short contact area [m^2]. */
    shortArea: number;
    runaway: 'kim2007' | 'none';
  };
  environment: { ambientK: number; h: number; emissivity: number };
  /** Mechanics discretisation: columns across the contact width and along the length. */
  grid: { nx: number; ny: number };
  /** Sampling interval of the time series [s] in the electro-thermal phases. */
  sampleIntervalS: number;
  /**
   * When present, the cell is this card-based model (ECM / SPM / SPMe / DFN) driven through the
   * CellModel interface in an operator split with the thermal nodes (cell-model-adapter.ts); absent:
   * the preset's Rint adapter of electro-thermal.ts.
   */
  cellModel?: import('./cell-model-adapter').CellDriverSetup;
  /** The cell's conduction model for models.thermal '3d' (thermal-3d.ts buildThermal3dSetup); required then. */
  thermal3d?: import('./thermal-3d').Thermal3dSetup;
  /** When present, the loading phase runs through the explicit hex8 solver: cylinder indentation or impact (fe-indentation.ts), pouch indentation (fe-pouch.ts PouchFeSetup). */
  fe?: import('./fe-indentation').FeSetup | import('./fe-pouch').PouchFeSetup;
  /** Keep full-mesh field snapshots at key events (`batsafe run --fields`): FE mechanics and 3-D thermal. */
  captureFields?: boolean;
}

export interface RunEventOut {
  kind: string;
  time: number;
  message: string;
  data?: Record<string, number | string>;
}

export interface ProgressOut {
  phase: string;
  time: number;
  fraction: number;
  force?: number;
  voltage?: number;
  maxTemperature?: number;
}

export interface CoupledCallbacks {
  onProgress?(p: ProgressOut): void;
  onEvent?(e: RunEventOut): void;
  /** Polled between steps; returning true cancels the run (partial results kept). */
  isCancelled?(): boolean;
}

export interface CoupledRunResult {
  status: 'completed' | 'failed' | 'cancelled';
  failure?: { time: number; reason: string; phase: string };
  /** Column name (PyBaMM-style with units) -> samples; all columns have the same length. */
  series: Record<string, number[]>;
  events: RunEventOut[];
  results: {
    peakForce: number | null;
    displacementAtPeakForce: number | null;
    maxDeformation: number | null;
    shortOnsetTime: number | null;
    deformationAtShortOnset: number | null;
    runawayOnsetTime: number | null;
    maxTemperatureK: number;
    maxSurfaceTemperatureK: number;
    maxHeatingRateKps: number;
    ventReached: boolean;
    minVoltage: number;
    finalStateOfCharge: number;
    electricalEnergyDrawnJ: number;
    shortHeatJ: number;
    internalHeatJ: number;
    decompositionHeatJ: number;
    /** Reversible (entropic) heat of a card-based cell model [J] (not part of the closure: it is not drawn as U·I). */
    reversibleHeatJ?: number;
    stopReason: string | null;
  };
  diagnostics: {
    energyBalanceError: number | null;
    /** 3-D thermal: conduction ledger closure |heat in − stored − to ambient| / max of the three. */
    conductionBalanceError?: number;
    maxKineticToInternalEnergyRatio: number | null;
    steps: Record<string, number>;
    warnings: string[];
  };
  /** Explicit-FE loading facts (models.mechanics: explicit-fe): quasi-static scaling and the short-onset element. */
  feMechanics?: {
    elements: number;
    timeScaleFactor: number;
    addedMassFraction: number;
    rampTime: number;
    solverSteps: number;
    energyBalanceError: number;
    shortOnset: { element: number; location: [number, number, number]; compaction: number; time: number; indenterDisplacement: number; force: number } | null;
    maxDamagedArea: number;
    /**
     * Drop-weight impact: energy balance at the end of the loading [J] (drop energy m g h, work of
     * gravity during the crush, kinetic of impactor and cell, internal, hourglass, contact and
     * friction) and its relative error |E_end - (m g h + W_g)| / (m g h); velocities [m/s].
     */
    impact?: { dropEnergy: number; gravityWork: number; kinetic: number; internal: number; hourglass: number; contact: number; relativeError: number; reboundVelocity: number; impactVelocity: number };
  };
  /** Cross-sections of the deformed FE mesh at key events (sections.json, src/report/README.md). */
  sections?: { schemaVersion: 1; plane: string; cells: number[][]; snapshots: import('./fe-indentation').SectionSnapshot[] };
  /** Final mechanics state for field output: column centres [m] and their compressive strain. */
  /**
   * Full-mesh field snapshots at key events (input.captureFields): the FE mechanics mesh at short
   * onset, peak force and end of loading; the 3-D thermal mesh at the thermal events and the end.
   */
  fieldSeries?: import('./fe-loading').FieldSeries[];
  fields?: { x: Float64Array; y: Float64Array; topZ: Float64Array; strain: Float64Array; nx: number; ny: number; thickness: number };
}
