import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, DomainMeter } from '@keyward/kernel';
import { SecretNotFoundError, WrongPassphraseError } from '../../../domain/secret-errors';
import { SecretCipher, SecretRepository } from '../../../domain/ports';
import { associatedData, isRevealable, lookupHashOf, MAX_FAILED_ATTEMPTS } from '../../../domain/secret';

/**
 * Reveals and destroys a secret. Every passphrase takes one of the MAX_FAILED_ATTEMPTS attempts before it is
 * tried (the KDF is slow, and concurrent guesses must not all get in before the count catches up), so no
 * more than that many are ever tried; a request that finds none left is answered as for a gone secret,
 * since the secret ends revealed or burned by the ones that took them. A wrong passphrase keeps its attempt,
 * and the one that took the last burns the secret. A right one then takes the content away in one
 * conditional update, so of any number of concurrent correct requests exactly one returns the secret.
 */
@Injectable()
export class RevealSecretInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly cipher: SecretCipher,
    private readonly clock: Clock,
    private readonly meter: DomainMeter,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: { secretKey: string; passphrase: string }): Promise<{ secret: string; kdfMs: number }> {
    const secret = await this.secrets.findByLookupHash(lookupHashOf(command.secretKey));
    if (!secret?.content || !isRevealable(secret, this.clock.now())) throw new SecretNotFoundError();
    const attempt = await this.secrets.takeAttempt(secret.id, this.clock.now(), MAX_FAILED_ATTEMPTS);
    if (attempt === null) throw new SecretNotFoundError();
    const opened = await this.cipher.open(
      secret.content,
      command.passphrase,
      command.secretKey,
      associatedData(secret),
    );
    if (opened.plaintext === null) {
      if (attempt >= MAX_FAILED_ATTEMPTS && (await this.secrets.burn(secret.id, this.clock.now()))) {
        this.meter.secretChanged('destroyed');
        await this.record('secret.destroyed-by-attempts', secret.id, { attempts: attempt });
      }
      throw new WrongPassphraseError(MAX_FAILED_ATTEMPTS - attempt);
    }
    if (!(await this.secrets.claimForReveal(secret.id, this.clock.now()))) throw new SecretNotFoundError();
    this.meter.secretChanged('revealed');
    await this.record('secret.revealed', secret.id, { failedAttemptsBefore: attempt - 1 });
    return { secret: opened.plaintext, kdfMs: opened.kdfMs };
  }

  /** Revealing is anonymous (whoever holds the link): the event names the secret, the request gives the ip. */
  private record(action: 'secret.revealed' | 'secret.destroyed-by-attempts', id: string, details: object) {
    return this.audit.record({ actorId: null, action, targetType: 'secret', targetId: id, details: { ...details } });
  }
}
