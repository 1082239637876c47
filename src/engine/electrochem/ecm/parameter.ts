/**
 * ECM parameters that are constant or tabulated in state of charge, temperature and current
 * (the shape of PyBaMM's ECM_Example look-ups: R0, R1, C1 in (T, I, SoC); OCV in SoC; dU/dT in
 * (OCV, T)). Plain data in, a non-allocating evaluator out.
 */
import { TableND } from '../../numerics/interpolation';

export type EcmAxis = 'soc' | 'temperature' | 'current' | 'ocv';

/** A constant, or a rectilinear table over some of the axes (values row-major, last axis fastest). SI: K, A, V. */
export type EcmParameterSpec =
  | number
  | {
      axes: EcmAxis[];
      breakpoints: number[][];
      values: number[];
    };

export interface EcmQuery {
  soc: number;
  temperature: number;
  current: number;
  ocv: number;
}

export type EcmParameter = (q: EcmQuery) => number;

/** Builds an evaluator; throws an Error naming `label` if the table is malformed or (when `positive`) a value is not > 0. */
export function makeEcmParameter(spec: EcmParameterSpec, label: string, positive = true): EcmParameter {
  if (typeof spec === 'number') {
    if (!Number.isFinite(spec)) throw new Error(`${label}: must be a finite number (got ${spec})`);
    if (positive && !(spec > 0)) throw new Error(`${label}: must be positive (got ${spec})`);
    return () => spec;
  }
  if (spec.axes.length !== spec.breakpoints.length) throw new Error(`${label}: ${spec.axes.length} axes but ${spec.breakpoints.length} breakpoint lists`);
  const table = new TableND(spec.breakpoints, spec.values, label);
  if (positive) {
    const bad = spec.values.findIndex((v) => !(v > 0));
    if (bad >= 0) throw new Error(`${label}: value ${bad} must be positive (got ${spec.values[bad]})`);
  }
  const axes = spec.axes;
  const q = new Array<number>(axes.length).fill(0);
  return (x: EcmQuery) => {
    for (let k = 0; k < axes.length; k++) q[k] = x[axes[k]];
    return table.evaluateAt(q);
  };
}
