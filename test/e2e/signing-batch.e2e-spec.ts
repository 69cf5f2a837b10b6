import { randomBytes } from 'node:crypto';
import { eventually, gpgVerify, leftovers, newSigner, SigningTestApp, startSigningApp } from '../support/signing';
import { expectProblem, formOf, TestApp, TestUser } from '../support/test-app';

const LIMIT = 1024 * 1024;

describe('signing: POST /sign-batch, limits, concurrency and clean-up', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let admin: TestUser;
  let signer: TestUser;
  const publicKeys = new Map<string, string>();

  beforeAll(async () => {
    signing = await startSigningApp({
      env: { SIGNING_MAX_UPLOAD_BYTES: String(LIMIT), SIGNING_BATCH_MAX_FILES: '8' },
    });
    app = signing.app;
    admin = await app.newAdmin();
    signer = await newSigner(app, admin);
    for (const key of signing.gpg.keys)
      publicKeys.set(key.fingerprint, (await app.request('GET', `/signing-keys/${key.keyid}/public`)).text);
  }, 60_000);
  afterAll(() => signing?.close());
  afterEach(async () => eventually(() => leftovers(signing.staging).length === 0, 'an empty staging directory'));

  const keyOf = (index: number) => signing.gpg.keys[index];
  function post(route: string, query: Record<string, string>, form?: FormData, user: TestUser = signer) {
    return app.request('POST', `${route}?${new URLSearchParams(query)}`, { token: user.accessToken, form });
  }

  it('signs every file, answering in upload order; every signature verifies', async () => {
    const files = [randomBytes(3000), Buffer.from('text file\n'), Buffer.alloc(0), randomBytes(LIMIT)];
    const names = ['a.bin', 'b.txt', 'empty', 'exactly-the-limit.bin'];
    const form = formOf(...files.map((data, i) => ['files', names[i], data] as [string, string, Buffer]));
    const batch = await post('/sign-batch', { keyid: keyOf(0).keyid }, form);
    expect(batch.status).toBe(200);
    expect(batch.headers.get('content-type')).toMatch(/^application\/json/);
    expect(batch.body).toMatchObject({ total: 4, successful: 4 });
    expect(batch.body.results.map((r: any) => [r.filename, r.success])).toEqual(names.map((n) => [n, true]));
    batch.body.results.forEach((result: any, i: number) =>
      expect(gpgVerify(publicKeys.get(keyOf(0).fingerprint)!, result.signature, files[i]).fingerprint).toBe(
        keyOf(0).fingerprint,
      ),
    );
  });

  it('clear-signs a batch of text documents', async () => {
    const form = formOf(['files', 'one.txt', 'first "quoted" line\n'], ['files', 'two.txt', 'zweite Zeile: äöü\n']);
    const batch = await post('/sign-batch', { keyid: keyOf(1).keyid, sign_type: 'clear-sign' }, form);
    expect(batch.status).toBe(200);
    expect(batch.body.results[1].signature).toContain('zweite Zeile: äöü');
    for (const result of batch.body.results)
      expect(gpgVerify(publicKeys.get(keyOf(1).fingerprint)!, result.signature).fingerprint).toBe(keyOf(1).fingerprint);
  });

  it('fails fast: one oversized file fails the batch with 413, no signatures, and nothing left on disk', async () => {
    const form = formOf(
      ['files', 'a', randomBytes(1000)],
      ['files', 'b', randomBytes(1000)],
      ['files', 'too-big.iso', randomBytes(LIMIT + 1)],
      ['files', 'd', randomBytes(1000)],
    );
    const failed = await post('/sign-batch', { keyid: keyOf(0).keyid }, form);
    expectProblem(failed, 413, 'FILE_TOO_LARGE');
    expect(failed.body.results).toBeUndefined();
    const events = await app.request('GET', `/audit?action=signing.sign-batch&actorId=${signer.id}`, {
      token: admin.accessToken,
    });
    expect(events.body.items[0].details).toMatchObject({ result: 'failure', error: 'FILE_TOO_LARGE' });
    expect(events.body.items[0].details.files.map((f: any) => f.filename)).toEqual(['a', 'b']);
  });

  it('refuses more than SIGNING_BATCH_MAX_FILES files, no files, and the wrong field', async () => {
    const nine = formOf(...Array.from({ length: 9 }, (_, i) => ['files', `f${i}`, 'x'] as [string, string, string]));
    expectProblem(await post('/sign-batch', { keyid: keyOf(0).keyid }, nine), 400, 'VALIDATION_FAILED');
    expectProblem(await post('/sign-batch', { keyid: keyOf(0).keyid }, formOf()), 400, 'VALIDATION_FAILED');
    const wrong = formOf(['file', 'a', 'a']);
    expectProblem(await post('/sign-batch', { keyid: keyOf(0).keyid }, wrong), 400, 'VALIDATION_FAILED');
    expectProblem(await post('/sign-batch', { keyid: 'DEADBEEF' }, formOf(['files', 'a', 'a'])), 404, 'KEY_NOT_FOUND');
  });

  it('answers 413 FILE_TOO_LARGE past SIGNING_MAX_UPLOAD_BYTES without waiting for the rest of the upload', async () => {
    expectProblem(
      await post('/sign', { keyid: keyOf(0).keyid }, formOf(['file', 'big', randomBytes(LIMIT + 1)])),
      413,
      'FILE_TOO_LARGE',
    );
    // A client that keeps the upload open after the limit still gets its answer.
    const boundary = 'keyward-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless"\r\n\r\n`;
    const body = new ReadableStream({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(head));
        controller.enqueue(randomBytes(LIMIT + 4096));
      },
    });
    const response = await fetch(`${app.baseUrl}/sign?keyid=${keyOf(0).keyid}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${signer.accessToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
      signal: AbortSignal.timeout(10_000),
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('FILE_TOO_LARGE');
  });

  it('removes the staged upload when the client disconnects in the middle of it', async () => {
    const boundary = 'keyward-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half"\r\n\r\n`;
    const client = new AbortController();
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(head));
        controller.enqueue(randomBytes(200_000));
      },
    });
    const request = fetch(`${app.baseUrl}/sign?keyid=${keyOf(0).keyid}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${signer.accessToken}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
      duplex: 'half',
      signal: client.signal,
    } as RequestInit).catch((error: unknown) => error);
    await eventually(() => leftovers(signing.staging).length === 1, 'the upload to be staged');
    client.abort();
    await request;
    await eventually(() => leftovers(signing.staging).length === 0, 'the staged upload to be removed');
  });

  it('signs 30 requests at once with both keys; every signature verifies', async () => {
    const jobs = Array.from({ length: 30 }, (_, i) => ({ key: keyOf(i % 2), data: randomBytes(4096) }));
    const responses = await Promise.all(
      jobs.map(({ key, data }) => post('/sign', { keyid: key.keyid }, formOf(['file', 'f', data]))),
    );
    expect(responses.map((r) => r.status)).toEqual(jobs.map(() => 200));
    responses.forEach((response, i) =>
      expect(gpgVerify(publicKeys.get(jobs[i].key.fingerprint)!, response.text, jobs[i].data).fingerprint).toBe(
        jobs[i].key.fingerprint,
      ),
    );
  }, 60_000);
});
