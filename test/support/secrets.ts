import { UUID } from './formats';
import { expectProblem, HttpResult, TestApp, TestUser } from './test-app';

/** What POST /secrets answers. */
export interface Created {
  id: string;
  secretKey: string;
  expiresAt: string;
}

/** A string of exactly `bytes` UTF-8 bytes made mostly of multibyte characters, and lines. */
export function textOfBytes(bytes: number): string {
  const unit = 'ä€😀\n'; // 2 + 3 + 4 + 1 bytes
  const unitBytes = Buffer.byteLength(unit);
  const text = unit.repeat(Math.floor(bytes / unitBytes)) + 'x'.repeat(bytes % unitBytes);
  expect(Buffer.byteLength(text, 'utf8')).toBe(bytes);
  return text;
}

/** Responses that make or reveal a secret are never cached and tell how long the key derivation took. */
function expectSensitiveHeaders(res: HttpResult): void {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('server-timing')).toMatch(/^kdf;dur=\d+(\.\d+)?$/);
}

/** A 400 VALIDATION_FAILED that names this field among its errors. */
export function expectFieldError(res: HttpResult, field: string): void {
  expectProblem(res, 400, 'VALIDATION_FAILED');
  expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
}

/** Helpers of the one-time secret suites, bound to one running app. */
export function secretsClient(get: () => TestApp) {
  const api = {
    async create(body: Record<string, unknown>, auth: { token?: string; apiKey?: string } = {}): Promise<Created> {
      const before = Date.now();
      const res = await get().request('POST', '/secrets', { body, ...auth });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 201,
        body: {
          id: expect.stringMatching(UUID),
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
