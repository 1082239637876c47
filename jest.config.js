/** Jest: TypeScript through @swc/jest (fast; type checking is `npm run build`, which `npm test` runs first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    }],
  },
  testTimeout: 120000,
  // The machine has 2 cores; tests that start servers or worker pools share them.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-line-reporter.js'],
};
