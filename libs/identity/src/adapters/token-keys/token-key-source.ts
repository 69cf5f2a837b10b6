import { createSecretKey, KeyObject } from 'node:crypto';
import { TokenAlgorithm } from '../../domain/token-keys';
import { TokenKeyRing } from './token-key-ring';

/** Where access tokens get their signing key and verifiers the key for a kid. */
export interface TokenKeySource {
  readonly algorithm: TokenAlgorithm;
  signingKey(): { kid: string | null; key: KeyObject };
  /** The key that verifies a token with this kid (null: the token has none), or null when there is none. */
  verificationKey(kid: string | null): Promise<KeyObject | null>;
}

/** HS256: JWT_SECRET signs and verifies; tokens carry no kid and the JWKS is empty. */
export class SharedSecretKeySource implements TokenKeySource {
  readonly algorithm = 'HS256';
  private readonly key: KeyObject;

  constructor(secret: string) {
    // Parsed once: given a string, jsonwebtoken tries it as a PEM public key on every call (0.5 ms against 0.03 ms).
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  signingKey() {
    return { kid: null, key: this.key };
  }

  async verificationKey(kid: string | null): Promise<KeyObject | null> {
    return kid === null ? this.key : null;
  }
}

/** ES256/RS256: the key ring's current private key signs; the public key named by the kid verifies. */
export class KeyRingKeySource implements TokenKeySource {
  constructor(
    readonly algorithm: 'ES256' | 'RS256',
    private readonly ring: TokenKeyRing,
  ) {}

  signingKey() {
    return this.ring.signingKey();
  }

  async verificationKey(kid: string | null): Promise<KeyObject | null> {
    return kid === null ? null : this.ring.verificationKey(kid);
  }
}
