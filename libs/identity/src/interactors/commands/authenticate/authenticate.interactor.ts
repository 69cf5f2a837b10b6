import { Injectable } from '@nestjs/common';
import { AccessCache, SessionStore } from '@keyward/core';
import { Clock, Principal } from '@keyward/kernel';
import { hashApiKey, isUsable } from '../../../domain/api-key';
import { AccessTokenClaims, AccessTokens, ApiKeyRepository } from '../../../domain/ports';
import { SessionIssuer } from '../../shared/session-issuer';

/** Activity timestamps are written at most this often, so authenticated reads do not each cost a write. */
const ACTIVITY_RESOLUTION_MS = 60_000;

export type Credentials = { kind: 'bearer'; token: string } | { kind: 'apiKey'; key: string };

/**
 * Resolves credentials to a principal. Access tokens are checked against the session store on every
 * request, so a revoked session stops working at once, whatever the token's expiry says. Alongside, the access
 * cache's version is pinned for the request (see AccessCache). The passport
 * strategies call `bySession` (after passport-jwt has verified the token) and `byApiKey`; the documentation
 * gate calls `execute`.
 */
@Injectable()
export class AuthenticateInteractor {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionStore,
    private readonly apiKeys: ApiKeyRepository,
    private readonly issuer: SessionIssuer,
    private readonly clock: Clock,
    private readonly accessCache: AccessCache,
  ) {}

  async execute(credentials: Credentials): Promise<Principal | null> {
    return credentials.kind === 'bearer' ? this.byAccessToken(credentials.token) : this.byApiKey(credentials.key);
  }

  private async byAccessToken(token: string): Promise<Principal | null> {
    const claims = await this.tokens.verify(token);
    return claims ? this.bySession(claims) : null;
  }

  /** The principal of a verified access token's claims, while its session lives. */
  async bySession(claims: AccessTokenClaims): Promise<Principal | null> {
    // Issued in the same tick: on Redis the session's HGETALL and the access version's GET share one round trip.
    const [session] = await Promise.all([this.sessions.get(claims.sessionId), this.accessCache.pinVersion()]);
    if (!session || session.userId !== claims.userId) return null;
    const now = this.clock.now();
    if (now.getTime() - session.lastSeenAt.getTime() >= ACTIVITY_RESOLUTION_MS) {
      await this.sessions.touch(session.id, now, this.issuer.idleExpiry(now, session.absoluteExpiresAt));
    }
    return { userId: session.userId, sessionId: session.id, apiKeyId: null };
  }

  async byApiKey(key: string): Promise<Principal | null> {
    const [apiKey] = await Promise.all([this.apiKeys.findUsableByHash(hashApiKey(key)), this.accessCache.pinVersion()]);
    const now = this.clock.now();
    if (!apiKey || !isUsable(apiKey, now)) return null;
    if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() >= ACTIVITY_RESOLUTION_MS) {
      await this.apiKeys.markUsed(apiKey.id, now);
    }
    return { userId: apiKey.userId, sessionId: null, apiKeyId: apiKey.id, scope: apiKey.permissions };
  }
}
