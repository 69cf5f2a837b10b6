import { randomUUID } from 'node:crypto';
import { buildDist, LogLine, requestOnNewConnection, ServiceProcess } from '../support/service-process';
import { usesPostgres } from '../support/test-database';

// Starts the built service with two workers (a primary and two Node processes, each loading the whole app).
jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery staple';
const isRequestTo = (route: string) => (line: LogLine) => line.msg === 'request' && line.route === route;

describe('WORKERS=2 (node:cluster, the built service)', () => {
  let service: ServiceProcess;

  beforeAll(async () => {
    buildDist();
    service = await ServiceProcess.start({ WORKERS: '2' });
    await service.waitForLines((line) => line.msg === 'keyward listening', 2);
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
    const registered = await Promise.all(
      emails.map((email) =>
        requestOnNewConnection(service.baseUrl, 'POST', '/register', { body: { email, password: PASSWORD } }),
      ),
    );
    // On SQLite both processes write one file: a writer waits for the other's lock instead of failing SQLITE_BUSY.
    expect(registered.map((r) => r.status)).toEqual(emails.map(() => 201));
    const logins = await Promise.all(
      emails.map((email) =>
        requestOnNewConnection(service.baseUrl, 'POST', '/login', { body: { email, password: PASSWORD } }),
      ),
    );
    expect(logins.map((r) => r.status)).toEqual(emails.map(() => 200));
    const writers = new Set(
      service.lines.filter((l) => isRequestTo('/auth/register')(l) || isRequestTo('/auth/login')(l)).map((l) => l.pid),
    );
    expect(writers.size).toBe(2);

    // One login, its token used many times on fresh connections: the session created by one worker is seen by both.
    const token = logins[0].body.accessToken as string;
    const before = service.lines.filter(isRequestTo('/auth/me')).length;
    const answers = await Promise.all(
      Array.from({ length: 16 }, () => requestOnNewConnection(service.baseUrl, 'GET', '/me', { token })),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map((r) => r.body.email))).toEqual(new Set([emails[0]]));
    const served = await service.waitForLines(isRequestTo('/auth/me'), before + 16);
    expect(new Set(served.slice(before).map((line) => line.pid)).size).toBe(2);

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

    await service.waitForLines((line) => line.msg === 'keyward listening', 3);
    const replacement = service.listeningPids()[2];
    expect([victim, survivor]).not.toContain(replacement);
    const before = service.lines.filter(isRequestTo('/auth/me')).length;
    const later = await Promise.all(
      Array.from({ length: 16 }, () => requestOnNewConnection(service.baseUrl, 'GET', '/me', { token })),
    );
    expect(later.map((r) => r.status)).toEqual(later.map(() => 200));
    const served = await service.waitForLines(isRequestTo('/auth/me'), before + 16);
    expect(new Set(served.slice(before).map((line) => line.pid))).toEqual(new Set([survivor, replacement]));
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
