/** Algorithms of access tokens: ES256 and RS256 with keys kept in the database, HS256 with JWT_SECRET. */
export type TokenAlgorithm = 'ES256' | 'RS256' | 'HS256';
export type AsymmetricAlgorithm = Exclude<TokenAlgorithm, 'HS256'>;

/** A public key as a JWK (RFC 7517) member: only string fields (kty, crv, x, y, n, e). */
export type PublicJwk = Record<string, string>;

/**
 * One signing key of access tokens. The private key is stored sealed (encrypted and authenticated); `current`
 * signs new tokens; the others stay published until `retiresAt`, when the last token they signed has expired.
 */
export interface StoredTokenKey {
  kid: string;
  algorithm: AsymmetricAlgorithm;
  publicJwk: PublicJwk;
  sealedPrivateKey: string;
  createdAt: Date;
  current: boolean;
  retiresAt: Date | null;
}

/** Persistence of token signing keys; at most one current key per algorithm (a unique constraint). */
export abstract class TokenKeyRepository {
  abstract findCurrent(algorithm: AsymmetricAlgorithm): Promise<StoredTokenKey | null>;
  /** The current key and those not yet retired at `now`, newest first. */
  abstract listPublished(algorithm: AsymmetricAlgorithm, now: Date): Promise<StoredTokenKey[]>;
  /** Stores the first current key; false when another process stored one first. */
  abstract insertFirst(key: StoredTokenKey): Promise<boolean>;
  /** Makes `key` current; the previous current key retires at `retireAt`; keys retired before `now` are deleted. */
  abstract rotate(key: StoredTokenKey, retireAt: Date, now: Date): Promise<void>;
}
