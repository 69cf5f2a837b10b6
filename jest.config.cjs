// Three tiers (see README): unit specs next to the code, integration specs against real
// databases and Redis, end-to-end suites against the composed app over HTTP.
const swcOptions = require('./scripts/swc-options.cjs');

// NestJS 12 and some of what it pulls in ship ES modules only; Jest's CommonJS loader needs them transformed.
const esmOnly = [
  '@nestjs',
  'uid',
  'cookie',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  '@borewit',
  'marked',
  'load-esm',
  'content-disposition',
  // @fastify/cookie loads `cookie` (ES modules only) with a dynamic import(), which Jest's loader cannot run.
  '@fastify/cookie',
  // otplib's default plugins (TOTP): @scure/base and @noble/hashes.
  '@scure',
  '@noble',
  'jose',
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swcOptions(), sourceMaps: 'inline', swcrc: false }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@keyward/testing$': '<rootDir>/test/fakes',
    '^@keyward/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@keyward/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['<rootDir>/test/setup/jest-setup.ts'],
};

module.exports = {
  maxWorkers: 2,
  // End-to-end cases hash passwords and start processes; a busy 2-core machine needs headroom.
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  projects: [
    // test/**/*.spec.ts: unit tests of what lives outside apps and libs (the build script).
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/(apps|libs)/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/(apps|libs)/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
