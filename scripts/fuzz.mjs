// `npm run fuzz`: the OpenAPI fuzzer (test/fuzz) with many more cases per operation than CI runs, printing
// the status histogram per operation and overall. FUZZ_RUNS (default 500) and FUZZ_SEED pass through, and so
// do DATABASE_URL and REDIS_URL (the backend, as for npm test). Extra arguments go to jest.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '500', FUZZ_REPORT: '1' };
const jest = ['jest', '--selectProjects', 'e2e', '--runTestsByPath', 'test/fuzz/openapi.e2e-spec.ts'];
const result = spawnSync('npx', [...jest, ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
