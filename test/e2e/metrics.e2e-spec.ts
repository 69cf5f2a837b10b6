import { randomBytes, randomUUID } from 'node:crypto';
import { parseMetrics, Sample, valueOf } from '../support/prometheus';
import { newSigner, SigningTestApp, startSigningApp } from '../support/signing';
import { expectProblem, formOf, TestApp, TestUser } from '../support/test-app';

const METRICS_TOKEN = randomBytes(24).toString('base64url');

describe('GET /auth/metrics', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    signing = await startSigningApp({ keys: [{ algo: 'ed25519' }], env: { METRICS_TOKEN } });
    app = signing.app;
    admin = await app.newAdmin();
  }, 60_000);
  afterAll(() => signing?.close());

  async function scrape(): Promise<{ samples: Sample[]; text: string }> {
    const res = await app.request('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return { samples: parseMetrics(res.text), text: res.text };
  }

  describe('who may read', () => {
    it('answers the METRICS_TOKEN bearer and a holder of metrics:read in the Prometheus text format', async () => {
      for (const headers of [
        { authorization: `Bearer ${METRICS_TOKEN}` },
        { authorization: `Bearer ${admin.accessToken}` },
      ]) {
        const res = await app.request('GET', '/metrics', { headers });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
        expect(res.text).toContain('# TYPE keyward_http_request_duration_seconds histogram');
      }
    });

    it('refuses no credentials and a wrong token with 401, and a user without metrics:read with 403', async () => {
      expectProblem(await app.request('GET', '/metrics'), 401, 'UNAUTHENTICATED');
      const wrong = `${METRICS_TOKEN.slice(0, -1)}${METRICS_TOKEN.endsWith('A') ? 'B' : 'A'}`;
      expectProblem(await app.request('GET', '/metrics', { token: wrong }), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('GET', '/metrics', { apiKey: 'kw_not-a-key' }), 401, 'UNAUTHENTICATED');
      const user = await app.newUser('no-metrics');
      expectProblem(await app.request('GET', '/metrics', { token: user.accessToken }), 403, 'FORBIDDEN');
    });
  });

  it('counts logins by outcome, secrets by event and signatures by key and outcome', async () => {
    const before = (await scrape()).samples;
    const user = await app.newUser('metered'); // one successful login
    await app.request('POST', '/login', { body: { email: user.email, password: 'not the password' } });
    await app.request('POST', '/login', {
      body: { email: `nobody-${randomUUID()}@example.com`, password: 'x'.repeat(9) },
    });

    const create = () =>
      app.request('POST', '/secrets', { token: user.accessToken, body: { secret: 's', passphrase: 'p' } });
    const revealed = (await create()).body;
    expect((await app.request('POST', `/secrets/${revealed.secretKey}`, { body: { passphrase: 'p' } })).status).toBe(
      200,
    );
    const burned = (await create()).body;
    expect((await app.request('DELETE', `/secrets/${burned.id}`, { token: user.accessToken })).status).toBe(204);
    const destroyed = (await create()).body;
    for (let i = 0; i < 5; i += 1)
      await app.request('POST', `/secrets/${destroyed.secretKey}`, { body: { passphrase: 'wrong' } });

    const signer = await newSigner(app, admin); // a second successful login
    const key = signing.gpg.keys[0];
    const sign = (keyid: string) =>
      app.request('POST', `/sign?keyid=${keyid}`, { token: signer.accessToken, form: formOf(['file', 'a.txt', 'A']) });
    expect((await sign(key.keyid)).status).toBe(200);
    expect((await sign('DEADBEEFDEADBEEF')).status).toBe(404);
    const batch = await app.request('POST', `/sign-batch?keyid=${key.keyid}`, {
      token: signer.accessToken,
      form: formOf(['files', 'a.txt', 'A'], ['files', 'b.txt', 'B']),
    });
    expect(batch.status).toBe(200);

    const after = (await scrape()).samples;
    const delta = (name: string, labels: Record<string, string>) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect({
      success: delta('keyward_logins_total', { outcome: 'success' }),
      failure: delta('keyward_logins_total', { outcome: 'failure' }),
      created: delta('keyward_secrets_total', { event: 'created' }),
      revealed: delta('keyward_secrets_total', { event: 'revealed' }),
      burned: delta('keyward_secrets_total', { event: 'burned' }),
      destroyed: delta('keyward_secrets_total', { event: 'destroyed' }),
      signed: delta('keyward_signatures_total', { key: key.keyid, operation: 'sign', outcome: 'success' }),
      batches: delta('keyward_signatures_total', { key: key.keyid, operation: 'sign-batch', outcome: 'success' }),
      unknownKey: delta('keyward_signatures_total', { key: 'unknown', operation: 'sign', outcome: 'failure' }),
      timed: delta('keyward_signing_duration_seconds_count', { key: key.keyid }),
    }).toEqual({
      success: 2,
      failure: 2,
      created: 3,
      revealed: 1,
      burned: 1,
      destroyed: 1,
      signed: 1,
      batches: 1,
      unknownKey: 1,
      timed: 2,
    });
    // The client's reference is no label: only configured keys and "unknown" name a series.
    expect(
      after
        .filter((s) => s.name === 'keyward_signatures_total')
        .map((s) => s.labels.key)
        .sort(),
    ).toEqual([key.keyid, key.keyid, 'unknown'].sort());
  });

  it('labels requests by route template, and every unmatched path with one label', async () => {
    const user = await app.newUser('templated');
    const got = await app.request('GET', `/users/${user.id}`, { token: admin.accessToken });
    expect(got.status).toBe(200);
    for (let i = 0; i < 3; i += 1)
      expect((await app.request('GET', `/no-such-route-${randomUUID()}`)).status).toBe(404);
    const first = await scrape();
    const series = (samples: Sample[]) =>
      samples.filter((s) => s.name === 'keyward_http_request_duration_seconds_count').length;
    expect(
      valueOf(first.samples, 'keyward_http_request_duration_seconds_count', {
        route: '/auth/users/:id',
        method: 'GET',
        status: '200',
      }),
    ).toBe(1);
    expect(
      valueOf(first.samples, 'keyward_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }),
    ).toBe(3);
    expect(first.text).not.toContain(user.id);
    expect(first.text).not.toContain('no-such-route');

    // More unknown paths add to the count, not to the series.
    for (let i = 0; i < 3; i += 1) await app.request('GET', `/no-such-route-${randomUUID()}`);
    const second = await scrape();
    expect(series(second.samples)).toBe(series(first.samples)); // earlier scrapes made the /metrics series already
    expect(
      valueOf(second.samples, 'keyward_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }),
    ).toBe(6);
  });

  it('reports live sessions counted in the session store, and process and event-loop metrics', async () => {
    const live = async () => valueOf((await scrape()).samples, 'keyward_active_sessions');
    const user = await app.newUser('sessions');
    const before = await live();
    const again = await app.login(user.email, user.password);
    // Under Redis the session keys are shared with the other suites running at once: only this store is exact.
    if (app.config.redis.url === null) {
      expect(await live()).toBe(before + 1);
      expect((await app.request('POST', '/logout', { token: again.accessToken })).status).toBe(204);
      expect(await live()).toBe(before);
    } else {
      expect(await live()).toBeGreaterThanOrEqual(1);
    }
    const { samples } = await scrape();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(samples.some((s) => s.name === name)).toBe(true);
  });
});
