/**
 * Signing cannot start: a key is missing, expired, revoked or cannot sign, a passphrase is wrong or missing,
 * or gpg is not usable. Thrown at start only, so the message names the key and the setting to fix.
 */
export class SigningSetupError extends Error {
  override readonly name = 'SigningSetupError';
}
