/**
 * Mechanics benchmark (issue 3): nanoseconds per element per explicit step of the batsafe hex8
 * solver (full step: kinematics with Hughes–Winget rotation, material update, hourglass, bulk
 * viscosity, stable step, nodal update, energies) for elastic and J2 on ~10k, 50k and 200k
 * elements, bytes per element, and the same-run ratio to the plain-C reference kernel
 * (../shared/bench/hex8-reference.sh: same mesh, same initial velocity field, gcc -O3).
 * Each case also runs with one worker thread (element pass split in two, main + worker) and
 * records the speed-up over the single-threaded run of the same model.
 */
import { execFileSync } from 'child_process';
import { Worker } from 'worker_threads';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchSuite } from '../suite';
import { createMechanicsModel, estimateMemoryBytes } from '../../src/engine/mechanics/solver';
import { createBoxMesh } from '../../src/engine/mechanics/mesh/box';
import { ElasticMaterial } from '../../src/engine/mechanics/materials/elastic';
import { J2PlasticityMaterial } from '../../src/engine/mechanics/materials/j2-plasticity';
import { MaterialModel } from '../../src/engine/mechanics/material';

interface Case { n: number; steps: number }
const CASES: Case[] = process.env.MECH_BENCH_QUICK ? [{ n: 10, steps: 5 }] : [{ n: 22, steps: 30 }, { n: 37, steps: 20 }, { n: 58, steps: 8 }];

function material(kind: 'elastic' | 'j2'): MaterialModel {
  const base = { density: 7800, youngsModulus: 200e9, poissonsRatio: 0.3 };
  // Same parameters as the C kernel: sigma_y 300 MPa, linear hardening 1 GPa.
  return kind === 'elastic' ? new ElasticMaterial(base) : new J2PlasticityMaterial({ ...base, hardening: [[0, 300e6], [1, 300e6 + 1e9]] });
}

function runBatsafe(kind: 'elastic' | 'j2', c: Case, workers: Worker[] = []): {
  nsPerElementStep: number; cpuNsPerElementStep: number; elements: number; bytesPerElement: number; measuredBytesPerElement: number;
} {
  const h = 1e-3;
  const mesh = createBoxMesh({ size: [c.n * h, c.n * h, c.n * h], divisions: [c.n, c.n, c.n] });
  const ne = c.n ** 3;
  const law = kind === 'elastic' ? 'elastic' : 'j2-tabulated';
  const params = kind === 'elastic'
    ? { density: 7800, youngsModulus: 200e9, poissonsRatio: 0.3 }
    : { density: 7800, youngsModulus: 200e9, poissonsRatio: 0.3, hardening: [[0, 300e6], [1, 300e6 + 1e9]] };
  const model = createMechanicsModel({
    mesh, parts: [{ id: 1, material: material(kind), card: { law, params } }], historyInterval: 1,
    parallel: workers.length ? { workers, minElements: 1000 } : undefined,
  });
  if (workers.length && model.threads !== workers.length + 1) throw new Error(`parallel run not used: ${model.diagnostics.warnings.join('; ')}`);
  // Same initial velocity as the C kernel: v_z = -k * 0.01 / n on node layer k.
  const nn = mesh.coordinates.length / 3;
  for (let i = 0; i < nn; i++) model.v[3 * i + 2] = (-0.01 * (mesh.coordinates[3 * i + 2] / h)) / c.n;
  model.advance({ steps: 5 });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  model.advance({ steps: c.steps });
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  const measured = model.allocatedBytes() / ne;
  model.dispose();
  return {
    nsPerElementStep: ns / c.steps / ne,
    cpuNsPerElementStep: ((cpu.user + cpu.system) * 1000) / c.steps / ne,
    elements: ne,
    bytesPerElement: estimateMemoryBytes(ne, nn, kind === 'j2' ? 1 : 0, false) / ne,
    measuredBytesPerElement: measured,
  };
}

function runReference(script: string, n: number, steps: number): Record<string, number> {
  const out = execFileSync('bash', [script, String(n), String(steps)], { encoding: 'utf8' });
  const figures: Record<string, number> = {};
  for (const line of out.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    const r = JSON.parse(line) as { material: string; nsPerElementCycle: number };
    figures[r.material] = r.nsPerElementCycle;
  }
  return figures;
}

/**
 * CPU time of the C kernel per element-step: the same source and flags as hex8-reference.sh, run
 * twice with different step counts (the difference removes mesh setup); child CPU from `times`.
 * On a machine shared with other sessions, CPU time is steadier than wall time.
 */
