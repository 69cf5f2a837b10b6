import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { secretsClient, textOfBytes } from '../support/secrets';
import { expectProblem, TestApp } from '../support/test-app';

const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;

describe('one-time secrets', () => {
  let app: TestApp;
  const api = secretsClient(() => app);
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
});
