import { createHmac, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { expectProblem, TestApp } from '../support/test-app';

describe('registration, login, tokens and logout', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  const email = () => `u-${randomUUID()}@example.com`;
  const password = 'a perfectly fine passphrase';

  describe('POST /register', () => {
    it('creates an account with a trimmed, case-folded email', async () => {
      const address = email();
      const res = await app.request('POST', '/register', {
        body: { email: `  ${address.toUpperCase()} `, password, name: 'Ada' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: address,
        name: 'Ada',
        createdAt: expect.any(String),
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it('refuses a taken email whatever its case', async () => {
      const address = email();
      await app.request('POST', '/register', { body: { email: address, password } });
      expectProblem(
        await app.request('POST', '/register', { body: { email: address.toUpperCase(), password } }),
        409,
        'EMAIL_TAKEN',
      );
    });

    it.each([
      ['too short', 'short1!'],
      ['common', 'password123'],
      ['common in another case', 'PassWord123'],
      ['too long', 'x'.repeat(1025)],
    ])('refuses a weak password (%s)', async (_, weak) => {
      expectProblem(
        await app.request('POST', '/register', { body: { email: email(), password: weak } }),
        400,
        'WEAK_PASSWORD',
      );
    });

    it('accepts unicode passwords and never truncates them', async () => {
      const address = email();
      const long = `${'ü'.repeat(600)}tail`;
      expect((await app.request('POST', '/register', { body: { email: address, password: long } })).status).toBe(201);
      expect((await app.request('POST', '/login', { body: { email: address, password: long } })).status).toBe(200);
      const truncated = await app.request('POST', '/login', { body: { email: address, password: 'ü'.repeat(600) } });
      expectProblem(truncated, 401, 'INVALID_CREDENTIALS');
    });

    it.each([
      ['missing email', { password }],
      ['invalid email', { email: 'not-an-email', password }],
      ['wrong type', { email: 42, password }],
      ['unknown field', { email: 'x@example.com', password, admin: true }],
      ['a NUL character, which PostgreSQL cannot store', { email: 'nul@example.com', password, name: 'a\u0000b' }],
    ])('answers 400 VALIDATION_FAILED for %s', async (_, body) => {
      const res = await app.request('POST', '/register', { body });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors.length).toBeGreaterThan(0);
    });

    it('answers malformed JSON, non-object bodies and oversized bodies with problems, never 500', async () => {
      expectProblem(await app.request('POST', '/register', { rawBody: '{"email":' }), 400, 'VALIDATION_FAILED');
      expectProblem(await app.request('POST', '/register', { rawBody: '[1,2,3]' }), 400, 'VALIDATION_FAILED');
      expectProblem(await app.request('POST', '/register', { rawBody: 'null' }), 400, 'VALIDATION_FAILED');
      const huge = JSON.stringify({ email: email(), password: 'x'.repeat(2 * 1024 * 1024) });
      expectProblem(await app.request('POST', '/register', { rawBody: huge }), 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('POST /login and /token', () => {
    it('returns tokens, the session and the user', async () => {
      const user = await app.newUser();
      const res = await app.request('POST', '/login', { body: { email: user.email, password: user.password } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
        sessionId: expect.any(String),
        user: { id: user.id, email: user.email, name: 'user' },
      });
      const header = jwt.decode(res.body.accessToken, { complete: true })?.header;
      expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
    });

    it('answers unknown email, wrong password and a disabled account with one identical body', async () => {
      const user = await app.newUser();
      const admin = await app.newAdmin();
      const disabled = await app.newUser();
      await app.request('PATCH', `/users/${disabled.id}`, { token: admin.accessToken, body: { active: false } });
      const bodies = await Promise.all([
        app.request('POST', '/login', { body: { email: email(), password } }),
        app.request('POST', '/login', { body: { email: user.email, password: 'wrong password here' } }),
        app.request('POST', '/login', { body: { email: disabled.email, password: disabled.password } }),
      ]);
      for (const res of bodies) expectProblem(res, 401, 'INVALID_CREDENTIALS');
      const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
      expect(new Set(bodies.map((b) => JSON.stringify(strip(b.body)))).size).toBe(1);
    });

    it('/token answers in the sign-file shape with a working token', async () => {
      const user = await app.newUser();
      const res = await app.request('POST', '/token', { body: { email: user.email, password: user.password } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ token: expect.any(String), user_id: user.id, exp: expect.any(Number) });
      expect(res.body.exp).toBeGreaterThan(Date.now() / 1000);
      expect((await app.request('GET', '/me', { token: res.body.token })).body.id).toBe(user.id);
      const sessions = await app.request('GET', '/sessions', { token: res.body.token });
      expect(sessions.body.total).toBe(2);
      expectProblem(
        await app.request('POST', '/token', { body: { email: user.email, password: 'nope nope nope' } }),
        401,
        'INVALID_CREDENTIALS',
      );
    });
  });

  // JWT_ALGORITHM=HS256: tokens hand-made with JWT_SECRET (ES256 forgeries are in tokens-jwks.e2e-spec.ts).
  describe('access tokens (HS256)', () => {
    let hs256: TestApp;
    beforeAll(async () => {
      hs256 = await TestApp.start({ RATE_LIMIT_ENABLED: 'false', JWT_ALGORITHM: 'HS256' });
    });
    afterAll(() => hs256.close());

    it('refuses forged, alg:none, wrong-type and expired tokens', async () => {
      const user = await hs256.newUser();
      const claims = { sub: user.id, sid: user.sessionId, aud: 'keyward', iss: 'keyward' };
      const secret = hs256.config.identity.jwt.secret;
      const forged = [
        jwt.sign(claims, 'another secret of sufficient length!!', {
          algorithm: 'HS256',
          header: { alg: 'HS256', typ: 'at+jwt' },
        }),
        `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
        jwt.sign(claims, secret, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'JWT' } }),
        jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret, {
          algorithm: 'HS256',
          header: { alg: 'HS256', typ: 'at+jwt' },
        }),
        jwt.sign({ ...claims, aud: 'someone-else' }, secret, {
          algorithm: 'HS256',
          header: { alg: 'HS256', typ: 'at+jwt' },
        }),
        'not.a.jwt',
      ];
      for (const token of forged) expectProblem(await hs256.request('GET', '/me', { token }), 401, 'UNAUTHENTICATED');
      const genuine = jwt.sign(claims, secret, {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: 'at+jwt' },
        expiresIn: 60,
      });
      expect((await hs256.request('GET', '/me', { token: genuine })).status).toBe(200);
    });

    it('refuses a token without exp, even when it is signed with the right secret for a live session', async () => {
      const user = await hs256.newUser();
      const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
      const handMade = (claims: object) => {
        const unsigned = `${encode({ alg: 'HS256', typ: 'at+jwt' })}.${encode(claims)}`;
        const signature = createHmac('sha256', hs256.config.identity.jwt.secret).update(unsigned).digest('base64url');
        return `${unsigned}.${signature}`;
      };
      const claims = {
        sub: user.id,
        sid: user.sessionId,
        aud: 'keyward',
        iss: 'keyward',
        iat: Math.floor(Date.now() / 1000),
      };
      const forever = handMade(claims);
      expectProblem(await hs256.request('GET', '/me', { token: forever }), 401, 'UNAUTHENTICATED');
      // The same token with an exp is accepted: the signature and claims are right, only exp was missing.
      const bounded = handMade({ ...claims, exp: claims.iat + 60 });
      expect((await hs256.request('GET', '/me', { token: bounded })).status).toBe(200);
    });
  });

  describe('POST /refresh', () => {
    it('rotates the refresh token and keeps the session', async () => {
      const user = await app.newUser();
      const res = await app.request('POST', '/refresh', { body: { refreshToken: user.refreshToken } });
      expect(res.status).toBe(200);
      expect(res.body.sessionId).toBe(user.sessionId);
      expect(res.body.refreshToken).not.toBe(user.refreshToken);
      expect((await app.request('GET', '/me', { token: res.body.accessToken })).status).toBe(200);
      const again = await app.request('POST', '/refresh', { body: { refreshToken: res.body.refreshToken } });
      expect(again.status).toBe(200);
    });

    it('ignores a stale access token sent along, as clients do when it has just expired', async () => {
      const user = await app.newUser();
      const stale = await app.login(user.email, user.password);
      await app.request('POST', '/logout', { token: stale.accessToken });
      const res = await app.request('POST', '/refresh', {
        token: stale.accessToken,
        body: { refreshToken: user.refreshToken },
      });
      expect(res.status).toBe(200);
    });

    it('revokes the whole session when a rotated token is presented again', async () => {
      const user = await app.newUser();
      const rotated = await app.request('POST', '/refresh', { body: { refreshToken: user.refreshToken } });
      expectProblem(
        await app.request('POST', '/refresh', { body: { refreshToken: user.refreshToken } }),
        401,
        'REFRESH_TOKEN_REUSED',
      );
      expectProblem(await app.request('GET', '/me', { token: rotated.body.accessToken }), 401, 'UNAUTHENTICATED');
      expectProblem(
        await app.request('POST', '/refresh', { body: { refreshToken: rotated.body.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
    });

    it('lets at most one of many concurrent refreshes with one token through', async () => {
      const user = await app.newUser();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          app.request('POST', '/refresh', { body: { refreshToken: user.refreshToken } }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of results.filter((r) => r.status !== 200)) {
        expect(r.status).toBe(401);
        expect(['REFRESH_TOKEN_REUSED', 'INVALID_REFRESH_TOKEN']).toContain(r.body.code);
      }
    });

    it('refuses unknown and malformed refresh tokens', async () => {
      const user = await app.newUser();
      const bad = [`${user.sessionId}.not-the-secret`, 'garbage', `${randomUUID()}.abc`];
      for (const refreshToken of bad)
        expectProblem(await app.request('POST', '/refresh', { body: { refreshToken } }), 401, 'INVALID_REFRESH_TOKEN');
      expectProblem(await app.request('POST', '/refresh', { body: {} }), 400, 'VALIDATION_FAILED');
      expect((await app.request('GET', '/me', { token: user.accessToken })).status).toBe(200);
    });
  });

  describe('logout', () => {
    it('kills the access token of the current session at once, and only that session', async () => {
      const user = await app.newUser();
      const other = await app.login(user.email, user.password);
      expect((await app.request('POST', '/logout', { token: user.accessToken })).status).toBe(204);
      expectProblem(await app.request('GET', '/me', { token: user.accessToken }), 401, 'UNAUTHENTICATED');
      expectProblem(
        await app.request('POST', '/refresh', { body: { refreshToken: user.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expect((await app.request('GET', '/me', { token: other.accessToken })).status).toBe(200);
    });

    it('logout-all revokes every session of the user', async () => {
      const user = await app.newUser();
      const other = await app.login(user.email, user.password);
      expect((await app.request('POST', '/logout-all', { token: user.accessToken })).status).toBe(204);
      expectProblem(await app.request('GET', '/me', { token: user.accessToken }), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('GET', '/me', { token: other.accessToken }), 401, 'UNAUTHENTICATED');
    });

    it('needs authentication', async () => {
      expectProblem(await app.request('POST', '/logout'), 401, 'UNAUTHENTICATED');
    });
  });
});

describe('registration closed and login rate limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ REGISTRATION: 'closed', RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '3' });
  });
  afterAll(() => app.close());

  it('refuses self-registration with REGISTRATION_CLOSED', async () => {
    const res = await app.request('POST', '/register', {
      body: { email: `x-${randomUUID()}@example.com`, password: 'fine passphrase here' },
    });
    expectProblem(res, 403, 'REGISTRATION_CLOSED');
  });

  it('answers 429 RATE_LIMITED with Retry-After once an email failed too often from one address', async () => {
    const target = `victim-${randomUUID()}@example.com`;
    for (let i = 0; i < 3; i += 1) {
      expectProblem(
        await app.request('POST', '/login', { body: { email: target, password: 'guess guess guess' } }),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    const limited = await app.request('POST', '/login', { body: { email: target, password: 'guess guess guess' } });
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const otherEmail = await app.request('POST', '/token', {
      body: { email: `other-${randomUUID()}@example.com`, password: 'x y z w v' },
    });
    expectProblem(otherEmail, 401, 'INVALID_CREDENTIALS');
  });
});
