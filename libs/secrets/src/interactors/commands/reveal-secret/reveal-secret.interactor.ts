import { Injectable } from '@nestjs/common';
import { Clock } from '@keyward/core';
import { SecretNotFoundError, WrongPassphraseError } from '../../../domain/secret-errors';
import { SecretCipher, SecretRepository } from '../../../domain/ports';
import { associatedData, isRevealable, lookupHashOf, MAX_FAILED_ATTEMPTS } from '../../../domain/secret';

/**
 * Reveals and destroys a secret. Decryption happens first (a wrong passphrase must not consume anything);
 * then one conditional update takes the content away, so of any number of concurrent correct requests
 * exactly one returns the secret. Wrong passphrases are counted atomically; the last allowed one burns it.
 */
@Injectable()
export class RevealSecretInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly cipher: SecretCipher,
    private readonly clock: Clock,
  ) {}

  async execute(command: { secretKey: string; passphrase: string }): Promise<{ secret: string; kdfMs: number }> {
    const secret = await this.secrets.findByLookupHash(lookupHashOf(command.secretKey));
    if (!secret?.content || !isRevealable(secret, this.clock.now())) throw new SecretNotFoundError();
    const opened = await this.cipher.open(
      secret.content,
      command.passphrase,
      command.secretKey,
      associatedData(secret),
    );
    if (opened.plaintext === null) {
      const attempts = await this.secrets.recordFailedAttempt(secret.id);
      if (attempts === null) throw new SecretNotFoundError();
      if (attempts >= MAX_FAILED_ATTEMPTS) await this.secrets.burn(secret.id, this.clock.now());
      throw new WrongPassphraseError(Math.max(0, MAX_FAILED_ATTEMPTS - attempts));
    }
    if (!(await this.secrets.claimForReveal(secret.id, this.clock.now()))) throw new SecretNotFoundError();
    return { secret: opened.plaintext, kdfMs: opened.kdfMs };
  }
}
