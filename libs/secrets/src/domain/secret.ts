import { sha256Hex } from '@keyward/kernel';

export const MAX_FAILED_ATTEMPTS = 5;

export type SecretState = 'pending' | 'revealed' | 'expired' | 'burned';

/** The sealed content: without the secret key and the passphrase, it cannot be opened. */
export interface SealedContent {
  ciphertext: string;
  nonce: string;
  salt: string;
  /** The KDF and its parameters, so content sealed before a parameter change still opens. */
  kdf: string;
}

/** A one-time secret as stored. `content` is null once revealed, burned or purged after expiry. */
export interface Secret {
  id: string;
  /** SHA-256 of the secret key: finds the record, but a database dump cannot be turned back into keys. */
  lookupHash: string;
  creatorId: string | null;
  content: SealedContent | null;
  failedAttempts: number;
  createdAt: Date;
  expiresAt: Date;
  revealedAt: Date | null;
  burnedAt: Date | null;
}

export function lookupHashOf(secretKey: string): string {
  return sha256Hex(secretKey);
}

export function stateOf(secret: Pick<Secret, 'revealedAt' | 'burnedAt' | 'expiresAt'>, now: Date): SecretState {
  if (secret.revealedAt) return 'revealed';
  if (secret.burnedAt) return 'burned';
  return secret.expiresAt <= now ? 'expired' : 'pending';
}

/** A secret that can still be revealed. */
export function isRevealable(secret: Secret, now: Date): boolean {
  return secret.content !== null && stateOf(secret, now) === 'pending';
}

/** Binds the ciphertext to its record: moving content to another row, or changing its expiry, breaks decryption. */
export function associatedData(secret: Pick<Secret, 'id' | 'lookupHash' | 'expiresAt'>): Buffer {
  return Buffer.from(`keyward-secret-v1|${secret.id}|${secret.lookupHash}|${secret.expiresAt.toISOString()}`);
}
