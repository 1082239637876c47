/** Effective thermal properties of a cell, as resolved from a cell-thermal card (SI). */
import type { RunawayKinetics } from '../runaway/kinetics';
import type { PartThermalProperties } from './conduction';
import type { LumpedThermalOptions } from './lumped';

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

/** Lumped-model options for a cell-thermal card in a given environment (uniform surface h, ε). */
export function lumpedOptionsFor(
  cell: CellThermalProperties,
  env: { ambientTemperature: number; initialTemperature: number; radiationTemperature?: number },
  kinetics?: RunawayKinetics,
): LumpedThermalOptions {
  return {
    volume: cellVolume(cell.geometry),
    volumetricHeatCapacity: cell.volumetricHeatCapacity,
    surfaceArea: cellSurfaceArea(cell.geometry),
    convectionCoefficient: cell.convectionCoefficient,
    emissivity: cell.emissivity,
    ambientTemperature: env.ambientTemperature,
    radiationTemperature: env.radiationTemperature,
    initialTemperature: env.initialTemperature,
    kinetics,
  };
}

/**
 * Conduction part properties for a card: cylinder → cylindrical radial/hoop/axial about the z axis
 * through `axisOrigin`; prism → orthotropic with x = hoop (in-plane, length), y = axial (in-plane,
 * width), z = radial (through the stack, thickness).
 */
export function conductionPartFor(cell: CellThermalProperties, partId: number, axisOrigin: [number, number, number] = [0, 0, 0]): PartThermalProperties {
  const k = cell.conductivity;
  return {
    partId,
    volumetricHeatCapacity: cell.volumetricHeatCapacity,
    conductivity:
      cell.geometry.shape === 'cylinder'
        ? { kind: 'cylindrical', radial: k.radial, hoop: k.hoop, axial: k.axial, axisOrigin }
        : { kind: 'orthotropic', x: k.hoop, y: k.axial, z: k.radial },
  };
}
