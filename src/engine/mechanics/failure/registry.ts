/**
 * Failure/short-onset criterion registry: name -> factory (one file per criterion, one line here).
 */
import { FailureCriterion } from './criterion';
import { GeometricJantscherCriterion, GeometricJantscherParams } from './geometric-jantscher';
import { MaxPrincipalStrainCriterion, MaxPrincipalStrainParams } from './max-principal-strain';
import { MinPrincipalStressCriterion, MinPrincipalStressParams } from './min-principal-stress';
import { ModifiedMohrCoulombCriterion, ModifiedMohrCoulombParams } from './modified-mohr-coulomb';
import { MohrCoulombCriterion, MohrCoulombParams } from './mohr-coulomb';
import { SahraeiStrainRatioCriterion, SahraeiStrainRatioParams } from './sahraei-strain-ratio';
import { VolumetricStrainCriterion, VolumetricStrainParams } from './volumetric-strain';

export type CriterionFactory = (params: never) => FailureCriterion;

export const failureCriteria: Record<string, CriterionFactory> = {
  'max-principal-strain': (p: MaxPrincipalStrainParams) => new MaxPrincipalStrainCriterion(p),
  'volumetric-strain': (p: VolumetricStrainParams) => new VolumetricStrainCriterion(p),
  'min-principal-stress': (p: MinPrincipalStressParams) => new MinPrincipalStressCriterion(p),
  'mohr-coulomb': (p: MohrCoulombParams) => new MohrCoulombCriterion(p),
  'modified-mohr-coulomb': (p: ModifiedMohrCoulombParams) => new ModifiedMohrCoulombCriterion(p),
  'sahraei-strain-ratio': (p: SahraeiStrainRatioParams) => new SahraeiStrainRatioCriterion(p),
  'geometric-jantscher': (p: GeometricJantscherParams) => new GeometricJantscherCriterion(p),
};

export function createCriterion(name: string, params: unknown): FailureCriterion {
  const factory = failureCriteria[name];
  if (!factory) throw new RangeError(`unknown failure criterion '${name}' (known: ${Object.keys(failureCriteria).join(', ')})`);
  return (factory as (p: unknown) => FailureCriterion)(params);
}
