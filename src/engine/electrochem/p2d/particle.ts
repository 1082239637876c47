/**
 * Finite-volume discretisation of Fickian diffusion in a sphere (reference §1.2 "Particles",
 * §1.6: cell-centred FV with r²-weighted edge fluxes, as PyBaMM's FiniteVolume). Unknowns are the
 * shell-averaged stoichiometries θ_k = c_k / c_max. The surface value uses the known boundary flux
 * (−D ∂c/∂r = j/F at r = R) over the half shell, which is second-order consistent where linear
 * extrapolation of the two outer centres is first-order in the flux.
 */
export class SphericalParticleMesh {
  readonly shells: number;
  readonly radius: number;
  /** r² at the inner edges k = 1..N−1 (index k−1) [m²]. */
  readonly edgeR2: Float64Array;
  /** Distance between centres k−1 and k (index k−1) [m]. */
  readonly centreGap: Float64Array;
  /** Shell volumes / 4π [m³]. */
  readonly volume: Float64Array;
  /** R − r_c of the outer shell [m]. */
  readonly surfaceGap: number;
  /**
   * 'flux' (default): θ_surf = θ_N − (j/(F c_max D)) (R − r_N), the boundary flux over the half shell —
   * accurate for discharges on coarse shells, but it assumes the half-shell gradient is already
   * established, so a dead short can have no consistent start. 'linear': extrapolation of the two
   * outer centres (PyBaMM's default BoundaryValue), θ_surf = θ_bulk at t = 0 whatever the current.
   */
  surfaceMode: 'flux' | 'linear' = 'flux';
  private readonly linearWeight: number;

  /**
   * @param stretch ratio of successive shell widths (1 = uniform; < 1 refines towards the surface,
   * where the gradients of a discharging particle are).
   */
  constructor(shells: number, radius: number, stretch = 1) {
    if (!(Number.isInteger(shells) && shells >= 2)) throw new Error(`particle mesh needs an integer number of shells >= 2 (got ${shells})`);
    this.shells = shells;
    this.radius = radius;
    const widths = new Float64Array(shells);
    let sum = 0;
    for (let k = 0; k < shells; k++) sum += widths[k] = stretch ** k;
    const edges = new Float64Array(shells + 1);
    for (let k = 0; k < shells; k++) edges[k + 1] = edges[k] + (widths[k] / sum) * radius;
    edges[shells] = radius;
    const centres = new Float64Array(shells);
    this.volume = new Float64Array(shells);
    for (let k = 0; k < shells; k++) {
      centres[k] = 0.5 * (edges[k] + edges[k + 1]);
      this.volume[k] = (edges[k + 1] ** 3 - edges[k] ** 3) / 3;
    }
    this.edgeR2 = new Float64Array(shells - 1);
    this.centreGap = new Float64Array(shells - 1);
    for (let k = 1; k < shells; k++) {
      this.edgeR2[k - 1] = edges[k] * edges[k];
      this.centreGap[k - 1] = centres[k] - centres[k - 1];
    }
    this.surfaceGap = radius - centres[shells - 1];
    this.linearWeight = this.surfaceGap / (centres[shells - 1] - centres[shells - 2]);
  }

  /** Volume-averaged stoichiometry of shells stored at y[offset..offset+N−1]. */
  average(y: Float64Array, offset: number): number {
    let s = 0;
    for (let k = 0; k < this.shells; k++) s += this.volume[k] * y[offset + k];
    return (3 * s) / this.radius ** 3;
  }

  /**
   * Writes dθ_k/dt into out[outOffset + k] for shells y[offset + k], diffusivity D(θ) evaluated at
   * the mean of neighbouring shells, and the outward molar flux density at r = R divided by c_max,
   * `surfaceFluxOverCmax` = j/(F c_max) [m/s].
   */
  rates(
    y: Float64Array,
    offset: number,
    out: Float64Array,
    outOffset: number,
    diffusivity: (sto: number) => number,
    surfaceFluxOverCmax: number,
    constantDiffusivity = NaN,
  ): void {
    const n = this.shells;
    const constant = !Number.isNaN(constantDiffusivity);
    let fluxIn = 0; // r² D ∂θ/∂r at the inner edge of shell k (positive = inward gradient)
    for (let k = 0; k < n; k++) {
      let fluxOut: number;
      if (k < n - 1) {
        const a = y[offset + k];
        const b = y[offset + k + 1];
        const D = constant ? constantDiffusivity : diffusivity(0.5 * (a + b));
        fluxOut = (this.edgeR2[k] * D * (b - a)) / this.centreGap[k];
      } else fluxOut = -this.radius * this.radius * surfaceFluxOverCmax;
      out[outOffset + k] = (fluxOut - fluxIn) / this.volume[k];
      fluxIn = fluxOut;
    }
  }

  /** Surface stoichiometry from the outer shell and the boundary flux. */
  surface(y: Float64Array, offset: number, diffusivity: (sto: number) => number, surfaceFluxOverCmax: number): number {
    const last = y[offset + this.shells - 1];
    if (this.surfaceMode === 'linear') return last + (last - y[offset + this.shells - 2]) * this.linearWeight;
    return last - (surfaceFluxOverCmax * this.surfaceGap) / diffusivity(last);
  }
}
