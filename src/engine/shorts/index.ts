/**
 * batsafe short-circuit models (issue 6) — public API. Pure TypeScript, SI.
 *
 * Internal short (Santhanagopalan 2009 contact types):
 *   INTERNAL_SHORT_TYPES = 'aluminium-anode' | 'aluminium-copper' | 'copper-cathode' | 'cathode-anode'
 *   shortAreaSpecificResistance(type, coatings {anode/cathode thickness, conductivity}, contactResistance Ω·m²) → Ω·m²
 *   internalShortResistance({ type, coatings, contactResistance, damagedArea m², separator? }, T) → Ω
 *       (R''/(A·g(T)); g from the separator shrink/melt law)
 *   separator: shortAreaMultiplier(sep, T), separatorCondition(sep, T) ('intact'|'shrinking'|'shut-down'|'melted');
 *       SeparatorBehaviour from src/io/cards/separator-card.ts (loadSeparatorCard(path).separator)
 *   shortPowerRint(U, R_i, R_s) = U² R_s/(R_s + R_i)²
 *
 * Driving a cell model (electrochem CellModel) through a short:
 *   stepShortedCell(cell, state, dt, R_s, T, externalLoadCurrent?) → { shortCurrent, current, voltage,
 *       shortPower (I_s² R_s), ohmicPower, reversiblePower, stateOfCharge, openCircuitVoltage, limit? }
 *       (load 'resistance' alone, or 'current' with parallelResistance when a load current is drawn)
 *   distributeByVolume(conductionModel, elements, power W, outPerElement)  — short heat to the short's
 *       elements (elementsNear(model, point, radius)), cell heat to elementsOfParts(model, [jellyrollPartId])
 *   simulateShortLumped({ cell, state, thermal (lumped), shortResistance(T, t), step, duration,
 *       shortHeatInCell, stopBelowCurrent? }) → { status, reason?, limit?, history, shortEnergy, ohmicEnergy, reversibleEnergy }
 *   External short: the same calls with a constant R (R = ASR / electrode area for an Ω·m² load).
 */
export * from './internal-short';
export * from './separator';
export * from './short-circuit';
