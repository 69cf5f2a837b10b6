import { createHash, randomBytes } from 'node:crypto';
import { GpgTestKey } from '../fixtures/gpg';
import { gpgVerify, leftovers, newSigner, openpgpVerify, SigningTestApp, startSigningApp } from '../support/signing';
import { expectProblem, formOf, TestApp, TestUser } from '../support/test-app';

const SIGNATURE = /^-----BEGIN PGP SIGNATURE-----\n[\s\S]+\n-----END PGP SIGNATURE-----\n$/;

describe('signing: POST /sign', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let admin: TestUser;
  let signer: TestUser;
  let rsa: GpgTestKey;
  let ed: GpgTestKey;
  const publicKeys = new Map<string, string>();

  beforeAll(async () => {
    signing = await startSigningApp();
    app = signing.app;
    [rsa, ed] = signing.gpg.keys;
    admin = await app.newAdmin();
    signer = await newSigner(app, admin);
    for (const key of signing.gpg.keys)
      publicKeys.set(key.fingerprint, (await app.request('GET', `/signing-keys/${key.keyid}/public`)).text);
  }, 60_000);
  afterAll(() => signing?.close());
  afterEach(() => expect(leftovers(signing.staging)).toEqual([]));

  function sign(user: TestUser | null, query: Record<string, string>, form?: FormData, route = '/sign') {
    return app.request('POST', `${route}?${new URLSearchParams(query)}`, { token: user?.accessToken, form });
  }

  it.each([
    ['RSA', 0],
    ['ed25519', 1],
  ])('makes an armored detached %s signature over binary data that gpg and OpenPGP.js accept', async (_, index) => {
    const key = signing.gpg.keys[index];
    const data = randomBytes(4096);
    const signed = await sign(signer, { keyid: key.keyid }, formOf(['file', 'data.bin', data]));
    expect(signed.status).toBe(200);
    expect(signed.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(signed.text).toMatch(SIGNATURE);
    const publicKey = publicKeys.get(key.fingerprint)!;
    expect(gpgVerify(publicKey, signed.text, data)).toEqual({ fingerprint: key.fingerprint, hashAlgo: 8 });
    expect(await openpgpVerify(publicKey, signed.text, data)).toBe(key.fingerprint);
  });

  it.each([
    ['sha512', 10],
    ['SHA384', 9],
  ])('clear-signs a document with sign_algo=%s (any case)', async (algo, hashAlgo) => {
    const document = 'Release notes\n\n- héllo wörld\n-- dashes are escaped\n';
    const query = { keyid: ed.keyid, sign_type: 'clear-sign', sign_algo: algo };
    const signed = await sign(signer, query, formOf(['file', 'NOTES.txt', document]));
    expect(signed.status).toBe(200);
    expect(signed.text).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA(384|512)\n\nRelease notes\n/);
    const publicKey = publicKeys.get(ed.fingerprint)!;
    expect(gpgVerify(publicKey, signed.text)).toEqual({ fingerprint: ed.fingerprint, hashAlgo });
    expect(await openpgpVerify(publicKey, signed.text)).toBe(ed.fingerprint);
  });

  it('signs an empty file and a 50 MB file', async () => {
    const empty = await sign(signer, { keyid: rsa.keyid }, formOf(['file', 'empty', new Uint8Array(0)]));
    expect(empty.status).toBe(200);
    expect(gpgVerify(publicKeys.get(rsa.fingerprint)!, empty.text, Buffer.alloc(0)).fingerprint).toBe(rsa.fingerprint);
    const big = randomBytes(50 * 1024 * 1024);
    const signed = await sign(signer, { keyid: ed.keyid }, formOf(['file', 'big.iso', big]));
    expect(signed.status).toBe(200);
    expect(gpgVerify(publicKeys.get(ed.fingerprint)!, signed.text, big).fingerprint).toBe(ed.fingerprint);
  }, 60_000);

  it('serves the sign-file client flow: POST /token, then POST /sign with the token and a short key id', async () => {
    const token = await app.request('POST', '/token', { body: { email: signer.email, password: signer.password } });
    expect(token.status).toBe(200);
    const data = Buffer.from('#!/bin/sh\necho hello\n');
    const response = await fetch(`${app.baseUrl}/sign?keyid=${rsa.keyid.slice(-8)}&sign_type=detach-sign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.body.token}` },
      body: formOf(['file', 'install.sh', data]),
    });
    expect(response.status).toBe(200);
    expect(gpgVerify(publicKeys.get(rsa.fingerprint)!, await response.text(), data).fingerprint).toBe(rsa.fingerprint);
  });

  it('signs with an API key and with the key named by fingerprint in lower case', async () => {
    const created = await app.request('POST', '/api-keys', { token: signer.accessToken, body: { name: 'ci' } });
    const response = await app.request('POST', `/sign?keyid=0x${ed.fingerprint.toLowerCase()}`, {
      apiKey: created.body.key,
      form: formOf(['file', 'a.txt', 'a']),
    });
    expect(response.status).toBe(200);
  });

  it('answers 404 KEY_NOT_FOUND for a key that is not configured, before reading the upload', async () => {
    expectProblem(await sign(signer, { keyid: 'DEADBEEFDEADBEEF' }, formOf(['file', 'a', 'a'])), 404, 'KEY_NOT_FOUND');
    expectProblem(await sign(signer, { keyid: 'not-a-key' }, formOf(['file', 'a', 'a'])), 404, 'KEY_NOT_FOUND');
  });

  it('refuses bad queries and bodies with 400 VALIDATION_FAILED', async () => {
    const file = () => formOf(['file', 'a.txt', 'a']);
    const keyid = rsa.keyid;
    const cases: [Record<string, string>, FormData | undefined, string][] = [
      [{ keyid, sign_type: 'sign' }, file(), 'sign_type'],
      [{ keyid, sign_type: 'DETACH-SIGN' }, file(), 'sign_type'],
      [{ keyid, sign_algo: 'MD5' }, file(), 'sign_algo'],
      [{ keyid, sign_algo: 'SHA1' }, file(), 'sign_algo'],
      [{}, file(), 'keyid'],
      [{ keyid }, formOf(), 'file'],
      [{ keyid }, undefined, 'file'],
      [{ keyid }, formOf(['upload', 'a.txt', 'a']), 'upload'],
      [{ keyid }, formOf(['file', 'a.txt', 'a'], ['file', 'b.txt', 'b']), 'file'],
    ];
    for (const [query, form, field] of cases) {
      const response = await sign(signer, query, form);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect([query, response.body.errors?.[0]?.field ?? response.body.detail]).toEqual([
        query,
        expect.stringContaining(field),
      ]);
    }
    const textField = new FormData();
    textField.append('file', 'just text');
    expectProblem(await sign(signer, { keyid }, textField), 400, 'VALIDATION_FAILED');
    const json = await app.request('POST', `/sign?keyid=${keyid}`, { token: signer.accessToken, body: { file: 'a' } });
    expectProblem(json, 400, 'VALIDATION_FAILED');
    const malformed = await app.request('POST', `/sign?keyid=${keyid}`, {
      token: signer.accessToken,
      rawBody: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nunterminated',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expectProblem(malformed, 400, 'VALIDATION_FAILED');
  });

  it('answers 401 without credentials and 403 FORBIDDEN without signing:sign; admins and signers may sign', async () => {
    expectProblem(await sign(null, { keyid: rsa.keyid }, formOf(['file', 'a', 'a'])), 401, 'UNAUTHENTICATED');
    const plain = await app.newUser('plain');
    expectProblem(await sign(plain, { keyid: rsa.keyid }, formOf(['file', 'a', 'a'])), 403, 'FORBIDDEN');
    expect((await sign(admin, { keyid: rsa.keyid }, formOf(['file', 'a', 'a']))).status).toBe(200);
  });

  it('records every sign in the audit log: who, key, type, file name, size, SHA-256, result, duration', async () => {
    const user = await newSigner(app, admin);
    const data = randomBytes(1000);
    const signed = await sign(user, { keyid: rsa.keyid, sign_algo: 'SHA512' }, formOf(['file', 'firmware.bin', data]));
    await sign(user, { keyid: 'DEADBEEF' }, formOf(['file', 'x', 'x']));
    const events = await app.request('GET', `/audit?action=signing.sign&actorId=${user.id}`, {
      token: admin.accessToken,
    });
    expect(events.status).toBe(200);
    const [failure, success] = events.body.items;
    expect(success).toMatchObject({
      actorId: user.id,
      action: 'signing.sign',
      targetType: 'signing-key',
      targetId: rsa.fingerprint,
      ip: '127.0.0.1',
      // The multipart upload is read inside the request's context too.
      requestId: signed.headers.get('x-request-id'),
      via: 'api',
      details: {
        keyid: rsa.keyid,
        signType: 'detach-sign',
        digestAlgo: 'SHA512',
        files: [{ filename: 'firmware.bin', size: 1000, sha256: createHash('sha256').update(data).digest('hex') }],
        result: 'success',
        durationMs: expect.any(Number),
      },
    });
    expect(failure).toMatchObject({
      targetId: null,
      details: { keyid: 'DEADBEEF', result: 'failure', error: 'KEY_NOT_FOUND' },
    });
  });
});
