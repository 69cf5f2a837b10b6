import { randomUUID } from 'node:crypto';
import { formOf, TestApp, TestUser } from '../../support/test-app';

/** Who a fuzz case is sent as. */
export type Caller = 'admin' | 'admin-key' | 'user' | 'anonymous' | 'garbage';

export const CALLERS: Caller[] = ['admin', 'admin-key', 'user', 'anonymous', 'garbage'];

export const PASSWORD = 'fuzzing is a fine passphrase';

/**
 * Existing things a case may name, so that valid requests reach the deep end of each route (a real user
 * id, the secret's passphrase) rather than stopping at "not found". Keyed by the path segment an id
 * follows (`users` for `/users/{id}`) or by the body field that takes it.
 */
export interface Pools {
  ids: Record<string, string[]>;
  emails: string[];
  roleNames: string[];
  permissions: string[];
  refreshTokens: string[];
  passphrases: string[];
  keyids: string[];
  /** A file and its detached signature, so that /verify can say valid: true. */
  signed: { file: string; signature: string } | null;
}

/**
 * The fuzz run's actors and fixtures. Cases delete accounts, revoke sessions, change passwords and take
 * roles away, the admin's own included; `heal()` notices and gets working credentials back (a new login,
 * or a brand-new account), so authenticated routes keep being exercised with real privileges. Accounts are
 * made by a keeper admin through POST /users, which no case ever names or acts as: self-registration may
 * be rate limited per address, and the keeper outlives anything the cases do to the other admins.
 */
export class FuzzWorld {
  admin!: TestUser;
  adminKey!: string;
  user!: TestUser;
  pools!: Pools;
  private keeper!: TestUser;
  private permissionNames: string[] = [];
  /** What a freshly registered user may do, to notice when a case has granted the plain user more. */
  private plainPermissions = '';

  constructor(readonly app: TestApp) {}

  async start(): Promise<void> {
    this.keeper = await this.app.newAdmin();
    await this.newAdmin();
    this.user = await this.newUser();
    const me = await this.app.request('GET', '/me', { token: this.user.accessToken });
    this.plainPermissions = [...me.body.permissions].sort().join();
    const permissions = await this.app.request('GET', '/permissions?limit=200', { token: this.admin.accessToken });
    this.permissionNames = permissions.body.items.map((p: { name: string }) => p.name);
    await this.refresh();
  }

  headersFor(caller: Caller): Record<string, string> {
    switch (caller) {
      case 'admin':
        return { authorization: `Bearer ${this.admin.accessToken}` };
      case 'admin-key':
        return { 'x-api-key': this.adminKey };
      case 'user':
        return { authorization: `Bearer ${this.user.accessToken}` };
      case 'garbage':
        return { authorization: `Bearer ${this.admin.accessToken.slice(0, -4)}AAAA` };
      case 'anonymous':
        return {};
    }
  }

  /** Fresh things to name, for each operation's batch (the previous batch may have deleted them). */
  async refresh(): Promise<void> {
    const token = this.admin.accessToken;
    const victim = await this.newAccount(['user']);
    const post = async (route: string, body: object) => {
      const res = await this.app.request('POST', route, { token, body });
      if (res.status !== 201) throw new Error(`fixture ${route}: ${res.status} ${res.text}`);
      return res.body;
    };
    const team = await post('/teams', { name: `team-${randomUUID()}` });
    await post(`/teams/${team.id}/members`, { userId: victim.id, role: 'member' });
    const role = await post('/roles', { name: `role-${randomUUID().slice(0, 8)}`, permissions: ['audit:read'] });
    const group = await post('/visibility-groups', { name: `group-${randomUUID()}` });
    await post(`/visibility-groups/${group.id}/members`, { userId: victim.id });
    const resource = await post('/resources', { type: 'document', name: 'fuzz', visibilityGroupIds: [group.id] });
    const ownKey = await post('/api-keys', { name: 'disposable' });
    const victimKey = await post(`/users/${victim.id}/api-keys`, { name: 'victim' });
    const passphrase = `pass ${randomUUID()}`;
    const secret = await post('/secrets', { secret: 'fuzz secret', passphrase });
    const sessions = await this.app.request('GET', '/sessions', { token });
    const keys = await this.app.request('GET', '/signing-keys', { token });
    const keyids: string[] = keys.body.items.map((k: { keyid: string }) => k.keyid);
    this.pools = {
      ids: {
        users: [victim.id, this.user.id, this.admin.id],
        members: [victim.id, this.user.id, team.id],
        teams: [team.id],
        roles: [role.id],
        'visibility-groups': [group.id],
        resources: [resource.id],
        'api-keys': [ownKey.id, victimKey.id],
        sessions: sessions.body.items.map((s: { id: string }) => s.id),
        secrets: [secret.secretKey, secret.id],
        'signing-keys': keyids,
      },
      emails: [victim.email, this.user.email, `new-${randomUUID()}@example.com`],
      roleNames: ['user', 'signer', 'admin', role.name],
      permissions: this.permissionNames,
      refreshTokens: [victim.refreshToken],
      passphrases: [passphrase, PASSWORD],
      keyids,
      signed: keyids.length > 0 ? await this.signedPair(keyids[0]) : null,
    };
  }

