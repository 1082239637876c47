/** Shared acceptance checks of every mechanics verification run (issue 3). */
import { MechanicsModel } from '../../../src/engine/mechanics/solver';

/**
 * Reference: conservation of energy. Energy-balance error below 1 % of the peak internal energy
 * (or of `scale` when given, e.g. the initial kinetic energy of an impact) and hourglass energy
 * (cumulative) below 10 % of the internal energy reached so far, over the whole run.
 */
export function expectHealthyEnergies(model: MechanicsModel, scale?: number): void {
  const e = model.histories.energies;
  const peak = Math.max(...e.internal);
  const ref = scale ?? peak;
  expect(ref).toBeGreaterThan(0);
  const worst = Math.max(...e.balanceError.map(Math.abs)) / ref;
  expect(worst).toBeLessThan(0.01); // energy balance < 1 %
  const final = e.internal.length - 1;
  expect(e.hourglass[final]).toBeLessThan(0.1 * peak); // hourglass < 10 % of (peak) internal
  expect(model.diagnostics.maxHourglassRatio).toBeLessThan(0.1);
}
