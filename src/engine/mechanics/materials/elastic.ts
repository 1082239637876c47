/**
 * Isotropic linear elasticity (hypoelastic, incremental): sigma_{n+1} = sigma_n + lambda tr(d_eps) I
 * + 2 G d_eps, in the objective frame the solver provides (material.ts). For small strains this is
 * Hooke's law exactly; under large rotation the solver's objective rate keeps it frame indifferent.
 */
import { MaterialModel, StressUpdateBlock } from '../material';

// Module-scope aliases of globals used in hot loops: inside Jest's vm sandbox every global lookup
// (Math, Infinity) goes through an interceptor; this made the explicit solver 5x slower in tests.
const { sqrt } = Math;

export interface ElasticParams {
  /** Mass density [kg/m^3]. */
  density: number;
  /** Young's modulus [Pa]. */
  youngsModulus: number;
  /** Poisson's ratio, in (-1, 0.5). */
  poissonsRatio: number;
}

export function validateElasticParams(p: ElasticParams, where = 'elastic'): void {
  if (!(p.density > 0)) throw new RangeError(`${where}: density must be > 0 kg/m^3, got ${p.density}`);
  if (!(p.youngsModulus > 0)) throw new RangeError(`${where}: youngsModulus must be > 0 Pa, got ${p.youngsModulus}`);
  if (!(p.poissonsRatio > -1 && p.poissonsRatio < 0.5)) {
    throw new RangeError(`${where}: poissonsRatio must be in (-1, 0.5), got ${p.poissonsRatio}`);
  }
}

export class ElasticMaterial implements MaterialModel {
  readonly law: string = 'elastic';
  readonly density: number;
  readonly historySize: number = 0;
  readonly bulkModulus: number;
  readonly shearModulus: number;
  readonly lame: number;
  readonly youngsModulus: number;
  readonly poissonsRatio: number;
  private readonly waveSpeed0: number;

  constructor(params: ElasticParams) {
    validateElasticParams(params);
    const { density, youngsModulus: E, poissonsRatio: nu } = params;
    this.density = density;
    this.youngsModulus = E;
    this.poissonsRatio = nu;
    this.shearModulus = E / (2 * (1 + nu));
    this.bulkModulus = E / (3 * (1 - 2 * nu));
    this.lame = this.bulkModulus - (2 / 3) * this.shearModulus;
    this.waveSpeed0 = sqrt((this.bulkModulus + (4 / 3) * this.shearModulus) / density);
  }

  initHistory(): void {
    // no history
  }

  initialWaveSpeed(): number {
    return this.waveSpeed0;
  }

  equivalentPlasticStrain(): number {
    return 0;
  }

  update(block: StressUpdateBlock): void {
    const { first, count, strainIncrement: de, stress: s, waveSpeed, plasticWorkIncrement } = block;
    const lambda = this.lame;
    const twoG = 2 * this.shearModulus;
    const c = this.waveSpeed0;
    for (let p = first, end = first + count; p < end; p++) {
      const o = 6 * p;
      const e0 = de[o], e1 = de[o + 1], e2 = de[o + 2];
      const lt = lambda * (e0 + e1 + e2);
      s[o] += lt + twoG * e0;
      s[o + 1] += lt + twoG * e1;
      s[o + 2] += lt + twoG * e2;
      s[o + 3] += twoG * de[o + 3];
      s[o + 4] += twoG * de[o + 4];
      s[o + 5] += twoG * de[o + 5];
      waveSpeed[p] = c;
      plasticWorkIncrement[p] = 0;
    }
  }
}
