import { randomUUID } from 'node:crypto';
import { expectProblem, HttpResult, TestApp } from '../support/test-app';

// A slow hash (20 passes, about 10 times the shipped cost) and one slot with two places in the queue: a burst of
// 40 logins cannot all be admitted, whatever the machine's load, since they arrive faster than one hash ends.
const FLOOD_SETTINGS = { ARGON2_PASSES: '20', ARGON2_CONCURRENCY: '1', ARGON2_QUEUE_LIMIT: '2' };
const BURST = 40;

jest.setTimeout(120_000);

describe('a flood of logins beyond the Argon2 queue (ARGON2_CONCURRENCY=1, ARGON2_QUEUE_LIMIT=2)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start(FLOOD_SETTINGS);
  });
  afterAll(() => app.close());

  it('answers each login 200, 401 or 503 with Retry-After, keeps answering /me, and logs in again afterwards', async () => {
    const user = await app.newUser('flooded');
    const logins = Array.from({ length: BURST }, (_, i) =>
      app.request('POST', '/login', {
        body: { email: user.email, password: i % 2 === 0 ? user.password : `wrong ${randomUUID()}` },
      }),
    );
    // /me hashes nothing: it must not wait behind the queue.
    const mes = Array.from({ length: 5 }, () => app.request('GET', '/me', { token: user.accessToken }));
    const answers = await Promise.all(logins);

    expect((await Promise.all(mes)).map((me) => me.status)).toEqual([200, 200, 200, 200, 200]);
    const byStatus = (status: number) => answers.filter((answer) => answer.status === status);
    expect(answers.filter((answer) => ![200, 401, 503].includes(answer.status))).toEqual([]);
    expect(byStatus(200).length).toBeGreaterThan(0);
    expect(byStatus(503).length).toBeGreaterThan(0);
    for (const refused of byStatus(503)) expectBusy(refused);
    for (const wrong of byStatus(401)) expectProblem(wrong, 401, 'INVALID_CREDENTIALS');

    // Every slot came back: one login at a time is admitted again, with the right and the wrong password.
    expect((await app.request('POST', '/login', { body: { email: user.email, password: user.password } })).status).toBe(
      200,
    );
    const wrong = await app.request('POST', '/login', { body: { email: user.email, password: 'not it at all' } });
    expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
  });

  it('refuses secret creations past the queue with the same 503 (the passphrase KDF is Argon2 too)', async () => {
    const creations = await Promise.all(
      Array.from({ length: BURST }, () =>
        app.request('POST', '/secrets', { body: { secret: 'flood', passphrase: 'blue canoe' } }),
      ),
    );
    expect(creations.filter((answer) => ![201, 503].includes(answer.status))).toEqual([]);
    expect(creations.some((answer) => answer.status === 201)).toBe(true);
    const refused = creations.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    refused.forEach(expectBusy);
  });
});

function expectBusy(result: HttpResult): void {
  expectProblem(result, 503, 'SERVICE_UNAVAILABLE');
  expect(result.headers.get('retry-after')).toBe('1');
}
