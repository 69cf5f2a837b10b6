import { Injectable } from '@nestjs/common';
import { Clock } from '@keyward/kernel';
import { SecretRepository } from '../../../domain/ports';
import { SecretsConfig } from '../../../secrets.config';

/**
 * Removes the content of expired secrets (expiry is also enforced on every read, whether or not this ran)
 * and forgets receipts older than the retention period.
 */
@Injectable()
export class PurgeExpiredSecretsInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly config: SecretsConfig,
  ) {}

  execute(): Promise<{ contentPurged: number; recordsDeleted: number }> {
    const now = this.clock.now();
    const retentionMs = this.config.receiptRetentionDays * 86_400_000;
    return this.secrets.purgeExpired(now, new Date(now.getTime() - retentionMs));
  }
}
