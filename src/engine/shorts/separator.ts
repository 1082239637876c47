/**
 * Separator thermal behaviour for internal shorts (issue 6): how the damaged contact area of an
 * internal short grows as the separator shrinks and melts. This is a batsafe modelling assumption
 * (no published law was available in the reference folder): the effective area multiplier g(T) is
 *
 *   g = 1                                          T ≤ T_shrink
 *   g = 1 + (g_melt − 1)(T − T_shrink)/(T_melt − T_shrink)   T_shrink < T < T_melt
 *   g = g_after                                    T ≥ T_melt  (collapse around the defect)
 *
 * Shutdown (pore closure) does not change the electronic short path; it only stops ionic current,
 * which the cell model does not see here, so it is reported as a state but not used in g.
 * Temperatures from the separator cards (runaway-and-shorts.md §2.3, all unverified).
 */
export interface SeparatorBehaviour {
  id: string;
  /** Onset of thermal shrinkage [K]. */
  shrinkageOnsetTemperature: number;
  /** Pore closure (shutdown) [K]. */
  shutdownTemperature: number;
  /** Melt / loss of integrity [K]. */
  meltTemperature: number;
  /** Area multiplier reached at the melt temperature [-] (≥ 1). */
  areaGrowthAtMelt: number;
  /** Area multiplier above the melt temperature [-] (≥ areaGrowthAtMelt). */
  areaGrowthAfterMelt: number;
}

export type SeparatorCondition = 'intact' | 'shrinking' | 'shut-down' | 'melted';

export function separatorCondition(s: SeparatorBehaviour, temperatureK: number): SeparatorCondition {
  if (temperatureK >= s.meltTemperature) return 'melted';
  if (temperatureK >= s.shutdownTemperature) return 'shut-down';
  if (temperatureK > s.shrinkageOnsetTemperature) return 'shrinking';
  return 'intact';
}

/** Effective short-area multiplier g(T) ≥ 1 (see the module comment). */
export function shortAreaMultiplier(s: SeparatorBehaviour, temperatureK: number): number {
  if (temperatureK <= s.shrinkageOnsetTemperature) return 1;
  if (temperatureK >= s.meltTemperature) return s.areaGrowthAfterMelt;
  const f = (temperatureK - s.shrinkageOnsetTemperature) / (s.meltTemperature - s.shrinkageOnsetTemperature);
  return 1 + (s.areaGrowthAtMelt - 1) * f;
}
