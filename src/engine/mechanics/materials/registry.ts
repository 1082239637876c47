/**
 * Constitutive-law registry: one line per law, name -> factory from the law's parameter object
 * (SI, already validated at the scenario boundary; factories still check their invariants).
 * Adding a law is adding its file in this folder and one line here.
 */
import { MaterialModel } from '../material';
import { ElasticMaterial, ElasticParams } from './elastic';
import { J2PlasticityMaterial, J2PlasticityParams } from './j2-plasticity';
import { CrushableFoamMat063, CrushableFoamMat063Params } from './crushable-foam-mat063';
import { CrushableFoamVolumetric, CrushableFoamVolumetricParams } from './crushable-foam-volumetric';
import { DeshpandeFleck, DeshpandeFleckParams } from './deshpande-fleck';
import { HoneycombMat126, HoneycombMat126Params } from './honeycomb-mat126';
import { GursonTvergaardNeedleman, GtnParams } from './gtn';

export type MaterialFactory = (params: never) => MaterialModel;

export const materialLaws: Record<string, MaterialFactory> = {
  elastic: (params: ElasticParams) => new ElasticMaterial(params),
  'j2-tabulated': (params: J2PlasticityParams) => new J2PlasticityMaterial(params),
  'crushable-foam-mat063': (params: CrushableFoamMat063Params) => new CrushableFoamMat063(params),
  'crushable-foam-volumetric': (params: CrushableFoamVolumetricParams) => new CrushableFoamVolumetric(params),
  'deshpande-fleck': (params: DeshpandeFleckParams) => new DeshpandeFleck(params),
  'honeycomb-mat126': (params: HoneycombMat126Params) => new HoneycombMat126(params),
  gtn: (params: GtnParams) => new GursonTvergaardNeedleman(params),
};

/** Builds a material by registry name; throws naming the law when it is unknown. */
export function createMaterial(law: string, params: unknown): MaterialModel {
  const factory = materialLaws[law];
  if (!factory) throw new RangeError(`unknown material law '${law}' (known: ${Object.keys(materialLaws).join(', ')})`);
  return (factory as (p: unknown) => MaterialModel)(params);
}
