import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig, PlatformConfig } from '@keyward/core';
import { usesPostgres } from '../support/test-database';
import { expectProblem, HttpResult, TestApp, TestUser } from '../support/test-app';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface Created {
  id: string;
  secretKey: string;
  expiresAt: string;
}

/** A string of exactly `bytes` UTF-8 bytes made mostly of multibyte characters, and lines. */
function textOfBytes(bytes: number): string {
  const unit = 'ä€😀\n'; // 2 + 3 + 4 + 1 bytes
  const unitBytes = Buffer.byteLength(unit);
  const text = unit.repeat(Math.floor(bytes / unitBytes)) + 'x'.repeat(bytes % unitBytes);
  expect(Buffer.byteLength(text, 'utf8')).toBe(bytes);
  return text;
}

function expectSensitiveHeaders(res: HttpResult): void {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('server-timing')).toMatch(/^kdf;dur=\d+(\.\d+)?$/);
}

function expectFieldError(res: HttpResult, field: string): void {
  expectProblem(res, 400, 'VALIDATION_FAILED');
  expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
}

/** Helpers bound to one running app. */
function client(get: () => TestApp) {
  const api = {
    async create(body: Record<string, unknown>, auth: { token?: string; apiKey?: string } = {}): Promise<Created> {
      const before = Date.now();
      const res = await get().request('POST', '/secrets', { body, ...auth });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 201,
        body: {
          id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
          secretKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          expiresAt: expect.any(String),
        },
      });
      expect(new Date(res.body.expiresAt).toISOString()).toBe(res.body.expiresAt);
      expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(before);
      expectSensitiveHeaders(res);
      return res.body as Created;
    },
    reveal: (secretKey: string, passphrase: unknown, headers?: Record<string, string>) =>
      get().request('POST', `/secrets/${secretKey}`, { body: { passphrase }, headers }),
    metadata: (secretKey: string) => get().request('GET', `/secrets/${secretKey}`),
    receipts: (user: TestUser, query = '') => get().request('GET', `/secrets${query}`, { token: user.accessToken }),
    async expectRevealed(secretKey: string, passphrase: string, secret: string): Promise<void> {
      const res = await api.reveal(secretKey, passphrase);
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { secret } });
      expectSensitiveHeaders(res);
    },
    async expectGone(secretKey: string, passphrase = 'any passphrase'): Promise<void> {
      expectProblem(await api.metadata(secretKey), 404, 'SECRET_NOT_FOUND');
      expectProblem(await api.reveal(secretKey, passphrase), 404, 'SECRET_NOT_FOUND');
    },
  };
  return api;
}

