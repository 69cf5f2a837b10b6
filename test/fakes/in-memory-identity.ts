import {
  AccessTokenClaims,
  AccessTokens,
  ApiKey,
  ApiKeyRepository,
  EmailTakenError,
  PasswordHasher,
  User,
  UserRepository,
} from '@keyward/identity';
import { Page, PageRequest } from '@keyward/kernel';

export class InMemoryUserRepository extends UserRepository {
  readonly users = new Map<string, User>();

  async create(user: User): Promise<void> {
    if ([...this.users.values()].some((u) => u.email === user.email)) throw new EmailTakenError();
    this.users.set(user.id, structuredClone(user));
  }
  async findById(id: string): Promise<User | null> {
    const user = this.users.get(id);
    return user ? structuredClone(user) : null;
  }
  async findByEmail(email: string): Promise<User | null> {
    const user = [...this.users.values()].find((u) => u.email === email);
    return user ? structuredClone(user) : null;
  }
  async list(filter: { email?: string }, page: PageRequest): Promise<Page<User>> {
    const all = [...this.users.values()].filter((u) => !filter.email || u.email.includes(filter.email.toLowerCase()));
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, ...page };
  }
  async update(user: User): Promise<void> {
    if ([...this.users.values()].some((u) => u.email === user.email && u.id !== user.id)) throw new EmailTakenError();
    const existing = this.users.get(user.id);
    if (existing) this.users.set(user.id, { ...structuredClone(user), roles: existing.roles });
  }
  async setRoles(userId: string, roles: string[]): Promise<void> {
    const user = this.users.get(userId);
    if (user) user.roles = [...roles];
  }
  async delete(id: string): Promise<boolean> {
    return this.users.delete(id);
  }
  async existsWithRole(role: string): Promise<boolean> {
    return [...this.users.values()].some((u) => u.roles.includes(role));
  }

  async otherActiveWithRole(role: string, exceptUserId: string): Promise<boolean> {
    return [...this.users.values()].some((u) => u.id !== exceptUserId && u.active && u.roles.includes(role));
  }

  async reassignRole(from: string, to: string | null): Promise<number> {
    let count = 0;
    for (const user of this.users.values()) {
      if (!user.roles.includes(from)) continue;
      count++;
      user.roles = [...new Set(user.roles.map((r) => (r === from ? to : r)).filter((r): r is string => r !== null))];
    }
    return count;
  }
}

export class InMemoryApiKeyRepository extends ApiKeyRepository {
  readonly keys = new Map<string, ApiKey>();
  constructor(private readonly users: InMemoryUserRepository) {
    super();
  }
  async create(key: ApiKey): Promise<void> {
    this.keys.set(key.id, { ...key });
  }
  async findUsableByHash(hash: string): Promise<ApiKey | null> {
    const key = [...this.keys.values()].find((k) => k.keyHash === hash);
    return key && this.users.users.get(key.userId)?.active ? { ...key } : null;
  }
  async listForUser(userId: string, page: PageRequest): Promise<Page<ApiKey>> {
    const all = [...this.keys.values()].filter((k) => k.userId === userId);
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length, ...page };
  }
  async findForUser(userId: string, id: string): Promise<ApiKey | null> {
    const key = this.keys.get(id);
    return key && key.userId === userId ? { ...key } : null;
  }
  async update(key: ApiKey): Promise<void> {
    this.keys.set(key.id, { ...key });
  }
  async deleteForUser(userId: string, id: string): Promise<boolean> {
    return this.keys.get(id)?.userId === userId && this.keys.delete(id);
  }
  async markUsed(id: string, at: Date): Promise<void> {
    const key = this.keys.get(id);
    if (key) key.lastUsedAt = at;
  }
}

/** Reversible "hash" that records every verification, so tests can see the dummy hash was checked. */
export class FakePasswordHasher extends PasswordHasher {
  readonly verified: string[] = [];
  outdated = new Set<string>();
  /** Runs while a password is being verified, to stage races with other requests. */
  duringVerify: (() => Promise<void>) | null = null;
  async hash(password: string): Promise<string> {
    return `hashed:${password}`;
  }
  async verify(hash: string, password: string): Promise<boolean> {
    this.verified.push(hash);
    await this.duringVerify?.();
    return hash === `hashed:${password}`;
  }
  needsRehash(hash: string): boolean {
    return this.outdated.has(hash);
  }
}

export class FakeAccessTokens extends AccessTokens {
  issue(claims: AccessTokenClaims) {
    return {
      token: `at:${claims.userId}:${claims.sessionId}`,
      expiresIn: 900,
      expiresAt: new Date(Date.UTC(2030, 0, 1)),
    };
  }
  async verify(token: string): Promise<AccessTokenClaims | null> {
    const [kind, userId, sessionId] = token.split(':');
    return kind === 'at' && userId && sessionId ? { userId, sessionId } : null;
  }
}
