/**
 * Standard profiles as data and the predicted verdict / EUCAR proxy rules.
 * References: ../shared/reference/standards-and-reports.md §1.2 (EUCAR levels) and §1.3 (master table).
 */
import { STANDARD_PROFILES, evaluateVerdicts, predictEucarLevel, computeMargins, RunObservables } from '../../../src/standards';

const calm: RunObservables = { shortOnset: false, runawayOnset: false, ventReached: false, maxSurfaceTemperatureK: 300, maxTemperatureK: 300, peakForceN: 400, deformationAtShortOnset: null, maxDeformation: 0.1, completed: true };

describe('standard profiles', () => {
  it('carry a status on every number', () => {
    const visit = (v: unknown, where: string) => {
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.value === 'number') expect([where, o.status]).toEqual([where, expect.stringMatching(/^(verified|secondary|recalled|assumed)$/)]);
        else for (const [k, x] of Object.entries(o)) visit(x, `${where}.${k}`);
      }
    };
    for (const p of Object.values(STANDARD_PROFILES)) visit(p, p.id);
  });
  it('hold the master-table numbers: GB 38031 cell R75, 15 %, 100 kN, 1000 x mass, 10 min hold, 1 h observe; UN T.6 9.1 kg from 61 cm, 15.8 mm bar, 170 °C', () => {
    const gb = STANDARD_PROFILES['GB38031-2020/cell-compression'];
    expect([gb.indenter.radius?.value, gb.stop.deformation?.value, gb.stop.force?.value, gb.stop.forceMassMultiple?.value, gb.hold?.value, gb.observe.value]).toEqual([0.075, 0.15, 100e3, 1000, 600, 3600]);
    const t6 = STANDARD_PROFILES['UN38.3/T6-impact'];
    expect([t6.dropMass?.value, t6.dropHeight?.value, t6.indenter.radius?.value, t6.observe.value]).toEqual([9.1, 0.61, 0.0079, 21600]);
    expect(t6.verdicts.find((v) => v.kind === 'max-surface-temperature')).toMatchObject({ limit: { value: 443.15, status: 'verified' } });
    expect(STANDARD_PROFILES['SAEJ2464/crush'].verdicts[0].kind).toBe('characterization');
  });
});

describe('predicted verdicts and EUCAR level', () => {
  it('maps proxies to levels 0 / 2 / 4 / 5 with the rule stated', () => {
    expect(predictEucarLevel(calm).level).toBe(0);
    expect(predictEucarLevel({ ...calm, shortOnset: true }).level).toBe(2);
    expect(predictEucarLevel({ ...calm, shortOnset: true, ventReached: true }).level).toBe(4);
    const fire = predictEucarLevel({ ...calm, shortOnset: true, ventReached: true, runawayOnset: true });
    expect(fire.level).toBe(5);
    expect(fire.rule).toMatch(/runaway onset.*fire.*Levels 6 \(rupture\) and 7/);
    expect(fire.description).toMatch(/^predicted/);
  });
  it('UN 38.3 T.6: 170 °C limit gives P at 160 °C and F at 180 °C, all labelled predicted; a failed run is N/E', () => {
    const t6 = STANDARD_PROFILES['UN38.3/T6-impact'];
    const temp = (k: number) => evaluateVerdicts(t6, { ...calm, maxSurfaceTemperatureK: k }).find((v) => v.requirement.includes('170'))!;
    expect(temp(433.15).verdict).toBe('P');
    expect(temp(453.15).verdict).toBe('F');
    expect(temp(453.15).result).toMatch(/^predicted: 180.0 °C/);
    expect(evaluateVerdicts(t6, { ...calm, completed: false }).every((v) => v.verdict === 'N/E')).toBe(true);
    expect(evaluateVerdicts(t6, { ...calm, runawayOnset: true }).filter((v) => v.verdict === 'F').length).toBe(2);
  });
  it('margins are signed positive-safe', () => {
    const gb = STANDARD_PROFILES['GB38031-2020/cell-compression'];
    const m = computeMargins(gb, { ...calm, shortOnset: true, deformationAtShortOnset: 0.1 }, 441);
    expect(m.find((x) => x.name.startsWith('Peak force'))).toMatchObject({ value: 400, limit: 441, margin: 41 });
    expect(m.find((x) => x.name.startsWith('Deformation at short'))?.margin).toBeCloseTo(0.05, 12);
  });
});
