import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Browser, chromium, Page } from 'playwright-core';
import { PASSKEY_PAGE_PATH, startPasskeySite } from '../support/passkey-page';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;

type Json = Record<string, any>;
/** The page's helpers (test/support/passkey-page.ts), as seen from the test. */
type Kw = {
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  create(options: Json): Promise<Json>;
  get(options: Json): Promise<Json>;
  register(token: string, name: string): Promise<{ status: number; body: any; credentialId: string }>;
  login(email?: string): Promise<{ status: number; body: any; sent: { challengeId: string; response: Json } }>;
};
declare const kw: Kw;

/**
 * Passkeys end to end: chromium runs the page on PUBLIC_URL's origin (http://localhost:<port>, which proxies the
 * API), and a virtual authenticator of the DevTools protocol (a platform authenticator with user verification)
 * holds the passkeys. The service verifies with @simplewebauthn/server; nothing is mocked.
 */
describeWithChromium('passkeys in a real browser (chromium, virtual authenticator)', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let appPort: number | null = null;
  const sites: Server[] = [];
  let origin: string;
  let otherOrigin: string;

  beforeAll(async () => {
    const site = await startPasskeySite(() => appPort);
    const elsewhere = await startPasskeySite(() => null);
    sites.push(site.server, elsewhere.server);
    [origin, otherOrigin] = [site.origin, elsewhere.origin];
    // WEBAUTHN_RP_ID is left to its default, PUBLIC_URL's host: localhost.
    app = await TestApp.start({ PUBLIC_URL: origin });
    appPort = Number(new URL(app.baseUrl).port);
    admin = await app.newAdmin();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--host-resolver-rules=MAP localhost 127.0.0.1'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    for (const server of sites) server.close();
  });

  /** A browser tab on the site with an authenticator of its own (so each user's passkeys stay apart). */
  async function device(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${origin}${PASSKEY_PAGE_PATH}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    return page;
  }

  /** A user with a device holding one registered passkey. */
  async function userWithPasskey(prefix: string) {
    const user = await app.newUser(prefix);
    const page = await device();
    const registered = await page.evaluate(({ token }) => kw.register(token, 'laptop'), { token: user.accessToken });
    expect(registered.status).toBe(201);
    return { user, page, passkey: registered.body, credentialId: registered.credentialId };
  }

  async function auditOf(action: string, targetId: string) {
    const result = await app.request('GET', `/audit?action=${action}&targetId=${targetId}`, {
      token: admin.accessToken,
    });
    expect(result.status).toBe(200);
    return result.body.items as Json[];
  }

  const logIn = (challengeId: string, response: Json) =>
    app.request('POST', '/passkeys/authentication', { body: { challengeId, response } });

  it('registers a passkey, lists it, and logs in with it by email and without one; the session is a full one', async () => {
    const user = await app.newUser('passkey');
    const page = await device();
    const registered = await page.evaluate(({ token }) => kw.register(token, 'work laptop'), {
      token: user.accessToken,
    });
    expect(registered).toMatchObject({
      status: 201,
      body: { id: expect.any(String), name: 'work laptop', createdAt: expect.any(String), lastUsedAt: null },
    });
    expect(Object.keys(registered.body).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);

    const byEmail = await page.evaluate((email) => kw.login(email), user.email);
    expect(byEmail).toMatchObject({
      status: 200,
      body: { tokenType: 'Bearer', user: { id: user.id, email: user.email } },
    });
    const discoverable = await page.evaluate(() => kw.login());
    expect(discoverable).toMatchObject({ status: 200, body: { user: { id: user.id } } });
    expect(discoverable.body.sessionId).not.toBe(byEmail.body.sessionId);

    const me = await app.request('GET', '/me', { token: discoverable.body.accessToken });
    expect(me).toMatchObject({ status: 200, body: { id: user.id, mfa: { totp: false, passkeys: 1 } } });
    const mfa = await app.request('GET', '/mfa', { token: user.accessToken });
    expect(mfa.body).toMatchObject({ totp: { enabled: false }, passkeys: 1 });
    const refreshed = await app.request('POST', '/refresh', { body: { refreshToken: byEmail.body.refreshToken } });
    expect(refreshed.status).toBe(200);

    const list = await app.request('GET', '/passkeys', { token: user.accessToken });
    expect(list.body).toEqual({
      items: [{ ...registered.body, lastUsedAt: expect.any(String) }],
      total: 1,
      limit: 50,
      offset: 0,
    });

    const [event] = await auditOf('passkey.registered', registered.body.id);
    expect(event).toMatchObject({ actorId: user.id, details: { name: 'work laptop', userId: user.id } });
    const logins = await auditOf('auth.login.passkey.success', user.id);
    expect(logins.map((e) => e.details.sessionId).sort()).toEqual(
      [byEmail.body.sessionId, discoverable.body.sessionId].sort(),
    );
    expect(JSON.stringify([event, ...logins])).not.toContain(registered.credentialId);
  });

  it('refuses a replayed authentication response; new creation options exclude the registered passkey', async () => {
    const { user, page } = await userWithPasskey('replay');
    const first = await page.evaluate((email) => kw.login(email), user.email);
    expect(first.status).toBe(200);
    expectProblem(await logIn(first.sent.challengeId, first.sent.response), 401, 'INVALID_CREDENTIALS');
    // A second, genuine assertion (its counter moved on) over a challenge already answered is refused too.
    const once = await app.request('POST', '/passkeys/authentication/options', { body: { email: user.email } });
    const [one, two] = [
      await page.evaluate((o) => kw.get(o), once.body),
      await page.evaluate((o) => kw.get(o), once.body),
    ];
    expect((await logIn(once.body.challengeId, one)).status).toBe(200);
    expectProblem(await logIn(once.body.challengeId, two), 401, 'INVALID_CREDENTIALS');

    const options = await app.request('POST', '/passkeys/registration/options', { token: user.accessToken });
    expect(options.body.excludeCredentials).toHaveLength(1);
  });

  it('refuses a registration whose challenge was already used', async () => {
    const user = await app.newUser('reregister');
    const page = await device();
    const options = await app.request('POST', '/passkeys/registration/options', { token: user.accessToken });
    // Two new credentials made for one challenge: the first registers, the second finds the challenge used.
    const create = (o: Json) => page.evaluate((opts) => kw.create({ ...opts, excludeCredentials: [] }), o);
    const [first, second] = [await create(options.body), await create(options.body)];
    const register = (response: Json) =>
      app.request('POST', '/passkeys', { token: user.accessToken, body: { name: 'once', response } });
    expect((await register(first)).status).toBe(201);
    expectProblem(await register(second), 400, 'PASSKEY_VERIFICATION_FAILED');
    expectProblem(await register(first), 400, 'PASSKEY_VERIFICATION_FAILED');
    // Another account cannot use this user's registration challenge either.
    const other = await app.newUser('thief');
    const fresh = await app.request('POST', '/passkeys/registration/options', { token: user.accessToken });
    const stolen = await page.evaluate((o) => kw.create({ ...o, excludeCredentials: [] }), fresh.body);
    const result = await app.request('POST', '/passkeys', {
      token: other.accessToken,
      body: { name: 'x', response: stolen },
    });
    expectProblem(result, 400, 'PASSKEY_VERIFICATION_FAILED');
  });

  it('refuses an expired challenge', async () => {
    const { user, page } = await userWithPasskey('expired');
    const options = await app.request('POST', '/passkeys/authentication/options', { body: { email: user.email } });
    const response = await page.evaluate((o) => kw.get(o), options.body);
    const challenges = app.app.get(DataSource).getRepository('PasskeyChallengeEntity');
    await challenges.update({ id: options.body.challengeId }, { expiresAt: new Date(Date.now() - 1000) });
    expectProblem(await logIn(options.body.challengeId, response), 401, 'INVALID_CREDENTIALS');
  });

  it("refuses another account's passkey on a challenge asked for by email, and treats unknown emails alike", async () => {
    const alice = await userWithPasskey('alice');
    const bob = await userWithPasskey('bob');
    const forAlice = await app.request('POST', '/passkeys/authentication/options', {
      body: { email: alice.user.email },
    });
    expect(forAlice.body.allowCredentials).toEqual([expect.objectContaining({ id: alice.credentialId })]);
    const bobsAnswer = await bob.page.evaluate((o) => kw.get({ ...o, allowCredentials: [] }), forAlice.body);
    expectProblem(await logIn(forAlice.body.challengeId, bobsAnswer), 401, 'INVALID_CREDENTIALS');

    // The same answer on a challenge for Bob's own email is accepted: the account binding made the difference.
    const forBob = await app.request('POST', '/passkeys/authentication/options', { body: { email: bob.user.email } });
    const bobsOwn = await bob.page.evaluate((o) => kw.get(o), forBob.body);
    expect((await logIn(forBob.body.challengeId, bobsOwn)).status).toBe(200);

    // An unknown email and an account without passkeys get the same options, and no passkey answers either.
    const without = await app.newUser('nopasskey');
    const unknown = await app.request('POST', '/passkeys/authentication/options', {
      body: { email: `nobody-${randomUUID()}@example.com` },
    });
    const noPasskeys = await app.request('POST', '/passkeys/authentication/options', {
      body: { email: without.email },
    });
    const shape = (o: Json) => ({ ...o, challenge: typeof o.challenge, challengeId: typeof o.challengeId });
    expect(shape(unknown.body)).toEqual(shape(noPasskeys.body));
    for (const options of [unknown.body, noPasskeys.body]) {
      const answer = await bob.page.evaluate((o) => kw.get(o), options);
      expectProblem(await logIn(options.challengeId, answer), 401, 'INVALID_CREDENTIALS');
    }
  });

  it('refuses a passkey response made on another origin than PUBLIC_URL', async () => {
    const { user, page } = await userWithPasskey('origin');
    await page.goto(`${otherOrigin}${PASSKEY_PAGE_PATH}`);
    const options = await app.request('POST', '/passkeys/authentication/options', { body: { email: user.email } });
    const assertion = await page.evaluate((o) => kw.get(o), options.body);
    expectProblem(await logIn(options.body.challengeId, assertion), 401, 'INVALID_CREDENTIALS');

    const creation = await app.request('POST', '/passkeys/registration/options', { token: user.accessToken });
    const attestation = await page.evaluate((o) => kw.create({ ...o, excludeCredentials: [] }), creation.body);
    const registered = await app.request('POST', '/passkeys', {
      token: user.accessToken,
      body: { name: 'elsewhere', response: attestation },
    });
    expectProblem(registered, 400, 'PASSKEY_VERIFICATION_FAILED');
  });

  it('deletes a passkey: only its owner can, and it no longer logs in', async () => {
    const { user, page, passkey, credentialId } = await userWithPasskey('deleted');
    const stranger = await app.newUser('stranger');
    expectProblem(
      await app.request('DELETE', `/passkeys/${passkey.id}`, { token: stranger.accessToken }),
      404,
      'NOT_FOUND',
    );
    expect((await app.request('DELETE', `/passkeys/${passkey.id}`, { token: user.accessToken })).status).toBe(204);
    expect((await app.request('GET', '/passkeys', { token: user.accessToken })).body.total).toBe(0);
    expect((await app.request('GET', '/me', { token: user.accessToken })).body.mfa).toEqual({
      totp: false,
      passkeys: 0,
    });

    const options = await app.request('POST', '/passkeys/authentication/options', { body: {} });
    const assertion = await page.evaluate(
      ({ o, id }) => kw.get({ ...o, allowCredentials: [{ id, type: 'public-key' }] }),
      { o: options.body, id: credentialId },
    );
    expect(assertion.id).toBe(credentialId);
    const refused = await logIn(options.body.challengeId, assertion);
    expectProblem(refused, 401, 'INVALID_CREDENTIALS');
    expect(await auditOf('passkey.deleted', passkey.id)).toEqual([expect.objectContaining({ actorId: user.id })]);
    const failures = await app.request('GET', '/audit?action=auth.login.passkey.failure', { token: admin.accessToken });
    const failure = failures.body.items.find((e: Json) => e.requestId === refused.headers.get('x-request-id'));
    expect(failure).toMatchObject({ actorId: null, details: { reason: 'unknown-passkey' } });
  });
});

