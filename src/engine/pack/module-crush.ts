/**
 * Module crush, reduced order: a rigid indenter (GB 38031 R75 semicylinder, axis across the row, or
 * a flat plate) moves into a row of cells at constant speed; each cell's compression is the
 * indenter intrusion over its centre divided by its dimension in the crush direction. A cell
 * shorts when that compression reaches `onsetStrain` (runaway-and-shorts.md §2.3: 25–40 %
 * diametral compression in cylindrical crush [unverified]); the short times feed the pack network
 * (propagation.ts `shortSchedule`), so the parallel neighbours of a crushed cell feed its short.
 *
 * Limits of this model (stated in every run's `Crush model` result): no load spreading between
 * cells, no housing stiffness, no force output; it answers "which cells short, and when" for a
 * displacement-controlled crush. The FE mechanics engine (src/engine/mechanics/solver) is not used here.
 */

export interface CrushInput {
  cellCount: number;
  columns: number;
  pitchX: number;
  /** Cell dimension in the crush direction [m]. */
  cellDiameter: number;
  indenter: 'semicylinder' | 'plate';
  /** Semicylinder radius [m]. */
  radius: number;
  /** [m/s] */
  speed: number;
  /** Stop at this fraction of the cell dimension in the crush direction. */
  maxDeformation: number;
  onsetStrain: number;
}

export interface CrushOutcome {
  model: string;
  /** Cells (0-based) that short, in order, with the time [s] and indenter displacement [m] at onset. */
  shorts: Array<{ cell: number; time: number; displacement: number }>;
  endTime: number;
  finalDisplacement: number;
  /** Compression of each cell at the end of the crush [-]. */
  finalCompression: Float64Array;
}

export function crushModule(input: CrushInput): CrushOutcome {
  const { cellCount: n, columns, pitchX, cellDiameter: d, radius: r } = input;
  const finalDisplacement = input.maxDeformation * d;
  // Indenter axis over the middle of the first row (x0), across the rows.
  const x0 = ((Math.min(columns, n) - 1) * pitchX) / 2;
  const gap = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const dx = Math.abs((c % columns) * pitchX - x0);
    gap[c] = input.indenter === 'plate' ? 0 : dx >= r ? Infinity : r - Math.sqrt(r * r - dx * dx);
  }
  const shorts: CrushOutcome['shorts'] = [];
  const finalCompression = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    finalCompression[c] = Math.max(0, finalDisplacement - gap[c]) / d;
    const onsetDisplacement = gap[c] + input.onsetStrain * d;
    if (onsetDisplacement <= finalDisplacement + 1e-12) shorts.push({ cell: c, time: onsetDisplacement / input.speed, displacement: onsetDisplacement });
  }
  shorts.sort((a, b) => a.time - b.time || a.cell - b.cell);
  return {
    model: `rigid ${input.indenter === 'plate' ? 'plate' : `R${(r * 1000).toFixed(0)} semicylinder`} intrusion into a row of cells (no load spreading, no force)`,
    shorts,
    endTime: finalDisplacement / input.speed,
    finalDisplacement,
    finalCompression,
  };
}
