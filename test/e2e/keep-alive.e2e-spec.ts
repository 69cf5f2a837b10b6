import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { KeepAliveClient, multipartFile, RawResult, sendThenRead } from '../support/keep-alive-client';
import { eventually, leftovers, newSigner, SigningTestApp, startSigningApp } from '../support/signing';
import { TestApp, TestUser } from '../support/test-app';

const LIMIT = 1024 * 1024;
const BODY_LIMIT = 64 * 1024;

describe('keep-alive connections stay usable after an early error answer', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let signer: TestUser;
  let plain: TestUser;
  let keyid: string;
  let client: KeepAliveClient;

  beforeAll(async () => {
    signing = await startSigningApp({
      keys: [{ algo: 'ed25519' }],
      env: { SIGNING_MAX_UPLOAD_BYTES: String(LIMIT), BODY_LIMIT_BYTES: String(BODY_LIMIT) },
    });
    app = signing.app;
    const admin = await app.newAdmin();
    signer = await newSigner(app, admin);
    plain = await app.newUser('plain');
    keyid = signing.gpg.keys[0].keyid;
  }, 60_000);
  afterAll(() => signing?.close());
  beforeEach(() => (client = new KeepAliveClient(app.baseUrl)));
  afterEach(async () => {
    client.close();
    await eventually(() => leftovers(signing.staging).length === 0, 'an empty staging directory');
  });

  function upload(user: TestUser | null, content: Buffer, route = `/sign?keyid=${keyid}`): Promise<RawResult> {
    const { body, type } = multipartFile('file', 'upload.bin', content);
    const headers: Record<string, string> = { 'content-type': type };
    if (user) headers.authorization = `Bearer ${user.accessToken}`;
    return client.request('POST', route, { headers, body });
  }

  /** A normal sign on the same pool: it must be answered at once, not after the server's timeouts. */
  async function expectPoolUsable(): Promise<RawResult> {
    const next = await upload(signer, Buffer.from('hello\n'));
    expect({ status: next.status, fast: next.ms < 5000 }).toEqual({ status: 200, fast: true });
    expect(next.text).toContain('-----BEGIN PGP SIGNATURE-----');
    return next;
  }

  it('after 413 FILE_TOO_LARGE (1.5 MB against 1 MB) drains the rest and reuses the connection', async () => {
    const refused = await upload(signer, randomBytes(1.5 * LIMIT));
    expect([refused.status, JSON.parse(refused.text).code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(refused.headers.connection).toBe('keep-alive');
    const next = await expectPoolUsable();
    expect(next.connection).toBe(refused.connection);
    expect(client.connectionsOpened).toBe(1);
  });

  it.each([
    ['401 without credentials', null, 401, 'UNAUTHENTICATED'],
    ['403 without signing:sign', 'plain', 403, 'FORBIDDEN'],
  ])('after %s (before the upload is read) the next sign on the pool succeeds', async (_, who, status, code) => {
    const refused = await upload(who ? plain : null, randomBytes(1.5 * LIMIT));
    expect([refused.status, JSON.parse(refused.text).code]).toEqual([status, code]);
    await expectPoolUsable();
  });

  it('after 404 KEY_NOT_FOUND (before the upload is read) the next sign on the pool succeeds', async () => {
    const refused = await upload(signer, randomBytes(1.5 * LIMIT), '/sign?keyid=DEADBEEFDEADBEEF');
    expect([refused.status, JSON.parse(refused.text).code]).toEqual([404, 'KEY_NOT_FOUND']);
    await expectPoolUsable();
  });

  it('after a JSON body over BODY_LIMIT_BYTES (413) the next request on the pool succeeds', async () => {
    const body = Buffer.from(JSON.stringify({ secret: 'x'.repeat(4 * BODY_LIMIT), passphrase: 'p' }));
    const refused = await client.request('POST', '/secrets', { headers: { 'content-type': 'application/json' }, body });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.text).code).toBe('PAYLOAD_TOO_LARGE');
    await expectPoolUsable();
  });

  it('closes with Connection: close when the rest is too large to drain, and the client still reads the answer', async () => {
    const refused = await upload(signer, randomBytes(24 * LIMIT));
    expect([refused.status, JSON.parse(refused.text).code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(refused.headers.connection).toBe('close');
    const next = await expectPoolUsable();
    expect(next.connection).toBe(refused.connection + 1);
  });

  it.each([
    ['an upload refused with 413 FILE_TOO_LARGE', 'FILE_TOO_LARGE'],
    ['a JSON body over BODY_LIMIT_BYTES', 'PAYLOAD_TOO_LARGE'],
  ])('lets a client that sends all of %s before reading get the answer, not a reset', async (_, code) => {
    const big = randomBytes(24 * LIMIT);
    const { body, type } =
      code === 'FILE_TOO_LARGE'
        ? multipartFile('file', 'big.bin', big)
        : {
            body: Buffer.from(JSON.stringify({ secret: big.toString('hex'), passphrase: 'p' })),
            type: 'application/json',
          };
    const route = code === 'FILE_TOO_LARGE' ? `/sign?keyid=${keyid}` : '/secrets';
    const headers = { 'content-type': type, authorization: `Bearer ${signer.accessToken}` };
    const answer = await sendThenRead(`${app.baseUrl}${route}`, headers, 'POST', body);
    expect({ status: answer.status, error: answer.error }).toEqual({ status: 413, error: null });
    expect(answer.raw).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer.raw).toContain(`"code":"${code}"`);
  });

  it('closes a chunked upload of unknown length after 413, and the next request gets a new connection', async () => {
    const boundary = 'keyward-endless';
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.bin"\r\n\r\n`);
      for (let sent = 0; sent < 8 * LIMIT; sent += 64 * 1024) yield randomBytes(64 * 1024);
    }
    const refused = await client.request('POST', `/sign?keyid=${keyid}`, {
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        authorization: `Bearer ${signer.accessToken}`,
      },
      body: endless(),
    });
    expect([refused.status, JSON.parse(refused.text).code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(refused.headers.connection).toBe('close');
    const next = await expectPoolUsable();
    expect(next.connection).toBe(refused.connection + 1);
  });
});

