/** Result directories: atomic publication, never replacing a published result, no path traversal. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResultStore, resolveInside } from '../../../src/jobs/result-store';

const ID = '0b5c6f1e-1111-4222-8333-444455556666';
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batsafe-result-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('publish moves the work directory into results/<id>; a second publish never replaces it', () => {
  const store = new ResultStore(dir);
  const w1 = store.createWorkDirectory(ID, 1);
  fs.writeFileSync(path.join(w1, 'summary.json'), '{"status":"completed"}');
  expect(store.publish(ID, w1)).toBe('published');
  expect(fs.existsSync(w1)).toBe(false);
  const w2 = store.createWorkDirectory(ID, 2);
  fs.writeFileSync(path.join(w2, 'summary.json'), '{"status":"failed"}');
  expect(store.publish(ID, w2)).toBe('already-published');
  expect(store.readSummary(ID)).toEqual({ status: 'completed' });
  expect(fs.existsSync(w2)).toBe(false);
});

test('job ids other than UUIDs are refused before touching the file system', () => {
  const store = new ResultStore(dir);
  expect(() => store.resultDirectory('../../etc')).toThrow(/invalid job id/);
  expect(() => store.createWorkDirectory('x/../y', 1)).toThrow(/invalid job id/);
  expect(store.isCancelRequested('../secret')).toBe(false);
});

test('resolveInside serves files of the directory and refuses .., absolute paths, NUL and symlinks that leave it', () => {
  const root = path.join(dir, 'results', ID);
  fs.mkdirSync(path.join(root, 'fields'), { recursive: true });
  fs.writeFileSync(path.join(root, 'summary.json'), '{}');
  fs.writeFileSync(path.join(root, 'fields', 'a.vtu'), '<VTKFile/>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'link.txt'));
  expect(resolveInside(root, 'summary.json')).toBe(fs.realpathSync(path.join(root, 'summary.json')));
  expect(resolveInside(root, 'fields/a.vtu')).toBeDefined();
  for (const bad of ['../secret.txt', '../../secret.txt', 'fields/../../secret.txt', path.join(dir, 'secret.txt'), 'summary.json\0', 'link.txt', 'fields', 'missing.csv']) {
    expect({ bad, resolved: resolveInside(root, bad) }).toEqual({ bad, resolved: undefined });
  }
});

test('writeFileAtomic leaves no temporary file behind', () => {
  const file = path.join(dir, 'x.json');
  ResultStore.writeFileAtomic(file, 'one');
  ResultStore.writeFileAtomic(file, 'two');
  expect(fs.readFileSync(file, 'utf8')).toBe('two');
  expect(fs.readdirSync(dir)).toEqual(['x.json']);
});
