import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AccessTokenClaims, AccessTokens } from '../domain/ports';

const TOKEN_TYPE = 'at+jwt';

/**
 * HS256 access tokens (RFC 9068 style): only HS256 is accepted (so `alg: none` and algorithm confusion
 * are refused), and `typ`, `iss`, `aud` and `exp` are checked; `exp` is required.
 */
export class JwtAccessTokens extends AccessTokens {
  /**
   * Parsed once: given a string, jsonwebtoken first tries it as a PEM public key on every call, which cost
   * about 0.5 ms per verification (a third of the CPU of GET /auth/me under load) against 0.03 ms.
   */
  private readonly key: KeyObject;

  constructor(
    private readonly options: { secret: string; issuer: string; audience: string; ttlSeconds: number },
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    this.key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  }

  issue(
    claims: AccessTokenClaims,
    ttlSeconds = this.options.ttlSeconds,
  ): { token: string; expiresIn: number; expiresAt: Date } {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const exp = issuedAt + ttlSeconds;
    const token = jwt.sign({ sid: claims.sessionId, iat: issuedAt, exp }, this.key, {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: TOKEN_TYPE },
      subject: claims.userId,
      issuer: this.options.issuer,
      audience: this.options.audience,
    });
    return { token, expiresIn: ttlSeconds, expiresAt: new Date(exp * 1000) };
  }

  verify(token: string): AccessTokenClaims | null {
    try {
      const decoded = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        complete: true,
        clockTimestamp: Math.floor(this.now().getTime() / 1000),
      });
      const payload = decoded.payload;
      if (decoded.header.typ !== TOKEN_TYPE || typeof payload === 'string') return null;
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      // jsonwebtoken checks exp only when present: a token without one would never expire.
      if (typeof payload.exp !== 'number') return null;
      return { userId: payload.sub, sessionId: payload.sid };
    } catch {
      return null;
    }
  }
}