describe('passkey routes refuse bad input with 4xx problems', () => {
  let app: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    app = await TestApp.start();
    user = await app.newUser('input');
  });
  afterAll(() => app?.close());

  const forged = {
    id: 'AAAA',
    rawId: 'AAAA',
    type: 'public-key',
    clientExtensionResults: {},
    response: { clientDataJSON: 'e30', attestationObject: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
  };

  it('answers VALIDATION_FAILED for malformed responses and unknown fields', async () => {
    for (const response of [{}, { ...forged, extra: 1 }, { ...forged, id: 'not base64url!' }]) {
      const registered = await app.request('POST', '/passkeys', {
        token: user.accessToken,
        body: { name: 'x', response },
      });
      expectProblem(registered, 400, 'VALIDATION_FAILED');
    }
    const login = await app.request('POST', '/passkeys/authentication', {
      body: { challengeId: 'nope', response: forged },
    });
    expectProblem(login, 400, 'VALIDATION_FAILED');
  });

  it('refuses well-formed but forged responses without a 5xx', async () => {
    const { attestationObject, clientDataJSON } = forged.response;
    const registration = { ...forged, response: { clientDataJSON, attestationObject } };
    const registered = await app.request('POST', '/passkeys', {
      token: user.accessToken,
      body: { name: 'x', response: registration },
    });
    expectProblem(registered, 400, 'PASSKEY_VERIFICATION_FAILED');
    const options = await app.request('POST', '/passkeys/authentication/options', { body: {} });
    const { authenticatorData, signature } = forged.response;
    const assertion = { ...forged, response: { clientDataJSON, authenticatorData, signature } };
    for (const challengeId of [options.body.challengeId, randomUUID()]) {
      const login = await app.request('POST', '/passkeys/authentication', {
        body: { challengeId, response: assertion },
      });
      expectProblem(login, 401, 'INVALID_CREDENTIALS');
    }
  });

  it('needs authentication for registration and the list', async () => {
    expectProblem(await app.request('POST', '/passkeys/registration/options'), 401, 'UNAUTHENTICATED');
    expectProblem(await app.request('GET', '/passkeys'), 401, 'UNAUTHENTICATED');
  });
});
