/**
 * Packs and modules (issue 10): public API. Pure TypeScript, deterministic, SI.
 *
 *   const net = buildLayoutNetlist({ kind: 'series-groups', series: 4, parallel: 3,
 *                                    resistances: { busbar: 1e-4, interconnect: 5e-4, terminal: 1e-4 } });
 *   const pack = new PackElectrical(net, cells /* { model: CellModel, state }[] *\/, { coupling: 'implicit', fuseMeltI2t });
 *   pack.internalShortResistance[4] = 0.005;          // a short in cell 5
 *   const r = pack.step(dt, { mode: 'current', current: 10 }, temperatures);
 *   pack.current[c], pack.voltage[c], pack.shortCurrent[c] ...   // per cell; fed current = -pack.current[c]
 *
 *   const { spec } = buildGridThermalNetwork({...});   // or a hand-built ThermalNetworkSpec
 *   const result = simulatePack({ netlist, cells, thermal: spec, kinetics, trigger, detection, bms, ... });
 *   result.metrics: cellsInRunaway, propagated, timeToPropagation, firstWarningTime, warningLeadTime,
 *                   peakTemperature, energyReleased, peakFedCurrent
 *   compareDesigns([{ design, result }, ...])           // side-by-side rows and the best design
 *   crushModule(...) / crushModuleFe(...)               // crush short onsets for `shortSchedule`
 *
 * The I/O side (cards, scenarios, run directories) is src/io/cards/pack-card.ts,
 * src/scenario/pack.ts and src/run/run-pack.ts. Details: the README section "Packs and modules".
 */
export { analyseEnvelope, factorEnvelope, solveEnvelope, envelopeIndex } from './envelope-cholesky';
export type { EnvelopePattern } from './envelope-cholesky';
export { buildLayoutNetlist, withExtraResistors, BRANCH_CELL, BRANCH_RESISTOR } from './netlist';
export type { PackNetlist, LayoutSpec, LayoutKind, LayoutResistances } from './netlist';
export { PackCircuit } from './circuit';
export type { PackControl, CircuitSolution } from './circuit';
export { PackElectrical } from './electrical';
export type { PackCell, PackElectricalOptions, CouplingScheme, PackStepReport, ElectricalEvent } from './electrical';
export { PackThermalNetwork, buildGridThermalNetwork } from './thermal-network';
export type { ThermalNetworkSpec, GridThermalLayout } from './thermal-network';
export { simulatePack } from './propagation';
export type { PackSimulationInput, PackSimulationResult, PackTrigger, PackEvent, PropagationMetrics, RunawayDetectionRule, BmsSettings } from './propagation';
export { compareDesigns } from './compare';
export type { DesignComparison, DesignComparisonRow } from './compare';
export { crushModule } from './module-crush';
export type { CrushInput, CrushOutcome } from './module-crush';
export { crushModuleFe } from './module-crush-fe';
export type { FeCrushInput, FeCrushOutcome } from './module-crush-fe';
