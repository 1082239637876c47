/** Server and worker settings: options, environment, defaults, and errors that name the culprit. */
import * as path from 'path';
import { serverConfig, workerConfig } from '../../../src/api/config';

test('defaults: loopback, port 3000, embedded mode, documented limits', () => {
  const c = serverConfig([], {});
  expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, maxBodyBytes: 1048576, maxElements: 500000, maxSimulatedTimeS: 604800, maxActiveJobs: 64, maxAttempts: 2 });
  expect(c.redisUrl).toBeUndefined();
  expect(c.apiToken).toBeUndefined();
  expect(c.dataDir).toBe(path.resolve('batsafe-data'));
  expect(c.solveThreads).toBeGreaterThanOrEqual(1);
});

test('options override the environment; the environment overrides defaults', () => {
  const c = serverConfig(['--port', '8080', '--data-dir=/tmp/x'], { BATSAFE_PORT: '9000', BATSAFE_REDIS_URL: 'redis://127.0.0.1:6380', BATSAFE_API_TOKEN: 't', BATSAFE_MAX_ACTIVE_JOBS: '5' });
  expect(c).toMatchObject({ port: 8080, dataDir: '/tmp/x', redisUrl: 'redis://127.0.0.1:6380', apiToken: 't', maxActiveJobs: 5 });
});

test('bad input is refused with the option or variable named', () => {
  expect(() => serverConfig(['--prot', '1'], {})).toThrow(/unknown option '--prot'/);
  expect(() => serverConfig(['--port', 'http'], {})).toThrow(/--port 'http' is not a TCP port/);
  expect(() => serverConfig(['--port'], {})).toThrow(/--port needs a value/);
  expect(() => serverConfig([], { BATSAFE_MAX_ELEMENTS: '-3' })).toThrow(/BATSAFE_MAX_ELEMENTS='-3' is not a positive number/);
  expect(() => workerConfig([], {})).toThrow(/BATSAFE_REDIS_URL/);
  expect(workerConfig([], { BATSAFE_REDIS_URL: 'redis://h:1', BATSAFE_LOCK_DURATION_MS: '2000' })).toMatchObject({ redisUrl: 'redis://h:1', lockDurationMs: 2000 });
});
