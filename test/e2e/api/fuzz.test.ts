/**
 * Fuzz (issue 9): 1000 random and mutated scenario bodies (fast-check, fixed seed) posted to
 * POST /jobs → only 4xx answers, each with a message, and the server stays up. The server runs
 * with BATSAFE_MAX_ELEMENTS = 1, so a mutation that happens to be a valid scenario is refused with
 * 422 (mesh limit) instead of being queued: every answer must be a 4xx.
 */
import * as fs from 'fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { http, Server, startServer, tempDir, tinyScenario } from './support';

// Real processes on a shared 2-core machine: generous per-test time (speed is measured in bench, not here).
jest.setTimeout(300_000);

let dataDir: string;
let server: Server;

beforeAll(async () => {
  dataDir = tempDir('api-fuzz');
  server = await startServer(dataDir, { BATSAFE_MAX_ELEMENTS: '1', BATSAFE_MAX_BODY_BYTES: '65536', BATSAFE_LOG_LEVEL: 'warn' });
}, 240_000);

afterAll(async () => {
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PATHS = [
  ['kind'], ['name'], ['cell'], ['cell', 'preset'], ['cell', 'stateOfCharge'], ['loading'], ['loading', 'type'], ['loading', 'speed'],
  ['loading', 'indenter'], ['loading', 'indenter', 'shape'], ['steps'], ['steps', 'stop'], ['steps', 'stop', 'displacement'],
  ['steps', 'observe'], ['mesh'], ['mesh', 'resolution'], ['standard'], ['models'], ['environment'], ['unknownField'],
];

type Mutation = { path: string[]; op: 'set' | 'delete'; value: unknown };

function mutate(base: Record<string, unknown>, mutations: Mutation[]): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  for (const m of mutations) {
    let holder: Record<string, unknown> = copy;
    for (const key of m.path.slice(0, -1)) {
      if (typeof holder[key] !== 'object' || holder[key] === null) holder[key] = {};
      holder = holder[key] as Record<string, unknown>;
    }
    const last = m.path[m.path.length - 1];
    if (m.op === 'delete') delete holder[last];
    else holder[last] = m.value;
  }
  return copy;
}

const valueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('10 mm/s', '-1 mm', '1e308 s', 'NaN', '', 'flat-plate', 'cell', 'pack', 'coarse', '0 s', '1 parsec', '../../etc/passwd'),
  fc.double(),
);
const mutationArb = fc.record({ path: fc.constantFrom(...PATHS), op: fc.constantFrom<'set' | 'delete'>('set', 'set', 'delete'), value: valueArb });

const bodyArb = fc.oneof(
  fc.array(mutationArb, { minLength: 1, maxLength: 4 }).map((ms) => ({ type: 'application/json', text: JSON.stringify(mutate(tinyScenario(), ms)) })),
  fc.array(mutationArb, { minLength: 0, maxLength: 3 }).map((ms) => ({ type: 'application/yaml', text: stringify(mutate(tinyScenario(), ms)) })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? 'null' })),
  fc.string({ maxLength: 300 }).map((s) => ({ type: 'application/json', text: s })),
  fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => ({ type: 'application/yaml', text: s })),
  fc.array(fc.constantFrom('a: &x [1,2]\n', 'b: *x\n', '!!js/function f\n', 'kind: cell\n', '- 1\n', '{', ':', '? x\n', '%YAML 1.1\n---\n', 'name: !custom x\n', '<<: *x\n'), { maxLength: 8 }).map((parts) => ({ type: 'text/yaml', text: parts.join('') })),
  fc.record({ name: fc.oneof(fc.string(), fc.constant('gb38031-cell-compression-18650')), overrides: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }) }).map((b) => ({ type: 'application/json', text: JSON.stringify(b) })),
  fc.tuple(fc.constantFrom('application/octet-stream', 'text/html', 'multipart/form-data', 'application/x-www-form-urlencoded'), fc.string({ maxLength: 100 })).map(([type, text]) => ({ type, text: text || 'x' })),
);

test('1000 random and mutated bodies → only 4xx answers with a message; the server stays up', async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(bodyArb, async (body) => {
      const r = await http(`${server.url}/jobs`, { method: 'POST', body: body.text, headers: { 'content-type': body.type } });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const message = typeof r.body === 'object' && r.body !== null ? (r.body as { message?: unknown }).message : undefined;
      return r.status >= 400 && r.status < 500 && message !== undefined;
    }),
    { numRuns: 1000, seed: 20261126, endOnFailure: true },
  );
  process.stdout.write(`fuzz answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`);
  expect((await http(`${server.url}/health`)).status).toBe(200);
  expect((await http(`${server.url}/jobs`)).body).toEqual([]);
});
