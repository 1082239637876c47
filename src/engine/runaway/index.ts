/**
 * batsafe thermal-runaway kinetics (issue 6) — public API. Pure TypeScript, SI.
 *
 * Four-reaction Hatchard 2001 / Kim 2007 kinetics (SEI, negative–solvent, positive–solvent,
 * electrolyte), structure of arrays over lumps or elements (the pack reuses it per cell):
 *   RunawayKinetics  — a resolved card (src/io/cards/runaway-card.ts: loadRunawayCard(path).kinetics)
 *   createRunawayState(kinetics, count) → RunawayState { cSei, cNeg, tSei, alpha, cE: Float64Array }
 *   reactionRates(k, state, i, T, out4)            rates R [1/s]
 *   heatReleaseRate(k, state, i, T, rates4, perReaction4?) → W/m³ (H·W·R summed; split per reaction)
 *   reactionDerivatives(k, state, i, T, rates4, out, offset) → W/m³, writes d/dt of the 5 states (for a BDF)
 *   advanceReactionsFrozenT(k, state, i, T, dt, extent4)  unconditionally stable update at frozen T
 *       (exact for first-order and logistic laws); heat over the step = Σ H·W·extent exactly
 *   reactionEnergyDensities(k) → H·W per reaction [J/m³]; storedReactionEnergy(k, state, i) [J/m³]
 *
 * Venting proxy (ASSUMED ideal-gas model; venting.ts): createVentingState(p),
 *   updateVenting(p, k, state, reactionHeat[4] J, T, T0, t) → true when the vent opens;
 *   state { vented, ventTime, pressure, peakPressure, gasMoles, ejectedMass }.
 */
export * from './kinetics';
export * from './venting';
