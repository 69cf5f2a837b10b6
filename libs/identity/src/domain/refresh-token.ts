import { isUuid, sha256Hex } from '@keyward/kernel';

/**
 * Refresh tokens are `<sessionId>.<32 random bytes>`: the session id finds the session, the random part
 * (256 bits) is what proves possession. Only the SHA-256 of the whole token is stored.
 */
export function newRefreshToken(sessionId: string, randomToken: string): { token: string; hash: string } {
  const token = `${sessionId}.${randomToken}`;
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return sha256Hex(token);
}

export function sessionIdOf(token: string): string | null {
  const [sessionId, secret, ...rest] = token.split('.');
  return rest.length === 0 && secret && isUuid(sessionId) ? sessionId : null;
}
