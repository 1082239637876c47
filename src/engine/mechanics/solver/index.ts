/**
 * Explicit finite-element mechanics engine (issue 3): public API.
 *
 *   const model = createMechanicsModel({
 *     mesh,                                   // HexMesh (mesh/box.ts makes blocks)
 *     parts: [{ id: 1, material: new J2PlasticityMaterial({...}), hourglass: { form: 'viscous', coefficient: 0.1 }, failure },
 *             { id: 2, material: can, integration: 'selective-reduced' }],
 *     deformableContact: { penaltyScale: 0.1 },   // node-to-segment between parts / module cells
 *     boundaryConditions: [{ kind: 'fixed', nodeSet: 'zmin' }, { kind: 'fixed', nodeSet: 'xmin', directions: ['x'] }],
 *     indenters: [{ name: 'plate', shape: { kind: 'plate', normal: [0, 0, -1] }, position: [0, 0, h],
 *                   direction: [0, 0, -1], motion: { kind: 'velocity', velocity: 1 }, friction: 0.2 }],
 *     timeStep: { scale: 0.9, massScaling: { targetTimeStep: 1e-7, maxAddedMassFraction: 0.05 } },
 *     quasiStatic: { timeScaleFactor: 100, maxTimeScaleFactor: 1000 },
 *     historyInterval: 1e-6,
 *   });                                      // throws MechanicsInputError (typed, names the field) before computing
 *   const r = model.advance({ untilTime: 1e-3, onSample: (m) => undefined });   // or { steps: 500 }; chunks may be repeated
 *   r.status: 'completed' | 'running' | 'stopped' | 'frozen' | 'failed' (r.failure: cause, element, time, message)
 *   model.histories       time, timeStep, energies {internal, kinetic, hourglass, contact, friction, external, eroded,
 *                         balanceError}, indenters[i] {displacement, force, velocity, maxPenetration}, momentum
 *   model.diagnostics     steps, min/initial step, added mass %, energy-balance error / peak internal energy,
 *                         hourglass/internal, kinetic/internal (quasi-static check, warning above 5 %), first failure,
 *                         eroded elements, warnings, memory estimate
 *   model.readElementState()  stress, plasticStrain, relativeVolume, damage, failureIndicator, alive, centroid (mesh order)
 *   model.freeze()        later advance() calls return 'frozen' without stepping (coupled run keeps the deformed state)
 *
 * Choices (details in the README section "Mechanics engine"):
 * - Element: 8-node hexahedron, one-point integration (centroid gradient), Flanagan–Belytschko
 *   hourglass control, viscous (default q_h 0.1) or stiffness (default 0.05) form per part; lumped
 *   mass; bulk viscosity C0 = 1.5, C1 = 0.06. Per part, integration: 'selective-reduced' gives a
 *   2x2x2 B-bar hex8 (8 material points, no hourglass modes) for thin layers (cans, pouch skins).
 * - Objective stress rate: Jaumann, integrated with the Hughes–Winget incremental rotation.
 * - Time step: 0.9 x min over elements of L / (Q + sqrt(Q^2 + c^2)), L = volume / largest face area.
 * - Contact: node-to-rigid-analytic-surface. 'penalty' (default): k = 0.2 m_node / dt0^2 and Coulomb
 *   friction (elastic predictor, return to the friction cone). 'kinematic' (velocity-driven
 *   indenters): penetrating nodes are put back on the surface each step (no penetration, stick
 *   friction limited by mu |f_n|); use it when the force-displacement curve matters (crush tests).
 * - Deformable contact: frictionless penalty node-to-segment between different parts or cells, grid bucketing.
 * - Parallel: `parallel: { workers }` with caller-created worker_threads Workers running
 *   dist/bench/suites/mechanics-worker.js splits the element pass over SharedArrayBuffers (one-point
 *   parts with material `card`s, no failure criteria, >= 20000 elements); call model.dispose() at
 *   the end. Otherwise single-threaded, with the reason in the warnings.
 * - Erosion removes element forces and mass and drops orphan nodes from contact.
 */
export { createMechanicsModel, MechanicsModel, estimateMemoryBytes, surfaceNodes } from './model';
export { MechanicsInputError } from './errors';
export { runMechanicsWorker } from './parallel';
export type { ParallelWorkerHandle, WorkerInit } from './parallel';
export type { MechanicsInputProblem } from './errors';
export * from './types';
