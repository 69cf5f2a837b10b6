import { Page, PageRequest } from '@keyward/kernel';
import { ApiKey } from './api-key';
import { User } from './user';

/** Persistence of users. Throws EmailTakenError when an email is already used. The class is the DI token. */
export abstract class UserRepository {
  abstract create(user: User): Promise<void>;
  abstract findById(id: string): Promise<User | null>;
  abstract findByEmail(normalizedEmail: string): Promise<User | null>;
  abstract list(filter: { email?: string }, page: PageRequest): Promise<Page<User>>;
  /** Saves email, name, passwordHash, active and updatedAt. */
  abstract update(user: User): Promise<void>;
  abstract setRoles(userId: string, roles: string[]): Promise<void>;
  abstract delete(id: string): Promise<boolean>;
  abstract existsWithRole(role: string): Promise<boolean>;
  /** Whether an active user other than `exceptUserId` holds the role. */
  abstract otherActiveWithRole(role: string, exceptUserId: string): Promise<boolean>;
  /** Renames (`to`) or removes (null) a role on every user holding it; returns how many users held it. */
  abstract reassignRole(from: string, to: string | null): Promise<number>;
}

/** Persistence of API keys, always scoped by owner except the lookup by hash that authenticates. */
export abstract class ApiKeyRepository {
  abstract create(key: ApiKey): Promise<void>;
  /** The key with that hash, if its owner is active. */
  abstract findUsableByHash(keyHash: string): Promise<ApiKey | null>;
  abstract listForUser(userId: string, page: PageRequest): Promise<Page<ApiKey>>;
  abstract findForUser(userId: string, id: string): Promise<ApiKey | null>;
  abstract update(key: ApiKey): Promise<void>;
  abstract deleteForUser(userId: string, id: string): Promise<boolean>;
  abstract markUsed(id: string, at: Date): Promise<void>;
}

export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(hash: string, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than the current ones. */
  abstract needsRehash(hash: string): boolean;
}

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

export abstract class AccessTokens {
  /** `ttlSeconds`: the lifetime when not the configured default one. */
  abstract issue(claims: AccessTokenClaims, ttlSeconds?: number): { token: string; expiresIn: number; expiresAt: Date };
  /** The claims of a valid token, or null for anything else (bad signature, algorithm, type, audience, expiry). */
  abstract verify(token: string): Promise<AccessTokenClaims | null>;
}
