/**
 * API end to end, embedded mode, against a real server process listening on 127.0.0.1:
 * submit → progress → result, SSE resume, cancel, every problem of an invalid scenario, limits,
 * token, safe YAML, path traversal, catalog and OpenAPI. Reference: the issue 9 contract; the
 * result files are compared with what the job record reports (same numbers, no tolerance).
 */
import * as fs from 'fs';
import * as path from 'path';
import { http, rawGet, readSse, Server, slowScenario, startServer, tempDir, tinyScenario, waitForState } from './support';

// Real processes on a shared 2-core machine: generous per-test time (speed is measured in bench, not here).
jest.setTimeout(300_000);

const TOKEN = 'test-token-8c1f';
let server: Server;
let dataDir: string;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  dataDir = tempDir('api-embedded');
  server = await startServer(dataDir, {
    BATSAFE_API_TOKEN: TOKEN,
    BATSAFE_MAX_BODY_BYTES: '65536',
    // The slow scenario simulates 1.5e3 s; a 2 h observation is above this test limit.
    BATSAFE_MAX_SIMULATED_TIME_S: '5000',
    BATSAFE_SOLVE_THREADS: '2',
  });
}, 240_000);

afterAll(async () => {
  await server?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded API', () => {
  test('submit → SSE progress and events → completed; summary, timeseries and report served; job log lines carry the job id', async () => {
    const submitted = await http(`${server.url}/jobs`, { method: 'POST', json: tinyScenario(), headers: auth });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    expect(submitted.headers.get('location')).toBe(`/jobs/${id}`);

    const messages = await readSse(`${server.url}/jobs/${id}/events`);
    const kinds = messages.map((m) => m.event);
    expect(kinds).toContain('progress');
    expect(kinds).toContain('event');
    expect(kinds[kinds.length - 1]).toBe('completed');
    // SSE ids strictly increase (they are the resume points).
    const ids = messages.map((m) => m.id!);
    expect(ids.every((v, i) => i === 0 || v > ids[i - 1])).toBe(true);

    const record = await http(`${server.url}/jobs/${id}`);
    expect(record.body.state).toBe('completed');
    expect(record.body.events.map((e: any) => e.event.kind)).toContain('peak-force');

    const summary = await http(`${server.url}/jobs/${id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.status).toBe('completed');
    // The record's headline is the summary's own numbers (exact equality).
    expect(record.body.summary.results['Peak indenter force [N]']).toBe(summary.body.results['Peak indenter force [N]']);
    expect(summary.body.results['Peak indenter force [N]']).toBeGreaterThan(0);

    const csv = await http<string>(`${server.url}/jobs/${id}/timeseries`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toContain('Time [s]');
    const report = await http<string>(`${server.url}/jobs/${id}/report`);
    expect(report.status).toBe(200);
    expect(report.body).toContain('<html');

    const jobLines = server.logs.filter((l) => l.jobId === id).map((l) => l.msg);
    expect(jobLines).toEqual(expect.arrayContaining(['job queued', 'solve started', 'solve finished']));
  });

  test('Last-Event-ID resume replays only what came after it', async () => {
    const submitted = await http(`${server.url}/jobs`, { method: 'POST', json: tinyScenario('resume'), headers: auth });
    const id = submitted.body.id as string;
    const all = await readSse(`${server.url}/jobs/${id}/events`);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const cut = all[1].id!;
    const resumed = await readSse(`${server.url}/jobs/${id}/events`, { 'last-event-id': String(cut) });
    expect(resumed.map((m) => m.id)).toEqual(all.filter((m) => m.id! > cut).map((m) => m.id));
    expect(resumed[resumed.length - 1].event).toBe('completed');
  });

  test('YAML body and a shipped scenario with overrides are accepted', async () => {
    const yaml = [
      'kind: cell',
      'name: yaml-body',
      'cell: { preset: generic-18650-lco, stateOfCharge: 0.5 }',
      'loading: { type: indentation, indenter: { shape: flat-plate }, speed: 10 mm/s }',
      'steps: { stop: { displacement: 1 mm }, observe: 1 s }',
      'mesh: { resolution: coarse }',
    ].join('\n');
    const y = await http(`${server.url}/jobs`, { method: 'POST', body: yaml, headers: { 'content-type': 'application/yaml', ...auth } });
    expect(y.status).toBe(202);
    expect(y.body.scenarioName).toBe('yaml-body');

    const scenarios = await http(`${server.url}/scenarios`);
    expect(scenarios.status).toBe(200);
    const shipped = scenarios.body[0]?.name as string;
    expect(typeof shipped).toBe('string');
    const s = await http(`${server.url}/jobs`, { method: 'POST', json: { name: shipped, overrides: { mesh: { resolution: 'coarse' }, steps: { observe: '1 s' } } }, headers: auth });
    expect(s.status).toBe(202);
    const unknown = await http(`${server.url}/jobs`, { method: 'POST', json: { name: 'no-such-scenario' }, headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.body.problems[0].path).toBe('name');
    await waitForState(server.url, y.body.id, ['completed']);
    await waitForState(server.url, s.body.id, ['completed', 'failed']);
  });

  test('an invalid scenario → 400 listing every problem with its path (validate and submit alike)', async () => {
    const bad = { ...tinyScenario(), cell: { preset: 'no-such-cell', stateOfCharge: 1.5 }, steps: { observe: 'ten' }, colour: 'red' };
    for (const url of [`${server.url}/scenarios/validate`, `${server.url}/jobs`]) {
      const r = await http(url, { method: 'POST', json: bad, headers: auth });
      expect(r.status).toBe(400);
      const paths = (r.body.problems as { path: string }[]).map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['cell.preset', 'cell.stateOfCharge', 'steps.observe', 'colour']));
      for (const p of r.body.problems) expect(p.message.length).toBeGreaterThan(0);
    }
    const ok = await http(`${server.url}/scenarios/validate`, { method: 'POST', json: tinyScenario() });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, estimatedCost: { elements: 80 } });
  });

  test('limits: simulated time above BATSAFE_MAX_SIMULATED_TIME_S → 422 naming the limit; body above BATSAFE_MAX_BODY_BYTES → 413', async () => {
    const long = await http(`${server.url}/jobs`, { method: 'POST', json: { ...tinyScenario(), steps: { stop: { displacement: '1 mm' }, observe: '2 h' } }, headers: auth });
    expect(long.status).toBe(422);
    expect(long.body.problems[0]).toMatchObject({ path: 'steps' });
    expect(long.body.problems[0].message).toContain('BATSAFE_MAX_SIMULATED_TIME_S');
    const huge = await http(`${server.url}/jobs`, { method: 'POST', json: { ...tinyScenario(), description: 'x'.repeat(70_000) }, headers: auth });
    expect(huge.status).toBe(413);
    expect(huge.body.message).toContain('BATSAFE_MAX_BODY_BYTES');
  });

  test('API token: mutating requests without it → 401; reads and validation need none', async () => {
    expect((await http(`${server.url}/jobs`, { method: 'POST', json: tinyScenario() })).status).toBe(401);
    expect((await http(`${server.url}/jobs`, { method: 'POST', json: tinyScenario(), headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await http(`${server.url}/jobs/00000000-0000-4000-8000-000000000000`, { method: 'DELETE' })).status).toBe(401);
    expect((await http(`${server.url}/jobs`)).status).toBe(200);
    // Request logs carry headers: the token is redacted from them.
    expect(server.logs.some((l) => JSON.stringify(l).includes('[Redacted]'))).toBe(true);
    expect(JSON.stringify(server.logs)).not.toContain(TOKEN);
  });

  test('YAML is parsed safely: custom tags and alias bombs are refused with 400', async () => {
    const tagged = 'kind: cell\nname: !!js/function "function () { return 1 }"\n';
    const r1 = await http(`${server.url}/scenarios/validate`, { method: 'POST', body: tagged, headers: { 'content-type': 'application/yaml' } });
    expect(r1.status).toBe(400);
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    const bomb = lines.join('\n') + '\n';
    const r2 = await http(`${server.url}/scenarios/validate`, { method: 'POST', body: bomb, headers: { 'content-type': 'application/yaml' } });
    expect(r2.status).toBe(400);
    expect(JSON.stringify(r2.body.problems)).toMatch(/alias/i);
    expect((await http(`${server.url}/health/live`)).status).toBe(200);
  });

  test('result endpoints serve only files of the job directory: traversal attempts → 400/404, never another file', async () => {
    const submitted = await http(`${server.url}/jobs?fields=true`, { method: 'POST', json: tinyScenario('traversal'), headers: auth });
    const id = submitted.body.id as string;
    const done = await waitForState(server.url, id, ['completed']);
    // The legitimate field file is served.
    const vtu = (done.summary.files as string[]).find((f) => f.endsWith('.vtu'));
    expect(vtu).toBeDefined();
    const field = await rawGet(server.url, `/jobs/${id}/fields/${vtu}`);
    expect(field.status).toBe(200);
    expect(field.body).toContain('<VTKFile');
    fs.writeFileSync(path.join(dataDir, 'secret.txt'), 'do not serve');
    const attempts = [
      `/jobs/${id}/fields/..%2F..%2Fsecret.txt`,
      `/jobs/${id}/fields/%2E%2E%2Fsummary.json`,
      `/jobs/${id}/fields/..`,
      `/jobs/${id}/fields/%2E%2E`,
      `/jobs/${id}/../../secret.txt`,
      `/jobs/${id}/fields/../../../secret.txt`,
      `/jobs/..%2Fsecret.txt/summary`,
      `/jobs/${id}%2F..%2F..%2Fsecret.txt/summary`,
      `/jobs/${id}/fields/%2Fetc%2Fpasswd`,
    ];
    for (const a of attempts) {
      const r = await rawGet(server.url, a);
      expect({ attempt: a, status: [400, 404].includes(r.status) }).toEqual({ attempt: a, status: true });
      expect(r.body).not.toContain('do not serve');
    }
    expect((await http(`${server.url}/jobs/${id}/fields/nothing.vtu`)).status).toBe(404);
  });

  test('cancel: DELETE on a running job → cancelled with a reason; partial results kept; DELETE again → 409', async () => {
    const submitted = await http(`${server.url}/jobs`, { method: 'POST', json: slowScenario('to-cancel'), headers: auth });
    expect(submitted.status).toBe(202);
    const id = submitted.body.id as string;
    await readSse(`${server.url}/jobs/${id}/events`, {}, (m) => m.event === 'progress');
    const del = await http(`${server.url}/jobs/${id}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(200);
    const done = await waitForState(server.url, id, ['cancelled', 'completed', 'failed'], 60_000);
    expect(done.state).toBe('cancelled');
    expect(done.reason).toMatch(/cancel/);
    const summary = await http(`${server.url}/jobs/${id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.status).toBe('cancelled');
    expect((await http(`${server.url}/jobs/${id}`, { method: 'DELETE', headers: auth })).status).toBe(409);
  });

  test('catalog, health and OpenAPI', async () => {
    const materials = await http(`${server.url}/materials`);
    expect(materials.status).toBe(200);
    expect(materials.body.length).toBeGreaterThan(0);
    for (const m of materials.body) {
      expect(m).toEqual(expect.objectContaining({ id: expect.any(String), citations: expect.any(Array), source: expect.any(String), status: expect.any(String) }));
    }
    const one = await http(`${server.url}/materials/${encodeURIComponent(materials.body[0].id)}`);
    expect(one.status).toBe(200);
    expect((await http(`${server.url}/materials/no-such-card`)).status).toBe(404);
    const standards = await http(`${server.url}/standards`);
    expect(standards.status).toBe(200);
    expect(standards.body.length).toBeGreaterThan(0);
    const health = await http(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(health.body.info.jobs.mode).toBe('embedded');
    const doc = await http(`${server.url}/docs-json`);
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/jobs', '/jobs/{id}', '/jobs/{id}/events', '/scenarios/validate', '/health']));
    // The zod-generated response schema of a job record is in the document.
    expect(JSON.stringify(doc.body.components)).toContain('lastSeq');
    // The scenario body schema comes from the scenario zod schema; the shipped-scenario form is referenced too.
    expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['CellScenario', 'ShippedScenarioRequestDto', 'JobRecordDto']));
    expect(doc.body.components.schemas.CellScenario.properties.cell).toBeDefined();
    expect((await http(`${server.url}/docs`)).status).toBe(200);
  });
});