describe('one-time secrets', () => {
  let app: TestApp;
  const api = client(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

  describe('reveal once', () => {
    it.each([
      ['unicode', 'Grüße, 世界! Ünïcödé — 🔐🗝️ 👩‍👩‍👧 עברית e\u0301 \u{1F600}'],
      ['a multi-line string', 'line one\nline two\r\n\tindented\n\n  spaced  \n{"json": "inside"}\n'],
    ])('returns %s exactly once, then SECRET_NOT_FOUND', async (_, secret) => {
      const passphrase = 'correct horse ✓ battery';
      const created = await api.create({ secret, passphrase });
      await api.expectRevealed(created.secretKey, passphrase, secret);
      expectProblem(await api.reveal(created.secretKey, passphrase), 404, 'SECRET_NOT_FOUND');
      expectProblem(await api.metadata(created.secretKey), 404, 'SECRET_NOT_FOUND');
    });

    it('returns a secret of exactly SECRETS_MAX_BYTES bytes intact, and refuses one byte more', async () => {
      const maxBytes = app.config.secrets.maxBytes;
      const secret = textOfBytes(maxBytes);
      const created = await api.create({ secret, passphrase: 'big one' });
      await api.expectRevealed(created.secretKey, 'big one', secret);
      await api.expectGone(created.secretKey, 'big one');
      const tooLarge = await app.request('POST', '/secrets', {
        body: { secret: textOfBytes(maxBytes + 1), passphrase: 'big one' },
      });
      expectProblem(tooLarge, 413, 'SECRET_TOO_LARGE');
    });

    it('gives every secret its own id and key', async () => {
      const a = await api.create({ secret: 'same', passphrase: 'same' });
      const b = await api.create({ secret: 'same', passphrase: 'same' });
      expect(a.id).not.toBe(b.id);
      expect(a.secretKey).not.toBe(b.secretKey);
      await api.expectRevealed(a.secretKey, 'same', 'same');
      await api.expectRevealed(b.secretKey, 'same', 'same');
    });

    it('lets exactly one of 50 concurrent reveals through', async () => {
      const secret = `the one ${randomUUID()}`;
      const created = await api.create({ secret, passphrase: 'race' });
      const results = await Promise.all(Array.from({ length: 50 }, () => api.reveal(created.secretKey, 'race')));
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(winners[0].body).toEqual({ secret });
      const losers = results.filter((r) => r.status !== 200);
      expect(losers).toHaveLength(49);
      for (const res of losers) expectProblem(res, 404, 'SECRET_NOT_FOUND');
      await api.expectGone(created.secretKey, 'race');
    });
  });

  describe('wrong passphrases', () => {
    it('does not consume the secret: after 2 wrong passphrases the right one reveals it', async () => {
      const created = await api.create({ secret: 'still here', passphrase: 'right' });
      for (const attemptsLeft of [4, 3]) {
        const res = await api.reveal(created.secretKey, 'wrong');
        expectProblem(res, 403, 'WRONG_PASSPHRASE');
        expect(res.body.attemptsLeft).toBe(attemptsLeft);
      }
      expect((await api.metadata(created.secretKey)).status).toBe(200);
      await api.expectRevealed(created.secretKey, 'right', 'still here');
    });

    it('counts down 4, 3, 2, 1, 0 and destroys the secret on the fifth', async () => {
      const creator = await app.newUser('counter');
      const created = await api.create({ secret: 'five strikes', passphrase: 'right' }, { token: creator.accessToken });
      for (const attemptsLeft of [4, 3, 2, 1, 0]) {
        const res = await api.reveal(created.secretKey, `wrong ${attemptsLeft}`);
        expectProblem(res, 403, 'WRONG_PASSPHRASE');
        expect(res.body.attemptsLeft).toBe(attemptsLeft);
      }
      await api.expectGone(created.secretKey, 'right');
      const receipts = await api.receipts(creator);
      expect(receipts.body.items).toEqual([
        expect.objectContaining({ id: created.id, state: 'burned', revealedAt: null }),
      ]);
    });

    it('counts 5 concurrent wrong passphrases one by one: attemptsLeft 4, 3, 2, 1, 0, then the secret is gone', async () => {
      const created = await api.create({ secret: 'concurrent strikes', passphrase: 'right' });
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => api.reveal(created.secretKey, `wrong ${i}`)),
      );
      for (const res of results) expectProblem(res, 403, 'WRONG_PASSPHRASE');
      const left = results.map((r) => r.body.attemptsLeft as number);
      expect(new Set(left)).toEqual(new Set([4, 3, 2, 1, 0]));
      expect(left).toHaveLength(5);
      await api.expectGone(created.secretKey, 'right');
    });

    it('holds the limit of 5 under concurrency: 10 runs of 10 wrong passphrases and the right one at once', async () => {
      const creator = await app.newUser('raced');
      for (let run = 0; run < 10; run += 1) {
        const created = await api.create({ secret: `run ${run}`, passphrase: 'right' }, { token: creator.accessToken });
        const guesses = Array.from({ length: 10 }, (_, i) => `wrong ${i}`);
        guesses.splice(run, 0, 'right');
        const results = await Promise.all(guesses.map((guess) => api.reveal(created.secretKey, guess)));
        const right = results[run];
        const wrong = results.filter((r, i) => i !== run && r.status === 403);
        for (const res of wrong) expectProblem(res, 403, 'WRONG_PASSPHRASE');
        for (const res of results.filter((r) => r.status === 404)) expectProblem(res, 404, 'SECRET_NOT_FOUND');
        const left = wrong.map((r) => r.body.attemptsLeft as number).sort();
        expect(new Set(left).size).toBe(left.length);
        const receipt = (await api.receipts(creator)).body.items.find((r: { id: string }) => r.id === created.id);
        if (right.status === 200) {
          // Revealed only as one of the first five passphrases tried: four wrong ones at most.
          expect([run, right.body, wrong.length, receipt.state]).toEqual([
            run,
            { secret: `run ${run}` },
            expect.any(Number),
            'revealed',
          ]);
          expect(wrong.length).toBeLessThan(5);
        } else {
          // A wrong passphrase took the fifth attempt and burned the secret; the right one was refused untried
          // (or was still being tried): no more than five were tried in all.
          expectProblem(right, 404, 'SECRET_NOT_FOUND');
          expect([run, left.includes(0), left.length >= 4, receipt.state]).toEqual([run, true, true, 'burned']);
        }
        await api.expectGone(created.secretKey, 'right');
      }
    });
  });

  describe('ttl', () => {
    const expectExpiry = (created: Created, before: number, after: number, seconds: number) => {
      const expiresAt = new Date(created.expiresAt).getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(before + seconds * 1000 - 5000);
      expect(expiresAt).toBeLessThanOrEqual(after + seconds * 1000 + 5000);
    };

    it.each([
      ['2 seconds', 2, 2],
      ['1 second', 1, 1],
      ['the maximum in seconds', 604800, 604800],
      ['days, hours and minutes', { days: 1, hours: 2, minutes: 3 }, 93780],
      ['hours only', { hours: 5 }, 18000],
      ['7 days as parts', { days: 7 }, 604800],
      ['parts adding up to 7 days', { days: 6, hours: 23, minutes: 60 }, 604800],
      ['absent: 7 days', undefined, 604800],
    ])('accepts %s', async (_, ttl, seconds) => {
      const before = Date.now();
      const created = await api.create({ secret: 's', passphrase: 'p', ...(ttl === undefined ? {} : { ttl }) });
      const after = Date.now();
      expectExpiry(created, before, after, seconds);
      expect((await api.metadata(created.secretKey)).body).toEqual({
        expiresAt: created.expiresAt,
        passphraseRequired: true,
      });
    });

    it.each([
      ['0', 0],
      ['-1', -1],
      ['604801', 604801],
      ['{days: 8}', { days: 8 }],
      ['{weeks: 1}', { weeks: 1 }],
      ['1.5', 1.5],
      ['"60"', '60'],
      ['{}', {}],
      ['null', null],
      ['{days: 7, minutes: 1}', { days: 7, minutes: 1 }],
      ['{hours: -1, days: 1}', { hours: -1, days: 1 }],
      ['{hours: 1.5}', { hours: 1.5 }],
      ['{hours: "1"}', { hours: '1' }],
      ['{minutes: 0}', { minutes: 0 }],
      ['[60]', [60]],
      ['true', true],
      ['{toString: 1}', { toString: 1 }],
      ['1e21', 1e21],
    ])('refuses ttl %s with VALIDATION_FAILED on ttl and stores nothing', async (_, ttl) => {
      const user = await app.newUser('ttl');
      const res = await app.request('POST', '/secrets', {
        body: { secret: 's', passphrase: 'p', ttl },
        token: user.accessToken,
      });
      expectFieldError(res, 'ttl');
      expect((await api.receipts(user)).body.total).toBe(0);
    });

    it('enforces expiry on read, before any purge', async () => {
      expect(app.config.secrets.purgeIntervalSeconds).toBeGreaterThanOrEqual(60);
      const created = await api.create({ secret: 'short-lived', passphrase: 'p', ttl: 1 });
      expect((await api.metadata(created.secretKey)).status).toBe(200);
      await sleep(Math.max(0, new Date(created.expiresAt).getTime() - Date.now()) + 500);
      await api.expectGone(created.secretKey, 'p');
      // Still in the database (not purged), and still not revealable.
      const row = await app.app
        .get(DataSource)
        .createQueryBuilder()
        .select('ciphertext')
        .from('secrets', 's')
        .where('s.id = :id', { id: created.id })
        .getRawOne();
      expect(row?.ciphertext).toEqual(expect.any(String));
      expectProblem(await api.reveal(created.secretKey, 'p'), 404, 'SECRET_NOT_FOUND');
    });
  });

  describe('GET /secrets/{secretKey}', () => {
    it('tells that the secret exists, any number of times, without consuming it', async () => {
      const created = await api.create({ secret: 'peek-proof', passphrase: 'p' });
      for (let i = 0; i < 3; i += 1) {
        const res = await api.metadata(created.secretKey);
        expect({ status: res.status, body: res.body }).toEqual({
          status: 200,
          body: { expiresAt: created.expiresAt, passphraseRequired: true },
        });
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
      await api.expectRevealed(created.secretKey, 'p', 'peek-proof');
    });
  });

  describe('not found', () => {
    it('answers unknown, expired, consumed, burned, destroyed and malformed keys with one identical body', async () => {
      const creator = await app.newUser('nf');
      const expired = await api.create({ secret: 'e', passphrase: 'p', ttl: 1 });
      const consumed = await api.create({ secret: 'c', passphrase: 'p' });
      const burned = await api.create({ secret: 'b', passphrase: 'p' }, { token: creator.accessToken });
      const destroyed = await api.create({ secret: 'd', passphrase: 'p' });
      await api.expectRevealed(consumed.secretKey, 'p', 'c');
      expect((await app.request('DELETE', `/secrets/${burned.id}`, { token: creator.accessToken })).status).toBe(204);
      for (let i = 0; i < 5; i += 1) expect((await api.reveal(destroyed.secretKey, 'wrong')).status).toBe(403);
      await sleep(Math.max(0, new Date(expired.expiresAt).getTime() - Date.now()) + 300);

      const keys = {
        unknown: randomBytes(32).toString('base64url'),
        expired: expired.secretKey,
        consumed: consumed.secretKey,
        burned: burned.secretKey,
        destroyed: destroyed.secretKey,
        tooShort: 'abc',
        almostLongEnough: 'a'.repeat(15),
        tooLong: 'a'.repeat(100),
        badCharacters: encodeURIComponent(`${'a'.repeat(20)}!~*`),
        receiptId: burned.id,
      };
      for (const method of ['GET', 'POST']) {
        const results = await Promise.all(
          Object.values(keys).map((key) =>
            app.request(method, `/secrets/${key}`, method === 'POST' ? { body: { passphrase: 'p' } } : {}),
          ),
        );
        for (const res of results) expectProblem(res, 404, 'SECRET_NOT_FOUND');
        const bodies = new Set(results.map((r) => JSON.stringify(strip(r.body))));
        expect(bodies.size).toBe(1);
      }
      // Longer path parameters and broken percent-encoding are refused by the router before any route
      // runs; they are still problem details with a request id, and never echo the path.
      const long = `/secrets/${'a'.repeat(129)}`;
      for (const res of [
        await app.request('GET', long),
        await app.request('POST', long, { body: { passphrase: 'p' } }),
      ]) {
        expectProblem(res, 414, 'URI_TOO_LONG');
        expect(res.text).not.toContain('a'.repeat(101));
      }
      expectProblem(await app.request('GET', '/secrets/%E0%A4%A'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('storage', () => {
    it('keeps neither the secret, nor the passphrase, nor the key in the database', async () => {
      const secretMarker = randomBytes(16).toString('hex');
      const passphraseMarker = randomBytes(16).toString('hex');
      const created = await api.create({ secret: `s3cret ${secretMarker}`, passphrase: `pass ${passphraseMarker}` });
      const dataSource = app.app.get(DataSource);
      const row = await dataSource
        .createQueryBuilder()
        .select('*')
        .from('secrets', 's')
        .where('s.id = :id', { id: created.id })
        .getRawOne();
      expect(row.lookup_hash).toBe(sha256(created.secretKey));
      expect(row.lookup_hash).not.toBe(created.secretKey);
      expect(row.ciphertext).toEqual(expect.any(String));

      const needles = [secretMarker, passphraseMarker, created.secretKey].flatMap((marker) => [
        marker,
        Buffer.from(marker).toString('base64'),
        Buffer.from(marker).toString('base64url'),
        Buffer.from(marker).toString('hex'),
      ]);
      const expectClean = (dump: Buffer | string) => {
        const bytes = Buffer.isBuffer(dump) ? dump : Buffer.from(dump);
        // The dump holds the record (so the search is not vacuous), but nothing that opens it.
        expect(bytes.includes(row.lookup_hash)).toBe(true);
        expect(bytes.includes(row.ciphertext)).toBe(true);
        for (const needle of needles)
          expect({ needle, found: bytes.includes(needle) }).toEqual({ needle, found: false });
      };

      const rows = await dataSource.createQueryBuilder().select('*').from('secrets', 's').getRawMany();
      expectClean(JSON.stringify(rows));
      if (usesPostgres) {
        const hasPgDump = await run('which', ['pg_dump']).then(
          () => true,
          () => false,
        );
        if (hasPgDump) {
          const { stdout } = await run('pg_dump', ['--data-only', app.config.database.url], {
            maxBuffer: 64 * 1024 * 1024,
          });
          expectClean(stdout);
        }
      } else {
        const file = app.config.database.sqlitePath;
        const wal = `${file}-wal`;
        expectClean(Buffer.concat([readFileSync(file), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]));
      }
      await api.expectRevealed(created.secretKey, `pass ${passphraseMarker}`, `s3cret ${secretMarker}`);
    });
  });

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

describe('one-time secrets with SECRETS_MAX_BYTES=1024', () => {
  let app: TestApp;
  const api = client(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false', SECRETS_MAX_BYTES: '1024' });
  });
  afterAll(() => app.close());

  it('accepts exactly 1024 UTF-8 bytes and refuses 1025 with SECRET_TOO_LARGE', async () => {
    for (const secret of ['a'.repeat(1024), textOfBytes(1024), `${'€'.repeat(341)}x`]) {
      const created = await api.create({ secret, passphrase: 'p' });
      await api.expectRevealed(created.secretKey, 'p', secret);
    }
    // Under the limit in characters (even in UTF-16 units), over it in bytes.
    const multibyte = ['€'.repeat(342), '😀'.repeat(257), `${'a'.repeat(1023)}é`];
    for (const secret of multibyte) {
      expect(secret.length).toBeLessThanOrEqual(1024);
      expect(Buffer.byteLength(secret)).toBeGreaterThan(1024);
    }
    for (const secret of ['a'.repeat(1025), textOfBytes(1025), ...multibyte]) {
      const user = await app.newUser('big');
      const res = await app.request('POST', '/secrets', { body: { secret, passphrase: 'p' }, token: user.accessToken });
      expectProblem(res, 413, 'SECRET_TOO_LARGE');
      expect((await api.receipts(user)).body.total).toBe(0);
    }
  });

  it('accepts passphrases of 1 to 1024 characters, counting code points', async () => {
    for (const passphrase of ['x', 'y'.repeat(1024), '😀'.repeat(1024), ' ']) {
      const created = await api.create({ secret: 's', passphrase });
      await api.expectRevealed(created.secretKey, passphrase, 's');
    }
  });

  it.each([
    ['missing passphrase', { secret: 's' }, 'passphrase'],
    ['empty passphrase', { secret: 's', passphrase: '' }, 'passphrase'],
    ['passphrase of 1025 characters', { secret: 's', passphrase: 'x'.repeat(1025) }, 'passphrase'],
    ['passphrase of 1025 emoji', { secret: 's', passphrase: '😀'.repeat(1025) }, 'passphrase'],
    ['numeric passphrase', { secret: 's', passphrase: 12345 }, 'passphrase'],
    ['null passphrase', { secret: 's', passphrase: null }, 'passphrase'],
    ['array passphrase', { secret: 's', passphrase: ['p'] }, 'passphrase'],
    ['object passphrase', { secret: 's', passphrase: { p: 1 } }, 'passphrase'],
    ['missing secret', { passphrase: 'p' }, 'secret'],
    ['empty secret', { secret: '', passphrase: 'p' }, 'secret'],
    ['numeric secret', { secret: 42, passphrase: 'p' }, 'secret'],
    ['secret as an object', { secret: { a: 1 }, passphrase: 'p' }, 'secret'],
    ['unknown field', { secret: 's', passphrase: 'p', burnAfter: 1 }, 'burnAfter'],
    ['NUL character', { secret: 'a\u0000b', passphrase: 'p' }, 'secret'],
  ])('refuses to create with %s: 400 VALIDATION_FAILED', async (_, body, field) => {
    const user = await app.newUser('invalid');
    const res = await app.request('POST', '/secrets', { body, token: user.accessToken });
    expectFieldError(res, field);
    expect((await api.receipts(user)).body.total).toBe(0);
  });

  it.each([
    ['malformed JSON', '{"secret":'],
    ['an array', '[1,2,3]'],
    ['null', 'null'],
    ['a string', '"secret"'],
    ['an empty object', '{}'],
  ])('refuses to create from %s: 400 VALIDATION_FAILED', async (_, rawBody) => {
    expectProblem(await app.request('POST', '/secrets', { rawBody }), 400, 'VALIDATION_FAILED');
  });

  it('refuses invalid reveal requests without counting them as attempts or consuming the secret', async () => {
    const created = await api.create({ secret: 'survivor', passphrase: 'right' });
    const invalid: Array<[string, Record<string, unknown> | string]> = [
      ['missing', {}],
      ['empty', { passphrase: '' }],
      ['too long', { passphrase: 'x'.repeat(1025) }],
      ['wrong type', { passphrase: 42 }],
      ['null', { passphrase: null }],
      ['unknown field', { passphrase: 'right', extra: true }],
      ['malformed', '{"passphrase":'],
      ['array', '["right"]'],
    ];
    for (const [, body] of invalid) {
      const res = await app.request(
        'POST',
        `/secrets/${created.secretKey}`,
        typeof body === 'string' ? { rawBody: body } : { body },
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
    }
    // Eight refused requests: had five of them counted as wrong passphrases, the secret would be gone.
    const wrong = await api.reveal(created.secretKey, 'wrong');
    expect(wrong.body.attemptsLeft).toBe(4);
    await api.expectRevealed(created.secretKey, 'right', 'survivor');
  });
});

describe('one-time secrets with SECRETS_ANONYMOUS=false', () => {
  let app: TestApp;
  const api = client(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false', SECRETS_ANONYMOUS: 'false' });
  });
  afterAll(() => app.close());

  it('refuses anonymous creation and lets authenticated users create; revealing stays public', async () => {
    const body = { secret: 'members only', passphrase: 'p' };
    expectProblem(await app.request('POST', '/secrets', { body }), 401, 'UNAUTHENTICATED');
    expectProblem(await app.request('POST', '/secrets', { body, token: 'bogus' }), 401, 'UNAUTHENTICATED');
    const user = await app.newUser('member');
    expect((await api.receipts(user)).body.total).toBe(0);
    const created = await api.create(body, { token: user.accessToken });
    expect((await api.receipts(user)).body.items).toEqual([expect.objectContaining({ id: created.id })]);
    expect((await api.metadata(created.secretKey)).status).toBe(200);
    await api.expectRevealed(created.secretKey, 'p', 'members only');
  });
});

describe('one-time secrets rate limits', () => {
  let app: TestApp;
  const api = client(() => app);
  const lines: string[] = [];
  beforeAll(async () => {
    // A client address of this run's own, so counters shared through Redis by other runs cannot interfere.
    app = await TestApp.start(
      {
        RATE_LIMIT_SECRETS_REVEAL_PER_MINUTE: '3',
        RATE_LIMIT_SECRETS_CREATE_PER_MINUTE: '5',
        TRUST_PROXY: 'true',
      },
      (line) => lines.push(line),
    );
  });
  afterAll(() => app.close());

  const randomIp = () => `10.${randomBytes(3).join('.')}`;

  it('limits reveals more strictly than creation, with 429 RATE_LIMITED and Retry-After', async () => {
    const ip = randomIp();
    const headers = { 'x-forwarded-for': ip };
    const createFrom = (from: Record<string, string>) =>
      app.request('POST', '/secrets', { body: { secret: 'limited', passphrase: 'right' }, headers: from });

    const first = await createFrom(headers);
    expect(first.status).toBe(201);
    const key = first.body.secretKey as string;
    for (let i = 0; i < 3; i += 1) expectProblem(await api.reveal(key, 'wrong', headers), 403, 'WRONG_PASSPHRASE');
    const limited = await api.reveal(key, 'right', headers);
    expectProblem(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Refused before anything happened: neither consumed nor counted as an attempt.
    expect((await api.metadata(key)).status).toBe(200);

    // Creation still has room after reveals ran out (5 a minute against 3).
    for (let i = 0; i < 4; i += 1) expect((await createFrom(headers)).status).toBe(201);
    const createLimited = await createFrom(headers);
    expectProblem(createLimited, 429, 'RATE_LIMITED');
    expect(Number(createLimited.headers.get('retry-after'))).toBeGreaterThan(0);

    // Counters are per client: another address is not limited, and the secret is intact.
    const other = { 'x-forwarded-for': randomIp() };
    const wrong = await api.reveal(key, 'wrong', other);
    expect(wrong.body.attemptsLeft).toBe(1);
    const revealed = await api.reveal(key, 'right', other);
    expect({ status: revealed.status, body: revealed.body }).toEqual({ status: 200, body: { secret: 'limited' } });
    expect((await createFrom(other)).status).toBe(201);

    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(key);
  });

  it('is stricter for reveals than for creation, here and by default', () => {
    const rules = (config: PlatformConfig) => config.rateLimit.rules;
    expect(rules(app.config).secretsReveal.limit).toBeLessThan(rules(app.config).secretsCreate.limit);
    const defaults = loadConfig({ NODE_ENV: 'test', JWT_SECRET: randomBytes(32).toString('base64url') });
    expect(rules(defaults).secretsReveal.limit).toBeLessThan(rules(defaults).secretsCreate.limit);
    expect(rules(defaults).secretsReveal.windowSeconds).toBe(rules(defaults).secretsCreate.windowSeconds);
  });
});
