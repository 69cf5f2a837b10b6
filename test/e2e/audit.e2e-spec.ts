import { randomUUID } from 'node:crypto';
import { AuditAction, AuditLog, NewAuditEvent } from '@keyward/kernel';
import { expectProblem, TestApp, TestUser } from '../support/test-app';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit events (/auth/audit)', () => {
  let app: TestApp;
  let audit: AuditLog;
  let admin: TestUser;

  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
    audit = app.app.get(AuditLog);
    admin = await app.newAdmin();
  });
  afterAll(() => app.close());

  /** An action name no other test uses, so totals are exact. */
  const uniqueAction = (verb: string) => `e2e.${verb}.${randomUUID()}`;
  const record = (event: Partial<Omit<NewAuditEvent, 'action'>> & { action: string }) =>
    audit.record({
      actorId: null,
      targetType: null,
      targetId: null,
      ip: null,
      details: {},
      ...event,
      action: event.action as AuditAction,
    });
  const list = (query: string, token = admin.accessToken) => app.request('GET', `/audit?${query}`, { token });

  it('lists recorded events with every field, details as the JSON that was recorded', async () => {
    const action = uniqueAction('sign');
    const actor = await app.newUser('signer');
    const details = { filename: 'release.tar.gz', bytes: 1234, flags: ['detach', 'armor'], extra: { none: null } };
    await record({
      actorId: actor.id,
      action,
      targetType: 'signing-key',
      targetId: 'ABCDEF0123456789',
      ip: '203.0.113.7',
      details,
    });

    const result = await list(`action=${encodeURIComponent(action)}`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      items: [
        {
          id: expect.stringMatching(UUID),
          at: expect.stringMatching(ISO),
          actorId: actor.id,
          action,
          targetType: 'signing-key',
          targetId: 'ABCDEF0123456789',
          ip: '203.0.113.7',
          // Recorded outside any request (by the test itself): no request id, no origin.
          requestId: null,
          via: null,
          details,
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
      total: 1,
      limit: 50,
      offset: 0,
    });
    expect(Math.abs(Date.parse(result.body.items[0].at) - Date.now())).toBeLessThan(60_000);
  });

  it('filters by actor and action, newest first, and pages', async () => {
    const action = uniqueAction('step');
    const [alice, bob] = [await app.newUser('alice'), await app.newUser('bob')];
    for (let i = 0; i < 5; i++) {
      await record({ actorId: alice.id, action, details: { i } });
      await pause(2);
    }
    await record({ actorId: bob.id, action, details: { i: 'bob' } });
    await record({ actorId: alice.id, action: `${action}.other`, details: { i: 'other' } });

    const byAlice = await list(`actorId=${alice.id}&action=${action}`);
    expect(byAlice.body.items.map((e: any) => e.details.i)).toEqual([4, 3, 2, 1, 0]);
    // Besides her registration and login, which the service recorded itself.
    expect((await list(`actorId=${alice.id}`)).body.total).toBe(8);
    expect((await list(`actorId=${alice.id.toUpperCase()}`)).body.total).toBe(8);
    expect((await list(`action=${action}`)).body.total).toBe(6);
    expect((await list(`actorId=${randomUUID()}`)).body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });

    const page = await list(`actorId=${alice.id}&action=${action}&limit=2&offset=2`);
    expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(page.body.items.map((e: any) => e.details.i)).toEqual([2, 1]);
  });

  it('filters by target type and id', async () => {
    const action = uniqueAction('target');
    const target = randomUUID();
    await record({ action, targetType: 'role', targetId: target, details: { n: 1 } });
    await record({ action, targetType: 'team', targetId: target, details: { n: 2 } });
    await record({ action, targetType: 'role', targetId: randomUUID(), details: { n: 3 } });
    const byTarget = await list(`action=${action}&targetType=role&targetId=${target}`);
    expect(byTarget.body.items.map((e: any) => e.details.n)).toEqual([1]);
    expect((await list(`action=${action}&targetId=${target}`)).body.total).toBe(2);
    expect((await list(`action=${action}&targetType=role`)).body.total).toBe(2);
  });

  it('filters by time: from inclusive, to exclusive', async () => {
    const action = uniqueAction('window');
    await record({ action, details: { n: 'early' } });
    await pause(20);
    const boundary = new Date();
    await pause(20);
    await record({ action, details: { n: 'late' } });

    const since = await list(`action=${action}&from=${boundary.toISOString()}`);
    expect(since.body.items.map((e: any) => e.details.n)).toEqual(['late']);
    const until = await list(`action=${action}&to=${boundary.toISOString()}`);
    expect(until.body.items.map((e: any) => e.details.n)).toEqual(['early']);
    // The same instant written in another time zone.
    const inBerlinWinter = `${new Date(boundary.getTime() + 3_600_000).toISOString().slice(0, 23)}+01:00`;
    expect((await list(`action=${action}&from=${encodeURIComponent(inBerlinWinter)}`)).body.total).toBe(1);
    const late = since.body.items[0];
    expect((await list(`action=${action}&from=${late.at}&to=${late.at}`)).body.total).toBe(0);
    expect((await list(`action=${action}&from=${late.at}`)).body.total).toBe(1);
  });

  it("keeps a deleted user's events", async () => {
    const action = uniqueAction('gone');
    const user = await app.newUser('leaving');
    await record({ actorId: user.id, action });
    const deleted = await app.request('DELETE', '/me', { token: user.accessToken, body: { password: user.password } });
    expect(deleted.status).toBe(204);
    const kept = (await list(`actorId=${user.id}`)).body.items.map((e: any) => e.action);
    expect(kept).toEqual(['user.deleted', action, 'auth.login.success', 'user.registered']);
  });

  it('answers 401 to anonymous callers and 403 without audit:read', async () => {
    expectProblem(await app.request('GET', '/audit'), 401, 'UNAUTHENTICATED');
    expectProblem(await list('', 'not-a-token'), 401, 'UNAUTHENTICATED');
    const user = await app.newUser('curious');
    expectProblem(await list('', user.accessToken), 403, 'FORBIDDEN');
  });

  it('lets a non-admin read through a role granting audit:read', async () => {
    const role = await app.request('POST', '/roles', {
      token: admin.accessToken,
      body: { name: `auditor-${randomUUID().slice(0, 8)}`, permissions: ['audit:read'] },
    });
    expect(role.status).toBe(201);
    const auditor = await app.newUser('auditor');
    const granted = await app.request('PUT', `/users/${auditor.id}/roles`, {
      token: admin.accessToken,
      body: { roles: ['user', role.body.name] },
    });
    expect(granted.status).toBe(200);
    const action = uniqueAction('seen');
    await record({ action });
    const result = await list(`action=${action}`, auditor.accessToken);
    expect(result.status).toBe(200);
    expect(result.body.total).toBe(1);
  });

  it.each([
    ['actorId=not-a-uuid', 'actorId'],
    ['actorId=', 'actorId'],
    ['actorId=a&actorId=b', 'actorId'],
    ['offset=9007199254740992', 'offset'],
    ['action=', 'action'],
    [`action=${'x'.repeat(101)}`, 'action'],
    ['action=a&action=b', 'action'],
    ['from=yesterday', 'from'],
    ['from=2026-11-21', 'from'],
    ['from=2026-11-21T10:00:00', 'from'],
    ['from=1763700000', 'from'],
    ['to=2026-02-30T00:00:00Z', 'to'],
    ['from=2026-11-22T00:00:00Z&to=2026-11-21T00:00:00Z', 'to'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['offset=-1', 'offset'],
    ['actor=someone', 'actor'],
    ['targetType=', 'targetType'],
    ['targetType=a%00b', 'targetType'],
    ['targetId=%ED%A0%80', 'targetId'],
    [`targetId=${'x'.repeat(256)}`, 'targetId'],
  ])('answers 400 VALIDATION_FAILED for %s', async (query, field) => {
    const result = await list(query);
    expectProblem(result, 400, 'VALIDATION_FAILED');
    expect(result.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('is documented with its filters', async () => {
    const doc = (await app.request('GET', '/openapi.json')).body;
    const operation = doc.paths['/auth/audit'].get;
    expect(operation.parameters.map((p: any) => p.name).sort()).toEqual(
      ['action', 'actorId', 'targetType', 'targetId', 'from', 'limit', 'offset', 'to'].sort(),
    );
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    const event = doc.components.schemas.AuditEventResponse;
    expect(Object.keys(event.properties).sort()).toEqual(
      ['id', 'at', 'actorId', 'action', 'targetType', 'targetId', 'ip', 'requestId', 'via', 'details', 'hash'].sort(),
    );
    expect(event.properties.action.enum).toEqual(expect.arrayContaining(['auth.login.failure', 'grant.denied']));
    expect(event.properties.via).toMatchObject({ nullable: true, enum: ['api', 'admin', 'cli', null] });
  });
});
