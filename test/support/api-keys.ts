import { HttpResult, TestApp, TestUser } from './test-app';

/** Helpers of the own-API-key suites, bound to one running app. */
export function apiKeys(get: () => TestApp) {
  return {
    /** POST /api-keys as the user; expects 201. */
    async createKey(user: TestUser, body: Record<string, unknown> = { name: 'ci' }): Promise<HttpResult> {
      const created = await get().request('POST', '/api-keys', { token: user.accessToken, body });
      expect(created.status).toBe(201);
      return created;
    },

    /** GET /me with the key: the id it authenticates as, or the status it fails with. */
    meWithKey(key: string): Promise<HttpResult> {
      return get().request('GET', '/me', { apiKey: key });
    },
  };
}
