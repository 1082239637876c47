/**
 * Note from the solver (issue 3), no change to the contract: the solver hands each part its own
 * subarray views, so `first` counts from the part's first point; a part with
 * integration 'selective-reduced' has 8 points per element (element-major), one-point parts 1.
 * `initHistory` is called once per part with (history, 0, points). Worker threads rebuild a law
 * from its registry card (materials/registry.ts), so a law must be fully defined by its params.
 *
 * The material interface of the explicit mechanics engine (issue 3), implemented once per
 * constitutive law (issue 4): one file per law in mechanics/materials/, one registry line.
 *
 * Layout: structure of arrays over material points (one point per one-point hex8; eight per fully
 * integrated hex). Tensors are Voigt-ordered [xx, yy, zz, xy, yz, zx]; strains use tensor (not
 * engineering) shear components, so the same 6-vector contracts with stress without factors.
 * Stresses are Cauchy, positive in tension, in Pa. All quantities SI.
 *
 * Frame: the solver hands the law the strain increment and the previous stress already expressed
 * in the objective frame it uses (Green–Naghdi: the element's unrotated frame; Jaumann: rotated
 * by the spin). Laws with material axes (honeycomb) take their axes as fixed in that frame.
 *
 * Hot loop: `update` receives the whole block; it must not allocate per point or per call.
 */
export interface StressUpdateBlock {
  /** Index of the first point of the block in every array below. */
  first: number;
  /** Number of points in the block. */
  count: number;
  /** Time step [s]. */
  dt: number;
  /** Strain increment over the step, 6 per point (tensor shear). */
  strainIncrement: Float64Array;
  /** Total (integrated, logarithmic-rate) strain, 6 per point, after this step's increment. */
  totalStrain: Float64Array;
  /** In: stress at the start of the step in the objective frame; out: stress at the end [Pa]. */
  stress: Float64Array;
  /** History variables, `historySize` per point, owned by the law (initialised by `initHistory`). */
  history: Float64Array;
  /** Relative volume J = V/V0 at the end of the step, 1 per point. */
  relativeVolume: Float64Array;
  /** Characteristic element length [m] at t = 0 (for regularisation and damping), 1 per point. */
  initialLength: Float64Array;
  /** Out: current dilatational wave speed [m/s] for the stable time step, 1 per point. */
  waveSpeed: Float64Array;
  /** Out: increment of plastic work density over the step [J/m^3], 1 per point (for energy balance). */
  plasticWorkIncrement: Float64Array;
}

/** Scalar outputs every law can report per point (for plots, criteria and the report). */
export interface MaterialPointOutputs {
  /** Equivalent plastic strain [-], or the law's nearest analogue (e.g. ln(rho0/rho) for MAT_063). */
  equivalentPlasticStrain(history: Float64Array, point: number): number;
  /** Damage or porosity in [0, 1] where the law has one, else 0. */
  damage?(history: Float64Array, point: number): number;
}

export interface MaterialModel extends MaterialPointOutputs {
  /** Registry name, e.g. 'elastic', 'j2-tabulated', 'crushable-foam-mat063'. */
  readonly law: string;
  /** Reference (initial) mass density [kg/m^3]. */
  readonly density: number;
  /** History variables per point. */
  readonly historySize: number;
  /** Sets the initial history of points [first, first + count). */
  initHistory(history: Float64Array, first: number, count: number): void;
  /** Initial dilatational wave speed [m/s] (time step before the first update). */
  initialWaveSpeed(): number;
  /**
   * Bulk modulus [Pa] used by the bulk viscosity and by contact stiffness; the law's current
   * tangent where it stiffens (densification) must be reflected in `waveSpeed` instead.
   */
  readonly bulkModulus: number;
  /** Shear modulus [Pa] (hourglass stiffness scale). */
  readonly shearModulus: number;
  /** Stress update for one block of points. */
  update(block: StressUpdateBlock): void;
  /** Warnings the law raises about validity (e.g. GTN porosity above 10 %), collected by the solver. */
  warnings?(history: Float64Array, first: number, count: number): string[];
}

/** A provenance-carrying card reference, attached to every material built from a card. */
export interface CardProvenance {
  id: string;
  citations: string[];
  source: string;
  status: 'measured' | 'fitted' | 'assumed' | 'unverified';
}
