import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { Created, expectFieldError, secretsClient, textOfBytes } from '../support/secrets';
import { expectProblem, TestApp } from '../support/test-app';
import { usesPostgres } from '../support/test-database';

const run = promisify(execFile);
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('one-time secrets', () => {
  let app: TestApp;
  const api = secretsClient(() => app);
  beforeAll(async () => {
    app = await TestApp.start({ RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => app.close());

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
      const asked = Date.now();
      const metadata = await api.metadata(created.secretKey);
      // A secret of a second or two can expire while a loaded machine asks about it: then it must be gone.
      const expiresAt = Date.parse(created.expiresAt);
      if (Date.now() < expiresAt)
        expect(metadata.body).toEqual({ expiresAt: created.expiresAt, passphraseRequired: true });
      else if (asked >= expiresAt) expectProblem(metadata, 404, 'SECRET_NOT_FOUND');
      else expect([200, 404]).toContain(metadata.status);
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
      const live = await api.metadata(created.secretKey);
      // Only an answer that came back before the expiry has to show the secret (a loaded machine can take 1 s).
      if (Date.now() < Date.parse(created.expiresAt)) expect(live.status).toBe(200);
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
});

describe('one-time secrets with SECRETS_MAX_BYTES=1024', () => {
  let app: TestApp;
  const api = secretsClient(() => app);
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
  const api = secretsClient(() => app);
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
