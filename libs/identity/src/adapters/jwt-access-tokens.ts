import { KeyObject } from 'node:crypto';
import jwt, { JwtPayload, VerifyOptions } from 'jsonwebtoken';
import { AccessTokenClaims, AccessTokens } from '../domain/ports';
import { TokenKeySource } from './token-keys/token-key-source';

const TOKEN_TYPE = 'at+jwt';

/**
 * Access tokens (RFC 9068 style) signed with the configured algorithm only (so `alg: none` and algorithm
 * confusion are refused), with a `kid` for ES256/RS256; `typ`, `iss`, `aud` and `exp` are checked, `exp` required.
 * The passport-jwt strategy verifies with the same `keyFor`, `verifyOptions` and `claimsOf`.
 */
export class JwtAccessTokens extends AccessTokens {
  constructor(
    private readonly keys: TokenKeySource,
    private readonly options: { issuer: string; audience: string; ttlSeconds: number },
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  issue(
    claims: AccessTokenClaims,
    ttlSeconds = this.options.ttlSeconds,
  ): { token: string; expiresIn: number; expiresAt: Date } {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const exp = issuedAt + ttlSeconds;
    const { kid, key } = this.keys.signingKey();
    const algorithm = this.keys.algorithm;
    const token = jwt.sign({ sid: claims.sessionId, iat: issuedAt, exp }, key, {
      algorithm,
      header: { alg: algorithm, typ: TOKEN_TYPE, ...(kid === null ? {} : { kid }) },
      subject: claims.userId,
      issuer: this.options.issuer,
      audience: this.options.audience,
    });
    return { token, expiresIn: ttlSeconds, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string): Promise<AccessTokenClaims | null> {
    try {
      const key = await this.keyFor(token);
      if (!key) return null;
      const payload = jwt.verify(token, key, {
        ...this.verifyOptions(),
        clockTimestamp: Math.floor(this.now().getTime() / 1000),
      });
      return this.claimsOf(payload);
    } catch {
      return null;
    }
  }

  /** The key for a token whose header has the expected type and algorithm, by its kid; null for any other. */
  async keyFor(token: string): Promise<KeyObject | null> {
    const decoded = jwt.decode(token, { complete: true });
    const header = decoded?.header;
    if (!header || header.typ !== TOKEN_TYPE || header.alg !== this.keys.algorithm) return null;
    if (header.kid !== undefined && typeof header.kid !== 'string') return null;
    return this.keys.verificationKey(header.kid ?? null);
  }

  verifyOptions(): VerifyOptions & { algorithms: [jwt.Algorithm] } {
    return { algorithms: [this.keys.algorithm], issuer: this.options.issuer, audience: this.options.audience };
  }

  /** The claims of a verified payload, or null when one is missing (jsonwebtoken checks exp only when present). */
  claimsOf(payload: string | JwtPayload): AccessTokenClaims | null {
    if (typeof payload === 'string' || typeof payload.exp !== 'number') return null;
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
    return { userId: payload.sub, sessionId: payload.sid };
  }
}
