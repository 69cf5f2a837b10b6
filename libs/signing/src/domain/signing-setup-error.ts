import { SigningKey } from './signing';

/**
 * Signing cannot start: a key is missing, expired, revoked or cannot sign, a passphrase is wrong or missing,
 * or gpg is not usable. Thrown at start only, so the message names the key and the setting to fix.
 */
export class SigningSetupError extends Error {
  override readonly name = 'SigningSetupError';

  /** Names the key, never the passphrase. */
  static wrongPassphrase(key: SigningKey): SigningSetupError {
    return new SigningSetupError(`Wrong passphrase for signing key ${key.keyid} (${key.uids[0] ?? 'no user id'})`);
  }
}
