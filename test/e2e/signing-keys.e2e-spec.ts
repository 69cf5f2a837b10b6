import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { GpgTestKey } from '../fixtures/gpg';
import { gpgVerify, leftovers, newSigner, SigningTestApp, startSigningApp } from '../support/signing';
import { expectProblem, formOf, TestApp, TestUser } from '../support/test-app';

const KEY_FIELDS = ['keyid', 'fingerprint', 'uids', 'algorithm', 'bits', 'createdAt', 'expiresAt'];

describe('signing: keys, access to them, public keys and verification', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let admin: TestUser;
  let signer: TestUser;
  let rsa: GpgTestKey;
  let ed: GpgTestKey;

  beforeAll(async () => {
    signing = await startSigningApp();
    app = signing.app;
    [rsa, ed] = signing.gpg.keys;
    admin = await app.newAdmin();
    signer = await newSigner(app, admin);
  }, 60_000);
  afterAll(() => signing?.close());
  afterEach(() => expect(leftovers(signing.staging)).toEqual([]));

  const list = (user: TestUser, query = '') => app.request('GET', `/signing-keys${query}`, { token: user.accessToken });
  const sign = (user: TestUser, keyid: string) =>
    app.request('POST', `/sign?keyid=${keyid}`, { token: user.accessToken, form: formOf(['file', 'a.txt', 'a']) });

  it('lists the configured keys in the house list shape, with their details', async () => {
    const keys = await list(signer);
    expect(keys.status).toBe(200);
    expect(keys.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(keys.body.items.map((k: any) => Object.keys(k).sort())).toEqual([
      [...KEY_FIELDS].sort(),
      [...KEY_FIELDS].sort(),
    ]);
    expect(keys.body.items[0]).toEqual({
      keyid: rsa.keyid,
      fingerprint: rsa.fingerprint,
      uids: [rsa.uid],
      algorithm: 'RSA',
      bits: 2048,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      expiresAt: null,
    });
    expect(keys.body.items[1]).toMatchObject({ keyid: ed.keyid, algorithm: 'EdDSA', bits: 255 });
    const second = await list(signer, '?limit=1&offset=1');
    expect(second.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ keyid: ed.keyid }] });
    expectProblem(await list(signer, '?limit=0'), 400, 'VALIDATION_FAILED');
    expectProblem(await app.request('GET', '/signing-keys'), 401, 'UNAUTHENTICATED');
  });

  it('reports gpg on /health/ready next to the platform checks (one Readiness for health and signing)', async () => {
    const ready = await app.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['database', 'gpg', 'sessionStore']);
    expect(ready.body.checks.gpg.status).toBe('up');
  });

  it('restricts a key to a team: outsiders neither see it nor sign with it (403 KEY_NOT_ALLOWED)', async () => {
    const resources = await app.request('GET', '/resources?type=signing-key', { token: admin.accessToken });
    const resource = resources.body.items.find((r: any) => r.name === rsa.fingerprint);
    expect(resource).toBeDefined();
    const team = await app.request('POST', '/teams', { token: admin.accessToken, body: { name: 'release' } });
    const member = await newSigner(app, admin);
    const added = await app.request('POST', `/teams/${team.body.id}/members`, {
      token: admin.accessToken,
      body: { userId: member.id, role: 'member' },
    });
    expect(added.status).toBeLessThan(300);
    const restricted = await app.request('PATCH', `/resources/${resource.id}`, {
      token: admin.accessToken,
      body: { ownerTeamId: team.body.id },
    });
    expect(restricted.status).toBe(200);
    try {
      expect((await list(signer)).body.items.map((k: any) => k.keyid)).toEqual([ed.keyid]);
      expectProblem(await sign(signer, rsa.keyid), 403, 'KEY_NOT_ALLOWED');
      expect((await sign(signer, ed.keyid)).status).toBe(200);
      expect((await list(member)).body.total).toBe(2);
      expect((await sign(member, rsa.keyid)).status).toBe(200);
      expect((await sign(admin, rsa.keyid)).status).toBe(200);
    } finally {
      await app.request('PATCH', `/resources/${resource.id}`, {
        token: admin.accessToken,
        body: { ownerTeamId: null },
      });
    }
    expect((await sign(signer, rsa.keyid)).status).toBe(200);
  });

  it('exports a public key to anyone, by short or long key id or fingerprint, any case', async () => {
    for (const reference of [rsa.keyid.slice(-8), rsa.keyid.toLowerCase(), rsa.fingerprint, `0x${rsa.fingerprint}`]) {
      const exported = await app.request('GET', `/signing-keys/${reference}/public`);
      expect([reference, exported.status]).toEqual([reference, 200]);
      expect(exported.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(exported.text).toMatch(
        /^-----BEGIN PGP PUBLIC KEY BLOCK-----\n[\s\S]+-----END PGP PUBLIC KEY BLOCK-----\n$/,
      );
    }
    expectProblem(await app.request('GET', '/signing-keys/DEADBEEF/public'), 404, 'KEY_NOT_FOUND');
    expectProblem(await app.request('GET', '/signing-keys/anything/public'), 404, 'KEY_NOT_FOUND');
  });

  it('verifies a detached signature: valid, over other data, or no signature at all', async () => {
    const data = randomBytes(2048);
    const signed = await app.request('POST', `/sign?keyid=${ed.keyid}`, {
      token: signer.accessToken,
      form: formOf(['file', 'data.bin', data]),
    });
    const publicKey = (await app.request('GET', `/signing-keys/${ed.keyid}/public`)).text;
    expect(gpgVerify(publicKey, signed.text, data).fingerprint).toBe(ed.fingerprint);
    const plain = await app.newUser('verifier');
    const verify = (file: Buffer, signature: string | Buffer) =>
      app.request('POST', '/verify', {
        token: plain.accessToken,
        form: formOf(['file', 'data.bin', file], ['signature', 'data.bin.asc', signature]),
      });
    const good = await verify(data, signed.text);
    expect(good.status).toBe(200);
    expect(good.body).toEqual({
      valid: true,
      keyid: ed.keyid,
      fingerprint: ed.fingerprint,
      signedAt: expect.stringMatching(/^\d{4}-.*Z$/),
    });
    expect(Math.abs(Date.parse(good.body.signedAt) - Date.now())).toBeLessThan(60_000);
    const tampered = Buffer.from(data);
    tampered[0] ^= 1;
    expect((await verify(tampered, signed.text)).body).toMatchObject({ valid: false });
    expect((await verify(data, 'not a signature')).body).toEqual({
      valid: false,
      keyid: null,
      fingerprint: null,
      signedAt: null,
    });
    const missing = await app.request('POST', '/verify', {
      token: plain.accessToken,
      form: formOf(['file', 'd', data]),
    });
    expectProblem(missing, 400, 'VALIDATION_FAILED');
    expect(missing.body.errors).toEqual([{ field: 'signature', message: 'required' }]);
    expectProblem(await app.request('POST', '/verify', { form: formOf(['file', 'd', data]) }), 401, 'UNAUTHENTICATED');
  });
});

