import { randomUUID } from 'node:crypto';
import { TestApp, TestUser } from './test-app';

export interface Delegate extends TestUser {
  /** The custom role that carries the delegated permissions. */
  role: string;
}

/**
 * Helpers for delegated administration: custom roles made by an admin, and users who hold them. The admin only
 * sets the stage; the tests then act as the delegate.
 */
export class Delegation {
  constructor(
    private readonly app: TestApp,
    private readonly admin: TestUser,
  ) {}

  /** A new role with these permissions (made by the admin); returns its name and id. */
  async role(prefix: string, permissions: string[]): Promise<{ name: string; id: string }> {
    const name = `${prefix}-${randomUUID().slice(0, 8)}`;
    const created = await this.app.request('POST', '/roles', {
      token: this.admin.accessToken,
      body: { name, permissions },
    });
    if (created.status !== 201) throw new Error(`role ${name}: ${created.status} ${created.text}`);
    return { name, id: created.body.id };
  }

  /** Gives the user exactly these roles (as the admin). */
  async setRoles(user: { id: string }, roles: string[]): Promise<void> {
    const set = await this.app.request('PUT', `/users/${user.id}/roles`, {
      token: this.admin.accessToken,
      body: { roles },
    });
    if (set.status !== 200) throw new Error(`roles of ${user.id}: ${set.status} ${set.text}`);
  }

  /** A fresh user holding `user` plus a new custom role with these permissions. */
  async user(prefix: string, permissions: string[]): Promise<Delegate> {
    const role = await this.role(prefix, permissions);
    const user = await this.app.newUser(prefix);
    await this.setRoles(user, ['user', role.name]);
    return { ...user, role: role.name };
  }

  /** A fresh user who also holds the admin role. */
  async admin2(): Promise<TestUser> {
    const user = await this.app.newUser('other-admin');
    await this.setRoles(user, ['admin', 'user']);
    return user;
  }

  async rolesOf(user: { id: string }): Promise<string[]> {
    const got = await this.app.request('GET', `/users/${user.id}`, { token: this.admin.accessToken });
    return got.body.roles;
  }

  async permissionsOf(user: TestUser): Promise<string[]> {
    return (await this.app.request('GET', '/me', { token: user.accessToken })).body.permissions;
  }
}
