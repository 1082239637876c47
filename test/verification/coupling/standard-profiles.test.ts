/**
 * Every standard profile runs from a scenario that names only the standard and the cell, and its
 * stop logic acts as the master table says (standards-and-reports.md §1.3): the force stop at
 * 1000 x cell mass x g (GB 38031, IEC 62660-3, SAE J2464) or 13 kN (UN 38.3 / UL 1642 crush)
 * within one loading increment, or the single impact ending on rebound (UN 38.3 / UL 1642 impact).
 */
import { STANDARD_PROFILES } from '../../../src/standards';
import { runYaml, num } from './helpers';

const G = 9.80665;
const cases: [string, string, number][] = Object.values(STANDARD_PROFILES).map((p) => {
  const preset = p.specimen === 'cylindrical' ? 'generic-18650-lco' : 'generic-pouch-nmc';
  const soc = p.stateOfCharge?.value ?? 0.5;
  return [p.id, preset, soc];
});

describe('standard profiles end to end (coarse mesh)', () => {
  it.each(cases)('%s runs from "standard + cell" alone with predicted verdicts and stop logic', async (id, preset, soc) => {
    const profile = STANDARD_PROFILES[id];
    const run = await runYaml(`kind: cell\nname: p\nstandard: ${id}\ncell: { preset: ${preset}, stateOfCharge: ${soc} }\n`);
    const s = run.summary;
    expect(s.status).toBe('completed');
    expect(s.scenario.standard).toBe(id);
    expect(s.verdicts.length).toBe(profile.verdicts.length);
    for (const v of s.verdicts) expect(v.result).toMatch(/^predicted/);
    expect(s.provenance.cards.some((c) => c.id === `standard/${id}`)).toBe(true);
    const kinds = s.events.map((e) => e.kind);
    if (profile.loadingType === 'impact') {
      expect(kinds).toContain('stop:rebound');
    } else if (kinds.includes('stop:force')) {
      const massKg = preset === 'generic-18650-lco' ? 0.045 : 0.11;
      const limits = [profile.stop.force?.value, profile.stop.forceMassMultiple ? profile.stop.forceMassMultiple.value * massKg * G : undefined].filter((x): x is number => x !== undefined);
      const limit = Math.min(...limits);
      const peak = num(run, 'Peak indenter force [N]');
      expect(peak).toBeGreaterThanOrEqual(limit);
      expect(peak).toBeLessThan(limit * 1.05);
    } else {
      expect(kinds.some((k) => k.startsWith('stop:'))).toBe(true);
    }
  });
});
