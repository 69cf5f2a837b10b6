import { Injectable } from '@nestjs/common';
import { Clock } from '@keyward/kernel';
import { SecretNotFoundError } from '../../../domain/secret-errors';
import { SecretRepository } from '../../../domain/ports';
import { isRevealable, lookupHashOf } from '../../../domain/secret';

/** What a link preview may learn: that the secret exists and when it expires. Never consumes anything. */
@Injectable()
export class GetSecretMetadataInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
  ) {}

  async execute(query: { secretKey: string }): Promise<{ expiresAt: string; passphraseRequired: true }> {
    const secret = await this.secrets.findByLookupHash(lookupHashOf(query.secretKey));
    if (!secret || !isRevealable(secret, this.clock.now())) throw new SecretNotFoundError();
    return { expiresAt: secret.expiresAt.toISOString(), passphraseRequired: true };
  }
}
