/**
 * Loading phase through the explicit hex8 mechanics engine (issue 3) for a cylindrical cell: the
 * cell mesh (axis z, load along -y) rests on a rigid plate at y = -R and the indenter comes down
 * from y = +R at the scenario speed multiplied by the quasi-static time-scale factor. After each
 * increment the short-onset criterion of the failure engine (volumetric compaction, mechanics.md
 * §1.7) is evaluated on the jellyroll elements. The kinetic/internal energy ratio of the solver is the
 * quasi-static check reported in the summary.
 */
import { createMechanicsModel, MechanicsModel } from '../mechanics/solver';
import { HexMesh } from '../mechanics/mesh/hex-mesh';
import { MaterialModel } from '../mechanics/material';
import { IndenterShape } from '../mechanics/contact/rigid-indenter';
import { VolumetricStrainCriterion } from '../mechanics/failure/volumetric-strain';
import { CriterionPointState } from '../mechanics/failure/criterion';
import { Indenter } from './types';

export interface FeSetup {
  mesh: HexMesh;
  /** Material per mesh part id (1 jellyroll, 2 can, 3-4 end caps). */
  materials: Record<number, MaterialModel>;
  /** Part id of the jellyroll (watched by the short criterion). */
  jellyrollPart: number;
  outerRadius: number;
  /** Quasi-static time scaling of the indenter velocity. */
  timeScaleFactor: number;
  /** Mass-scaling target time step [s]; 0 = no mass scaling. */
  massScalingTimeStep: number;
  /** Largest added mass / physical mass accepted by the solver (default 0.05). */
  maxAddedMassFraction?: number;
}

export class FeIndentation {
  readonly model: MechanicsModel;
  private readonly criterion: VolumetricStrainCriterion;
  private readonly jellyElements: Int32Array;
  private readonly point: CriterionPointState;
  private readonly indicator: Float64Array;
  maxCompaction = 0;

  constructor(private readonly setup: FeSetup, indenter: Indenter, private readonly speed: number, failureStrain: number) {
    const R = setup.outerRadius;
    const gap = indenter.startGap;
    let shape: IndenterShape;
    let position: [number, number, number];
    const zMid = meshMidZ(setup.mesh) + indenter.offset;
    switch (indenter.shape) {
      case 'flat-plate':
        shape = { kind: 'plate', normal: [0, -1, 0] };
        position = [0, R + gap, zMid];
        break;
      case 'semicylinder':
      case 'rod':
        shape = { kind: 'cylinder', radius: indenter.radius, axis: indenter.axis === 'along' ? [0, 0, 1] : [1, 0, 0] };
        position = [0, R + gap + indenter.radius, zMid];
        break;
      case 'hemisphere':
        shape = { kind: 'sphere', radius: indenter.radius };
        position = [0, R + gap + indenter.radius, zMid];
        break;
      default:
        throw new RangeError(`explicit-fe loading supports plate, semicylinder, rod and hemisphere indenters, not '${indenter.shape}'`);
    }
    this.model = createMechanicsModel({
      mesh: setup.mesh,
      parts: setup.mesh.parts.map((p) => ({ id: p.id, material: setup.materials[p.id] ?? setup.materials[setup.jellyrollPart] })),
      indenters: [
        { name: 'indenter', shape, position, direction: [0, -1, 0], motion: { kind: 'velocity', velocity: speed }, enforcement: 'kinematic' },
        { name: 'support', shape: { kind: 'plate', normal: [0, 1, 0] }, position: [0, -R, zMid], direction: [0, -1, 0], motion: { kind: 'velocity', velocity: 0 }, enforcement: 'kinematic' },
      ],
      ...(setup.massScalingTimeStep > 0 ? { timeStep: { massScaling: { targetTimeStep: setup.massScalingTimeStep, maxAddedMassFraction: setup.maxAddedMassFraction ?? 0.05 } } } : {}),
      quasiStatic: { timeScaleFactor: setup.timeScaleFactor, maxTimeScaleFactor: Math.max(1000, setup.timeScaleFactor) },
    });
    this.criterion = new VolumetricStrainCriterion({ failureVolumetricStrain: failureStrain });
    const ids: number[] = [];
    for (let e = 0; e < setup.mesh.elementPart.length; e++) if (setup.mesh.elementPart[e] === setup.jellyrollPart) ids.push(e);
    this.jellyElements = Int32Array.from(ids);
    const n = ids.length;
    this.point = { stress: new Float64Array(6 * n), totalStrain: new Float64Array(6 * n), plasticStrainIncrement: new Float64Array(n), relativeVolume: new Float64Array(n).fill(1), initialLength: new Float64Array(n).fill(1) };
    this.indicator = new Float64Array(n);
  }

  /**
   * Advances the solver until the indenter has moved `displacement` [m] (physical time
   * displacement / speed); returns the indenter force [N] or a failure message.
   */
  advanceTo(displacement: number): { force: number; error?: string } {
    const untilTime = displacement / (this.speed * this.setup.timeScaleFactor);
    const r = this.model.advance({ untilTime });
    const h = this.model.histories.indenters[0];
    const force = h.force.length ? Math.max(h.force[h.force.length - 1], 0) : 0;
    if (r.status === 'failed') return { force, error: r.failure ? `mechanics failed at ${r.failure.time} s: ${JSON.stringify(r.failure).slice(0, 300)}` : 'mechanics failed' };
    return { force };
  }

  /** Largest short-onset indicator over the jellyroll elements (>= 1: onset). */
  maxIndicator(): number {
    const s = this.model.readElementState();
    const n = this.jellyElements.length;
    let maxGamma = 0;
    for (let i = 0; i < n; i++) {
      const e = this.jellyElements[i];
      this.point.relativeVolume[i] = s.alive[e] ? s.relativeVolume[e] : 1;
      maxGamma = Math.max(maxGamma, 1 - this.point.relativeVolume[i]);
    }
    this.maxCompaction = maxGamma;
    this.criterion.evaluate(this.point, new Float64Array(0), 0, n, this.indicator);
    let m = 0;
    for (let i = 0; i < n; i++) if (this.indicator[i] > m) m = this.indicator[i];
    return m;
  }

  kineticToInternalRatio(): number {
    return this.model.diagnostics.maxKineticToInternalRatio;
  }
}

function meshMidZ(mesh: HexMesh): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 2; i < mesh.coordinates.length; i += 3) {
    lo = Math.min(lo, mesh.coordinates[i]);
    hi = Math.max(hi, mesh.coordinates[i]);
  }
  return 0.5 * (lo + hi);
}