describe('signing disabled (no SIGNING_KEY_IDS)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app?.close());

  it('lists no keys and answers KEY_NOT_FOUND for any key', async () => {
    const admin = await app.newAdmin();
    expect((await app.request('GET', '/signing-keys', { token: admin.accessToken })).body).toEqual({
      items: [],
      total: 0,
      limit: 50,
      offset: 0,
    });
    const signed = await app.request('POST', '/sign?keyid=DEADBEEF', {
      token: admin.accessToken,
      form: formOf(['file', 'a', 'a']),
    });
    expectProblem(signed, 404, 'KEY_NOT_FOUND');
    expectProblem(await app.request('GET', '/signing-keys/DEADBEEF/public'), 404, 'KEY_NOT_FOUND');
  });

  it('answers POST /verify with 503 SIGNING_DISABLED, not a gpg failure', async () => {
    const user = await app.newUser();
    const res = await app.request('POST', '/verify', {
      token: user.accessToken,
      form: formOf(['file', 'd', 'data'], ['signature', 'd.asc', 'not a signature']),
    });
    expectProblem(res, 503, 'SIGNING_DISABLED');
    expect(res.body.detail).toMatch(/signing is disabled/i);
  });

  it('answers before reading the upload', async () => {
    const user = await app.newUser();
    // Announces 50 MB and sends 1 KB: only an answer given without reading the body can arrive.
    const request = httpRequest(`${app.baseUrl}/verify`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${user.accessToken}`,
        'content-type': 'multipart/form-data; boundary=b',
        'content-length': String(50_000_000),
      },
    });
    request.write(`--b\r\ncontent-disposition: form-data; name="file"; filename="f"\r\n\r\n${'a'.repeat(1024)}`);
    try {
      const [response] = (await once(request, 'response', { signal: AbortSignal.timeout(5000) })) as [IncomingMessage];
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      await once(response, 'end');
      expect({ status: response.statusCode, code: JSON.parse(Buffer.concat(chunks).toString()).code }).toEqual({
        status: 503,
        code: 'SIGNING_DISABLED',
      });
    } finally {
      request.destroy();
    }
  });
});
