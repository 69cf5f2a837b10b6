import { randomBytes } from 'node:crypto';
import { loadConfig, PlatformConfig } from '@keyward/core';
import { secretsClient } from '../support/secrets';
import { expectProblem, TestApp } from '../support/test-app';

describe('one-time secrets rate limits', () => {
  let app: TestApp;
  const api = secretsClient(() => app);
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
