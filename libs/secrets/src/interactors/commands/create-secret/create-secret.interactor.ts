import { Injectable } from '@nestjs/common';
import { AuditLog, Clock, DomainMeter, Random, ValidationFailedError } from '@keyward/kernel';
import { SecretTooLargeError } from '../../../domain/secret-errors';
import { SecretCipher, SecretRepository } from '../../../domain/ports';
import { associatedData, lookupHashOf, Secret } from '../../../domain/secret';
import { ttlSeconds } from '../../../domain/ttl';
import { SecretsConfig } from '../../../secrets.config';

export interface CreateSecretCommand {
  secret: string;
  passphrase: string;
  ttl?: unknown;
  /** The authenticated creator, who gets receipts; null for anonymous creation. */
  creatorId: string | null;
}

export interface CreatedSecret {
  id: string;
  secretKey: string;
  expiresAt: Date;
  kdfMs: number;
}

/** 32 random bytes: the secret key that the link carries (256 bits, base64url). */
const SECRET_KEY_BYTES = 32;

@Injectable()
export class CreateSecretInteractor {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly cipher: SecretCipher,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly config: SecretsConfig,
    private readonly meter: DomainMeter,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: CreateSecretCommand): Promise<CreatedSecret> {
    if (Buffer.byteLength(command.secret, 'utf8') > this.config.maxBytes) {
      throw new SecretTooLargeError(this.config.maxBytes);
    }
    const ttl = ttlSeconds(command.ttl);
    if (ttl === null) {
      const message = 'must be whole seconds, or {days, hours, minutes}, between 1 second and 7 days';
      throw new ValidationFailedError(`ttl: ${message}`, [{ field: 'ttl', message }]);
    }
    const now = this.clock.now();
    const secretKey = this.random.token(SECRET_KEY_BYTES);
    const record: Omit<Secret, 'content'> = {
      id: this.random.uuid(),
      lookupHash: lookupHashOf(secretKey),
      creatorId: command.creatorId,
      failedAttempts: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttl * 1000),
      revealedAt: null,
      burnedAt: null,
    };
    const sealing = await this.cipher.seal(command.secret, command.passphrase, secretKey, associatedData(record));
    await this.secrets.create({ ...record, content: sealing.content });
    this.meter.secretChanged('created');
    // The id only: the secret key (in the link) and the passphrase open it; neither belongs in a log.
    await this.audit.record({
      actorId: command.creatorId,
      action: 'secret.created',
      targetType: 'secret',
      targetId: record.id,
      details: { expiresAt: record.expiresAt.toISOString() },
    });
    return { id: record.id, secretKey, expiresAt: record.expiresAt, kdfMs: sealing.kdfMs };
  }
}
