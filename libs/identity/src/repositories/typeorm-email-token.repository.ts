import { Injectable } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { runInTransaction } from '@keyward/core';
import { EmailToken, EmailTokenPurpose, EmailTokenRepository } from '../domain/email-token';
import { EmailTokenEntity } from './email-token.entity';

@Injectable()
export class TypeormEmailTokenRepository extends EmailTokenRepository {
  private readonly tokens: Repository<EmailTokenEntity>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.tokens = dataSource.getRepository(EmailTokenEntity);
  }

  async replace(token: EmailToken): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      await manager.delete(EmailTokenEntity, { userId: token.userId, purpose: token.purpose });
      await manager.insert(EmailTokenEntity, { ...token });
    });
  }

  async findByHash(purpose: EmailTokenPurpose, tokenHash: string): Promise<EmailToken | null> {
    const row = await this.tokens.findOneBy({ purpose, tokenHash });
    return row ? { ...row, purpose: row.purpose as EmailTokenPurpose } : null;
  }

  async consume(id: string): Promise<boolean> {
    const result = await this.tokens.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  async deleteForUser(userId: string, purpose: EmailTokenPurpose): Promise<void> {
    await this.tokens.delete({ userId, purpose });
  }
}
