/** Shared set-up of the pouch FE loading tests: the shipped generic-pouch-nmc geometry and the two pouch cards. */
import * as path from 'path';
import { loadMechanicsCard, materialParameters } from '../../../src/io/cards/mechanics-card';
import { FePouch, PouchFeSetup, PouchFeSetupInput, PouchLoading, pouchFeSetup } from '../../../src/engine/coupling/fe-pouch';
import { Indenter } from '../../../src/engine/coupling/types';

const root = path.resolve(__dirname, '../../..');
export const stackCard = loadMechanicsCard(path.join(root, 'materials/mechanics/pouch-stack-honeycomb.yaml'));
export const foilCard = loadMechanicsCard(path.join(root, 'materials/mechanics/aluminium-pouch-foil.yaml'));
/** generic-pouch-nmc (src/scenario/presets.ts): 60 x 100 x 8 mm, 0.15 mm pouch foil, separator failure strain 0.3. */
export const GEOMETRY = { width: 0.06, length: 0.1, thickness: 0.008 };
export const FOIL = 0.15e-3;
export const SEPARATOR_FAILURE_STRAIN = 0.3;

export const indenter = (shape: Indenter['shape'], radius = 0, extra: Partial<Indenter> = {}): Indenter => ({ shape, radius, tipAngle: Math.PI / 3, axis: 'across', offset: 0, startGap: 0, ...extra });

export function setupFor(loading: PouchLoading, extra: Partial<PouchFeSetupInput> = {}): PouchFeSetup {
  return pouchFeSetup({
    geometry: GEOMETRY, shellThickness: FOIL, resolution: 'coarse', loading, symmetry: 'quarter',
    stack: { law: stackCard.card.law, params: materialParameters(stackCard.card) },
    pouch: { law: foilCard.card.law, params: materialParameters(foilCard.card) },
    ...extra,
  });
}

export interface Increment { time: number; displacement: number; force: number; indicator: number; error?: string }

/** Drives the loading in `n` equal increments of test time up to `travel` / speed, or until `stop` says so. */
export function drive(fe: FePouch, loading: PouchLoading, travel: number, n: number, stop?: (r: Increment) => boolean): Increment[] {
  const out: Increment[] = [];
  for (let i = 1; i <= n; i++) {
    const time = (travel / loading.speed) * (i / n);
    const r = fe.advanceToTime(time);
    const inc = { time, displacement: r.displacement, force: r.force, indicator: fe.maxIndicator(), ...(r.error ? { error: r.error } : {}) };
    out.push(inc);
    if (r.error || stop?.(inc)) break;
  }
  return out;
}
