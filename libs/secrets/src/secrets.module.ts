import { Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Argon2Slots, Argon2SlotsModule, ClockModule, provideConfigSlice } from '@keyward/core';
import { Argon2AesGcmCipher } from './adapters/argon2-aes-gcm-cipher';
import { SecretCipher, SecretRepository } from './domain/ports';
import { SecretsController } from './http/secrets.controller';
import { BurnSecretInteractor } from './interactors/commands/burn-secret/burn-secret.interactor';
import { CreateSecretInteractor } from './interactors/commands/create-secret/create-secret.interactor';
import { PurgeExpiredSecretsInteractor } from './interactors/commands/purge-expired-secrets/purge-expired-secrets.interactor';
import { RevealSecretInteractor } from './interactors/commands/reveal-secret/reveal-secret.interactor';
import { GetSecretMetadataInteractor } from './interactors/queries/get-secret-metadata/get-secret-metadata.interactor';
import { CountPendingSecretsInteractor } from './interactors/queries/count-pending-secrets/count-pending-secrets.interactor';
import { ListReceiptsInteractor } from './interactors/queries/list-receipts/list-receipts.interactor';
import { TypeormSecretRepository } from './repositories/typeorm-secret.repository';
import { SecretsConfig } from './secrets.config';

@Module({
  imports: [ClockModule, Argon2SlotsModule],
  controllers: [SecretsController],
  providers: [
    provideConfigSlice(SecretsConfig),
    BurnSecretInteractor,
    CreateSecretInteractor,
    PurgeExpiredSecretsInteractor,
    RevealSecretInteractor,
    GetSecretMetadataInteractor,
    ListReceiptsInteractor,
    CountPendingSecretsInteractor,
    { provide: SecretRepository, useClass: TypeormSecretRepository },
    {
      provide: SecretCipher,
      inject: [SecretsConfig, Argon2Slots],
      useFactory: (c: SecretsConfig, slots: Argon2Slots) => new Argon2AesGcmCipher(c.argon2, slots),
    },
  ],
  // The admin panel (libs/admin) shows receipts as GET /auth/secrets does, and counts the pending secrets.
  exports: [PurgeExpiredSecretsInteractor, ListReceiptsInteractor, BurnSecretInteractor, CountPendingSecretsInteractor],
})
export class SecretsModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Secrets');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: SecretsConfig,
    private readonly purge: PurgeExpiredSecretsInteractor,
  ) {}

  /** Every process purges on a timer; the statements are idempotent, so several processes do not conflict. */
  onModuleInit(): void {
    this.timer = setInterval(() => void this.purgeNow(), this.config.purgeIntervalSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async purgeNow(): Promise<void> {
    try {
      const { contentPurged, recordsDeleted } = await this.purge.execute();
      if (contentPurged || recordsDeleted)
        this.logger.log(`purged ${contentPurged} expired secret(s), deleted ${recordsDeleted} record(s)`);
    } catch (error) {
      this.logger.warn(`secret purge failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