describe('a long-lived keep-alive connection', () => {
  let app: TestApp;
  beforeAll(async () => (app = await TestApp.start()));
  afterAll(() => app?.close());

  /** Sends `requests` on one kept-alive connection and counts the `close` listeners its server socket holds. */
  async function closeListenersAfter(requests: (client: KeepAliveClient) => Promise<void>): Promise<number> {
    const sockets: Socket[] = [];
    const record = (socket: Socket) => sockets.push(socket);
    app.app.getHttpServer().on('connection', record);
    const client = new KeepAliveClient(app.baseUrl);
    try {
      await requests(client);
      expect(client.connectionsOpened).toBe(1);
      expect(sockets).toHaveLength(1);
      return sockets[0].listenerCount('close');
    } finally {
      client.close();
      app.app.getHttpServer().off('connection', record);
    }
  }

  // Node and Fastify add a few listeners of their own; one per request would be 30 or more.
  it('gathers no listeners however many requests it carries (no leak per request)', async () => {
    const count = await closeListenersAfter(async (client) => {
      for (let i = 0; i < 30; i += 1) expect((await client.request('GET', '/health')).status).toBe(200);
    });
    expect(count).toBeLessThan(5);
  });

  it('gathers no listeners from refused bodies that were drained', async () => {
    const body = Buffer.from(JSON.stringify({ secret: 'x'.repeat(2 * 1024 * 1024), passphrase: 'p' }));
    const count = await closeListenersAfter(async (client) => {
      for (let i = 0; i < 30; i += 1) {
        const refused = await client.request('POST', '/secrets', {
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(refused.status).toBe(413);
      }
    });
    expect(count).toBeLessThan(5);
  });
});
