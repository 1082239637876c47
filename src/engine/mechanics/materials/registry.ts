/**
 * Material-law registry: law name -> factory. Adding a law is adding its file and one line here
 * (design.md). Created minimal by the materials work (issue 4); the mechanics engine (issue 3)
 * extends it with its own laws. Parameters are validated at the boundary (src/io/cards), so the
 * factories trust them.
 */
import { MaterialModel } from '../material';
import { CrushableFoamMat063, CrushableFoamMat063Params } from './crushable-foam-mat063';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MaterialFactory = (params: any) => MaterialModel;

export const materialRegistry: Record<string, MaterialFactory> = {
  'crushable-foam-mat063': (p: CrushableFoamMat063Params) => new CrushableFoamMat063(p),
};

export function createMaterial(law: string, params: unknown): MaterialModel {
  const factory = materialRegistry[law];
  if (!factory) throw new Error(`unknown material law '${law}' (known: ${Object.keys(materialRegistry).join(', ')})`);
  return factory(params);
}
