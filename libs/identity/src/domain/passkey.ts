import { AppError } from '@keyward/kernel';

/** A WebAuthn credential registered by a user: what verifies its assertions, and what its owner sees. */
export interface Passkey {
  id: string;
  userId: string;
  name: string;
  /** The authenticator's credential id, base64url. */
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** The signature counter last seen; 0 for authenticators that keep none (most passkeys). */
  counter: number;
  transports: string[];
  /** 'singleDevice' or 'multiDevice' (a synced passkey). */
  deviceType: string;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export const PASSKEY_CHALLENGE_TTL_SECONDS = 300;

/**
 * A challenge handed to a browser, kept until one response uses it or it expires. Registration challenges belong
 * to the signed-in user. Authentication challenges asked for with an email are `forAccount`: only that account's
 * passkeys answer them, and none when the email is unknown (userId null), so that an unknown email behaves like an
 * account without passkeys; asked for without one, any registered passkey may answer (discoverable login).
 */
export interface PasskeyChallenge {
  id: string;
  purpose: 'registration' | 'authentication';
  challenge: string;
  userId: string | null;
  forAccount: boolean;
  expiresAt: Date;
}

export function toPasskeyView(passkey: Passkey) {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
  };
}

export type PasskeyView = ReturnType<typeof toPasskeyView>;

export class PasskeyVerificationFailedError extends AppError {
  constructor() {
    super('PASSKEY_VERIFICATION_FAILED', 'The passkey registration could not be verified; start again', 'invalid');
  }
}
