import { randomUUID } from 'node:crypto';
import { ErrorReporter, NoErrorReporter } from '@keyward/core';
import { PermissionResolver } from '@keyward/kernel';
import { SentryIngest } from '../support/sentry-ingest';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

/** Makes the next permission check of a route throw an error the service does not know. */
function breakNextPermissionCheck(app: TestApp, marker: string): void {
  jest.spyOn(app.app.get(PermissionResolver), 'permissionsOf').mockRejectedValueOnce(new Error(marker));
}

describe('Sentry', () => {
  let ingest: SentryIngest;
  beforeAll(async () => {
    ingest = await SentryIngest.start();
  });
  afterAll(() => ingest.close());

  describe('without SENTRY_DSN', () => {
    it('is neither initialised nor sent anything, even for an unexpected error', async () => {
      const app = await TestApp.start();
      try {
        expect(app.app.get(ErrorReporter)).toBeInstanceOf(NoErrorReporter);
        const admin = await app.newAdmin();
        breakNextPermissionCheck(app, `unreported ${randomUUID()}`);
        expectProblem(await app.request('GET', '/users', { token: admin.accessToken }), 500, 'INTERNAL_ERROR');
        const sentry = await import('@sentry/nestjs');
        expect(sentry.isInitialized()).toBe(false);
      } finally {
        await app.close();
      }
      expect(ingest.envelopes).toEqual([]);
    });
  });

  describe('with SENTRY_DSN', () => {
    let app: TestApp;
    let admin: TestUser;
    beforeAll(async () => {
      // Under Jest's module sandbox the SDK cannot add its tracing hooks and says so; tracing is off anyway.
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      app = await TestApp.start({ SENTRY_DSN: ingest.dsn });
      warn.mockRestore();
      admin = await app.newAdmin();
    });
    afterAll(() => app.close());

    const flush = () => app.app.get(ErrorReporter).flush(5000);

    it('reports an unexpected error with its request id and route template, and no credential', async () => {
      const marker = `boom ${randomUUID()}`;
      const key = await app.request('POST', '/api-keys', { token: admin.accessToken, body: { name: 'sentry' } });
      breakNextPermissionCheck(app, marker);
      const failed = await app.request('GET', `/users/${admin.id}?email=${encodeURIComponent(admin.email)}`, {
        token: admin.accessToken,
        headers: { cookie: `session=cookie-${randomUUID()}`, 'x-api-key': key.body.key, 'user-agent': 'sentry-e2e' },
      });
      expectProblem(failed, 500, 'INTERNAL_ERROR');
      await flush();

      const events = ingest.events().filter((envelope) => envelope.text.includes(marker));
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event.text).toContain(`"requestId":"${failed.body.requestId}"`);
      expect(event.text).toContain('"route":"/auth/users/:id"');
      for (const secret of [
        admin.accessToken,
        admin.refreshToken,
        key.body.key,
        admin.password,
        'cookie-',
        'sentry-e2e',
      ])
        expect(event.text).not.toContain(secret);
      expect(event.text).not.toContain(admin.email);
      expect(event.text).not.toContain(admin.id);
    });

    it('reports no client error (4xx)', async () => {
      const before = ingest.events().length;
      expectProblem(await app.request('GET', '/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('GET', `/no-such-route-${randomUUID()}`), 404, 'NOT_FOUND');
      expectProblem(await app.request('POST', '/login', { body: { email: 'x' } }), 400, 'VALIDATION_FAILED');
      const user = await app.newUser('plain');
      expectProblem(await app.request('GET', '/users', { token: user.accessToken }), 403, 'FORBIDDEN');
      await flush();
      expect(ingest.events()).toHaveLength(before);
    });
  });
});
