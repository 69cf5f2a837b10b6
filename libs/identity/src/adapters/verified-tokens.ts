import { createHash } from 'node:crypto';
import { JwtPayload } from 'jsonwebtoken';

/** Enough for every session active within a token's lifetime; past it the oldest entries go first. */
const MAX_ENTRIES = 10_000;

/**
 * Access tokens whose signature this process has already verified, by a SHA-256 digest of the token (the
 * token itself is never kept), each until its own `exp`: an ES256 verification costs about a quarter of a
 * millisecond of CPU, on every request. Only the signature and claims checks are skipped: the session is still
 * read on every request (so revocation applies at once), and the caller still checks that a key verifying the
 * token is still published (a retired key's tokens stop).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { payload: JwtPayload; expiresAtMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The payload of a token verified before and not yet expired. */
  get(token: string): JwtPayload | undefined {
    const digest = digestOf(token);
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (entry.expiresAtMs > this.now()) return entry.payload;
    this.entries.delete(digest);
    return undefined;
  }

  remember(token: string, payload: JwtPayload): void {
    if (typeof payload.exp !== 'number') return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(digestOf(token), { payload, expiresAtMs: payload.exp * 1000 });
  }
}

function digestOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
