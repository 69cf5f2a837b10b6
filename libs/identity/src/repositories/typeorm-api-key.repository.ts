import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { isForeignKeyViolation } from '@keyward/core';
import { NotFoundError, Page, PageRequest } from '@keyward/kernel';
import { ApiKey } from '../domain/api-key';
import { ApiKeyRepository } from '../domain/ports';
import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class TypeormApiKeyRepository extends ApiKeyRepository {
  private readonly keys: Repository<ApiKeyEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.keys = dataSource.getRepository(ApiKeyEntity);
  }

  async create(key: ApiKey): Promise<void> {
    try {
      await this.keys.insert(toRow(key));
    } catch (error) {
      // The owner was deleted between the check and the insert.
      if (isForeignKeyViolation(error)) throw new NotFoundError('User');
      throw error;
    }
  }

  async findUsableByHash(keyHash: string): Promise<ApiKey | null> {
    const row = await this.keys
      .createQueryBuilder('k')
      .innerJoin('k.user', 'u')
      .where('k.key_hash = :keyHash', { keyHash })
      .andWhere('u.active = :active', { active: true })
      .getOne();
    return row ? toApiKey(row) : null;
  }

  async listForUser(userId: string, page: PageRequest): Promise<Page<ApiKey>> {
    const [rows, total] = await this.keys.findAndCount({
      where: { userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return { items: rows.map(toApiKey), total, limit: page.limit, offset: page.offset };
  }

  async findForUser(userId: string, id: string): Promise<ApiKey | null> {
    const row = await this.keys.findOneBy({ userId, id });
    return row ? toApiKey(row) : null;
  }

  async update(key: ApiKey): Promise<void> {
    await this.keys.update({ id: key.id, userId: key.userId }, { name: key.name, active: key.active });
  }

  async deleteForUser(userId: string, id: string): Promise<boolean> {
    const result = await this.keys.delete({ userId, id });
    return (result.affected ?? 0) > 0;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: at });
  }
}

function toRow(key: ApiKey): ApiKeyEntity {
  return { ...key };
}

function toApiKey(row: ApiKeyEntity): ApiKey {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    prefix: row.prefix,
    keyHash: row.keyHash,
    active: row.active,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    permissions: row.permissions ?? null,
  };
}
