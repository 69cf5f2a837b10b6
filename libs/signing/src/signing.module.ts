import { Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { provideConfigSlice, Readiness, ReadinessModule } from '@keyward/core';
import { ResourceGate } from '@keyward/kernel';
import { agentRoot } from './adapters/agents/agent-homes';
import { AgentPool } from './adapters/agents/agent-pool';
import { gpgTools } from './adapters/gpg/gpg-tools';
import { GpgKeyProtection } from './adapters/gpg-key-protection';
import { GpgKeyRegistry } from './adapters/gpg-key-registry';
import { GpgSigner } from './adapters/gpg-signer';
import { GpgSigningRuntime } from './adapters/gpg-signing-runtime';
import { PassphrasePrompt, PassphraseSource } from './adapters/passphrases/passphrase-source';
import { TerminalPassphrasePrompt } from './adapters/passphrases/terminal-prompt';
import { TempFileStaging } from './adapters/staging/temp-file-staging';
import { Signer, SigningKeyRegistry } from './domain/signing';
import { FileStaging } from './domain/uploads';
import { SigningKeysController } from './http/signing-keys.controller';
import { SigningController } from './http/signing.controller';
import { SignBatchInteractor } from './interactors/commands/sign-batch/sign-batch.interactor';
import { SignFileInteractor } from './interactors/commands/sign-file/sign-file.interactor';
import { ExportPublicKeyInteractor } from './interactors/queries/export-public-key/export-public-key.interactor';
import { ListSigningKeysInteractor } from './interactors/queries/list-signing-keys/list-signing-keys.interactor';
import { VerifySignatureInteractor } from './interactors/queries/verify-signature/verify-signature.interactor';
import { KeyAccess } from './interactors/key-access';
import { SigningAudit } from './interactors/commands/signing-audit';
import { SigningConfig } from './signing.config';

/**
 * gpg signing. With SIGNING_KEY_IDS unset, signing is disabled: no key is listed and gpg is never run. Otherwise
 * the start resolves the keys, loads and proves the passphrases on every agent copy, registers each key as an
 * access-control resource and a `gpg` readiness check; closing the application stops the agents. Uses access
 * control's ResourceGate and audit's AuditLog, bound in apps/api/src/context-ports.module.ts.
 */
@Module({
  imports: [ReadinessModule],
  controllers: [SigningController, SigningKeysController],
  providers: [
    provideConfigSlice(SigningConfig),
    KeyAccess,
    SigningAudit,
    SignFileInteractor,
    SignBatchInteractor,
    VerifySignatureInteractor,
    ListSigningKeysInteractor,
    ExportPublicKeyInteractor,
    {
      provide: FileStaging,
      inject: [SigningConfig],
      useFactory: (config: SigningConfig) => new TempFileStaging(config.tmpDir),
    },
    {
      provide: AgentPool,
      inject: [SigningConfig],
      useFactory: (config: SigningConfig) =>
        new AgentPool(
          gpgTools(config.gpgBinary),
          agentRoot(config.dataDir, config.runtimeDir),
          config.agents,
          config.concurrencyPerAgent,
          config.timeoutMs,
        ),
    },
    {
      provide: GpgKeyRegistry,
      inject: [SigningConfig, AgentPool],
      useFactory: (config: SigningConfig, pool: AgentPool) => new GpgKeyRegistry(pool, config.timeoutMs),
    },
    { provide: SigningKeyRegistry, useExisting: GpgKeyRegistry },
    {
      provide: GpgSigner,
      inject: [SigningConfig, AgentPool],
      useFactory: (config: SigningConfig, pool: AgentPool) => new GpgSigner(pool, config.timeoutMs),
    },
    { provide: Signer, useExisting: GpgSigner },
    { provide: PassphrasePrompt, useClass: TerminalPassphrasePrompt },
    {
      provide: GpgSigningRuntime,
      inject: [SigningConfig, AgentPool, GpgKeyRegistry, GpgSigner, PassphrasePrompt],
      useFactory: (
        config: SigningConfig,
        pool: AgentPool,
        registry: GpgKeyRegistry,
        signer: GpgSigner,
        prompt: PassphrasePrompt,
      ) =>
        new GpgSigningRuntime(
          config,
          pool,
          registry,
          signer,
          new PassphraseSource(config, prompt),
          new GpgKeyProtection(pool, config.timeoutMs),
        ),
    },
  ],
  // ListSigningKeysInteractor: the admin panel (libs/admin) lists keys as GET /auth/signing-keys does.
  exports: [Signer, SigningKeyRegistry, AgentPool, ListSigningKeysInteractor],
})
export class SigningModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Signing');
  private started = false;

  constructor(
    private readonly config: SigningConfig,
    private readonly runtime: GpgSigningRuntime,
    private readonly registry: GpgKeyRegistry,
    private readonly readiness: Readiness,
    private readonly resources: ResourceGate,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { keyIds, passphrase, agents, production } = this.config;
    if (keyIds.length === 0) {
      this.logger.log('signing is disabled (SIGNING_KEY_IDS is not set)');
      return;
    }
    if (passphrase !== null && production) {
      this.logger.warn('SIGNING_PASSPHRASE is meant for development; use SIGNING_PASSPHRASES_FILE in production');
    }
    const keys = await this.runtime.start();
    this.started = true;
    for (const key of keys) {
      const { id } = await this.resources.ensureSystemResource({
        type: 'signing-key',
        name: key.fingerprint,
        attributes: { keyid: key.keyid, uids: key.uids },
      });
      this.registry.setResourceId(key, id);
    }
    this.readiness.register('gpg', () => this.runtime.checkReady());
    this.logger.log(`signing with ${keys.map((k) => k.keyid).join(', ')} through ${agents} gpg-agent(s)`);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.started) await this.runtime.stop();
  }
}
