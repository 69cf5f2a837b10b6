import { Injectable } from '@nestjs/common';
import { AppConfig } from '@keyward/core';
import { Clock } from '@keyward/kernel';
import { SecretRepository } from '../../../domain/ports';

/**
 * Removes the content of expired secrets (expiry is also enforced on every read, whether or not this ran)
 * and forgets receipts older than the retention period.
 */
@Injectable()
export class PurgeExpiredSecretsInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  execute(): Promise<{ contentPurged: number; recordsDeleted: number }> {
    const now = this.clock.now();
    const retentionMs = this.config.secrets.receiptRetentionDays * 86_400_000;
    return this.secrets.purgeExpired(now, new Date(now.getTime() - retentionMs));
  }
}
