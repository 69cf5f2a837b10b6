import { sha256Hex } from '@keyward/kernel';

export const API_KEY_PREFIX = 'kw_';
/** Characters of the key kept in clear to recognise it in lists (the scheme plus 8 random characters). */
const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  keyHash: string;
  active: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /**
   * The scope: the key acts with those of these permissions its owner holds at the time of each request. Null:
   * all of the owner's. An empty list is a key that holds nothing (self-service routes only).
   */
  permissions: string[] | null;
}

/** A new key from 32 random bytes (256 bits): only its hash and visible prefix are stored. */
export function newApiKeySecret(randomToken: string): { key: string; prefix: string; keyHash: string } {
  const key = `${API_KEY_PREFIX}${randomToken}`;
  return { key, prefix: key.slice(0, VISIBLE_PREFIX_LENGTH), keyHash: hashApiKey(key) };
}

/** Keys carry 256 bits of entropy, so a fast hash is enough: nothing to brute-force. */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

export function isUsable(key: ApiKey, now: Date): boolean {
  return key.active && (key.expiresAt === null || key.expiresAt > now);
}

export function toApiKeyView(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    active: key.active,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    permissions: key.permissions ? [...key.permissions] : null,
  };
}

export type ApiKeyView = ReturnType<typeof toApiKeyView>;
