import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { TokenKeyRing } from '@keyward/identity';
import { TokenKeyCipher } from '@keyward/identity/adapters/token-keys/token-key-cipher';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

const header = (token: string) => jwt.decode(token, { complete: true })!.header;

/** What another service does: verify an access token with nothing but Keyward's JWKS URL. */
async function verifiedByThirdParty(app: TestApp, token: string) {
  const jwks = createRemoteJWKSet(new URL(`${app.baseUrl}/.well-known/jwks.json`));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: 'keyward', audience: 'keyward' });
  return { payload, protectedHeader };
}

describe('access tokens other services verify with the JWKS (ES256, the default)', () => {
  let app: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    // Reload the keys every second, so that a rotation shows up quickly in this process.
    app = await TestApp.start({ KEYS_REFRESH_SECONDS: '1' });
    user = await app.newUser();
  });
  afterAll(() => app.close());

  it('publishes the current key as a cacheable JWKS, and a third party verifies a token with it', async () => {
    const res = await app.request('GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body.keys).toEqual([
      {
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: expect.any(String),
        alg: 'ES256',
        use: 'sig',
      },
    ]);
    expect(header(user.accessToken)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: res.body.keys[0].kid });
    const { payload } = await verifiedByThirdParty(app, user.accessToken);
    expect(payload).toMatchObject({ sub: user.id, sid: user.sessionId });
  });

  it('refuses a foreign key under the known kid, alg none, HS256 signed with the public key, and an expired token', async () => {
    const kid = header(user.accessToken).kid!;
    const claims = { sub: user.id, sid: user.sessionId, iss: 'keyward', aud: 'keyward' };
    const foreign = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const [{ sealed_private_key: sealed }] = await rawKeys(app, kid);
    const ourKey = new TokenKeyCipher(app.config.identity.tokenKeys.encryptionSecret).open(sealed, kid);
    const jwks = (await app.request('GET', '/.well-known/jwks.json')).body;
    const publicPem = (await import('node:crypto'))
      .createPublicKey({ key: jwks.keys[0], format: 'jwk' })
      .export({ format: 'pem', type: 'spki' }) as string;
    const es256 = { algorithm: 'ES256' as const, header: { alg: 'ES256' as const, typ: 'at+jwt', kid } };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const refused = {
      foreign: jwt.sign(claims, foreign, { ...es256, expiresIn: 60 }),
      none: `${encode({ alg: 'none', typ: 'at+jwt', kid })}.${encode({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 })}.`,
      confusion: jwt.sign(claims, publicPem, {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: 'at+jwt', kid },
        expiresIn: 60,
      }),
      expired: jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 }, ourKey, es256),
    };
    for (const [name, token] of Object.entries(refused)) {
      const res = await app.request('GET', '/me', { token });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expectProblem(res, 401, 'UNAUTHENTICATED');
    }
    // The same claims signed with our key and a future exp pass: the refusals above are about key, alg and exp.
    const genuine = jwt.sign(claims, ourKey, { ...es256, expiresIn: 60 });
    expect((await app.request('GET', '/me', { token: genuine })).status).toBe(200);
  });

  it('lets a refused bearer token decide: a valid X-Api-Key sent alongside does not rescue it', async () => {
    const created = await app.request('POST', '/api-keys', { token: user.accessToken, body: { name: 'alongside' } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect((await app.request('GET', '/me', { apiKey: key })).status).toBe(200);
    const forged = `${user.accessToken.slice(0, -4)}AAAA`;
    expectProblem(await app.request('GET', '/me', { token: forged, apiKey: key }), 401, 'UNAUTHENTICATED');
  });

  it('stores the private key sealed, never in plaintext', async () => {
    const rows = await rawKeys(app);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.sealed_private_key).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
      expect(row.sealed_private_key).not.toContain('PRIVATE KEY');
      expect(JSON.parse(row.public_jwk)).not.toHaveProperty('d');
    }
  });

  it('keys:rotate: new tokens carry the new kid, old tokens still verify (here and by a third party)', async () => {
    const oldToken = (await app.login(user.email, user.password)).accessToken;
    const oldKid = header(oldToken).kid;
    const rotated = await app.app.get(TokenKeyRing).rotate();
    expect(rotated.kid).not.toBe(oldKid);

    // The rotation was made outside the key ring's cache, as keys:rotate does from its own process: the service
    // signs with the new key after its next reload (KEYS_REFRESH_SECONDS=1).
    let newToken = oldToken;
    for (let attempt = 0; attempt < 100 && header(newToken).kid !== rotated.kid; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      newToken = (await app.login(user.email, user.password)).accessToken;
    }
    expect(header(newToken).kid).toBe(rotated.kid);

    const jwks = (await app.request('GET', '/.well-known/jwks.json')).body;
    expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual([rotated.kid, oldKid]);
    expect((await verifiedByThirdParty(app, newToken)).protectedHeader.kid).toBe(rotated.kid);
    expect((await verifiedByThirdParty(app, oldToken)).protectedHeader.kid).toBe(oldKid);
    expect((await app.request('GET', '/me', { token: oldToken })).status).toBe(200);
    expect((await app.request('GET', '/me', { token: newToken })).status).toBe(200);
  });

  it('tokens with random kids cost no key reload per request', async () => {
    const ring = app.app.get(TokenKeyRing);
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const claims = { sub: user.id, sid: user.sessionId, iss: 'keyward', aud: 'keyward' };
    const before = ring.reloads;
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        app.request('GET', '/me', {
          token: jwt.sign(claims, key, {
            algorithm: 'ES256',
            header: { alg: 'ES256', typ: 'at+jwt', kid: randomUUID() },
            expiresIn: 60,
          }),
        }),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(40).fill(401));
    // The periodic reload (every second here) may run meanwhile, and one reload for the unknown kids: never 40.
    expect(ring.reloads - before).toBeLessThanOrEqual(5);
  });
});

