/**
 * batsafe thermal engine (issue 6) — public API. Pure TypeScript, SI, deterministic, no I/O.
 *
 * LUMPED (0-D, optional can node; PyBaMM `lumped.py` + Kim 2007 oven boundary):
 *   createLumpedThermalModel({ volume, volumetricHeatCapacity, surfaceArea, convectionCoefficient,
 *       emissivity, ambientTemperature, radiationTemperature?, initialTemperature,
 *       can?: { heatCapacity, conductance }, kinetics?: RunawayKinetics }) → LumpedThermalModel
 *   advanceLumped(model, duration, { short?, ohmic?, reversible? } [W, constant over the call],
 *       { rtol?, maxStep?, maxSteps? }, onStep?) → { status: 'ok'|'failed', reason?, time }
 *       (BDF/NDF from numerics; never throws on numerical failure — state kept at the last step)
 *   runLumped(model, endTime, integratorOptions?, runawayRateThreshold = 1 K/s, venting?: VentingParameters)
 *       → { status, reason?, history {time, temperature, canTemperature}, runawayTime (max dT/dt), peakTemperature, venting? }
 *   lumpedTemperature(m), lumpedCanTemperature(m), lumpedStoredEnergy(m); m.ledger, m.diagnostics
 *
 * 3-D CONDUCTION on a HexMesh (hex8 FE, lumped capacity, θ-method, PCG):
 *   createConductionModel({ mesh, parts: [{ partId, volumetricHeatCapacity, conductivity:
 *         {kind:'isotropic', value} | {kind:'orthotropic', x, y, z} |
 *         {kind:'cylindrical', radial, hoop, axial, axisOrigin?, axisDirection?} }],
 *       boundaries: [{ nodeSet?, convectionCoefficient, emissivity, ambientTemperature, radiationTemperature? }]
 *         (matched in order; faces matched by none are adiabatic),
 *       initialTemperature, theta? (1), kinetics?: { kinetics, partIds }, maxTemperatureChange? (2 K),
 *       maxStep? (60 s), minStep? (1e-9 s), kineticsCorrector? ('local'|'solve'|'off', default 'local'), preconditioner? ('jacobi'|'ic0'),
 *       solverTolerance? (1e-10) }) → ConductionModel
 *   advanceConduction(model, duration, sources: [{ name: 'short'|'ohmic'|'reversible', elementPower: Float64Array (W per element) }],
 *       onStep?) → { status: 'ok'|'failed', reason?, time, steps }  — the coupling steps in chunks with
 *       sources held constant per chunk; adaptive inner steps; failure keeps the state and says when/why.
 *   setBoundary(model, index, boundary) (oven ramps, cooling on/off), boundaryArea(model, index)
 *   meanTemperature, maxTemperature, elementTemperatures(model, out), storedThermalEnergy(model)
 *   model.temperature (nodal K), model.runaway (per-element reaction state), model.ledger, model.diagnostics
 *   buildBoxHexMesh / buildCylinderHexMesh (small test/bench meshes; can layer as part 1)
 *
 * HEAT LEDGER (breakdown outputs): HEAT_SOURCE_NAMES = short, ohmic, reversible, sei, anode, cathode,
 *   electrolyte; ledger.power [W, last step] and ledger.energy [J, cumulative], ledger.boundaryLoss [J];
 *   HEAT_SOURCE_COLUMNS gives the timeseries column names; heatLedgerSnapshot(ledger) for summaries.
 *
 * CELL THERMAL CARDS resolve to CellThermalProperties (cell-thermal.ts): cellVolume, cellSurfaceArea,
 *   lumpedOptionsFor(cell, { ambientTemperature, initialTemperature }, kinetics?), conductionPartFor(cell, partId).
 */
export * from './heat-ledger';
export * from './lumped';
export * from './conduction';
export * from './mesh-builders';
export * from './cell-thermal';
