import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { secretsClient } from '../support/secrets';
import { expectProblem, HttpResult, TestApp } from '../support/test-app';

describe('one-time secrets', () => {
  let app: TestApp;
  const api = secretsClient(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  describe('receipts', () => {
    const RECEIPT_FIELDS = ['createdAt', 'expiresAt', 'id', 'revealedAt', 'state'];

    it('shows the creator pending, revealed, expired and burned states, and never content or keys', async () => {
      const creator = await app.newUser('receipts');
      const auth = { token: creator.accessToken };
      const pending = await api.create({ secret: 'pending content', passphrase: 'p' }, auth);
      const revealed = await api.create({ secret: 'revealed content', passphrase: 'p' }, auth);
      const burned = await api.create({ secret: 'burned content', passphrase: 'p' }, auth);
      const expiring = await api.create({ secret: 'expiring content', passphrase: 'p', ttl: 1 }, auth);
      const all = [pending, revealed, burned, expiring];

      const first = await api.receipts(creator);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ items: expect.any(Array), total: 4, limit: 50, offset: 0 });
      for (const item of first.body.items) expect(Object.keys(item).sort()).toEqual(RECEIPT_FIELDS);
      // Newest first.
      expect(first.body.items.map((i: { id: string }) => i.id)).toEqual(all.map((c) => c.id).reverse());
      const byId = (res: HttpResult) =>
        new Map<string, Record<string, unknown>>(res.body.items.map((i: { id: string }) => [i.id, i]));
      for (const created of [pending, revealed, burned]) {
        expect(byId(first).get(created.id)).toEqual({
          id: created.id,
          createdAt: expect.any(String),
          expiresAt: created.expiresAt,
          state: 'pending',
          revealedAt: null,
        });
      }

      const beforeReveal = Date.now();
      await api.expectRevealed(revealed.secretKey, 'p', 'revealed content');
      const afterReveal = Date.now();
      expect((await app.request('DELETE', `/secrets/${burned.id}`, auth)).status).toBe(204);
      await api.expectGone(burned.secretKey, 'p');
      await sleep(Math.max(0, new Date(expiring.expiresAt).getTime() - Date.now()) + 300);

      const later = await api.receipts(creator);
      const items = byId(later);
      expect(items.get(pending.id)).toMatchObject({ state: 'pending', revealedAt: null });
      expect(items.get(revealed.id)).toMatchObject({ state: 'revealed', revealedAt: expect.any(String) });
      const revealedAt = new Date(items.get(revealed.id)?.revealedAt as string).getTime();
      expect(revealedAt).toBeGreaterThanOrEqual(beforeReveal - 1000);
      expect(revealedAt).toBeLessThanOrEqual(afterReveal + 1000);
      expect(items.get(burned.id)).toMatchObject({ state: 'burned', revealedAt: null });
      expect(items.get(expiring.id)).toMatchObject({ state: 'expired', revealedAt: null });
      for (const item of later.body.items) expect(Object.keys(item).sort()).toEqual(RECEIPT_FIELDS);
      for (const created of all) expect(later.text).not.toContain(created.secretKey);
      expect(later.text).not.toContain('content');
      await api.expectRevealed(pending.secretKey, 'p', 'pending content');
    });

    it('burning what is already gone changes nothing', async () => {
      const creator = await app.newUser('reburn');
      const auth = { token: creator.accessToken };
      const revealed = await api.create({ secret: 'r', passphrase: 'p' }, auth);
      const burned = await api.create({ secret: 'b', passphrase: 'p' }, auth);
      const expired = await api.create({ secret: 'e', passphrase: 'p', ttl: 1 }, auth);
      await api.expectRevealed(revealed.secretKey, 'p', 'r');
      expect((await app.request('DELETE', `/secrets/${burned.id}`, auth)).status).toBe(204);
      await sleep(Math.max(0, new Date(expired.expiresAt).getTime() - Date.now()) + 300);
      const before = (await api.receipts(creator)).body;
      for (const created of [revealed, burned, expired])
        expect((await app.request('DELETE', `/secrets/${created.id}`, auth)).status).toBe(204);
      const after = (await api.receipts(creator)).body;
      expect(after).toEqual(before);
      const states = new Map(after.items.map((i: { id: string; state: string }) => [i.id, i.state]));
      expect(states).toEqual(
        new Map([
          [revealed.id, 'revealed'],
          [burned.id, 'burned'],
          [expired.id, 'expired'],
        ]),
      );
    });

    it("keeps users out of each other's receipts", async () => {
      const owner = await app.newUser('owner');
      const intruder = await app.newUser('intruder');
      const created = await api.create({ secret: 'mine', passphrase: 'p' }, { token: owner.accessToken });
      expectProblem(
        await app.request('DELETE', `/secrets/${created.id}`, { token: intruder.accessToken }),
        404,
        'NOT_FOUND',
      );
      expect((await api.receipts(intruder)).body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
      expect((await api.receipts(owner)).body.items).toEqual([expect.objectContaining({ state: 'pending' })]);
      await api.expectRevealed(created.secretKey, 'p', 'mine');
    });

    it('gives receipts to creators using an API key', async () => {
      const owner = await app.newUser('keyholder');
      const key = await app.request('POST', '/api-keys', { token: owner.accessToken, body: { name: 'secrets' } });
      expect(key.status).toBe(201);
      const created = await api.create({ secret: 'via key', passphrase: 'p' }, { apiKey: key.body.key });
      const receipts = await app.request('GET', '/secrets', { apiKey: key.body.key });
      expect(receipts.body.items.map((i: { id: string }) => i.id)).toEqual([created.id]);
      expect((await api.receipts(owner)).body.total).toBe(1);
    });

    it('refuses invalid credentials instead of creating anonymously, so no receipt goes missing', async () => {
      const user = await app.newUser('stale');
      await app.request('POST', '/logout', { token: user.accessToken });
      const body = { secret: 's', passphrase: 'p' };
      expectProblem(await app.request('POST', '/secrets', { token: user.accessToken, body }), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('POST', '/secrets', { apiKey: 'kw_not-a-key', body }), 401, 'UNAUTHENTICATED');
      expect((await app.request('POST', '/secrets', { body })).status).toBe(201);
    });

    it('keeps no receipt for anonymous secrets', async () => {
      const someone = await app.newUser('someone');
      const created = await api.create({ secret: 'anonymous', passphrase: 'p' });
      expect((await api.receipts(someone)).body.total).toBe(0);
      expectProblem(
        await app.request('DELETE', `/secrets/${created.id}`, { token: someone.accessToken }),
        404,
        'NOT_FOUND',
      );
      const row = await app.app
        .get(DataSource)
        .createQueryBuilder()
        .select('creator_id')
        .from('secrets', 's')
        .where('s.id = :id', { id: created.id })
        .getRawOne();
      expect(row).toEqual({ creator_id: null });
      await api.expectRevealed(created.secretKey, 'p', 'anonymous');
    });

    it('pages receipts', async () => {
      const creator = await app.newUser('pager');
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1)
        ids.push((await api.create({ secret: `s${i}`, passphrase: 'p' }, { token: creator.accessToken })).id);
      const page = await api.receipts(creator, '?limit=2&offset=1');
      expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
      expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[0]]);
      for (const query of ['?limit=0', '?limit=201', '?offset=-1', '?limit=abc'])
        expectProblem(await api.receipts(creator, query), 400, 'VALIDATION_FAILED');
    });

    it('needs authentication to list and burn', async () => {
      expectProblem(await app.request('GET', '/secrets'), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('GET', '/secrets', { token: 'not-a-token' }), 401, 'UNAUTHENTICATED');
      expectProblem(await app.request('DELETE', `/secrets/${randomUUID()}`), 401, 'UNAUTHENTICATED');
      const user = await app.newUser('burner');
      for (const id of [randomUUID(), 'not-a-uuid'])
        expectProblem(await app.request('DELETE', `/secrets/${id}`, { token: user.accessToken }), 404, 'NOT_FOUND');
    });
  });
});
