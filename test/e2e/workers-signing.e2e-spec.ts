import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createGpgFixture, GpgFixture } from '../fixtures/gpg';
import { buildDist, requestOnNewConnection, ServiceProcess } from '../support/service-process';
import { gpgVerify, PASSPHRASE } from '../support/signing';

jest.setTimeout(120_000);

const ADMIN = { email: 'root@example.com', password: 'correct horse battery staple admin' };

/** A multipart body with one `file` part, as curl -F sends it. */
function multipartFile(content: Buffer): { contentType: string; data: Buffer } {
  const boundary = `kw${randomBytes(8).toString('hex')}`;
  const data = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { contentType: `multipart/form-data; boundary=${boundary}`, data };
}

/**
 * Two API processes on one host sign through the same private copies of GNUPGHOME (the runtime folder named after DATA_DIR): a
 * worker (re)making a copy and restarting its agent holds the copy's exclusive lock, every sign a shared one.
 */
describe('WORKERS=2 signing through shared gpg-agent homes', () => {
  let gpg: GpgFixture;
  let service: ServiceProcess;
  let token: string;
  let publicKey: string;

  /** The request ids of the signs sent, so that the log tells which worker served them. */
  let sent: string[] = [];
  const sign = async (content: Buffer) => {
    const requestId = randomUUID();
    sent.push(requestId);
    const answer = await requestOnNewConnection(service.baseUrl, 'POST', `/sign?keyid=${gpg.keys[0].fingerprint}`, {
      raw: multipartFile(content),
      token,
      headers: { 'x-request-id': requestId },
    });
    return { ...answer, content };
  };
  const signMany = (count: number) => Promise.all(Array.from({ length: count }, () => sign(randomBytes(2048))));
  const expectValid = (results: { status: number; body: string; content: Buffer }[]) => {
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    for (const r of results) expect(gpgVerify(publicKey, r.body, r.content).fingerprint).toBe(gpg.keys[0].fingerprint);
  };

  beforeAll(async () => {
    buildDist();
    gpg = createGpgFixture([{ algo: 'rsa2048', passphrase: PASSPHRASE }]);
    const passphrases = path.join(gpg.home, 'passphrases');
    writeFileSync(passphrases, `${gpg.keys[0].fingerprint}=${PASSPHRASE}\n`, { mode: 0o600 });
    service = await ServiceProcess.start({
      WORKERS: '2',
      GNUPGHOME: gpg.home,
      SIGNING_KEY_IDS: gpg.keys[0].fingerprint,
      SIGNING_PASSPHRASES_FILE: passphrases,
      SIGNING_AGENTS: '2',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    });
    await service.waitForLines((line) => line.msg.startsWith('keyward listening '), 2);
    const login = await requestOnNewConnection(service.baseUrl, 'POST', '/login', { body: ADMIN });
    expect(login.status).toBe(200);
    token = login.body.accessToken;
    publicKey = (await requestOnNewConnection(service.baseUrl, 'GET', `/signing-keys/${gpg.keys[0].keyid}/public`))
      .body as string;
  });

  afterAll(async () => {
    await service?.dispose();
    gpg?.cleanup();
  });

  it('creates the bootstrap admin once, in the primary', () => {
    const created = service.lines.filter((line) => line.msg === 'bootstrap administrator created');
    expect(created.map((line) => line.pid)).toEqual([service.child.pid]);
  });

  it('signs on both workers at once, every signature valid', async () => {
    sent = [];
    expectValid(await signMany(12));
    expect((await service.pidsServing(sent, 2)).size).toBe(2);
  });

  it('keeps signing on the survivor while a replacement worker remakes the shared agent homes', async () => {
    const [victim] = service.listeningPids();
    process.kill(victim, 'SIGKILL');
    await service.waitForLines(
      (line) => line.msg === 'worker died; forking a replacement' && line.workerPid === victim,
    );
    // Signs run until the replacement listens: it kills and re-copies every agent home at its start, under the
    // homes' exclusive locks, while the survivor's signs hold the shared ones.
    const results: Awaited<ReturnType<typeof sign>>[] = [];
    let rounds = 0;
    while (service.listeningPids().length < 3 || rounds < 2) {
      results.push(...(await signMany(4)));
      rounds += 1;
    }
    expectValid(results);
    const replacement = service.listeningPids()[2];
    sent = [];
    expectValid(await signMany(12));
    expect(await service.pidsServing(sent, 2)).toContain(replacement);
  });
});
