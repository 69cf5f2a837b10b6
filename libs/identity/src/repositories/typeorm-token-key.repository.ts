import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, Repository } from 'typeorm';
import { isUniqueViolation } from '@keyward/core';
import { AsymmetricAlgorithm, StoredTokenKey, TokenKeyRepository } from '../domain/token-keys';
import { TokenSigningKeyEntity } from './token-signing-key.entity';

@Injectable()
export class TypeormTokenKeyRepository extends TokenKeyRepository {
  private readonly keys: Repository<TokenSigningKeyEntity>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.keys = dataSource.getRepository(TokenSigningKeyEntity);
  }

  async findCurrent(algorithm: AsymmetricAlgorithm): Promise<StoredTokenKey | null> {
    const row = await this.keys.findOneBy({ currentFor: algorithm });
    return row ? toKey(row) : null;
  }

  async listPublished(algorithm: AsymmetricAlgorithm, now: Date): Promise<StoredTokenKey[]> {
    const rows = await this.keys
      .createQueryBuilder('k')
      .where('k.algorithm = :algorithm', { algorithm })
      .andWhere('(k.current_for IS NOT NULL OR k.retires_at > :now)', { now })
      .orderBy('k.created_at', 'DESC')
      .getMany();
    return rows.map(toKey);
  }

  async insertFirst(key: StoredTokenKey): Promise<boolean> {
    try {
      await this.keys.insert(toRow(key));
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async rotate(key: StoredTokenKey, retireAt: Date, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const keys = manager.getRepository(TokenSigningKeyEntity);
      await keys.delete({ currentFor: IsNull(), retiresAt: LessThan(now) });
      await keys.update({ currentFor: key.algorithm }, { currentFor: null, retiresAt: retireAt });
      await keys.insert(toRow(key));
    });
  }
}

function toRow(key: StoredTokenKey): TokenSigningKeyEntity {
  return {
    kid: key.kid,
    algorithm: key.algorithm,
    publicJwk: JSON.stringify(key.publicJwk),
    sealedPrivateKey: key.sealedPrivateKey,
    createdAt: key.createdAt,
    currentFor: key.current ? key.algorithm : null,
    retiresAt: key.retiresAt,
  };
}

function toKey(row: TokenSigningKeyEntity): StoredTokenKey {
  return {
    kid: row.kid,
    algorithm: row.algorithm as AsymmetricAlgorithm,
    publicJwk: JSON.parse(row.publicJwk) as StoredTokenKey['publicJwk'],
    sealedPrivateKey: row.sealedPrivateKey,
    createdAt: row.createdAt,
    current: row.currentFor !== null,
    retiresAt: row.retiresAt,
  };
}
