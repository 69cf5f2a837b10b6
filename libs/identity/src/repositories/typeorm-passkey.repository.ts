import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation } from '@keyward/core';
import { NotFoundError, Page, PageRequest } from '@keyward/kernel';
import { Passkey } from '../domain/passkey';
import { PasskeyRepository } from '../domain/passkey-ports';
import { PasskeyEntity } from './passkey.entity';

@Injectable()
export class TypeormPasskeyRepository extends PasskeyRepository {
  private readonly passkeys: Repository<PasskeyEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.passkeys = dataSource.getRepository(PasskeyEntity);
  }

  async create(passkey: Passkey): Promise<boolean> {
    try {
      await this.passkeys.insert({ ...passkey, transports: passkey.transports.join(',') });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      // The owner was deleted meanwhile.
      if (isForeignKeyViolation(error)) throw new NotFoundError('User');
      throw error;
    }
  }

  async listForUser(userId: string, page: PageRequest): Promise<Page<Passkey>> {
    const [rows, total] = await this.passkeys.findAndCount({
      where: { userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return { items: rows.map(toPasskey), total, limit: page.limit, offset: page.offset };
  }

  async allForUser(userId: string): Promise<Passkey[]> {
    return (await this.passkeys.find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } })).map(toPasskey);
  }

  async findByCredentialId(credentialId: string): Promise<Passkey | null> {
    const row = await this.passkeys.findOneBy({ credentialId });
    return row ? toPasskey(row) : null;
  }

  async deleteForUser(userId: string, id: string): Promise<boolean> {
    const result = await this.passkeys.delete({ userId, id });
    return (result.affected ?? 0) > 0;
  }

  countByUser(userId: string): Promise<number> {
    return this.passkeys.countBy({ userId });
  }

  async recordUse(id: string, counter: number, backedUp: boolean, at: Date): Promise<boolean> {
    const result = await this.passkeys
      .createQueryBuilder()
      .update()
      .set({ counter, backedUp, lastUsedAt: at })
      .where('id = :id', { id })
      .andWhere('(counter < :counter OR (counter = 0 AND :counter = 0))', { counter })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}

function toPasskey(row: PasskeyEntity): Passkey {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    credentialId: row.credentialId,
    publicKey: row.publicKey,
    counter: row.counter,
    transports: row.transports ? row.transports.split(',') : [],
    deviceType: row.deviceType,
    backedUp: row.backedUp,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}
