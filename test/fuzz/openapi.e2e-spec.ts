import fc from 'fast-check';
import { SigningTestApp, startSigningApp } from '../support/signing';
import { TestApp } from '../support/test-app';
import { FuzzWorld } from './support/fuzz-world';
import { OpenApiDocument, Operation, operationsOf } from './support/openapi-model';
import { describeExchange, fieldsOf, isJson } from './support/exchange';
import { RawHttp } from './support/raw-http';
import { casesFor } from './support/request-cases';
import { ResponseOracle } from './support/response-oracle';
import { StatusHistogram } from './support/status-histogram';

/**
 * Property-based fuzzing of every operation in the served OpenAPI document: requests generated from the
 * document (valid ones, and wrong types, hostile strings, NULs, lone surrogates, deep nesting, extra and
 * missing fields, broken JSON, wrong content types, broken multipart), sent by an admin, an admin's API
 * key, a plain user, nobody and a forged token. Every answer must be below 500; every error problem details
 * with a code and the request id; every success documented, with a body its schema accepts.
 *
 * FUZZ_RUNS sets the cases per operation (CI default below: about a minute per backend; `npm run fuzz`
 * runs many more and prints the histogram); FUZZ_SEED replays a run (fast-check prints the seed of a failure).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 2 ** 31);
const REPORT = process.env.FUZZ_REPORT === '1';
// Bounds that grow with the number of cases, so that `npm run fuzz` can run long and CI cannot hang.
const OPERATION_TIME_LIMIT_MS = 60000 + RUNS * 600;
const TAG_TIMEOUT_MS = 120000 + RUNS * 3000;

const TAGS = [
  'authentication',
  'me',
  'mfa',
  'sessions',
  'api keys',
  'passkeys',
  'account links',
  'users',
  'access control',
  'one-time secrets',
  'signing',
  'audit',
  'operations',
];

/** Operations that can take the actors' own credentials or privileges away (logout, password, roles...). */
const TOUCHES_ACTORS = new Set(['authentication', 'me', 'mfa', 'sessions', 'api keys', 'users']);

describe('OpenAPI fuzzing: no input gets a 5xx, every answer is as documented', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let world: FuzzWorld;
  let document: OpenApiDocument;
  let operations: Operation[];
  let oracle: ResponseOracle;
  let http: RawHttp;
  const histogram = new StatusHistogram();

  beforeAll(async () => {
    signing = await startSigningApp({
      keys: [{ algo: 'ed25519' }],
      env: {
        SIGNING_AGENTS: '1',
        SIGNING_MAX_UPLOAD_BYTES: '65536',
        SIGNING_BATCH_MAX_FILES: '3',
        // Cheap hashing, so that many requests reach the routes (TestApp already sets generous rate limits).
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_PASSES: '1',
      },
    });
    app = signing.app;
    const url = new URL(app.baseUrl);
    http = new RawHttp(url.hostname, Number(url.port));
    document = (await app.request('GET', '/openapi.json')).body as OpenApiDocument;
    operations = operationsOf(document);
    oracle = new ResponseOracle(document);
    world = new FuzzWorld(app);
    await world.start();
  }, 120000);

  afterAll(async () => {
    if (REPORT) process.stdout.write(`\nfuzz seed ${SEED}, ${RUNS} runs per operation\n${histogram.report()}\n\n`);
    http?.close();
    await signing?.close();
  }, 60000);

  it('knows every documented operation (a new tag must be added to the list)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(70);
    expect(operations.filter((operation) => !TAGS.includes(operation.tag)).map((o) => o.key)).toEqual([]);
  });

  it.each(TAGS)(
    '%s',
    async (tag) => {
      const failures: string[] = [];
      for (const operation of operations.filter((o) => o.tag === tag)) {
        await world.heal();
        await world.refresh();
        const heals = TOUCHES_ACTORS.has(tag) && operation.method !== 'GET';
        const documentedJson = operation.body?.mediaType === 'application/json';
        const property = fc.asyncProperty(casesFor(operation, { pools: world.pools, document }), async (generated) => {
          const request = { ...generated.request };
          request.headers = { ...world.headersFor(generated.caller), ...generated.request.headers };
          // Every case on one kept-alive connection: an upload refused part-way must leave it usable.
          const response = await http.send(request);
          histogram.count(operation.key, response.status);
          if (generated.bodyKind === 'valid' && documentedJson && isJson(request) && response.status === 400)
            histogram.refused(operation.key, fieldsOf(response), request.body?.toString('utf8') ?? '');
          if (heals) await world.heal();
          const verdict = oracle.verdict(operation, response);
          if (verdict) throw new Error(`${verdict} (as ${generated.caller})\n${describeExchange(request, response)}`);
        });
        try {
          await fc.assert(property, {
            numRuns: RUNS,
            // Each operation its own stream: with one seed for all, every operation would draw the same callers.
            seed: (SEED + operations.indexOf(operation)) | 0,
            includeErrorInReport: true,
            interruptAfterTimeLimit: OPERATION_TIME_LIMIT_MS,
          });
        } catch (error) {
          failures.push(`${operation.key} (FUZZ_SEED=${SEED} replays the run): ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    },
    TAG_TIMEOUT_MS,
  );

  it('sent no request that got a 5xx', () => {
    expect(histogram.total).toBeGreaterThan(0);
    expect(histogram.serverErrors()).toBe(0);
  });
});
