import { MfaChallenge, TotpFactor } from './mfa';

/** TOTP factors and recovery codes, always by owner. */
export abstract class MfaRepository {
  abstract findTotp(userId: string): Promise<TotpFactor | null>;
  /** Starts (or restarts) a pending enrolment; never replaces an enabled factor (returns false then). */
  abstract savePendingTotp(factor: TotpFactor): Promise<boolean>;
  /** Enables a pending factor; false if it was not pending any more. */
  abstract enableTotp(userId: string, at: Date): Promise<boolean>;
  /**
   * Records `step` as the last used one, only if it is later than the stored one: false means the code's
   * step was already used (a replay, also by a concurrent request).
   */
  abstract useStep(userId: string, step: number): Promise<boolean>;
  /** Removes the factor and every recovery code. */
  abstract deleteTotp(userId: string): Promise<void>;
  /** Replaces every recovery code of the user by these hashes. */
  abstract replaceRecoveryCodes(userId: string, hashes: string[]): Promise<void>;
  /** Removes the code with that hash; false if there was none (unknown or already used). */
  abstract useRecoveryCode(userId: string, hash: string): Promise<boolean>;
  abstract countRecoveryCodes(userId: string): Promise<number>;
}

/** Logins waiting for their second factor. */
export abstract class MfaChallengeRepository {
  abstract create(challenge: MfaChallenge): Promise<void>;
  /** The live challenge with that token hash, if any. */
  abstract find(tokenHash: string, now: Date): Promise<MfaChallenge | null>;
  /** Removes the challenge; false if another request already did (single use under concurrency). */
  abstract consume(tokenHash: string): Promise<boolean>;
  abstract purgeExpired(now: Date): Promise<number>;
}

/** RFC 6238 TOTP (30-second steps, 6 digits, SHA-1: what authenticator apps expect). */
export abstract class Totp {
  abstract generateSecret(): string;
  abstract uri(secret: string, account: string): string;
  /** The time step the code belongs to, checked within ±1 step of `now`, or null. */
  abstract matchStep(secret: string, code: string, now: Date): number | null;
}

/** Renders an otpauth URI as a QR code in SVG. */
export abstract class QrCodeRenderer {
  abstract svg(text: string): Promise<string>;
}

/** Encrypts small secrets (TOTP seeds) at rest; `context` binds a ciphertext to its record. */
export abstract class FactorCipher {
  abstract encrypt(plaintext: string, context: string): string;
  /** Throws if the ciphertext was tampered with, moved to another record, or made with another key. */
  abstract decrypt(ciphertext: string, context: string): string;
}

/** How many passkeys a user has (a passkey counts as a second factor); StoredPasskeyCounter implements it. */
export abstract class PasskeyCounter {
  abstract countFor(userId: string): Promise<number>;
}
