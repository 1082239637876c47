/**
 * Standard profiles as data, predicted verdicts and the predicted EUCAR level (issue 7).
 *   STANDARD_PROFILES, STANDARD_PROFILE_IDS, getStandardProfile(id)       — profiles.ts
 *   evaluateVerdicts(profile, observables): ClauseVerdict[]               — verdicts.ts
 *   predictEucarLevel(observables): { level, rule, description }          — verdicts.ts
 *   computeMargins(profile, observables, forceStop): Margin[]             — verdicts.ts
 * Every number in a profile carries 'verified' | 'secondary' | 'recalled' | 'assumed'.
 */
export * from './profiles';
export * from './verdicts';