function referenceCpu(source: string, n: number, steps: number): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hex8-'));
  const bin = path.join(dir, 'hex8-reference');
  execFileSync('gcc', ['-O3', '-march=native', '-o', bin, source, '-lm']);
  const childCpu = (args: string[]): number => {
    const out = execFileSync('bash', ['-c', '"$0" "$@" > /dev/null; times', bin, ...args], { encoding: 'utf8' });
    const line = out.trim().split('\n')[1] ?? '';
    const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    return secs.reduce((a, b) => a + b, 0);
  };
  const figures: Record<string, number> = {};
  for (const kind of ['elastic', 'j2']) {
    const extra = kind === 'j2' ? ['j2'] : [];
    const short = childCpu([String(n), '2', ...extra]);
    const long = childCpu([String(n), String(steps + 2), ...extra]);
    figures[kind] = ((long - short) * 1e9) / steps / n ** 3;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return figures;
}

const suite: BenchSuite = {
  name: 'mechanics',
  description: 'explicit hex8 step: ns per element per step (elastic, J2; 10k/50k/200k) and ratio to the C reference kernel',
  async run(ctx) {
    const script = path.join(ctx.sharedRoot, 'bench', 'hex8-reference.sh');
    const haveReference = fs.existsSync(script);
    const results: Array<Record<string, unknown>> = [];
    const workerScript = path.join(ctx.repoRoot, 'dist', 'bench', 'suites', 'mechanics-worker.js');
    const worker = new Worker(workerScript);
    for (const c of CASES) {
      // Reference first and right after batsafe, so both see the same machine load.
      const ref = haveReference ? runReference(script, c.n, Math.max(c.steps, 10)) : {};
      // Enough steps for ~1 s of C CPU time (`times` resolves 10 ms).
      const refSteps = Math.max(20, Math.round(5e6 / c.n ** 3));
      const refCpu = haveReference ? referenceCpu(path.join(ctx.sharedRoot, 'bench', 'hex8-reference.c'), c.n, refSteps) : {};
      for (const kind of ['elastic', 'j2'] as const) {
        const b = runBatsafe(kind, c);
        const cNs = ref[kind];
        const row = {
          material: kind, elements: b.elements, steps: c.steps, threads: 1,
          nsPerElementStep: Math.round(b.nsPerElementStep * 10) / 10,
          referenceCNsPerElementStep: cNs ?? null,
          ratioToC: cNs ? Math.round((b.nsPerElementStep / cNs) * 100) / 100 : null,
          cpuNsPerElementStep: Math.round(b.cpuNsPerElementStep * 10) / 10,
          referenceCCpuNsPerElementStep: refCpu[kind] ? Math.round(refCpu[kind] * 10) / 10 : null,
          cpuRatioToC: refCpu[kind] ? Math.round((b.cpuNsPerElementStep / refCpu[kind]) * 100) / 100 : null,
          bytesPerElementEstimate: Math.round(b.bytesPerElement),
          bytesPerElementAllocated: Math.round(b.measuredBytesPerElement),
        };
        ctx.log(JSON.stringify(row));
        results.push(row);
        const p = runBatsafe(kind, c, [worker]);
        const prow = {
          material: kind, elements: p.elements, steps: c.steps, threads: 2,
          nsPerElementStep: Math.round(p.nsPerElementStep * 10) / 10,
          speedupOverSingleThread: Math.round((b.nsPerElementStep / p.nsPerElementStep) * 100) / 100,
          ratioToC: cNs ? Math.round((p.nsPerElementStep / cNs) * 100) / 100 : null,
        };
        ctx.log(JSON.stringify(prow));
        results.push(prow);
      }
    }
    await worker.terminate();
    return {
      results,
      workers: 'threads 2 = main thread + one worker_threads Worker (SharedArrayBuffer, Atomics per step); speed-up is wall time of the single-threaded run / the two-thread run of the same model, which on a machine shared by several sessions mostly measures how many free cores there were',
      ratioDefinitions: 'ratioToC: wall time of batsafe / wall time printed by hex8-reference.sh in the same run; cpuRatioToC: process CPU time of batsafe / child CPU time of the same C kernel (steadier on a shared machine)',
      note: 'batsafe figures are a full step (rotation, bulk viscosity, stable step, energies, nodal update); the C kernel does the element loop and nodal update only. Machine shared with other sessions: compare ratios, not absolute times.',
    };
  },
};

export default suite;