describe.each([
  ['RS256', 'RSA'],
  ['HS256', null],
] as const)('JWT_ALGORITHM=%s', (algorithm, kty) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ JWT_ALGORITHM: algorithm });
  });
  afterAll(() => app.close());

  it('logs in, signs with that algorithm and authenticates the token', async () => {
    const user = await app.newUser();
    const jwks = (await app.request('GET', '/.well-known/jwks.json')).body;
    if (kty) {
      expect(jwks.keys).toEqual([expect.objectContaining({ kty, alg: algorithm, kid: expect.any(String) })]);
      expect(header(user.accessToken)).toEqual({ alg: algorithm, typ: 'at+jwt', kid: jwks.keys[0].kid });
      expect((await verifiedByThirdParty(app, user.accessToken)).payload.sub).toBe(user.id);
    } else {
      // The shared-secret mode: nothing to publish, no key in the database.
      expect(jwks).toEqual({ keys: [] });
      expect(header(user.accessToken)).toEqual({ alg: 'HS256', typ: 'at+jwt' });
      expect(await rawKeys(app)).toEqual([]);
    }
    expect((await app.request('GET', '/me', { token: user.accessToken })).body.id).toBe(user.id);
    await app.request('POST', '/logout', { token: user.accessToken });
    expectProblem(await app.request('GET', '/me', { token: user.accessToken }), 401, 'UNAUTHENTICATED');
  });
});

async function rawKeys(app: TestApp, kid?: string) {
  const { DataSource } = await import('typeorm');
  const dataSource = app.app.get(DataSource);
  const postgres = dataSource.options.type === 'postgres';
  const where = kid ? ` WHERE kid = ${postgres ? '$1' : '?'}` : '';
  return dataSource.query(
    `SELECT kid, sealed_private_key, public_jwk FROM token_signing_keys${where}`,
    kid ? [kid] : [],
  );
}
