import { randomUUID } from 'node:crypto';
import { buildDist, requestOnNewConnection, ServiceProcess } from '../support/service-process';
import { usesPostgres } from '../support/test-database';

// Starts the built service with two workers (a primary and two Node processes, each loading the whole app).
jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery staple';
const METRICS_TOKEN = 'workers-metrics-token-0123456789';

/** Requests on fresh connections, each with an X-Request-Id of its own, so that the log tells who served it. */
async function sendMany(baseUrl: string, count: number, method: string, route: string, options: (i: number) => object) {
  const ids = Array.from({ length: count }, () => randomUUID());
  const answers = await Promise.all(
    ids.map((id, i) =>
      requestOnNewConnection(baseUrl, method, route, { ...options(i), headers: { 'x-request-id': id } }),
    ),
  );
  return { answers, ids };
}

describe('WORKERS=2 (node:cluster, the built service)', () => {
  let service: ServiceProcess;

  beforeAll(async () => {
    buildDist();
    service = await ServiceProcess.start({ WORKERS: '2', METRICS_TOKEN });
    await service.waitForLines((line) => line.msg.startsWith('keyward listening '), 2);
  });

  afterAll(async () => {
    await service?.dispose();
  });

  it('runs the start-up work once, in the primary, and two workers serving', () => {
    const workers = new Set(service.listeningPids());
    expect(workers.size).toBe(2);
    expect(workers.has(service.child.pid!)).toBe(false);
    const migrations = service.lines.filter((line) => /applied \d+ migration/.test(line.msg));
    expect(migrations.map((line) => line.pid)).toEqual([service.child.pid]);
    // Without Redis the rate-limit counters are per process, and the operator is told so.
    const perWorkerLimits = service.lines.some((line) => line.msg.startsWith('without REDIS_URL each worker'));
    expect(perWorkerLimits).toBe(!usesPostgres);
  });

  it('shares writes and sessions: concurrent registrations and logins all succeed, tokens work on both workers', async () => {
    const emails = Array.from({ length: 12 }, () => `w-${randomUUID()}@example.com`);
    const credentials = (i: number) => ({ body: { email: emails[i], password: PASSWORD } });
    const registered = await sendMany(service.baseUrl, 12, 'POST', '/register', credentials);
    // On SQLite both processes write one file: a writer waits for the other's lock instead of failing SQLITE_BUSY.
    expect(registered.answers.map((r) => r.status)).toEqual(emails.map(() => 201));
    const logins = await sendMany(service.baseUrl, 12, 'POST', '/login', credentials);
    expect(logins.answers.map((r) => r.status)).toEqual(emails.map(() => 200));
    expect((await service.pidsServing([...registered.ids, ...logins.ids], 2)).size).toBe(2);

    // Whichever worker a scrape reaches, it reports the logins of both: the primary adds the workers' metrics up.
    const scrapes = await sendMany(service.baseUrl, 6, 'GET', '/metrics', () => ({ token: METRICS_TOKEN }));
    expect((await service.pidsServing(scrapes.ids, 2)).size).toBe(2);
    for (const scrape of scrapes.answers) {
      expect(scrape.status).toBe(200);
      expect(String(scrape.body)).toMatch(/^keyward_logins_total\{outcome="success"\} 12$/m);
    }

    // One login, its token used many times on fresh connections: the session created by one worker is seen by both.
    const token = logins.answers[0].body.accessToken as string;
    const me = await sendMany(service.baseUrl, 16, 'GET', '/me', () => ({ token }));
    expect(me.answers.map((r) => r.status)).toEqual(me.ids.map(() => 200));
    expect(new Set(me.answers.map((r) => r.body.email))).toEqual(new Set([emails[0]]));
    expect((await service.pidsServing(me.ids, 2)).size).toBe(2);

    // Logging out through one worker ends the session for the other at once.
    expect((await requestOnNewConnection(service.baseUrl, 'POST', '/logout', { token })).status).toBe(204);
    const after = await Promise.all(
      Array.from({ length: 6 }, () => requestOnNewConnection(service.baseUrl, 'GET', '/me', { token })),
    );
    expect(after.map((r) => r.status)).toEqual(after.map(() => 401));
  });

  it('replaces a worker that dies, and requests keep succeeding meanwhile', async () => {
    const email = `w-${randomUUID()}@example.com`;
    await requestOnNewConnection(service.baseUrl, 'POST', '/register', { body: { email, password: PASSWORD } });
    const login = await requestOnNewConnection(service.baseUrl, 'POST', '/login', {
      body: { email, password: PASSWORD },
    });
    const token = login.body.accessToken as string;
    const [victim, survivor] = service.listeningPids();
    process.kill(victim, 'SIGKILL');
    await service.waitForLines(
      (line) => line.msg === 'worker died; forking a replacement' && line.workerPid === victim,
    );

    // While the replacement starts, the survivor takes every connection.
    const during = await Promise.all(
      Array.from({ length: 8 }, () => requestOnNewConnection(service.baseUrl, 'GET', '/me', { token })),
    );
    expect(during.map((r) => r.status)).toEqual(during.map(() => 200));

    await service.waitForLines((line) => line.msg.startsWith('keyward listening '), 3);
    const replacement = service.listeningPids()[2];
    expect([victim, survivor]).not.toContain(replacement);
    const later = await sendMany(service.baseUrl, 16, 'GET', '/me', () => ({ token }));
    expect(later.answers.map((r) => r.status)).toEqual(later.ids.map(() => 200));
    expect(await service.pidsServing(later.ids, 2)).toEqual(new Set([survivor, replacement]));
  });

  it('stops every worker on SIGTERM and exits 0, freeing the port', async () => {
    const exit = await service.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    const stopped = service.lines.filter((line) => line.msg === 'stopped').map((line) => line.pid);
    expect(new Set(stopped)).toEqual(new Set(service.listeningPids().slice(1)));
    expect(service.lines.some((line) => line.msg === 'every worker stopped')).toBe(true);
    await expect(requestOnNewConnection(service.baseUrl, 'GET', '/health')).rejects.toThrow(/ECONNREFUSED/);
  });
});
