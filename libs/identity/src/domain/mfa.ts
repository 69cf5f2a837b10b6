import { sha256Hex } from '@keyward/kernel';

/** How many recovery codes confirming TOTP (or regenerating them) hands out. */
export const RECOVERY_CODE_COUNT = 10;

/** How long the mfaToken of a login that stopped at the second factor stays usable. */
export const MFA_TOKEN_TTL_SECONDS = 300;

/** The second factors `POST /login/mfa` accepts. */
export const MFA_METHODS = ['totp', 'recovery'] as const;

/**
 * A user's TOTP authenticator. Pending (`enabledAt` null) from enrolment until a code confirms it.
 * `lastUsedStep` is the time step of the last accepted code: a code of that step or an earlier one is a replay.
 */
export interface TotpFactor {
  userId: string;
  /** The base32 secret, encrypted (SecretCipher); never stored or logged in the clear. */
  encryptedSecret: string;
  enabledAt: Date | null;
  lastUsedStep: number | null;
  createdAt: Date;
}

/** A login that passed the password and waits for the second factor. Only the token's hash is stored. */
export interface MfaChallenge {
  tokenHash: string;
  userId: string;
  expiresAt: Date;
}

/** What GET /mfa shows. */
export interface MfaStatus {
  totp: { enabled: boolean; enabledAt: string | null };
  recoveryCodesLeft: number;
  passkeys: number;
}

/** Codes are shown as `xxxxx-xxxxx`; people type them with blanks, dashes or capitals. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

/** Recovery codes carry 50 random bits, so a fast digest is enough (no guessing a stored one back). */
export function hashRecoveryCode(code: string): string {
  return sha256Hex(`recovery:${normalizeRecoveryCode(code)}`);
}

export function hashMfaToken(token: string): string {
  return sha256Hex(`mfa-token:${token}`);
}
