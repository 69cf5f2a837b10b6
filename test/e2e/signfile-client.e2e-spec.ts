import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { gpgVerify, newSigner, SigningTestApp, startSigningApp } from '../support/signing';
import { expectProblem, formOf, SHIPPED_RATE_LIMITS, TestApp, TestUser } from '../support/test-app';

const CLIENT = path.join(__dirname, '../support/signfile_client.py');
const FILES = 40;

interface ClientReport {
  ping: unknown;
  tokens: string[];
  errors: string[];
  signed: string[];
  content_types: string[];
}

/** The real sign-file client (albs-web-server's exporter), ported to urllib: see signfile_client.py. */
async function runClient(scenario: object): Promise<ClientReport> {
  const { stdout } = await promisify(execFile)('python3', [CLIENT, JSON.stringify(scenario)], { timeout: 120_000 });
  return JSON.parse(stdout) as ClientReport;
}

describe('drop-in for the real sign-file client (albs-web-server exporter)', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let signer: TestUser;
  let workdir: string;

  beforeAll(async () => {
    // The service as shipped: default token lifetime and login limits, not the test harness's generous ones.
    signing = await startSigningApp({ keys: [{ algo: 'rsa2048' }], env: SHIPPED_RATE_LIMITS });
    app = signing.app;
    signer = await newSigner(app, await app.newAdmin());
    workdir = mkdtempSync(path.join(tmpdir(), 'keyward-signfile-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(workdir, { recursive: true, force: true });
    await signing?.close();
  });

  it(`gets a token before each of ${FILES} files and signs every repomd.xml, with extra query parameters`, async () => {
    const repodata = Array.from({ length: FILES }, (_, i) => {
      const directory = path.join(workdir, `repo-${i}`, 'repodata');
      mkdirSync(directory, { recursive: true });
      writeFileSync(
        path.join(directory, 'repomd.xml'),
        `<?xml version="1.0"?>\n<repomd><revision>${i}</revision></repomd>\n`,
      );
      return directory;
    });
    const key = signing.gpg.keys[0];
    const report = await runClient({
      url: `${app.baseUrl}/`,
      email: signer.email,
      password: signer.password,
      keyid: key.keyid,
      repodata,
      extra_params: { sign_type: 'detach-sign', sign_algo: 'SHA256', build_id: '1234', platform: 'AlmaLinux-9' },
    });

    expect(report.errors).toEqual([]);
    // The client parsed /ping and every /token answer as JSON: it compares the header to this exact string.
    expect(report.ping).toBe('pong');
    expect(report.content_types).toEqual(['application/json', 'text/plain; charset=utf-8']);
    expect(report.tokens).toHaveLength(FILES);
    expect(report.signed).toEqual(repodata);
    const publicKey = (await app.request('GET', `/signing-keys/${key.keyid}/public`)).text;
    for (const directory of repodata) {
      const data = readFileSync(path.join(directory, 'repomd.xml'));
      const signature = readFileSync(path.join(directory, 'repomd.xml.asc'));
      expect(gpgVerify(publicKey, signature, data).fingerprint).toBe(key.fingerprint);
    }
  }, 180_000);

  it('issues /token tokens that live SIGNFILE_TOKEN_TTL (1800 s by default), as the original did', async () => {
    const token = await app.request('POST', '/token', { body: { email: signer.email, password: signer.password } });
    expect(token.status).toBe(200);
    expect(token.headers.get('content-type')).toBe('application/json');
    const claims = jwt.decode(token.body.token) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(1800);
    expect(token.body.exp).toBe(claims.exp);
    // /login keeps the short access token lifetime.
    const login = await app.request('POST', '/login', { body: { email: signer.email, password: signer.password } });
    expect(login.body.expiresIn).toBe(900);
  });

  it('ignores unknown JSON fields on /token and unknown query parameters on /sign and /sign-batch', async () => {
    const token = await app.request('POST', '/token', {
      body: { email: signer.email, password: signer.password, client: 'albs', remember: true },
    });
    expect(token.status).toBe(200);
    const keyid = signing.gpg.keys[0].keyid;
    const sign = await app.request('POST', `/sign?keyid=${keyid}&detach=yes&build=7`, {
      token: token.body.token,
      form: formOf(['file', 'a.txt', 'a']),
    });
    expect(sign.status).toBe(200);
    const batch = await app.request('POST', `/sign-batch?keyid=${keyid}&unknown=1`, {
      token: token.body.token,
      form: formOf(['files', 'a.txt', 'a'], ['files', 'b.txt', 'b']),
    });
    expect(batch.status).toBe(200);
    expect(batch.headers.get('content-type')).toBe('application/json');
    expect(batch.body).toMatchObject({ total: 2, successful: 2 });
    const ping = await fetch(`${app.baseUrl}/ping`);
    expect([ping.headers.get('content-type'), await ping.json()]).toEqual(['application/json', 'pong']);
  });

  it('keeps the rest of these routes as documented: known parameters are checked, errors are problems', async () => {
    const keyid = signing.gpg.keys[0].keyid;
    const badType = await app.request('POST', `/sign?keyid=${keyid}&sign_type=sign&extra=1`, {
      token: signer.accessToken,
      form: formOf(['file', 'a.txt', 'a']),
    });
    expectProblem(badType, 400, 'VALIDATION_FAILED');
    expectProblem(
      await app.request('POST', '/token', { body: { email: signer.email, extra: 1 } }),
      400,
      'VALIDATION_FAILED',
    );
    const wrong = await app.request('POST', '/token', { body: { email: signer.email, password: 'not the password' } });
    expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    // Elsewhere unknown fields are still refused.
    const login = await app.request('POST', '/login', {
      body: { email: signer.email, password: signer.password, x: 1 },
    });
    expectProblem(login, 400, 'VALIDATION_FAILED');
  });
});
