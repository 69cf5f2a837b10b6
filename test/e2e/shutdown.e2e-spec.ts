import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Socket } from 'node:net';
import { buildDist, requestOnNewConnection, ServiceProcess } from '../support/service-process';

jest.setTimeout(90_000);

const PASSWORD = 'correct horse battery staple';

/** A kept-alive connection that has carried one request and now sits idle; resolves `closed` when the server ends it. */
async function idleKeepAliveConnection(baseUrl: string): Promise<{ closed: Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const socket = await new Promise<Socket>((resolve, reject) => {
    const request = http.get(`${baseUrl}/health`, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(request.socket as Socket));
    });
    request.on('error', reject);
  });
  return { closed: new Promise((resolve) => socket.once('close', () => resolve())) };
}

/**
 * A login whose body is still on its way: the headers and the first half are sent now, the rest when `finish` is
 * called. The answer comes only after the whole body arrived and the password was checked (Argon2id, database).
 */
function streamingLogin(baseUrl: string, email: string) {
  const body = Buffer.from(JSON.stringify({ email, password: PASSWORD }));
  const request = http.request(`${baseUrl}/login`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': body.length },
  });
  const answer = new Promise<{ status: number; body: any; connection?: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text), connection: response.headers.connection }),
      );
    });
    request.on('error', reject);
  });
  request.flushHeaders();
  request.write(body.subarray(0, 10));
  return { answer, finish: () => request.end(body.subarray(10)) };
}

/**
 * The server accepts connections in the order they arrive: once a request on a newer connection is answered, the
 * older ones (the login in flight) are accepted and their headers read.
 */
async function acceptedEarlierConnections(baseUrl: string): Promise<void> {
  expect((await requestOnNewConnection(baseUrl, 'GET', '/health')).status).toBe(200);
}

describe('graceful shutdown of the built service', () => {
  let service: ServiceProcess;

  beforeAll(() => buildDist());
  afterEach(async () => {
    await service?.dispose();
  });

  async function startWithUser(overrides: Record<string, string> = {}): Promise<string> {
    service = await ServiceProcess.start(overrides);
    await service.waitForLines((line) => line.msg.startsWith('keyward listening '));
    const email = `s-${randomUUID()}@example.com`;
    const created = await requestOnNewConnection(service.baseUrl, 'POST', '/register', {
      body: { email, password: PASSWORD },
    });
    expect(created.status).toBe(201);
    return email;
  }

  it('on SIGTERM closes idle keep-alive connections at once, finishes the request in flight, and exits 0', async () => {
    const email = await startWithUser();
    const idle = await idleKeepAliveConnection(service.baseUrl);
    const login = streamingLogin(service.baseUrl, email);
    await acceptedEarlierConnections(service.baseUrl);
    service.child.kill('SIGTERM');
    await service.waitForLines((line) => line.msg.startsWith('shutting down'));

    // The idle connection is closed at once, while the login is still waiting for the rest of its body.
    await idle.closed;
    // A new connection is refused (or, caught while the listener closes, reset before any request is read).
    await expect(requestOnNewConnection(service.baseUrl, 'GET', '/health')).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
    expect(service.child.exitCode).toBeNull();

    login.finish();
    const answer = await login.answer;
    expect(answer.status).toBe(200);
    expect(answer.body.user.email).toBe(email);
    // The login needed the database after SIGTERM: the pools close only once the request is answered.
    const exit = await service.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const steps = service.messagesInLoggedOrder();
    expect(steps.slice(steps.indexOf(steps.find((m) => m.startsWith('shutting down'))!))).toEqual([
      'shutting down: no new connections, idle keep-alive connections closed',
      'request',
      'in-flight requests finished; closing the database pool, session store and gpg-agents',
      'stopped',
    ]);
  });

  it('closes a request that outlives SHUTDOWN_TIMEOUT_MS and still exits 0 (SIGINT too)', async () => {
    const email = await startWithUser({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const login = streamingLogin(service.baseUrl, email);
    login.answer.catch(() => undefined);
    await acceptedEarlierConnections(service.baseUrl);
    const started = Date.now();
    service.child.kill('SIGINT');
    const exit = await service.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    await expect(login.answer).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(service.lines.some((line) => line.msg.startsWith('in-flight requests outlived SHUTDOWN_TIMEOUT_MS'))).toBe(
      true,
    );
    // Generous: the bound is 1 s; without it the upload would hold the process for as long as the client likes.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
