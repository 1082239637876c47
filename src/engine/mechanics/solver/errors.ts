/**
 * Input errors of the mechanics solver, raised by createMechanicsModel before any computation.
 * (Errors during a run are not thrown: advance() returns status 'failed' with a
 * MechanicsRunFailure and the histories so far stay readable.)
 */
export type MechanicsInputProblem =
  | 'invalid-spec'
  | 'inverted-element'
  | 'degenerate-element'
  | 'memory-limit'
  | 'mass-scaling-limit'
  | 'time-scale-limit';

export class MechanicsInputError extends Error {
  override readonly name = 'MechanicsInputError';
  constructor(
    readonly problem: MechanicsInputProblem,
    /** Where in the spec, e.g. 'parts[0].material', 'mesh.element 17'. */
    readonly field: string,
    message: string,
    /** Mesh element index when the problem is element specific. */
    readonly element: number = -1,
  ) {
    super(`${field}: ${message}`);
  }
}
