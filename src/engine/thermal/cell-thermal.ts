/** Effective thermal properties of a cell, as resolved from a cell-thermal card (SI). */
export type CellGeometry =
  | { shape: 'cylinder'; radius: number; height: number }
  | { shape: 'prism'; length: number; width: number; thickness: number };

export interface CellThermalProperties {
  id: string;
  geometry: CellGeometry;
  /** ρ c_p [J/(m³ K)]. */
  volumetricHeatCapacity: number;
  /** Jellyroll conductivity [W/(m K)]: cylinder radial/hoop/axial; prism x/y/z via the same names (radial = through-stack). */
  conductivity: { radial: number; hoop: number; axial: number };
  /** Default surface: h [W/(m² K)], ε [-]. */
  convectionCoefficient: number;
  emissivity: number;
}

export function cellVolume(g: CellGeometry): number {
  return g.shape === 'cylinder' ? Math.PI * g.radius * g.radius * g.height : g.length * g.width * g.thickness;
}

/** Whole outer surface (sides + ends) [m²]. */
export function cellSurfaceArea(g: CellGeometry): number {
  return g.shape === 'cylinder'
    ? 2 * Math.PI * g.radius * g.height + 2 * Math.PI * g.radius * g.radius
    : 2 * (g.length * g.width + g.length * g.thickness + g.width * g.thickness);
}
