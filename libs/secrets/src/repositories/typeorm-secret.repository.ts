import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, Repository } from 'typeorm';
import { runInTransaction } from '@keyward/core';
import { Page, PageRequest } from '@keyward/kernel';
import { SecretRepository } from '../domain/ports';
import { Secret } from '../domain/secret';
import { SecretEntity } from './secret.entity';

const NO_CONTENT = { ciphertext: null, nonce: null, salt: null, kdf: null };

const REVEALABLE =
  'id = :id AND ciphertext IS NOT NULL AND revealed_at IS NULL AND burned_at IS NULL AND expires_at > :now';

@Injectable()
export class TypeormSecretRepository extends SecretRepository {
  private readonly secrets: Repository<SecretEntity>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.secrets = dataSource.getRepository(SecretEntity);
  }

  async create(secret: Secret): Promise<void> {
    await this.secrets.insert(toRow(secret));
  }

  async findByLookupHash(lookupHash: string): Promise<Secret | null> {
    const row = await this.secrets.findOneBy({ lookupHash });
    return row ? toSecret(row) : null;
  }

  async claimForReveal(id: string, now: Date): Promise<boolean> {
    // One conditional statement: the database serialises concurrent updates of the row, and only the first
    // still matches. (In a transaction so that, on SQLite's shared connection, it never runs inside another.)
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(SecretEntity)
        .set({
          ...NO_CONTENT,
          revealedAt: now,
          failedAttempts: () => 'CASE WHEN failed_attempts > 0 THEN failed_attempts - 1 ELSE 0 END',
        })
        .where(REVEALABLE, { id, now })
        .execute(),
    );
    return result.affected === 1;
  }

  async takeAttempt(id: string, now: Date, maxAttempts: number): Promise<number | null> {
    // The row lock serialises concurrent updates, and each re-checks `failed_attempts < :max` on the row as
    // the one before left it (PostgreSQL re-evaluates the condition; SQLite runs one transaction at a time).
    return runInTransaction(this.dataSource, async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(SecretEntity)
        .set({ failedAttempts: () => 'failed_attempts + 1' })
        .where(`${REVEALABLE} AND failed_attempts < :max`, { id, now, max: maxAttempts })
        .execute();
      if (result.affected !== 1) return null;
      // Within the transaction that holds the row lock: the count this attempt made, not a later one.
      const row = await manager.findOneByOrFail(SecretEntity, { id });
      return row.failedAttempts;
    });
  }

  async burn(id: string, now: Date): Promise<boolean> {
    const result = await runInTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(SecretEntity)
        .set({ ...NO_CONTENT, burnedAt: now })
        // An expired secret is already gone: it stays "expired" (the purge drops its content), as it would
        // had the purge run first.
        .where('id = :id AND ciphertext IS NOT NULL AND expires_at > :now', { id, now })
        .execute(),
    );
    return result.affected === 1;
  }

  async findForCreator(creatorId: string, id: string): Promise<Secret | null> {
    const row = await this.secrets.findOneBy({ creatorId, id });
    return row ? toSecret(row) : null;
  }

  async listForCreator(creatorId: string, page: PageRequest): Promise<Page<Secret>> {
    const [rows, total] = await this.secrets.findAndCount({
      where: { creatorId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return { items: rows.map(toSecret), total, limit: page.limit, offset: page.offset };
  }

  countPending(now: Date): Promise<number> {
    // Revealing, burning and the purge all take the content away: what still holds it, unexpired, is pending.
    return this.secrets.createQueryBuilder().where('ciphertext IS NOT NULL AND expires_at > :now', { now }).getCount();
  }

  async purgeExpired(now: Date, receiptsOlderThan: Date): Promise<{ contentPurged: number; recordsDeleted: number }> {
    const purged = await this.secrets
      .createQueryBuilder()
      .update()
      .set(NO_CONTENT)
      .where('expires_at <= :now AND ciphertext IS NOT NULL', { now })
      .execute();
    // Anonymous secrets have no receipt to keep once their content is gone; receipts go after the retention.
    const deleted = await this.secrets
      .createQueryBuilder()
      .delete()
      .where(
        new Brackets((q) =>
          q
            .where('creator_id IS NULL AND ciphertext IS NULL')
            .orWhere('expires_at < :before', { before: receiptsOlderThan }),
        ),
      )
      .execute();
    return { contentPurged: purged.affected ?? 0, recordsDeleted: deleted.affected ?? 0 };
  }
}

function toRow(secret: Secret): SecretEntity {
  return {
    id: secret.id,
    lookupHash: secret.lookupHash,
    creatorId: secret.creatorId,
    ciphertext: secret.content?.ciphertext ?? null,
    nonce: secret.content?.nonce ?? null,
    salt: secret.content?.salt ?? null,
    kdf: secret.content?.kdf ?? null,
    failedAttempts: secret.failedAttempts,
    createdAt: secret.createdAt,
    expiresAt: secret.expiresAt,
    revealedAt: secret.revealedAt,
    burnedAt: secret.burnedAt,
  };
}

function toSecret(row: SecretEntity): Secret {
  const content =
    row.ciphertext !== null && row.nonce !== null && row.salt !== null && row.kdf !== null
      ? { ciphertext: row.ciphertext, nonce: row.nonce, salt: row.salt, kdf: row.kdf }
      : null;
  return {
    id: row.id,
    lookupHash: row.lookupHash,
    creatorId: row.creatorId,
    content,
    failedAttempts: row.failedAttempts,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revealedAt: row.revealedAt,
    burnedAt: row.burnedAt,
  };
}