  /** Gets working credentials back after a case that may have taken them away. */
  async heal(): Promise<void> {
    const me = await this.app.request('GET', '/me', { token: this.admin.accessToken });
    if (me.status !== 200 || !me.body.roles.includes('admin')) await this.recoverAdmin();
    const byKey = await this.app.request('GET', '/me', { apiKey: this.adminKey });
    if (byKey.status !== 200 || !byKey.body.roles.includes('admin')) await this.newAdminKey();
    const user = await this.app.request('GET', '/me', { token: this.user.accessToken });
    if (user.status === 200 && !this.isPlain(user.body.permissions)) {
      // A case granted the plain user more (a role, a team's roles): the non-admin paths need a plain one.
      this.user = await this.newUser();
    } else if (user.status !== 200) {
      const again = await this.app.request('POST', '/login', { body: { email: this.user.email, password: PASSWORD } });
      this.user =
        again.status === 200
          ? { ...this.user, accessToken: again.body.accessToken, refreshToken: again.body.refreshToken }
          : await this.newUser();
    }
  }

  private isPlain(permissions: string[]): boolean {
    return [...permissions].sort().join() === this.plainPermissions;
  }

  private async recoverAdmin(): Promise<void> {
    const again = await this.app.request('POST', '/login', { body: { email: this.admin.email, password: PASSWORD } });
    if (again.status === 200) {
      this.admin = { ...this.admin, accessToken: again.body.accessToken, refreshToken: again.body.refreshToken };
      const me = await this.app.request('GET', '/me', { token: this.admin.accessToken });
      if (me.body.roles?.includes('admin')) return;
    }
    await this.newAdmin();
  }

  private newUser(): Promise<TestUser> {
    return this.newAccount(['user']);
  }

  private async newAdmin(): Promise<void> {
    this.admin = await this.newAccount(['user', 'admin']);
    await this.newAdminKey();
  }

  /** Every account has the same, known password, so a case that changes it can be undone by another. */
  private async newAccount(roles: string[]): Promise<TestUser> {
    const email = `fuzz-${roles.at(-1)}-${randomUUID()}@example.com`;
    const create = () =>
      this.app.request('POST', '/users', {
        token: this.keeper.accessToken,
        body: { email, password: PASSWORD, roles },
      });
    let created = await create();
    if (created.status === 401) {
      // A long run outlives the keeper's access token.
      this.keeper = { ...this.keeper, ...(await this.app.login(this.keeper.email, this.keeper.password)) };
      created = await create();
    }
    if (created.status !== 201) throw new Error(`account: ${created.status} ${created.text}`);
    return { id: created.body.id, email, password: PASSWORD, ...(await this.app.login(email, PASSWORD)) };
  }

  private async newAdminKey(): Promise<void> {
    const key = await this.app.request('POST', '/api-keys', { token: this.admin.accessToken, body: { name: 'fuzz' } });
    if (key.status !== 201) throw new Error(`admin key: ${key.status} ${key.text}`);
    this.adminKey = key.body.key;
  }

  private async signedPair(keyid: string): Promise<{ file: string; signature: string }> {
    const file = `signed by the fuzzer ${randomUUID()}\n`;
    const res = await this.app.request('POST', `/sign?keyid=${keyid}`, {
      token: this.admin.accessToken,
      form: formOf(['file', 'f.txt', file]),
    });
    if (res.status !== 200) throw new Error(`sign fixture: ${res.status} ${res.text}`);
    return { file, signature: res.text };
  }
}
