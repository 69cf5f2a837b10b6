import { randomUUID } from 'node:crypto';
import { HttpResult, TestApp, TestUser } from './test-app';

/** The fields of a user as GET /users/{id} answers it. */
export const USER_FIELDS = ['active', 'createdAt', 'email', 'emailVerified', 'id', 'name', 'roles'];

export interface CreatedUser {
  id: string;
  email: string;
  name: string | null;
  active: boolean;
  roles: string[];
  createdAt: string;
  apiKey: { id: string; name: string; prefix: string; key: string };
}

export const uniqueEmail = (prefix = 'managed') => `${prefix}-${randomUUID()}@example.com`;
export const strongPassword = () => `correct horse ${randomUUID()}`;

/** A problem body without its per-request part, to compare two failures. */
export function withoutRequestId(result: HttpResult): Record<string, unknown> {
  const { requestId, ...rest } = result.body as Record<string, unknown>;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

/** Helpers of the user administration suites, bound to one running app. */
export function usersAdmin(get: () => TestApp) {
  return {
    /** POST /users as the admin; the email and password are made up unless given. */
    async createUser(
      admin: TestUser,
      body: Record<string, unknown> = {},
    ): Promise<{ id: string; email: string; password: string; apiKey: string; body: CreatedUser }> {
      const email = (body.email as string | undefined) ?? uniqueEmail();
      const password = (body.password as string | undefined) ?? strongPassword();
      const created = await get().request('POST', '/users', {
        token: admin.accessToken,
        body: { ...body, email, password },
      });
      expect(created.status).toBe(201);
      return {
        id: created.body.id,
        email: created.body.email,
        password,
        apiKey: created.body.apiKey.key,
        body: created.body,
      };
    },

    /** The status GET /me answers with this access token or API key. */
    async meStatus(credentials: { token?: string; apiKey?: string }): Promise<number> {
      return (await get().request('GET', '/me', credentials)).status;
    },
  };
}
