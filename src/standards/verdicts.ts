/**
 * Predicted verdicts and the predicted EUCAR hazard level from stated proxy rules
 * (../shared/reference/standards-and-reports.md §1.2: a simulation can only predict a level from
 * proxies, so the rule that produced it is always reported). Pure functions over run observables.
 */
import { ClauseVerdict, Margin } from '../io/run-result';
import { StandardProfile } from './profiles';

/** Observables the verdict predicates read (SI). */
export interface RunObservables {
  shortOnset: boolean;
  runawayOnset: boolean;
  ventReached: boolean;
  maxSurfaceTemperatureK: number;
  maxTemperatureK: number;
  peakForceN: number | null;
  deformationAtShortOnset: number | null;
  maxDeformation: number | null;
  /** Whether the run completed (a failed run's verdicts are 'N/E'). */
  completed: boolean;
}

export const EUCAR_RULES = [
  { level: 5, rule: 'runaway onset (self-heating >= 1 K/s) => fire or flame assumed (vent gas assumed to ignite)', description: 'Fire or flame' },
  { level: 4, rule: 'vent proxy reached (bulk temperature >= vent temperature) without runaway => venting', description: 'Venting' },
  { level: 2, rule: 'internal short or separator failure without vent or runaway => irreversible damage', description: 'Defect / damage' },
  { level: 0, rule: 'no short, no vent, no runaway => no effect', description: 'No effect' },
] as const;

export const EUCAR_LIMITATION = 'Levels 6 (rupture) and 7 (explosion) need can-pressure and rupture models that batsafe does not have; level 3 (leakage) and 1 (passive protection) have no proxy. The predicted level is a lower bound for those hazards.';

export function predictEucarLevel(o: RunObservables): { level: number; rule: string; description: string } {
  const pick = (level: number) => {
    const r = EUCAR_RULES.find((x) => x.level === level)!;
    return { level: r.level, rule: `predicted EUCAR level ${r.level}: ${r.rule}. ${EUCAR_LIMITATION}`, description: `predicted: ${r.description}` };
  };
  if (o.runawayOnset) return pick(5);
  if (o.ventReached) return pick(4);
  if (o.shortOnset) return pick(2);
  return pick(0);
}

const STATUS_WORD: Record<string, string> = { verified: 'verified', secondary: 'secondary', recalled: 'recalled (unverified)', assumed: 'assumed by batsafe' };

export function evaluateVerdicts(profile: StandardProfile | undefined, o: RunObservables): ClauseVerdict[] {
  if (!profile) return [];
  const out: ClauseVerdict[] = [];
  for (const p of profile.verdicts) {
    const base = { clause: p.clause, sourceStatus: '' };
    if (!o.completed) {
      out.push({ ...base, requirement: p.kind, simulatedCondition: 'run did not complete', result: 'not evaluated', verdict: 'N/E', sourceStatus: 'n/a' });
      continue;
    }
    switch (p.kind) {
      case 'max-surface-temperature': {
        const ok = o.maxSurfaceTemperatureK <= p.limit.value;
        out.push({
          ...base,
          requirement: `external temperature <= ${(p.limit.value - 273.15).toFixed(0)} °C`,
          simulatedCondition: 'maximum surface (bulk-node) temperature over the whole run',
          result: `${(o.maxSurfaceTemperatureK - 273.15).toFixed(1)} °C`,
          verdict: ok ? 'P' : 'F',
          sourceStatus: STATUS_WORD[p.limit.status],
        });
        break;
      }
      case 'no-fire':
        out.push({ ...base, requirement: 'no fire', simulatedCondition: 'fire proxy: thermal-runaway onset (self-heating >= 1 K/s)', result: o.runawayOnset ? 'runaway predicted' : 'no runaway predicted', verdict: o.runawayOnset ? 'F' : 'P', sourceStatus: 'requirement from the profile sources' });
        break;
      case 'no-explosion':
        out.push({ ...base, requirement: 'no explosion', simulatedCondition: 'explosion proxy: thermal-runaway onset (no pressure model; conservative)', result: o.runawayOnset ? 'runaway predicted' : 'no runaway predicted', verdict: o.runawayOnset ? 'F' : 'P', sourceStatus: 'requirement from the profile sources' });
        break;
      case 'no-rupture':
        out.push({ ...base, requirement: 'no disassembly, no rupture', simulatedCondition: 'rupture proxy: thermal-runaway onset or vent (no can-pressure model; conservative)', result: o.runawayOnset || o.ventReached ? 'runaway or vent predicted' : 'neither predicted', verdict: o.runawayOnset || o.ventReached ? 'F' : 'P', sourceStatus: 'requirement from the profile sources' });
        break;
      case 'characterization':
        out.push({ ...base, requirement: 'characterization only (no pass/fail)', simulatedCondition: 'EUCAR-style hazard level reported', result: 'see predicted EUCAR level', verdict: 'N/A', sourceStatus: 'framing checked' });
        break;
    }
  }
  return out.map((v) => ({ ...v, result: `predicted: ${v.result}` }));
}

export function computeMargins(profile: StandardProfile | undefined, o: RunObservables, forceStop: number | undefined): Margin[] {
  const m: Margin[] = [];
  if (o.peakForceN !== null && forceStop !== undefined) {
    m.push({ name: 'Peak force vs force stop', value: o.peakForceN, limit: forceStop, unit: 'N', margin: forceStop - o.peakForceN });
  }
  const defStop = profile?.stop.deformation?.value;
  if (defStop !== undefined && o.maxDeformation !== null) {
    const atShort = o.deformationAtShortOnset;
    m.push({ name: atShort !== null ? 'Deformation at short onset vs deformation stop' : 'Maximum deformation vs deformation stop (no short)', value: atShort ?? o.maxDeformation, limit: defStop, unit: '-', margin: defStop - (atShort ?? o.maxDeformation) });
  }
  for (const p of profile?.verdicts ?? []) {
    if (p.kind === 'max-surface-temperature') {
      m.push({ name: 'Maximum surface temperature vs limit', value: o.maxSurfaceTemperatureK, limit: p.limit.value, unit: 'K', margin: p.limit.value - o.maxSurfaceTemperatureK });
    }
  }
  return m;
}
