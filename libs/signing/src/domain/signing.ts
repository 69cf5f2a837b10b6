/** The ways to sign, named as the sign-file service's `sign_type` query parameter. */
export const SIGN_TYPES = ['detach-sign', 'clear-sign'] as const;
export type SignType = (typeof SIGN_TYPES)[number];

/** Digest algorithms accepted as `sign_algo` (passed to gpg as `--digest-algo`). */
export const DIGEST_ALGOS = ['SHA256', 'SHA384', 'SHA512'] as const;
export type DigestAlgo = (typeof DIGEST_ALGOS)[number];

/** A configured signing key, as resolved from gpg's `--with-colons` listing at start. */
export interface SigningKey {
  /** Long key id: the last 16 hex digits of the fingerprint, upper case. */
  keyid: string;
  /** 40 (v4) hex digits, upper case. */
  fingerprint: string;
  uids: string[];
  /** Such as `RSA` or `EdDSA`. */
  algorithm: string;
  bits: number;
  createdAt: Date;
  expiresAt: Date | null;
}

export interface SignRequest {
  key: SigningKey;
  signType: SignType;
  digestAlgo: DigestAlgo;
  /** File staged in SIGNING_TMP_DIR holding the whole input. */
  inputPath: string;
  /** Where gpg writes the armored signature or clear-signed document (must not exist yet). */
  outputPath: string;
  /** Aborting kills the gpg process (client gone, batch failed elsewhere). */
  signal?: AbortSignal;
}

export interface VerifyRequest {
  dataPath: string;
  signaturePath: string;
  signal?: AbortSignal;
}

export interface VerifyResult {
  valid: boolean;
  keyid: string | null;
  fingerprint: string | null;
  signedAt: Date | null;
}

/** Signs and verifies with gpg. Throws SigningFailedError when gpg cannot sign. The class is the DI token. */
export abstract class Signer {
  abstract sign(request: SignRequest): Promise<void>;
  abstract verify(request: VerifyRequest): Promise<VerifyResult>;
}

/** The configured keys, resolved and proven at start. The class is the DI token. */
export abstract class SigningKeyRegistry {
  abstract list(): SigningKey[];
  /** Accepts a short (8) or long (16 hex) key id or a fingerprint, any case, with or without `0x`. */
  abstract find(reference: string): SigningKey | null;
  abstract exportPublicKey(key: SigningKey): Promise<string>;
  /**
   * Id of the access-control resource (type `signing-key`, name = fingerprint) registered for the key at start,
   * for `ResourceGate.usableBy(userId, resourceId)`. Throws for a key that is not configured.
   */
  abstract resourceIdOf(key: SigningKey): string;
}
